package figures

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// DataDiversity draws two figures: broken-correlation accuracy against the share of
// decorrelated training images, one line per training-set size (and the size cue dashed),
// and the same grid as a heat map, training-set size against diversity.
func DataDiversity(r claims.DataDiversityResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Cells) == 0 {
		return nil, fmt.Errorf("figure data-diversity: empty result")
	}
	pct := func(f float64) float64 { return 100 * f }
	lines := New("data-diversity", "Diversity, not more data: accuracy on cats outside and dogs inside",
		"decorrelated training images (% of n: cats outside, dogs inside)", "broken-test accuracy (fraction correct)")
	for k, n := range cfg.Ns {
		s := Series{Name: fmt.Sprintf("n = %d", n)}
		for _, c := range r.Cells {
			if c.N == n {
				s.X = append(s.X, pct(c.Fraction))
				s.Y, s.Low, s.High = append(s.Y, c.Broken.Mean), append(s.Low, c.Broken.Low), append(s.High, c.Broken.High)
			}
		}
		lines.Line(s, k)
	}
	if len(r.SizeLine) > 0 {
		s := Series{Name: fmt.Sprintf("size cue, n = %d (distant dogs, close cats)", cfg.SizeN), Dashed: true}
		for _, c := range r.SizeLine {
			s.X = append(s.X, pct(c.Fraction))
			s.Y, s.Low, s.High = append(s.Y, c.Broken.Mean), append(s.Low, c.Broken.Low), append(s.High, c.Broken.High)
		}
		lines.Line(s, len(cfg.Ns))
	}
	fMax := pct(cfg.Fractions[len(cfg.Fractions)-1])
	lines.HLine("chance (two classes)", 0.5, 0, fMax)
	var ticks []plot.Tick
	for _, f := range cfg.Fractions {
		ticks = append(ticks, plot.Tick{Value: pct(f), Label: strconv.FormatFloat(pct(f), 'g', 3, 64)})
	}
	lines.Plot.X.Tick.Marker = plot.ConstantTicks(ticks)
	lines.Plot.Y.Min, lines.Plot.Y.Max = 0, 1
	lines.Note("Broken-correlation test: every cat in a field, every dog in a room (size cue: every cat close up, every dog far away). At 50%% the background says nothing about the class. Mean of %d seeds; bands smallest to largest.", cfg.Seeds)
	lines.Note("%s Verdict: %s.", r.Verdict.Reason, r.Verdict.Outcome)

	spec := HeatMapSpec{
		XLabel: "decorrelated training images (% of n)", YLabel: "training-set size n (images)",
		ZLabel: "accuracy on the broken test (fraction correct)", Lo: 0, Hi: 1,
	}
	for _, f := range cfg.Fractions {
		spec.X = append(spec.X, strconv.FormatFloat(pct(f), 'g', 3, 64))
	}
	for _, n := range cfg.Ns {
		spec.Y = append(spec.Y, strconv.Itoa(n))
		row := make([]float64, len(cfg.Fractions))
		for i, f := range cfg.Fractions {
			c, _ := r.Cell(n, f)
			row[i] = c.Broken.Mean
		}
		spec.Z = append(spec.Z, row)
	}
	heat := HeatMap("data-diversity-heatmap", "More data (up) against more diverse data (right)", spec)
	heat.Note("Accuracy on cats outside and dogs inside, mean of %d seeds (chance 0.5). Going up a row adds training images (n = %v); going right swaps more of them to the other background.",
		cfg.Seeds, cfg.Ns)
	figs := []*Figure{lines, heat}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}
