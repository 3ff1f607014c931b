package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedVanishingResult is hand-made: the subject's norms fall 4× per layer, the others'
// less or not at all; the deep subject stalls, the others train.
func fixedVanishingResult() claims.VanishingGradientsResult {
	cfg := claims.VanishingGradientsConfig{
		Setups: claims.DefaultVanishingSetups(), Depths: []int{2, 4, 6}, Width: 100, Batch: 128, Seeds: 3,
		TrainDepths: []int{2, 6}, Steps: 300, TrainBatch: 64, LearningRates: []float64{0.1, 1}, AdamRates: []float64{0.001}, TrainSamples: 1000,
	}
	r := claims.VanishingGradientsResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.PartlyReproduced, Measured: 0.24, Low: 0.23, High: 0.25}}
	perLayer := []float64{0.24, 0.95, 1.0, 0.6, 0.99, 0.24}
	for s, setup := range cfg.Setups {
		for _, d := range cfg.Depths {
			p := claims.VanishingProfile{Setup: setup.Name, Depth: d}
			for l := 0; l < d; l++ {
				v := math.Pow(perLayer[s], float64(d-1-l))
				p.Norms = append(p.Norms, v)
				p.Low = append(p.Low, v*0.8)
				p.High = append(p.High, v*1.2)
				p.ActStd = append(p.ActStd, 0.5*math.Pow(perLayer[s], float64(l)))
				p.Saturated = append(p.Saturated, 0.01*float64(s))
				p.Zero = append(p.Zero, 0.5*float64(s/2%2))
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
			final := 0.9 - 0.02*float64(s)
			if perLayer[s] < 0.5 && d == 6 {
				final = 0.11
			}
			t := claims.VanishingTrained{Setup: setup.Name, Depth: d, LR: 0.1,
				Steps: []float64{100, 200, 300}, ValAccuracy: []float64{final * 0.8, final * 0.95, final},
				SeedTest: []float64{final - 0.01, final, final + 0.01}}
			t.Test = claims.NewSeedInterval(t.SeedTest)
			for k, step := range []int{1, 150, 300} {
				snap := claims.VanishingSnapshot{Step: step}
				for l := 0; l < d; l++ {
					snap.GradNorm = append(snap.GradNorm, math.Pow(perLayer[s], float64(d-1-l))*math.Pow(2, float64(k)))
					snap.GradRMS = append(snap.GradRMS, 1e-6*snap.GradNorm[l])
					snap.ActStd = append(snap.ActStd, 0.3)
					snap.Saturated = append(snap.Saturated, 0.1*float64(k))
					snap.Zero = append(snap.Zero, 0)
				}
				t.Snapshots = append(t.Snapshots, snap)
			}
			r.Trained = append(r.Trained, t)
		}
	}
	r.Contrasts = claims.VanishingContrastsOf(cfg, r.Trained)
	return r
}

func TestVanishingGradientsGolden(t *testing.T) {
	figs, err := VanishingGradients(fixedVanishingResult())
	if len(figs) != 6 {
		t.Fatalf("%d figures, want 6", len(figs))
	}
	checkGolden(t, figs, err)
}

// TestVanishingGradientsContrastRows checks that the contrasts figure has one row per
// contrast at the deepest trained depth, each with its mean inside its interval.
func TestVanishingGradientsContrastRows(t *testing.T) {
	r := fixedVanishingResult()
	figs, err := VanishingGradients(r)
	if err != nil {
		t.Fatal(err)
	}
	picked, err := Pick(figs, "vanishing-gradients-contrasts")
	if err != nil {
		t.Fatal(err)
	}
	f := picked[0]
	want := 0
	for _, c := range r.Contrasts {
		if c.Depth == 6 {
			want++
			if c.Diff.Mean < c.Diff.Low || c.Diff.Mean > c.Diff.High {
				t.Errorf("%s: mean %v outside [%v, %v]", c.Name(), c.Diff.Mean, c.Diff.Low, c.Diff.High)
			}
		}
	}
	if want != 9 {
		t.Errorf("%d contrasts at depth 6, want 9 (5 against the subject, 4 against the fix)", want)
	}
	if rows := barRows(f.Plot); len(rows) != want {
		t.Errorf("%d rows drawn, want %d", len(rows), want)
	}
}
