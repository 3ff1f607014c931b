package figures

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// DataDiversity draws two or three figures: broken-correlation accuracy against the share of
// decorrelated training images, one line per training-set size (and the size cue dashed),
// the same grid as a heat map, training-set size against diversity, and the equal-cost
// comparison the verdict rests on (when it was run).
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
	lines.Note("Broken-correlation test: every cat in a field, every dog in a room (size cue: every cat close up, every dog far away). At 50%% the background says nothing about the class. Mean of %d seeds; bands: 95%% t-intervals over seeds.", cfg.Seeds)
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
	if len(r.EqualCost) > 0 {
		figs = append(figs, dataDiversityEqualCost(r))
	}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// dataDiversityEqualCost draws the verdict's comparison: broken-correlation accuracy after
// adding m images with random backgrounds, and after adding m more like the base, against m.
func dataDiversityEqualCost(r claims.DataDiversityResult) *Figure {
	cfg := r.Config
	f := New("data-diversity-equal-cost", "The same number of added images: diverse against more of the same",
		"images added to the base set, m", "broken-test accuracy (fraction correct)", LogX())
	arms := []struct {
		name string
		cell func(claims.DataDiversityEqualCost) claims.DataDiversityCell
	}{
		{"m with random backgrounds (diversity)", func(e claims.DataDiversityEqualCost) claims.DataDiversityCell { return e.Diversity }},
		{fmt.Sprintf("m more at %.0f%% matched (quantity)", 100*cfg.EqualBaseMatch), func(e claims.DataDiversityEqualCost) claims.DataDiversityCell { return e.Quantity }},
	}
	for k, a := range arms {
		s := Series{Name: a.name}
		for _, e := range r.EqualCost {
			c := a.cell(e)
			s.X = append(s.X, float64(e.Added))
			s.Y, s.Low, s.High = append(s.Y, c.Broken.Mean), append(s.Low, c.Broken.Low), append(s.High, c.Broken.High)
		}
		f.Line(s, k)
	}
	f.HLine("chance (two classes)", 0.5, float64(r.EqualCost[0].Added), float64(r.EqualCost[len(r.EqualCost)-1].Added))
	f.Plot.Y.Min, f.Plot.Y.Max = 0, 1
	f.Note("Base: %d images, %.0f%% on their class's usual background; both arms then hold %d + m images. Mean of %d seeds; bands: 95%% t-intervals over seeds. Verdict: %s.",
		cfg.EqualBaseN, 100*cfg.EqualBaseMatch, cfg.EqualBaseN, cfg.Seeds, r.Verdict.Outcome)
	return f
}
