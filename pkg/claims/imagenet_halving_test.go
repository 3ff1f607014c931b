package claims

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

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
		{9, Reproduced},
		{6, PartlyReproduced},
		{14, Reproduced}, // "at least the ninth power"
	} {
		cfg := ImageNetHalving.Config(true)
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
		if len(r.Fits) != 9 {
			t.Errorf("%d fits, want 3 definitions × 3 samples", len(r.Fits))
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
	if _, err := imagenetSample(pts, "median"); err == nil {
		t.Error("unknown sample accepted")
	}
}

func TestImageNetHalvingOnPublishedData(t *testing.T) {
	r, err := ImageNetHalving.Run(context.Background(), ImageNetHalving.Config(true))
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
