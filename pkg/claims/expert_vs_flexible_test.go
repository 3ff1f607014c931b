package claims

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestExpertVsFlexibleQuick runs the quick preset and checks the shape the claim is about,
// from the curves rather than the verdict string: at the smallest size both experts beat the
// MLP with a thousandth of its compute; the missing-variable expert stops improving; the MLP
// ends below it.
func TestExpertVsFlexibleQuick(t *testing.T) {
	cfg := ExpertVsFlexible.Config(Quick)
	r, err := ExpertVsFlexible.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	if len(r.Curves) != 2+len(cfg.Missing) {
		t.Fatalf("%d curves, want %d", len(r.Curves), 2+len(cfg.Missing))
	}
	complete, missing, flex := r.Curves[0], r.Curves[1], r.Curves[len(r.Curves)-1]
	last := len(cfg.Sizes) - 1
	if !(complete.Error[0] < flex.Error[0] && missing.Error[0] < flex.Error[0]) {
		t.Errorf("at %d rows: experts %.3f, %.3f, MLP %.3f; the experts should win", cfg.Sizes[0], complete.Error[0], missing.Error[0], flex.Error[0])
	}
	if flex.FLOPs[0] < 100*complete.FLOPs[0] {
		t.Errorf("at %d rows the MLP used %.3g FLOPs and the expert %.3g: want ≥ 100× more for the MLP", cfg.Sizes[0], flex.FLOPs[0], complete.FLOPs[0])
	}
	if x := r.Crossings[1]; x.PlateauRatio < expertPlateaued {
		t.Errorf("the expert missing %d improved by a factor %.2f over the last 8× of data; it should stall", x.Missing, x.PlateauRatio)
	}
	if !(flex.Error[last] < missing.Error[last]) || !r.Crossings[1].Crosses {
		t.Errorf("at %d rows the MLP's error %.3f is not below the missing expert's %.3f", cfg.Sizes[last], flex.Error[last], missing.Error[last])
	}
	// The missing expert's dropped variables are informative ones.
	for _, j := range r.Dropped[0] {
		if !slices.Contains(r.InformativeVars, j) {
			t.Errorf("dropped variable %d is not informative", j)
		}
	}
}

func TestExpertVsFlexibleIsDeterministic(t *testing.T) {
	cfg := ExpertVsFlexible.Config(Quick)
	cfg.Variables, cfg.Sizes, cfg.Seeds = 150, []int{50, 100, 200, 400}, 1
	cfg.Hidden, cfg.MinSteps, cfg.Epochs = []int{8}, 20, 2
	cfg.ValSamples, cfg.TestSamples = 200, 200
	a, err := ExpertVsFlexible.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, err := ExpertVsFlexible.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Runs {
		if a.Runs[i] != b.Runs[i] {
			t.Fatalf("run %d differs between 2 workers and 1: %+v, %+v", i, a.Runs[i], b.Runs[i])
		}
	}
}

func TestExpertVsFlexibleRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		mutate func(*ExpertVsFlexibleConfig)
		want   string
	}{
		{func(c *ExpertVsFlexibleConfig) { c.Sizes = []int{100, 200, 400} }, "at least 4"},
		{func(c *ExpertVsFlexibleConfig) { c.Sizes = []int{100, 400, 200, 800} }, "increasing"},
		{func(c *ExpertVsFlexibleConfig) { c.Missing = []int{100} }, "missing 100"},
		{func(c *ExpertVsFlexibleConfig) { c.Informative = 400 }, "informative"},
		{func(c *ExpertVsFlexibleConfig) { c.Hidden = nil }, "hidden layer"},
	} {
		cfg := ExpertVsFlexible.Config(Quick)
		tc.mutate(&cfg)
		if _, err := ExpertVsFlexible.Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error about %q", err, tc.want)
		}
	}
}

func TestExpertCrossingInterpolation(t *testing.T) {
	xs := []float64{100, 1000, 10000}
	// log y − log ref goes from log 2 to −log 2 between 1000 and 10000: halfway in log x.
	x, ok := expertFirstBelow(xs, []float64{0.8, 0.4, 0.1}, []float64{0.3, 0.2, 0.2})
	if !ok || math.Abs(x-math.Sqrt(1000*10000)) > 1e-6 {
		t.Errorf("crossing at %v (%v), want %v", x, ok, math.Sqrt(1e7))
	}
	if _, ok := expertFirstBelow(xs, []float64{0.5, 0.4, 0.3}, []float64{0.2, 0.2, 0.2}); ok {
		t.Error("a curve that stays above should not cross")
	}
	if _, ok := expertFirstBelow(xs, []float64{0.1, 0.1, 0.1}, []float64{0.2, 0.2, 0.2}); ok {
		t.Error("a curve below from the start has no crossing within the grid")
	}
	fx, fy := expertFrontier([]float64{5, 1, 3, 10}, []float64{0.2, 0.4, 0.5, 0.1})
	if !slices.Equal(fx, []float64{1, 5, 10}) || !slices.Equal(fy, []float64{0.4, 0.2, 0.1}) {
		t.Errorf("frontier %v %v", fx, fy)
	}
	c, ok := expertFirstUnder(fx, fy, math.Sqrt(0.4*0.2))
	if !ok || math.Abs(c-math.Sqrt(5)) > 1e-9 {
		t.Errorf("first under at %v (%v), want √5", c, ok)
	}
	if _, ok := expertFirstUnder(fx, fy, 0.05); ok {
		t.Error("a level never reached should not be found")
	}
}

// expertVerdictCase builds a result from hand-made crossings: the complete expert, then one
// missing-variable expert.
func expertVerdictCase(smallWin bool, plateau float64, crosses bool) ExpertVsFlexibleResult {
	first := 0.35
	if !smallWin {
		first = 0.5
	}
	cfg := ExpertVsFlexibleConfig{Sizes: []int{100, 1000, 10000, 100000}}
	mk := func(k int) ExpertVsFlexibleCrossing {
		return ExpertVsFlexibleCrossing{Missing: k, Expert: "e", Crosses: crosses, SeedsCrossing: 3,
			N: 20000, NLow: 15000, NHigh: 25000, FLOPs: 1e10, FLOPsLow: 8e9, FLOPsHigh: 2e10,
			PlateauRatio: plateau, PlateauN: 1000, PlateauFLOPs: 1e7, DataMultiple: 20, ComputeMultiple: 1000,
			ExpertFirst: first, FlexibleFirst: 0.45, ExpertLast: 0.28, FlexibleLast: 0.2,
			ExpertFirstFLOPs: 1e6, FlexibleFirstFLOPs: 1e9}
	}
	flat := func(e float64) ExpertVsFlexibleCurve {
		return ExpertVsFlexibleCurve{Model: ExpertFlexibleModel, N: []float64{100, 1000, 10000, 100000}, Error: []float64{e, e, e, e}}
	}
	// The MLP's curve sits at 20%; the control at 10%, below it everywhere.
	return ExpertVsFlexibleResult{Config: cfg, Crossings: []ExpertVsFlexibleCrossing{mk(0), mk(10)},
		Curves: []ExpertVsFlexibleCurve{flat(0.3), flat(0.3), flat(0.2)}, Control: flat(0.1)}
}

func TestExpertVerdictRules(t *testing.T) {
	for _, tc := range []struct {
		name     string
		small    bool
		plateau  float64
		crosses  bool
		want     Outcome
		multiple float64
	}{
		{"all three", true, 0.98, true, Reproduced, 20},
		{"flexible wins even small", false, 0.98, true, PartlyReproduced, 20},
		{"expert keeps improving", true, 0.7, true, PartlyReproduced, 20},
		{"no crossing, no plateau", true, 0.7, false, NotReproduced, 20},
	} {
		v := expertVerdict(expertVerdictCase(tc.small, tc.plateau, tc.crosses))
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if v.Measured != tc.multiple || v.Low != 15 || v.High != 25 {
			t.Errorf("%s: measured %v [%v, %v], want the data multiple 20 [15, 25]", tc.name, v.Measured, v.Low, v.High)
		}
	}
	dear := expertVerdictCase(true, 0.98, true)
	dear.Crossings[1].ExpertFirstFLOPs = 1e10 // the expert won small, but with more compute
	if v := expertVerdict(dear); v.Outcome != PartlyReproduced {
		t.Errorf("expert dearer than the MLP at the smallest size: %s", v.Outcome)
	}
	// The control: an MLP that beats the true form by more than the tolerance breaks the
	// experiment, whatever the rest says; within it, it does not.
	broken := expertVerdictCase(true, 0.98, true)
	broken.Control = ExpertVsFlexibleCurve{Error: []float64{0.15, 0.1, 0.2 + expertControlTolerance + 0.005, 0.1}}
	if v := expertVerdict(broken); v.Outcome != NotReproduced || v.Values["control_holds"] != 0 {
		t.Errorf("MLP beats the true form by %.3f: %s", expertControlTolerance+0.005, v.Outcome)
	}
	broken.Control.Error[2] = 0.2 + expertControlTolerance - 0.005
	if v := expertVerdict(broken); v.Outcome != Reproduced {
		t.Errorf("MLP beats the true form by %.3f, within the tolerance: %s", expertControlTolerance-0.005, v.Outcome)
	}
	lone := expertVerdictCase(true, 0.98, true)
	lone.Crossings = lone.Crossings[:1]
	if v := expertVerdict(lone); v.Outcome != NotReproduced {
		t.Errorf("without a missing-variable expert: %s", v.Outcome)
	}
}
