package claims

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// TestDataScalingLeastSquaresIsInverseSquareRoot: where the theory is exact, the fitted slope
// of estimation error against n has a 95% interval that contains −1/2 (and is narrow), and
// the mean error at each n sits at the theory's σ·√(d/(n−d−1)) within a few percent.
func TestDataScalingLeastSquaresIsInverseSquareRoot(t *testing.T) {
	cfg := DataScaling.Config(Full)
	f, theory, err := dataScalingLinear(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !(f.SlopeLow <= costmodel.TheoryDataSlope && costmodel.TheoryDataSlope <= f.SlopeHigh) {
		t.Errorf("slope %.4f, 95%% interval [%.4f, %.4f] misses −1/2", f.Slope, f.SlopeLow, f.SlopeHigh)
	}
	if w := f.SlopeHigh - f.SlopeLow; w > 0.1 {
		t.Errorf("slope interval %.3f wide; the default preset should pin the slope to ±0.05", w)
	}
	if !(f.ExponentLow <= 2 && 2 <= f.ExponentHigh) {
		t.Errorf("data exponent interval [%.3f, %.3f] misses 2", f.ExponentLow, f.ExponentHigh)
	}
	// Root mean square over the data sets of each size against the exact expectation: each
	// squared error is σ²·χ²-like with d degrees of freedom, so the mean of 8 is within ±25%
	// (about 2.5 standard errors), and over all sizes the average ratio is within ±5%.
	var logRatio float64
	for i := range cfg.LinearSizes {
		var sq float64
		for s := 0; s < cfg.LinearSeeds; s++ {
			e := f.Y[i*cfg.LinearSeeds+s]
			sq += e * e
		}
		ratio := math.Sqrt(sq/float64(cfg.LinearSeeds)) / theory[i]
		if ratio < 0.75 || ratio > 1.25 {
			t.Errorf("n = %d: root mean squared error is %.3f× the theory", cfg.LinearSizes[i], ratio)
		}
		logRatio += math.Log(ratio) / float64(len(cfg.LinearSizes))
	}
	if r := math.Exp(logRatio); r < 0.95 || r > 1.05 {
		t.Errorf("over all sizes the error is %.3f× the theory's", r)
	}
}

func TestDataScalingLeastSquaresIsExactWithoutNoise(t *testing.T) {
	// With σ → 0 the estimate is β itself, up to rounding.
	e, err := dataScalingLeastSquares(5, 50, 1e-12, 3)
	if err != nil || e > 1e-9 {
		t.Errorf("noise-free estimation error %v (%v)", e, err)
	}
}

func dataScalingFixture(linSlope, linLow, linHigh, a, aLow, aHigh, fall float64) DataScalingResult {
	fit := func(s, lo, hi float64) ScalingFit {
		return ScalingFit{Slope: s, SlopeLow: lo, SlopeHigh: hi, Exponent: scalingExponent(s), ExponentLow: scalingExponent(lo), ExponentHigh: scalingExponent(hi)}
	}
	return DataScalingResult{
		Config:          DataScaling.Config(Quick),
		Linear:          fit(linSlope, linLow, linHigh),
		MNIST:           fit(-a, -aHigh, -aLow),
		MNISTSaturating: SaturatingFit{EInf: 0.02, C: 3, A: a, ALow: aLow, AHigh: aHigh},
		MNISTFall:       fall,
	}
}

func TestDataScalingVerdictRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    DataScalingResult
		want Outcome
	}{
		{"exact 1/√n and a flatter real curve", dataScalingFixture(-0.5, -0.52, -0.48, 0.37, 0.34, 0.40, 0.6), Reproduced},
		{"real curve at 1/√n", dataScalingFixture(-0.5, -0.52, -0.48, 0.5, 0.45, 0.56, 0.6), Reproduced},
		{"real curve steeper than 1/√n: less than k² data suffices", dataScalingFixture(-0.5, -0.52, -0.48, 0.8, 0.7, 0.9, 0.6), NotReproduced},
		{"steeper, and the check off too", dataScalingFixture(-0.6, -0.62, -0.58, 0.8, 0.7, 0.9, 0.6), NotReproduced},
		{"least squares off 1/√n", dataScalingFixture(-0.6, -0.62, -0.58, 0.37, 0.34, 0.40, 0.6), PartlyReproduced},
		{"real error does not fall", dataScalingFixture(-0.5, -0.52, -0.48, 0.3, 0.01, 0.6, 0.02), NotReproduced},
	} {
		v := dataScalingVerdict(tc.r)
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if v.Measured != tc.r.MNISTSaturating.A || !strings.Contains(v.Reason, "k²") {
			t.Errorf("%s: headline %v is not the saturating fit's a, or the reason lacks k²: %s", tc.name, v.Measured, v.Reason)
		}
	}
}

func TestSaturatingFitRecoversItsLaw(t *testing.T) {
	// E(n) = 0.02 + 3·n^(−0.4), with two "seeds" at ±1% of the curve.
	var x, y []float64
	var group []int
	for i, n := range []float64{200, 400, 800, 1600, 3200, 6400} {
		for _, s := range []float64{0.99, 1.01} {
			x, y, group = append(x, n), append(y, (0.02+3*math.Pow(n, -0.4))*s), append(group, i)
		}
	}
	f, err := fitSaturating(x, y, group, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(f.A-0.4) > 0.05 || math.Abs(f.EInf-0.02) > 0.01 || !(f.ALow <= f.A && f.A <= f.AHigh) {
		t.Errorf("fit E∞ %.4f, a %.3f [%.3f, %.3f]; want 0.02 and 0.4", f.EInf, f.A, f.ALow, f.AHigh)
	}
}

func TestDataScalingRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*DataScalingConfig)
		want   string
	}{
		{"two sizes", func(c *DataScalingConfig) { c.Sizes = []int{250, 500} }, "at least 3 sizes"},
		{"n below d+2", func(c *DataScalingConfig) { c.LinearSizes = []int{5, 100, 200} }, "size 5 is too small"},
		{"zero noise", func(c *DataScalingConfig) { c.LinearNoise = 0 }, "noise 0"},
		{"zero width", func(c *DataScalingConfig) { c.Width = 0 }, "width 0"},
		{"odd pooling", func(c *DataScalingConfig) { c.Training.Pool = 3 }, "pool 3"},
		{"patience 1", func(c *DataScalingConfig) { c.Training.Patience = 1 }, "patience 1"},
		{"too many images", func(c *DataScalingConfig) { c.Sizes = []int{250, 500, 59999} }, "exceed MNIST"},
	} {
		cfg := DataScaling.Config(Quick)
		tc.mutate(&cfg)
		_, err := DataScaling.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestDataScalingSeedOutcomes: each seed's own curve fit is judged by the same rule, with its
// a as its own interval: a seed at a = 0.45 reproduces; one at 0.7 (less than k² data would
// do) and one whose error did not fall are not reproduced.
func TestDataScalingSeedOutcomes(t *testing.T) {
	r := dataScalingFixture(-0.5, -0.52, -0.48, 0.5, 0.45, 0.56, 0.6)
	for _, s := range []struct{ a, fall float64 }{{0.45, 0.6}, {0.7, 0.6}, {0.3, 0.05}} {
		r.MNISTPerSeed = append(r.MNISTPerSeed, SaturatingFit{EInf: 0.02, C: 3, A: s.a, ALow: s.a, AHigh: s.a})
		r.MNISTFallPerSeed = append(r.MNISTFallPerSeed, s.fall)
	}
	v := dataScalingVerdict(r)
	want := []Outcome{Reproduced, NotReproduced, NotReproduced}
	if v.Outcome != Reproduced || !slices.Equal(v.SeedOutcomes, want) {
		t.Errorf("pooled %s, per seed %v; want reproduced, %v", v.Outcome, v.SeedOutcomes, want)
	}
}
