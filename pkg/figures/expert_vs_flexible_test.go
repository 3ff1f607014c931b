package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedExpertResult is hand-made: the experts flatten out at 25% and 30% error after a
// thousand rows, the MLP falls as a power of the data and overtakes both.
func fixedExpertResult() claims.ExpertVsFlexibleResult {
	cfg := claims.ExpertVsFlexibleConfig{Variables: 1000, Informative: 100, Pairs: 5, Thresholds: 10,
		Missing: []int{30}, Sizes: []int{250, 1000, 4000, 16000, 64000}, Seeds: 5, Hidden: []int{64, 64},
		ValSamples: 2000, TestSamples: 4000, PairWeight: 1, Noise: 0.2,
		MapPairWeights: []float64{0, 1, 2}, MapNoises: []float64{0.2, 1.5}, MapSizes: []int{250, 16000}}
	r := claims.ExpertVsFlexibleResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.Reproduced}}
	curve := func(name string, k int, err func(n float64) float64, flops func(n float64) float64) claims.ExpertVsFlexibleCurve {
		c := claims.ExpertVsFlexibleCurve{Model: name, Missing: k}
		for _, n := range cfg.Sizes {
			x := float64(n)
			e := err(x)
			c.N = append(c.N, x)
			c.Error, c.ErrLow, c.ErrHigh = append(c.Error, e), append(c.ErrLow, e-0.01), append(c.ErrHigh, e+0.01)
			c.FLOPs = append(c.FLOPs, flops(x))
		}
		c.FrontierFLOPs, c.FrontierError = c.FLOPs, c.Error
		return c
	}
	expertFLOPs := func(n float64) float64 { return 1e6 * math.Sqrt(n) }
	r.Curves = []claims.ExpertVsFlexibleCurve{
		curve(claims.ExpertComplete, 0, func(n float64) float64 { return 0.25 + 20/n }, expertFLOPs),
		curve(claims.ExpertMissingName(30), 30, func(n float64) float64 { return 0.30 + 20/n }, expertFLOPs),
		curve(claims.ExpertFlexibleModel, 0, func(n float64) float64 { return 0.45 * math.Pow(n/250, -0.15) }, func(n float64) float64 { return 1e6 * n }),
	}
	r.Control = curve(claims.ExpertTrueForm, 0, func(n float64) float64 { return 0.05 + 30/n }, expertFLOPs)
	// The map: the MLP ends ahead where interactions are strong and noise is low.
	for _, noise := range cfg.MapNoises {
		for _, w := range cfg.MapPairWeights {
			gap := 0.05*noise - 0.04*w
			r.Map = append(r.Map, claims.ExpertVsFlexibleCell{PairWeight: w, Noise: noise,
				ExpertSmall: 0.3, FlexibleSmall: 0.4, ExpertLarge: 0.25, FlexibleLarge: 0.25 + gap,
				Crosses: gap < 0, SeedsCrossing: 5})
		}
	}
	r.Crossings = []claims.ExpertVsFlexibleCrossing{
		{Expert: claims.ExpertComplete, Crosses: true, N: 12000, NLow: 10000, NHigh: 14000, FLOPs: 1.2e10, PlateauN: 1000, PlateauFLOPs: 3e7, ExpertLast: 0.25, DataMultiple: 30, ComputeMultiple: 1000},
		{Expert: claims.ExpertMissingName(30), Missing: 30, Crosses: true, N: 3500, NLow: 3000, NHigh: 4000, FLOPs: 3.5e9, PlateauN: 1000, PlateauFLOPs: 3e7, ExpertLast: 0.3, DataMultiple: 3.5, ComputeMultiple: 117},
	}
	return r
}

func TestExpertVsFlexibleGolden(t *testing.T) {
	figs, err := ExpertVsFlexible(fixedExpertResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want 3", len(figs))
	}
	checkGolden(t, figs, err)
}
