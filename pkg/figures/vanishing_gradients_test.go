package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedVanishingResult is hand-made: sigmoid's norms fall 4× per layer, the others stay flat.
func fixedVanishingResult() claims.VanishingGradientsResult {
	cfg := claims.VanishingGradientsConfig{
		Setups: claims.DefaultVanishingSetups(), Depths: []int{2, 4, 6}, Width: 100, Batch: 128, Seeds: 3,
		TrainDepths: []int{2, 6}, Steps: 300, TrainBatch: 64, LearningRates: []float64{0.1, 1}, TrainSamples: 1000,
	}
	r := claims.VanishingGradientsResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.Reproduced, Measured: 0.24, Low: 0.23, High: 0.25}}
	perLayer := []float64{0.24, 0.95, 1.0}
	for s, setup := range cfg.Setups {
		for _, d := range cfg.Depths {
			p := claims.VanishingProfile{Setup: setup.Name, Depth: d}
			for l := 0; l < d; l++ {
				v := math.Pow(perLayer[s], float64(d-1-l))
				p.Norms = append(p.Norms, v)
				p.Low = append(p.Low, v*0.8)
				p.High = append(p.High, v*1.2)
			}
			r.Profiles = append(r.Profiles, p)
		}
		rt := claims.VanishingRatio{Setup: setup.Name, Factor: perLayer[s]}
		for _, d := range cfg.Depths {
			v := math.Pow(perLayer[s], float64(d-1))
			rt.Depths = append(rt.Depths, float64(d))
			rt.Ratio = append(rt.Ratio, v)
			rt.Low = append(rt.Low, v*0.7)
			rt.High = append(rt.High, v*1.3)
		}
		r.Ratios = append(r.Ratios, rt)
		for _, d := range cfg.TrainDepths {
			final := 0.9
			if s == 0 && d == 6 {
				final = 0.11
			}
			r.Best = append(r.Best, claims.VanishingRun{Setup: setup.Name, Depth: d, LR: 0.1,
				Steps: []float64{100, 200, 300}, ValAccuracy: []float64{final * 0.8, final * 0.95, final}})
		}
	}
	return r
}

func TestVanishingGradientsGolden(t *testing.T) {
	figs, err := VanishingGradients(fixedVanishingResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want 3", len(figs))
	}
	checkGolden(t, figs, err)
}
