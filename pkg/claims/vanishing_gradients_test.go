package claims

import (
	"context"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// TestVanishingGradientsQuick runs the quick preset on MNIST and checks the physics, not the
// verdict string: sigmoid's per-layer factor sits at or just under its derivative bound of
// 1/4, tanh and ReLU (He) keep about 1, Glorot ×4 undoes part of the sigmoid's 1/4 at initialisation,
// a 10-layer sigmoid net is still at chance after the step budget while the shallow one
// learns, and the verdict has one outcome per seed.
func TestVanishingGradientsQuick(t *testing.T) {
	cfg := VanishingGradients.Config(Quick)
	r, err := VanishingGradients.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	if len(r.Verdict.SeedOutcomes) != cfg.Seeds {
		t.Errorf("%d seed outcomes for %d seeds", len(r.Verdict.SeedOutcomes), cfg.Seeds)
	}
	factor := map[string]VanishingRatio{}
	for _, rt := range r.Ratios {
		factor[rt.Setup] = rt
	}
	sig := factor["sigmoid (Glorot)"]
	if sig.Factor < 0.15 || sig.FactorHigh > 0.28 {
		t.Errorf("sigmoid factor %.3f [%.3f, %.3f], want about 0.25 or below", sig.Factor, sig.FactorLow, sig.FactorHigh)
	}
	for _, name := range []string{"tanh (Glorot)", "ReLU (He)"} {
		if f := factor[name].Factor; f < 0.8 || f > 1.25 {
			t.Errorf("%s factor %.3f, want within [0.8, 1.25]", name, f)
		}
	}
	// Glorot ×4 undoes part of the sigmoid's 1/4 (not all: its outputs are not centred at 0,
	// the assumption behind the factor 4).
	if f := factor["sigmoid (Glorot ×4)"].Factor; f < 0.4 || f > 1.25 {
		t.Errorf("sigmoid (Glorot ×4) factor %.3f, want within [0.4, 1.25]", f)
	}
	for _, p := range r.Profiles {
		// A fresh sigmoid layer's outputs sit near 1/2, inside the bounds: not saturated.
		if p.Setup == "sigmoid (Glorot)" && p.Saturated[0] > 0.01 {
			t.Errorf("depth %d: %.2f of the first sigmoid layer's outputs saturated at initialisation", p.Depth, p.Saturated[0])
		}
		// Half of a fresh ReLU layer's outputs are zero.
		if p.Setup == "ReLU (He)" && p.Depth > 2 && (p.Zero[1] < 0.3 || p.Zero[1] > 0.7) {
			t.Errorf("depth %d: %.2f of ReLU's second layer is zero at initialisation, want about a half", p.Depth, p.Zero[1])
		}
	}
	for _, b := range r.Trained {
		switch {
		case b.Setup == "sigmoid (Glorot)" && b.Depth == 10 && b.Test.Mean > 0.3:
			t.Errorf("10-layer sigmoid reached %.2f test accuracy in %d steps; it should stall near chance", b.Test.Mean, cfg.Steps)
		case b.Depth == 2 && !strings.Contains(b.Setup, "Adam") && b.Test.Mean < 0.7:
			t.Errorf("shallow %s reached only %.2f test accuracy", b.Setup, b.Test.Mean)
		}
		if len(b.SeedTest) != cfg.Seeds || len(b.Snapshots) != cfg.Snapshots || len(b.Snapshots[0].GradNorm) != b.Depth {
			t.Errorf("%s at depth %d: %d seeds, %d snapshots, want %d and %d", b.Setup, b.Depth, len(b.SeedTest), len(b.Snapshots), cfg.Seeds, cfg.Snapshots)
		}
	}
	if c, ok := r.Contrast("ReLU (He)", "sigmoid (Glorot)", 10); !ok || c.Changes != "activation + initialisation" || c.Diff.Seeds != cfg.Seeds {
		t.Errorf("the claim's contrast: %+v, %v", c, ok)
	}
	if c, ok := r.Contrast("sigmoid (Glorot), Adam", "sigmoid (Glorot)", 10); !ok || c.Changes != "optimiser" {
		t.Errorf("the optimiser contrast: %+v, %v", c, ok)
	}
}

func TestVanishingGradientsIsDeterministic(t *testing.T) {
	cfg := VanishingGradients.Config(Quick)
	cfg.Setups = cfg.Setups[:3]
	cfg.Depths, cfg.Seeds, cfg.Batches = []int{2, 3, 4}, 2, 1
	cfg.TrainDepths, cfg.LearningRates, cfg.Steps = []int{3}, []float64{0.1, 0.3}, 20
	cfg.TrainSamples, cfg.ValSamples, cfg.TestSamples = 200, 100, 100
	a, err := VanishingGradients.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, _ := VanishingGradients.Run(context.Background(), cfg)
	for i := range a.Profiles {
		for l := range a.Profiles[i].Norms {
			if a.Profiles[i].Norms[l] != b.Profiles[i].Norms[l] {
				t.Fatalf("profile %d layer %d differs between 2 workers and 1", i, l)
			}
		}
	}
	for i := range a.Runs {
		if a.Runs[i].TestAccuracy != b.Runs[i].TestAccuracy || a.Runs[i].Snapshots[1].GradNorm[0] != b.Runs[i].Snapshots[1].GradNorm[0] {
			t.Fatalf("run %d differs between 2 workers and 1", i)
		}
	}
}

func TestVanishingGradientsRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*VanishingGradientsConfig)
		want   string
	}{
		{"two depths", func(c *VanishingGradientsConfig) { c.Depths = []int{2, 5} }, "at least 3 depths"},
		{"depth one", func(c *VanishingGradientsConfig) { c.Depths = []int{1, 2, 3} }, "depth 1"},
		{"zero learning rate", func(c *VanishingGradientsConfig) { c.LearningRates = []float64{0} }, "learning rate 0"},
		{"no Adam rates", func(c *VanishingGradientsConfig) { c.AdamRates = nil }, `"sigmoid (Glorot), Adam": no Adam rates`},
		{"no setups", func(c *VanishingGradientsConfig) { c.Setups = nil }, "no activations"},
		{"one snapshot", func(c *VanishingGradientsConfig) { c.Snapshots = 1 }, "snapshots 1"},
		{"two subjects", func(c *VanishingGradientsConfig) { c.Setups[1].Role = VanishingSubject }, "2 setups have the role subject"},
		{"same name", func(c *VanishingGradientsConfig) { c.Setups[1].Name = c.Setups[0].Name }, "two setups are named"},
	} {
		cfg := VanishingGradients.Config(Quick)
		cfg.Setups = DefaultVanishingSetups()
		tc.mutate(&cfg)
		_, err := VanishingGradients.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// vanishingHandMade is a result in which every criterion holds, at depth 20 over 3 seeds:
// the setups in DefaultVanishingSetups' order, their deep test accuracies given per seed.
func vanishingHandMade(deep map[string][]float64) VanishingGradientsResult {
	cfg := VanishingGradientsConfig{Setups: DefaultVanishingSetups(), TrainDepths: []int{20}, Steps: 100, Seeds: 3}
	r := VanishingGradientsResult{Config: cfg}
	for _, s := range cfg.Setups {
		f := 1.0
		if s.Role == VanishingSubject || s.Role == VanishingOptimiser {
			f = 0.24
		}
		r.Ratios = append(r.Ratios, VanishingRatio{Setup: s.Name, Depths: []float64{2, 20}, Ratio: []float64{3, 3 * f}, Factor: f, FactorLow: f * 0.95, FactorHigh: f * 1.05,
			SeedFactor: []float64{f, f, f}, SeedRatio: [][]float64{{3, 3 * f}, {3, 3 * f}, {3, 3 * f}}})
		if f == 1 {
			r.Ratios[len(r.Ratios)-1].Ratio[1] = 4
		}
		acc := deep[s.Name]
		r.Trained = append(r.Trained, VanishingTrained{Setup: s.Name, Depth: 20, SeedTest: acc, Test: NewSeedInterval(acc)})
	}
	r.Contrasts = vanishingContrasts(cfg, r.Trained)
	return r
}

// TestVanishingVerdictCriteria runs the rule on hand-made results: each control criterion can
// fail on its own, and a seed whose numbers fail gets its own outcome.
func TestVanishingVerdictCriteria(t *testing.T) {
	holds := func() map[string][]float64 {
		return map[string][]float64{
			"sigmoid (Glorot)": {0.1, 0.11, 0.1}, "tanh (Glorot)": {0.6, 0.62, 0.58}, "ReLU (He)": {0.92, 0.93, 0.91},
			"sigmoid (Glorot ×4)": {0.1, 0.1, 0.1}, "ReLU (Glorot)": {0.1, 0.1, 0.1}, "sigmoid (Glorot), Adam": {0.9, 0.88, 0.91},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(map[string][]float64)
		want   Outcome
		seeds  []Outcome
	}{
		{"all hold", func(map[string][]float64) {}, Reproduced, []Outcome{Reproduced, Reproduced, Reproduced}},
		{"tanh trains deep", func(m map[string][]float64) { m["tanh (Glorot)"] = []float64{0.93, 0.92, 0.94} }, PartlyReproduced, nil},
		{"Adam stalls too", func(m map[string][]float64) { m["sigmoid (Glorot), Adam"] = []float64{0.1, 0.11, 0.1} }, PartlyReproduced, nil},
		{"ReLU stalls and nothing else holds", func(m map[string][]float64) {
			m["ReLU (He)"] = []float64{0.3, 0.3, 0.3}
			m["tanh (Glorot)"] = []float64{0.93, 0.92, 0.94}
			m["sigmoid (Glorot), Adam"] = []float64{0.1, 0.11, 0.1}
		}, NotReproduced, nil},
		{"one seed's tanh trains", func(m map[string][]float64) { m["tanh (Glorot)"] = []float64{0.6, 0.9, 0.6} }, Reproduced, []Outcome{Reproduced, PartlyReproduced, Reproduced}},
	} {
		m := holds()
		tc.change(m)
		v := vanishingVerdict(vanishingHandMade(m))
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if tc.seeds != nil && !slicesEqual(v.SeedOutcomes, tc.seeds) {
			t.Errorf("%s: seed outcomes %v, want %v", tc.name, v.SeedOutcomes, tc.seeds)
		}
	}
	// Criterion (a) is necessary: with the subject's gradients not shrinking, the other four
	// holding make no partial reproduction.
	r := vanishingHandMade(holds())
	for _, i := range []int{vanishingRoleIndex(r.Config, VanishingSubject), vanishingRoleIndex(r.Config, VanishingOptimiser)} {
		q := &r.Ratios[i]
		q.Ratio[1], q.Factor, q.FactorLow, q.FactorHigh = 3*0.9, 0.9, 0.85, 0.95
		q.SeedFactor, q.SeedRatio = []float64{0.9, 0.9, 0.9}, [][]float64{{3, 2.7}, {3, 2.7}, {3, 2.7}}
	}
	if v := vanishingVerdict(r); v.Outcome != NotReproduced || v.Values["criteria_met"] != 4 || !slicesEqual(v.SeedOutcomes, []Outcome{NotReproduced, NotReproduced, NotReproduced}) {
		t.Errorf("no shrinkage, the rest holding: %s (seeds %v) with %v criteria met, want not reproduced with 4", v.Outcome, v.SeedOutcomes, v.Values["criteria_met"])
	}
	// Without the controls, the rule judges its first three criteria.
	r = vanishingHandMade(holds())
	r.Config.Setups, r.Ratios, r.Trained = []VanishingSetup{r.Config.Setups[0], r.Config.Setups[2]}, []VanishingRatio{r.Ratios[0], r.Ratios[2]}, []VanishingTrained{r.Trained[0], r.Trained[2]}
	v := vanishingVerdict(r)
	if v.Outcome != Reproduced || v.Values["criteria_judged"] != 3 {
		t.Errorf("no controls: %s with %v criteria judged", v.Outcome, v.Values["criteria_judged"])
	}
	// A control the run did not have is said to be missing, not quoted at 0%.
	if strings.Contains(v.Reason, "under Adam reaches") || !strings.Contains(v.Reason, "the sigmoid under Adam was not in the run") {
		t.Errorf("no Adam control, yet the reason quotes one: %s", v.Reason)
	}
}

func slicesEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseVanishingSetups(t *testing.T) {
	s, err := ParseVanishingSetups("sigmoid, relu,leaky-relu,sigmoid+adam,sigmoid-x4")
	if err != nil || len(s) != 5 || s[0].Name != "sigmoid (Glorot)" || s[0].Role != VanishingSubject || s[1].Name != "ReLU (He)" || s[1].Role != VanishingFix ||
		s[2].Init != nn.InitHeNormal || !s[3].Adam || s[3].Role != VanishingOptimiser || s[4].Init.Scale != 4 {
		t.Errorf("got %+v, %v", s, err)
	}
	if _, err := ParseVanishingSetups("sigmoid,softplus"); err == nil || !strings.Contains(err.Error(), "softplus") {
		t.Errorf("unknown activation: %v", err)
	}
	if _, err := ParseVanishingSetups("tanh,tanh"); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a repeated activation: %v", err)
	}
}
