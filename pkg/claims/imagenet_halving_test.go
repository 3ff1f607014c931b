package claims

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// imagenetSyntheticModels draws n models whose error follows compute^(−1/k) with log-normal
// scatter, with both compute definitions filled in.
func imagenetSyntheticModels(k, scatter float64, n int, seed uint64) []datasets.ImageNetModel {
	rng := rand.New(rand.NewPCG(seed, 1))
	var ms []datasets.ImageNetModel
	for i := 0; i < n; i++ {
		c := 1e18 * math.Pow(10, 5*float64(i)/float64(n-1))
		e := 40 * math.Pow(c/1e18, -1/k) * math.Pow(10, scatter*rng.NormFloat64())
		ms = append(ms, datasets.ImageNetModel{Name: "m", Year: 2012 + i*9/n, Top1ErrorPct: e,
			HardwareBurdenFLOP: c, TrainComputeFLOP: c / 3})
	}
	return ms
}

func TestImageNetHalvingRecoversKnownExponent(t *testing.T) {
	for _, tc := range []struct {
		k    float64
		want Outcome
	}{
		{10, Reproduced},
		{6, PartlyReproduced},
		{14, Reproduced}, // "at least the ninth power"
		{3, NotReproduced},
	} {
		cfg := ImageNetHalving.Config(Quick)
		cfg.Models = imagenetSyntheticModels(tc.k, 0.02, 25, 3)
		cfg.AuthorsModels = imagenetSyntheticModels(tc.k, 0.02, 25, 4)
		r, err := ImageNetHalving.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		h := r.Fits[r.Headline]
		if !(h.KLow <= tc.k && tc.k <= h.KHigh) {
			t.Errorf("k=%v: headline interval [%v, %v]", tc.k, h.KLow, h.KHigh)
		}
		if r.Verdict.Outcome != tc.want {
			t.Errorf("k=%v: outcome %s, want %s (%s)", tc.k, r.Verdict.Outcome, tc.want, r.Verdict.Reason)
		}
		if err := r.Verdict.Check(); err != nil {
			t.Error(err)
		}
		if want := len(ImageNetHalvingDefinitions) * len(ImageNetSamples); len(r.Fits) != want {
			t.Errorf("%d fits, want definitions × samples = %d", len(r.Fits), want)
		}
	}
}

func TestImageNetSamples(t *testing.T) {
	pts := []ImageNetPoint{
		{Name: "a", Year: 2012, ComputeFLOP: 1, ErrorPct: 40},
		{Name: "b", Year: 2012, ComputeFLOP: 2, ErrorPct: 45}, // dominated: more compute, worse
		{Name: "c", Year: 2013, ComputeFLOP: 3, ErrorPct: 30},
		{Name: "d", Year: 2013, ComputeFLOP: 3, ErrorPct: 35}, // same compute as c, worse
		{Name: "e", Year: 2014, ComputeFLOP: 10, ErrorPct: 20},
	}
	names := func(ps []ImageNetPoint) string {
		s := ""
		for _, p := range ps {
			s += p.Name
		}
		return s
	}
	for sample, want := range map[string]string{ImageNetAllModels: "abcde", ImageNetFrontier: "ace", ImageNetBestOfYear: "ace"} {
		got, err := imagenetSample(pts, sample)
		if err != nil {
			t.Fatal(err)
		}
		if names(got) != want {
			t.Errorf("%s: %s, want %s", sample, names(got), want)
		}
	}
	// The samples by the table's columns.
	attr := []ImageNetPoint{
		{Name: "g", ExtraData: "none", CostScope: "single-run", PeakPrecision: "fp32"},
		{Name: "s", ExtraData: "none", CostScope: "architecture-search", PeakPrecision: "fp32"},
		{Name: "t", ExtraData: "JFT-300M", CostScope: "single-run", PeakPrecision: "bf16"},
		{Name: "u"}, // the table does not say: in no attribute sample
	}
	for sample, want := range map[string]string{ImageNet1kOnly: "gs", ImageNetSingleRun: "gt", ImageNetFP32Peak: "gs",
		ImageNetBF16Peak: "t", ImageNetLikeWithLike: "g"} {
		got, err := imagenetSample(attr, sample)
		if err != nil {
			t.Fatal(err)
		}
		if names(got) != want {
			t.Errorf("%s: %s, want %s", sample, names(got), want)
		}
	}
	if _, err := imagenetSample(pts, "median"); err == nil {
		t.Error("unknown sample accepted")
	}
}

func TestImageNetHalvingOnPublishedData(t *testing.T) {
	r, err := ImageNetHalving.Run(context.Background(), ImageNetHalving.Config(Quick))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	h := r.Fits[r.Headline]
	// The published record: error falls with compute in every fit, and strongly so (k well
	// above 1) in the headline one.
	if h.N < 12 || !(h.K > 4 && h.K < 20) || h.R2 < 0.8 {
		t.Errorf("headline fit: %d models, k %v, R² %v", h.N, h.K, h.R2)
	}
	for _, f := range r.Fits {
		if f.Skipped == "" && math.Abs(f.KReverse-f.R2*f.K) > 1e-9*f.K {
			t.Errorf("%s: reverse k %v is not R²·k = %v", f.Label(), f.KReverse, f.R2*f.K)
		}
	}
	t.Logf("%s", r.Verdict)
}

// The rule compares the point estimate with 9: an interval that reaches 9 around a lower
// estimate is partly reproduced, not reproduced.
func TestImageNetHalvingRuleUsesThePointEstimate(t *testing.T) {
	cfg := ImageNetHalving.Config(Quick)
	for _, tc := range []struct {
		k, low, high float64
		want         Outcome
	}{
		{8.8, 8.1, 10.0, PartlyReproduced},
		{9.0, 8.1, 10.0, Reproduced},
		{12, 3.5, 20, Reproduced},
		{4.5, 2, 9.5, PartlyReproduced},
		{3.9, 3, 9.5, NotReproduced},
	} {
		r := ImageNetHalvingResult{Config: cfg, Headline: 0, Fits: []ImageNetFit{{Definition: ImageNetHardwareBurden, Sample: ImageNetAllModels,
			N: 10, K: tc.k, KLow: tc.low, KHigh: tc.high, Halving: math.Exp2(tc.k), HalvingLow: math.Exp2(tc.low), HalvingHigh: math.Exp2(tc.high), R2: 0.9, Slope: -1 / tc.k,
			Year: ImageNetYearFit{Skipped: "too few models for compute and year together"}}}}
		if got := imagenetHalvingVerdict(r).Outcome; got != tc.want {
			t.Errorf("k = %v [%v, %v]: %s, want %s", tc.k, tc.low, tc.high, got, tc.want)
		}
	}
}

// With compute and year varying apart, the two-covariate fit recovers both coefficients; the
// one-covariate fit credits compute with the year's share.
func TestImageNetYearFitSeparatesTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var pts []ImageNetPoint
	const b, c = -0.05, -0.03 // k = 20 at fixed year; error ×0.93 a year
	for i := 0; i < 40; i++ {
		year := 2012 + rng.IntN(10)
		lc := 18 + 0.4*float64(year-2012) + 1.5*rng.NormFloat64() // compute grows with time, with spread
		le := 1.6 + b*(lc-18) + c*float64(year-2012) + 0.01*rng.NormFloat64()
		pts = append(pts, ImageNetPoint{Name: "m", Year: year, ComputeFLOP: math.Pow(10, lc), ErrorPct: math.Pow(10, le)})
	}
	f := imagenetYearFit(pts, 400, 1)
	if f.Skipped != "" {
		t.Fatal(f.Skipped)
	}
	if math.Abs(f.Slope-b) > 0.005 || math.Abs(f.YearSlope-c) > 0.005 {
		t.Errorf("slopes %v, %v; want %v, %v", f.Slope, f.YearSlope, b, c)
	}
	if math.Abs(f.K-20) > 2 || !(f.KLow <= f.K && f.K <= f.KHigh) {
		t.Errorf("partial k %v [%v, %v], want about 20 inside its interval", f.K, f.KLow, f.KHigh)
	}
	// Compute alone absorbs the year's share: a steeper slope, a smaller k.
	x, y := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		x[i], y[i] = p.ComputeFLOP, p.ErrorPct
	}
	law, err := costmodel.FitErrorComputeLaw(x, y, costmodel.FitOptions{Bootstrap: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !(law.K() < f.K/1.25) {
		t.Errorf("compute alone gives k = %v, not well below the partial %v", law.K(), f.K)
	}
	// Exactly collinear compute and year: no partial slope.
	var line []ImageNetPoint
	for i := 0; i < 8; i++ {
		line = append(line, ImageNetPoint{Year: 2012 + i, ComputeFLOP: math.Pow(10, 18+float64(i)), ErrorPct: 40 - float64(i)})
	}
	if g := imagenetYearFit(line, 100, 1); g.Skipped == "" {
		t.Errorf("collinear sample fitted: %+v", g)
	}
}
