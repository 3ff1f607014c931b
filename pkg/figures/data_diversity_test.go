package figures

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedDiversityResult is hand-made: accuracy on the broken test rises with diversity and
// barely with n.
func fixedDiversityResult() claims.DataDiversityResult {
	cfg := claims.DataDiversityConfig{Size: 16, Ns: []int{1000, 4000, 16000}, Fractions: []float64{0, 0.05, 0.1, 0.2, 0.3, 0.5}, Seeds: 3, SizeN: 4000}
	r := claims.DataDiversityResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.Reproduced, Reason: "Hand-made numbers."}}
	for i, n := range cfg.Ns {
		for _, f := range cfg.Fractions {
			v := 0.02 + 1.5*f + 0.04*float64(i)
			r.Cells = append(r.Cells, claims.DataDiversityCell{N: n, Fraction: f, Broken: claims.ShortcutBand{Mean: v, Low: v - 0.03, High: v + 0.03}})
		}
	}
	for _, f := range cfg.Fractions {
		v := 0.2 + 1.1*f
		r.SizeLine = append(r.SizeLine, claims.DataDiversityCell{N: 4000, Fraction: f, Broken: claims.ShortcutBand{Mean: v, Low: v - 0.03, High: v + 0.03}})
	}
	cfg.EqualBaseN, cfg.EqualBaseMatch = 1000, 0.95
	r.Config = cfg
	for i, m := range []int{250, 1000, 4000} {
		q, d := 0.1+0.01*float64(i), 0.15+0.08*float64(i)
		r.EqualCost = append(r.EqualCost, claims.DataDiversityEqualCost{Added: m,
			Quantity:  claims.DataDiversityCell{N: 1000 + m, Broken: claims.ShortcutBand{Mean: q, Low: q - 0.02, High: q + 0.02}},
			Diversity: claims.DataDiversityCell{N: 1000 + m, Broken: claims.ShortcutBand{Mean: d, Low: d - 0.04, High: d + 0.04}}})
	}
	return r
}

func TestDataDiversityGolden(t *testing.T) {
	figs, err := DataDiversity(fixedDiversityResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want 3", len(figs))
	}
	checkGolden(t, figs, err)
}
