package claims

import (
	"context"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// TestVanishingGradientsQuick runs the quick preset on MNIST and checks the physics, not the
// verdict string: sigmoid's per-layer factor sits at or just under its derivative bound of
// 1/4, tanh and ReLU keep about 1, and a 10-layer sigmoid net is still at chance after the
// step budget while the shallow one learns.
func TestVanishingGradientsQuick(t *testing.T) {
	cfg := VanishingGradients.Config(Quick)
	r, err := VanishingGradients.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
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
	for _, b := range r.Best {
		switch {
		case b.Setup == "sigmoid (Glorot)" && b.Depth == 10 && b.TestAccuracy > 0.3:
			t.Errorf("10-layer sigmoid reached %.2f test accuracy in %d steps; it should stall near chance", b.TestAccuracy, cfg.Steps)
		case b.Depth == 2 && b.TestAccuracy < 0.75:
			t.Errorf("shallow %s reached only %.2f test accuracy", b.Setup, b.TestAccuracy)
		}
	}
}

func TestVanishingGradientsIsDeterministic(t *testing.T) {
	cfg := VanishingGradients.Config(Quick)
	cfg.Depths, cfg.Seeds, cfg.Batches = []int{2, 3, 4}, 1, 1
	cfg.TrainDepths, cfg.LearningRates, cfg.Steps = []int{3}, []float64{0.1}, 20
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
		if a.Runs[i].TestAccuracy != b.Runs[i].TestAccuracy {
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
		{"no setups", func(c *VanishingGradientsConfig) { c.Setups = nil }, "no activations"},
	} {
		cfg := VanishingGradients.Config(Quick)
		tc.mutate(&cfg)
		_, err := VanishingGradients.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestVanishingVerdictNeedsAllThree(t *testing.T) {
	base := VanishingGradientsResult{
		Config: VanishingGradientsConfig{Setups: DefaultVanishingSetups(), TrainDepths: []int{2, 20}, Steps: 100, LearningRates: []float64{0.1}},
		Ratios: []VanishingRatio{
			{Setup: "sigmoid (Glorot)", Depths: []float64{2, 20}, Ratio: []float64{0.5, 1e-11}, Factor: 0.24, FactorLow: 0.23, FactorHigh: 0.25},
			{Setup: "tanh (Glorot)", Depths: []float64{2, 20}, Ratio: []float64{3, 3}, Factor: 1, FactorLow: 1, FactorHigh: 1},
			{Setup: "ReLU (He)", Depths: []float64{2, 20}, Ratio: []float64{3, 4}, Factor: 1.02, FactorLow: 1, FactorHigh: 1.03},
		},
		Best: []VanishingRun{
			{Setup: "sigmoid (Glorot)", Depth: 2, TestAccuracy: 0.9}, {Setup: "sigmoid (Glorot)", Depth: 20, TestAccuracy: 0.1},
			{Setup: "tanh (Glorot)", Depth: 2, TestAccuracy: 0.9}, {Setup: "tanh (Glorot)", Depth: 20, TestAccuracy: 0.9},
			{Setup: "ReLU (He)", Depth: 2, TestAccuracy: 0.9}, {Setup: "ReLU (He)", Depth: 20, TestAccuracy: 0.92},
		},
	}
	if v := vanishingVerdict(base); v.Outcome != Reproduced {
		t.Errorf("all three criteria met: %s (%s)", v.Outcome, v.Reason)
	}
	trains := base
	trains.Best = append([]VanishingRun(nil), base.Best...)
	trains.Best[1].TestAccuracy = 0.9 // deep sigmoid trains after all
	if v := vanishingVerdict(trains); v.Outcome != PartlyReproduced {
		t.Errorf("deep sigmoid trained: %s", v.Outcome)
	}
	flat := trains
	flat.Ratios = append([]VanishingRatio(nil), base.Ratios...)
	flat.Ratios[0].FactorHigh, flat.Ratios[0].Factor = 0.9, 0.85 // and its gradients do not vanish
	if v := vanishingVerdict(flat); v.Outcome != NotReproduced {
		t.Errorf("one criterion met: %s", v.Outcome)
	}
}

func TestParseVanishingSetups(t *testing.T) {
	s, err := ParseVanishingSetups("sigmoid, relu,leaky-relu")
	if err != nil || len(s) != 3 || s[0].Name != "sigmoid (Glorot)" || s[1].Name != "ReLU (He)" || s[2].Init != nn.InitHeNormal {
		t.Errorf("got %+v, %v", s, err)
	}
	if _, err := ParseVanishingSetups("sigmoid,softplus"); err == nil || !strings.Contains(err.Error(), "softplus") {
		t.Errorf("unknown activation: %v", err)
	}
}
