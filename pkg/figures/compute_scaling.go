package figures

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// ComputeScaling draws three figures: error against training FLOPs for the proportional
// schedule and the compute-efficient frontier, with the k⁴ theory and k⁹ practice slopes;
// every run's validation curve against FLOPs with the lower envelope; and the compute
// multiple a k-fold improvement needs by each measured exponent.
func ComputeScaling(r claims.ComputeScalingResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Proportional.X) == 0 || len(r.Frontier.X) == 0 || len(r.EnvelopeFLOPs) == 0 {
		return nil, fmt.Errorf("figure compute-scaling: empty result")
	}
	widths := cfg.Widths()

	main := New("compute-scaling", "MNIST: error against training compute, model grown with the data",
		"training compute (FLOP, from the loop's counter)", "error rate", LogX(), LogY())
	main.Scatter(Series{Name: fmt.Sprintf("width proportional to n, to early stopping: test error (%d seeds)", cfg.Seeds), X: r.Proportional.X, Y: r.Proportional.Y}, 0)
	main.Curve(scalingFitSeries(r.Proportional, "fit: error = c·FLOPs^(%.3f), k^%.2f compute (%.2f–%.2f)"), 0)
	if len(r.Fixed.X) > 0 {
		main.Scatter(Series{Name: fmt.Sprintf("the same nets after %g passes: test error", cfg.Training.FixedEpochs), X: r.Fixed.X, Y: r.Fixed.Y}, 2)
		main.Curve(scalingFitSeries(r.Fixed, "fixed-passes fit: error = c·FLOPs^(%.3f), k^%.2f (%.2f–%.2f)"), 2)
	}
	var ex, ey []float64
	for i, f := range r.EnvelopeFLOPs {
		if f >= r.FitFrom/4 {
			ex, ey = append(ex, f), append(ey, r.EnvelopeError[i])
		}
	}
	main.Line(Series{Name: "frontier: lowest validation error at each budget", X: ex, Y: ey}, 1)
	fr := scalingFitSeries(r.Frontier, "frontier fit: error = c·FLOPs^(%.3f), k^%.2f (%.2f–%.2f)")
	fr.Dashed = true
	main.Curve(fr, 1)
	x0, x1 := r.FitFrom, slices.Max(ex)
	e0 := r.Proportional.At(x0)
	ref := []float64{x0, x1}
	for _, th := range []struct {
		exponent    float64
		name, label string
	}{
		{costmodel.TheoryComputeExponent, "theory: k^4 compute, error = c·FLOPs^(−1/4)", "k^4"},
		{claims.ComputeScalingImageNetExponent, "article's ImageNet practice: k^9", "k^9"},
	} {
		y := costmodel.TheoryErrorCurve(ref, x0, e0, th.exponent)
		main.Reference(th.name, ref, y)
		main.Label(x1, y[1], th.label, -1)
	}
	main.Note("One hidden layer of ReLU units, width %d–%d for n = %d–%d images (≈ %.1f–%.1f parameters per image), %d×%d pooled MNIST, Adam, early stopping on validation loss. FLOPs to the kept checkpoint (early stopping) or to the fixed step.",
		widths[0], widths[len(widths)-1], cfg.Sizes[0], cfg.Sizes[len(cfg.Sizes)-1], r.ParamsPerSample().Min, r.ParamsPerSample().Max, 28/cfg.Training.Pool, 28/cfg.Training.Pool)
	main.Note("Early stopping, all runs pooled: b = %.2f (95%% bootstrap interval %.2f–%.2f); frontier %.2f (%.2f–%.2f; too narrow, as neighbouring envelope points are not independent), fitted over the schedule's FLOP range. Theory: ≥ 4; ImageNet practice: 9. Verdict: %s.",
		r.Proportional.Exponent, r.Proportional.ExponentLow, r.Proportional.ExponentHigh, r.Frontier.Exponent, r.Frontier.ExponentLow, r.Frontier.ExponentHigh, r.Verdict.Outcome)

	runs := New("compute-scaling-runs", "Every run: validation error against training compute",
		"training compute (FLOP)", "validation error rate", LogX(), LogY())
	named := map[int]bool{}
	for _, run := range r.Runs {
		if run.SeedIndex != 0 {
			continue
		}
		w := slices.Index(widths, run.Width)
		name := ""
		if run.Proportional && !named[w] {
			name, named[w] = fmt.Sprintf("width %d", run.Width), true
		}
		runs.Curve(Series{Name: name, X: run.FLOPs, Y: run.ValError, Dashed: !run.Proportional}, w)
	}
	scalingEnvelope(runs, Series{Name: "lower envelope (the frontier)", X: r.EnvelopeFLOPs, Y: r.EnvelopeError})
	grid := "no extra widths (the frontier is over the schedule's own runs: sizes × steps)"
	if cfg.FrontierSpan > 0 {
		grid = fmt.Sprintf("dashed: the frontier's extra widths at each n (those of the sizes up to %d places away)", cfg.FrontierSpan)
	}
	runs.Note("Solid: the proportional schedule (width proportional to n); %s. Curves of the first seed only; the envelope is over every checkpoint of all %d runs (%d seeds of the schedule), %s training FLOPs in all. Each curve ends at early stopping.",
		grid, len(r.Runs), cfg.Seeds, numfmt.Number(r.TrainFLOPs))

	mult := New("compute-scaling-multiple", "Compute for a k-fold improvement: theory, practice, measurement",
		"improvement k (error divided by k)", "compute multiple needed", LogX(), LogY())
	k := scalingImprovements(10)
	mult.Curve(scalingMultipleSeries("width proportional to n", k, r.Proportional), 0)
	mult.Curve(scalingMultipleSeries("frontier", k, r.Frontier), 1)
	mult.Reference("theory: k^4 (Spectrum 2021)", k, scalingPowers(k, costmodel.TheoryComputeExponent))
	mult.Label(k[len(k)-1], costmodel.TheoryComputeMultiple(10), "k^4", -1)
	mult.Reference("article's ImageNet practice: k^9", k, scalingPowers(k, claims.ComputeScalingImageNetExponent))
	mult.Label(k[len(k)-1], math.Pow(10, claims.ComputeScalingImageNetExponent), "k^9", -1)
	mult.Note("Bands: 95%% bootstrap intervals. A 10-fold improvement: theory ≥ 10,000×; measured %s× (width proportional to n), %s× (frontier).",
		numfmt.Number(math.Pow(10, r.Proportional.Exponent)), numfmt.Number(math.Pow(10, r.Frontier.Exponent)))
	figs := []*Figure{main, runs, mult, computeScalingSchedules(r), computeScalingLocal(r)}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// scalingEnvelope draws s as a heavy black line over the coloured runs: a measurement (so
// solid), set apart from every run's colour.
func scalingEnvelope(f *Figure, s Series) {
	c, ok := f.clean(s)
	if !ok || len(c.xy) == 0 {
		return
	}
	l, err := plotter.NewLine(c.xy)
	if err != nil {
		f.fail(err)
		return
	}
	l.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(2.4)}
	f.Plot.Add(l)
	f.AddLegend(s.Name, l)
	f.record(s.Name, c)
}
