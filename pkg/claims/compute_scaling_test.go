package claims

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// tinyComputeScalingConfig trains a handful of small nets on a few hundred images.
func tinyComputeScalingConfig() ComputeScalingConfig {
	cfg := ComputeScaling.Config(Quick)
	cfg.Sizes, cfg.ParamsPerSample, cfg.Seeds, cfg.FrontierSpan = []int{100, 200, 400}, 8, 1, 1
	cfg.Training.MaxSteps, cfg.Training.MinSteps = 600, 100
	cfg.Training.ValSamples, cfg.Training.TestSamples = 300, 300
	return cfg
}

// TestComputeScalingRunIsConsistent runs a tiny grid and checks what the claim relies on:
// widths grow with n, runs stop early and record their FLOPs from the counter (the kept
// checkpoint's FLOPs at most the run's total, growing with the checkpoints), the envelope
// only ever falls, and results do not depend on the number of workers.
func TestComputeScalingRunIsConsistent(t *testing.T) {
	cfg := tinyComputeScalingConfig()
	a, err := ComputeScaling.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	if want := len(cfg.Sizes)*cfg.Seeds + 4; len(a.Runs) != want { // span 1 over 3 sizes: 4 extra runs
		t.Fatalf("%d runs, want %d", len(a.Runs), want)
	}
	widths := cfg.Widths()
	for _, r := range a.Runs {
		if len(r.FLOPs) == 0 || r.FLOPs[0] <= 0 || !(r.BestFLOPs <= r.TotalFLOPs) {
			t.Errorf("n %d width %d: FLOPs %v, kept %v, total %v", r.N, r.Width, r.FLOPs, r.BestFLOPs, r.TotalFLOPs)
		}
		for i := 1; i < len(r.FLOPs); i++ {
			if r.FLOPs[i] <= r.FLOPs[i-1] || r.Steps[i] <= r.Steps[i-1] {
				t.Fatalf("n %d width %d: checkpoints do not advance: %v", r.N, r.Width, r.Steps)
			}
		}
		// One hidden layer: (in+1)·w + (w+1)·10 parameters; with 196 inputs ≈ 207·w.
		if want := 197*r.Width + (r.Width+1)*10; r.Params != want {
			t.Errorf("width %d: %d parameters, want %d", r.Width, r.Params, want)
		}
		if r.Proportional && r.Width != widths[slices.Index(cfg.Sizes, r.N)] {
			t.Errorf("proportional run on %d images has width %d, want %d", r.N, r.Width, widths[slices.Index(cfg.Sizes, r.N)])
		}
		if r.TestError <= 0 || r.TestError >= 0.9 {
			t.Errorf("n %d width %d: test error %v", r.N, r.Width, r.TestError)
		}
		// The fixed-passes measurement: exactly FixedEpochs passes (rounded up to a step),
		// within the run, FLOPs from the same counter.
		if r.FixedStep == 0 || r.FixedPasses < cfg.Training.FixedEpochs || r.FixedPasses > cfg.Training.FixedEpochs+float64(cfg.Training.Batch)/float64(r.N) ||
			!(r.FixedFLOPs > 0 && r.FixedFLOPs <= r.TotalFLOPs) || !(r.FixedTestError > 0 && r.FixedTestError < 0.9) {
			t.Errorf("n %d width %d: fixed passes step %d, %v passes, %v FLOPs (total %v), error %v", r.N, r.Width, r.FixedStep, r.FixedPasses, r.FixedFLOPs, r.TotalFLOPs, r.FixedTestError)
		}
		// Parameters per image stay about the config's multiple.
		if r.Proportional && math.Abs(float64(r.Params)/float64(r.N)/cfg.ParamsPerSample-1) > 0.2 {
			t.Errorf("n %d: %d parameters, not about %v per image", r.N, r.Params, cfg.ParamsPerSample)
		}
	}
	if a.FixedPasses.Name == "" || len(a.FixedPasses.Local) != len(cfg.Sizes)-1 || a.FixedPasses.EpochSlope.Mean != 0 && math.Abs(a.FixedPasses.EpochSlope.Mean) > 0.05 {
		t.Errorf("fixed-passes schedule %+v", a.FixedPasses)
	}
	for i := 1; i < len(a.EnvelopeError); i++ {
		if a.EnvelopeError[i] >= a.EnvelopeError[i-1] || a.EnvelopeFLOPs[i] < a.EnvelopeFLOPs[i-1] {
			t.Fatalf("envelope does not fall with FLOPs at point %d", i)
		}
	}
	cfg.Workers = 1
	b, err := ComputeScaling.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Runs {
		if a.Runs[i].TestError != b.Runs[i].TestError || a.Runs[i].BestFLOPs != b.Runs[i].BestFLOPs || a.Runs[i].FixedTestError != b.Runs[i].FixedTestError {
			t.Fatalf("run %d differs between 2 workers and 1", i)
		}
	}
}

func TestComputeScalingEnvelope(t *testing.T) {
	runs := []ScalingRun{
		{FLOPs: []float64{1, 2, 4, 8}, ValError: []float64{0.9, 0.5, 0.3, 0.35}},
		{FLOPs: []float64{3, 6, 12}, ValError: []float64{0.4, 0.2, 0.1}},
	}
	f, e := computeScalingEnvelope(runs)
	wantF, wantE := []float64{1, 2, 3, 4, 6, 12}, []float64{0.9, 0.5, 0.4, 0.3, 0.2, 0.1}
	if len(f) != len(wantF) {
		t.Fatalf("envelope %v %v, want %v %v", f, e, wantF, wantE)
	}
	for i := range f {
		if f[i] != wantF[i] || e[i] != wantE[i] {
			t.Fatalf("envelope %v %v, want %v %v", f, e, wantF, wantE)
		}
	}
}

func computeScalingFixture(b, low, high float64) ComputeScalingResult {
	fit := func(s, lo, hi float64) ScalingFit {
		return ScalingFit{Slope: s, SlopeLow: lo, SlopeHigh: hi, Exponent: scalingExponent(s), ExponentLow: scalingExponent(lo), ExponentHigh: scalingExponent(hi)}
	}
	cfg := ComputeScaling.Config(Quick)
	est := func(m, l, h float64) SeedEstimate {
		return SeedEstimate{PerSeed: []float64{l, m, h}, Mean: m, Low: l, High: h}
	}
	sched := func(name string, b, l, h, e float64) ComputeScalingSchedule {
		return ComputeScalingSchedule{Name: name, B: est(b, l, h), Data: est(2.2, 2, 2.4), EpochSlope: est(e, e, e), Predicted: 2.2 * (2 + e),
			Local: []ComputeScalingLocal{{N0: 250, N1: 500, B: est(b, l, h)}}, ErrorFall: 0.5, ErrorFallPerSeed: []float64{0.5, 0.5, 0.5}}
	}
	return ComputeScalingResult{
		Config:       cfg,
		Runs:         []ScalingRun{{N: 250, Params: 1600, Proportional: true}, {N: 500, Params: 3300, Proportional: true}},
		Proportional: fit(-0.33, -0.36, -0.3), ProportionalTotal: fit(-0.33, -0.36, -0.3),
		Frontier:  fit(-0.3, -0.35, -0.25),
		DataCurve: fit(-0.45, -0.5, -0.4), Epochs: fit(-0.6, -0.7, -0.5),
		FixedPasses:   sched("20 passes", b, low, high, 0),
		EarlyStopping: sched("early stopping", 3, 2.8, 3.2, -0.6),
		FrontierB:     est(3.4, 3.2, 3.6),
	}
}

func TestComputeScalingVerdictRules(t *testing.T) {
	noFixed := computeScalingFixture(4.4, 4, 4.8)
	noFixed.Config.Training.FixedEpochs = 0 // the headline falls back to early stopping (b = 3 [2.8, 3.2])
	flat := computeScalingFixture(40, 5, 600)
	flat.FixedPasses.ErrorFall, flat.FixedPasses.ErrorFallPerSeed = 0.01, []float64{0.01, 0.01, 0.01}
	for _, tc := range []struct {
		name string
		r    ComputeScalingResult
		want Outcome
	}{
		{"b = 4 exactly", computeScalingFixture(4, 3.6, 4.4), Reproduced},
		{"b well above 4 (at least k⁴)", computeScalingFixture(6.7, 6, 7.5), Reproduced},
		{"b below 4, interval reaches 4", computeScalingFixture(3.3, 2.8, 4.2), Reproduced},
		{"b clearly below 4", computeScalingFixture(2.2, 2, 2.5), NotReproduced},
		{"error does not fall", computeScalingFixture(ScalingUnbounded, ScalingUnbounded, ScalingUnbounded), NotReproduced},
		{"without fixed passes, early stopping decides", noFixed, NotReproduced},
		{"error does not fall (a flat curve's exponent is unbounded)", flat, NotReproduced},
	} {
		v := computeScalingVerdict(tc.r)
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if v.Values["runs_not_converged"] != 2 || !strings.Contains(v.Reason, "2 of 2 runs reached the step limit") {
			t.Errorf("%s: runs that hit the step limit are not reported: %v, %s", tc.name, v.Values["runs_not_converged"], v.Reason)
		}
		if math.Abs(v.Values["params_per_sample_min"]-6.4) > 1e-9 || math.Abs(v.Values["params_per_sample_max"]-6.6) > 1e-9 {
			t.Errorf("%s: parameters per image %v–%v", tc.name, v.Values["params_per_sample_min"], v.Values["params_per_sample_max"])
		}
		for _, k := range []string{"fixed_b_low", "early_b_high", "frontier_b", "early_epoch_slope", "fixed_local_b_250_500"} {
			if _, ok := v.Values[k]; !ok && tc.r.Config.Training.FixedEpochs > 0 {
				t.Errorf("%s: results.json lacks %s", tc.name, k)
			}
		}
	}
}

// The interval over seeds is Student's t: for 1…5, mean 3 ± t(0.975, 4)·√2.5/√5.
func TestSeedEstimate(t *testing.T) {
	e := seedEstimate([]float64{1, 2, 3, 4, 5})
	half := 2.7764451051977987 * math.Sqrt(2.5) / math.Sqrt(5)
	if math.Abs(e.Mean-3) > 1e-12 || math.Abs(e.Low-(3-half)) > 1e-9 || math.Abs(e.High-(3+half)) > 1e-9 {
		t.Errorf("got %+v, want 3 ± %v", e, half)
	}
	if one := seedEstimate([]float64{2}); one.Low != 2 || one.High != 2 {
		t.Errorf("one seed: %+v", one)
	}
}

// On an exact k⁴ world (error ∝ n^(−1/2), FLOPs ∝ n², fixed passes) every reading is 4, the
// data exponent 2 and the epoch slope 0; with passes ∝ n^(−0.5), b = 2·1.5 = 3.
func TestComputeScalingReadScheduleOnExactLaws(t *testing.T) {
	sizes := []int{500, 1000, 2000, 4000}
	for _, tc := range []struct {
		e, wantB float64
	}{{0, 4}, {-0.5, 3}} {
		var seeds [][]computeScalingPoint
		for s := 0; s < 3; s++ {
			var pts []computeScalingPoint
			for _, n := range sizes {
				x := float64(n)
				pts = append(pts, computeScalingPoint{n: x, flops: 7 * x * x * math.Pow(x, tc.e), err: 0.9 * math.Pow(x, -0.5), passes: 20 * math.Pow(x, tc.e)})
			}
			seeds = append(seeds, pts)
		}
		sc, err := computeScalingReadSchedule("s", sizes, seeds)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(sc.B.Mean-tc.wantB) > 1e-9 || math.Abs(sc.Data.Mean-2) > 1e-9 || math.Abs(sc.EpochSlope.Mean-tc.e) > 1e-9 || math.Abs(sc.Predicted-tc.wantB) > 1e-9 {
			t.Errorf("e = %v: %+v", tc.e, sc)
		}
		for _, l := range sc.Local {
			if math.Abs(l.B.Mean-tc.wantB) > 1e-9 {
				t.Errorf("e = %v: local b %v over %d–%d", tc.e, l.B.Mean, l.N0, l.N1)
			}
		}
	}
}

func TestComputeScalingRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*ComputeScalingConfig)
		want   string
	}{
		{"two sizes", func(c *ComputeScalingConfig) { c.Sizes = []int{250, 500} }, "at least 3 sizes"},
		{"decreasing sizes", func(c *ComputeScalingConfig) { c.Sizes = []int{500, 250, 1000} }, "must increase"},
		{"zero width per sample", func(c *ComputeScalingConfig) { c.WidthPerSample = 0 }, "width per sample 0"},
		{"negative span", func(c *ComputeScalingConfig) { c.FrontierSpan = -1 }, "frontier span -1"},
		{"negative parameters per image", func(c *ComputeScalingConfig) { c.ParamsPerSample = -8 }, "parameters per sample -8"},
		{"negative passes", func(c *ComputeScalingConfig) { c.Training.FixedEpochs = -1 }, "fixed passes -1"},
		{"passes beyond the step limit", func(c *ComputeScalingConfig) { c.Training.FixedEpochs = 1000 }, "more than the limit"},
		{"no steps", func(c *ComputeScalingConfig) { c.Training.MaxSteps = 0 }, "inconsistent"},
	} {
		cfg := ComputeScaling.Config(Quick)
		tc.mutate(&cfg)
		_, err := ComputeScaling.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestScalingPooledAverages: 2×2 pooling of a hand-made 4×4 image averages each block.
func TestScalingPooledAverages(t *testing.T) {
	img := []byte{
		0, 255, 10, 10,
		255, 0, 30, 30,
		0, 0, 100, 200,
		0, 4, 0, 100,
	}
	s := &datasets.ImageSet{Pixels: img, Labels: []byte{7}, N: 1, Rows: 4, Cols: 4, Classes: 10}
	d := scalingPooled(s, []int{0}, 2)
	want := []float64{127.5 / 255, 20.0 / 255, 1.0 / 255, 100.0 / 255}
	if d.Dim != 4 || d.Labels[0] != 7 {
		t.Fatalf("pooled to %d inputs, label %d", d.Dim, d.Labels[0])
	}
	for i, w := range want {
		if math.Abs(float64(d.X[i])-w) > 1e-12 {
			t.Errorf("pixel %d: %v, want %v", i, d.X[i], w)
		}
	}
}

// TestComputeScalingSeedOutcomes: each seed's b is judged alone by the same rule (its b is
// its own interval), so b = 3.3 [2.8, 4.2] with seeds 2.8, 3.3, 4.2 reproduces pooled but in
// one seed of three.
func TestComputeScalingSeedOutcomes(t *testing.T) {
	v := computeScalingVerdict(computeScalingFixture(3.3, 2.8, 4.2))
	want := []Outcome{NotReproduced, NotReproduced, Reproduced}
	if v.Outcome != Reproduced || !slices.Equal(v.SeedOutcomes, want) {
		t.Errorf("pooled %s, per seed %v; want reproduced, %v", v.Outcome, v.SeedOutcomes, want)
	}
}
