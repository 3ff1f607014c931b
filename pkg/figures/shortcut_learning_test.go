package figures

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// fixedShortcutSamples draws real generator images (the generator is deterministic), so that
// the golden sample grid shows what the claim shows.
func fixedShortcutSamples(t *testing.T) []claims.ShortcutSampleSet {
	t.Helper()
	var out []claims.ShortcutSampleSet
	for _, s := range []struct {
		name string
		spec datasets.ShortcutSpec
	}{
		{"background cue: training", datasets.ShortcutSpec{BackgroundMatch: 1}},
		{"background cue: broken correlation test", datasets.ShortcutSpec{BackgroundMatch: 0}},
		{"background cue: grey background test", datasets.ShortcutSpec{GreyBackground: true}},
		{"size cue: training", datasets.ShortcutSpec{BackgroundMatch: 0.5, SizeCue: true, SizeMatch: 1}},
	} {
		spec := s.spec
		spec.N, spec.Size, spec.Seed = 6, 16, 3
		set, err := datasets.ShortcutImages(spec)
		if err != nil {
			t.Fatal(err)
		}
		ss := claims.ShortcutSampleSet{Name: s.name, Size: 16, Classes: datasets.ShortcutClassNames}
		for i := 0; i < spec.N; i++ {
			ss.Images = append(ss.Images, append([]float64(nil), set.Image(i)...))
			ss.Labels = append(ss.Labels, set.Data.Labels[i])
		}
		out = append(out, ss)
	}
	return out
}

// fixedShortcutResult is hand-made: the background and size cues are learned as shortcuts,
// the saliency maps are synthetic (one looks at the edges, one at the centre).
func fixedShortcutResult(t *testing.T) claims.ShortcutLearningResult {
	cfg := claims.ShortcutLearningConfig{
		Size: 16, Ns: []int{500, 2000, 8000, 32000}, GarmentNs: []int{500, 2000, 8000}, GarmentClasses: [2]int{0, 1},
		Seeds: 3, Training: claims.ShortcutTraining{Hidden: 128, Batch: 64, LR: 1e-3, Epochs: 5, MinSteps: 800},
		BackgroundMatch: 1, SizeMatch: 1, TestN: 2000, DiverseFraction: 0.5, SaliencyImages: 500, SaliencyShown: 4,
	}
	r := claims.ShortcutLearningResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.Reproduced}}
	band := func(v float64) claims.ShortcutBand {
		return claims.ShortcutBand{Mean: v, Low: v - 0.02, High: v + 0.02}
	}
	add := func(cue, test string, ns []int, acc ...float64) {
		c := claims.ShortcutCurve{Cue: cue, Test: test}
		for i, n := range ns {
			c.N = append(c.N, float64(n))
			c.Accuracy = append(c.Accuracy, band(acc[i]))
		}
		r.Curves = append(r.Curves, c)
	}
	add(claims.ShortcutCueBackground, claims.ShortcutTestInDist, cfg.Ns, 0.98, 0.99, 0.99, 0.99)
	add(claims.ShortcutCueBackground, claims.ShortcutTestBroken, cfg.Ns, 0.05, 0.03, 0.03, 0.02)
	add(claims.ShortcutCueBackground, claims.ShortcutTestGrey, cfg.Ns, 0.55, 0.56, 0.57, 0.57)
	add(claims.ShortcutCueSize, claims.ShortcutTestInDist, cfg.Ns, 0.93, 0.96, 0.97, 0.98)
	add(claims.ShortcutCueSize, claims.ShortcutTestBroken, cfg.Ns, 0.3, 0.25, 0.2, 0.18)
	add(claims.ShortcutCueGarments, claims.ShortcutTestInDist, cfg.GarmentNs, 0.97, 0.98, 0.99)
	add(claims.ShortcutCueGarments, claims.ShortcutTestBroken, cfg.GarmentNs, 0.1, 0.08, 0.07)
	add(claims.ShortcutCueGarments, claims.ShortcutTestGrey, cfg.GarmentNs, 0.5, 0.52, 0.5)
	r.Samples = fixedShortcutSamples(t)

	s := claims.ShortcutSaliencyResult{N: 32000, AreaShare: 0.13,
		ShortcutShare: band(0.12), DiverseShare: band(0.2), ShortcutRatio: band(1.1), DiverseRatio: band(0.6),
		ShortcutAccuracy: band(0.02), DiverseAccuracy: band(0.8)}
	edge, centre := make([]float64, 256), make([]float64, 256)
	for p := range edge {
		r, c := p/16, p%16
		d := max(shortcutAbs(r-8), shortcutAbs(c-8))
		edge[p], centre[p] = float64(d), float64(8-d)
	}
	for i := 0; i < 4; i++ {
		s.Images = append(s.Images, r.Samples[1].Images[i])
		s.Labels = append(s.Labels, r.Samples[1].Labels[i])
		s.ShortcutMaps.Maps = append(s.ShortcutMaps.Maps, edge)
		s.ShortcutMaps.Predicted = append(s.ShortcutMaps.Predicted, 1-s.Labels[i])
		s.DiverseMaps.Maps = append(s.DiverseMaps.Maps, centre)
		s.DiverseMaps.Predicted = append(s.DiverseMaps.Predicted, s.Labels[i])
	}
	s.ShortcutMaps.Mean, s.DiverseMaps.Mean = edge, centre
	r.Saliency = s
	r.Controls = claims.ShortcutControls{N: 8000, AnimalOnly: band(0.9), BackgroundOnlyInDist: band(1), BackgroundOnlyBroken: band(0.01)}
	for i, m := range []float64{0.9, 0.95, 0.99} {
		r.Controls.Correlations = append(r.Controls.Correlations, claims.ShortcutCorrelation{Match: m,
			InDist: band(0.93 + 0.02*float64(i)), Broken: band(0.4 - 0.15*float64(i)), Grey: band(0.8 - 0.1*float64(i))})
	}
	return r
}

func shortcutAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestShortcutLearningGolden(t *testing.T) {
	figs, err := ShortcutLearning(fixedShortcutResult(t))
	if len(figs) != 5 {
		t.Fatalf("%d figures, want 5", len(figs))
	}
	checkGolden(t, figs, err)
}
