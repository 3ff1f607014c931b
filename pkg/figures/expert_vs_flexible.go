package figures

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// ExpertVsFlexible draws the learning curves of the experts, the flexible MLP and the
// true-form control against training-set size and against training compute, both on log
// axes, marking where the flexible model overtakes the best missing-variable expert; and the
// crossing map: the MLP's error minus that expert's at the map's large size, over the
// generator's interaction weight and noise.
func ExpertVsFlexible(r claims.ExpertVsFlexibleResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Curves) < 2 || len(r.Crossings) != len(r.Curves)-1 {
		return nil, fmt.Errorf("figure expert-vs-flexible: need expert and flexible curves, have %d curves and %d crossings", len(r.Curves), len(r.Crossings))
	}
	// The headline crossing is the verdict's: the missing-variable expert that left out the
	// fewest variables (or the complete expert when there is none).
	head := r.Crossings[0]
	for _, x := range r.Crossings[1:] {
		if head.Missing == 0 || x.Missing < head.Missing {
			head = x
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range r.Curves {
		for i := range c.Error {
			lo, hi = min(lo, c.ErrLow[i]), max(hi, c.ErrHigh[i])
		}
	}

	data := New("expert-vs-flexible", fmt.Sprintf("Learning curves: %d informative variables among %d", cfg.Informative, cfg.Variables),
		"training-set size (rows)", "test error (fraction misclassified)", LogX())
	for i, c := range r.Curves {
		data.Line(Series{Name: c.Model, X: c.N, Y: c.Error, Low: c.ErrLow, High: c.ErrHigh}, i)
	}
	control := len(r.Control.Error) == len(r.Control.N) && len(r.Control.N) > 0
	if control {
		data.Line(Series{Name: r.Control.Model, X: r.Control.N, Y: r.Control.Error, Low: r.Control.ErrLow, High: r.Control.ErrHigh, Dashed: true}, len(r.Curves))
	}
	if head.Crosses {
		data.VLine(fmt.Sprintf("MLP overtakes %s: %s rows", head.Expert, numfmt.Number(head.N)), head.N, lo, hi)
	}
	data.Note("Mean test error over %d seeds (band: 95%% t-interval), on %d test rows; the label is 1{f(x) + %s·ε > 0} with f a linear part, %d pairwise products (weight %s) and %d thresholds of the informative variables.",
		cfg.Seeds, cfg.TestSamples, numfmt.Number(cfg.Noise), cfg.Pairs, numfmt.Number(cfg.PairWeight), cfg.Thresholds)
	if control {
		data.Note("Dashed: the control, logistic regression on the true form's features (each informative variable, each pair's product, each threshold's step): the well-specified model, which no learner should beat beyond noise.")
	}
	layers := fmt.Sprint(cfg.Variables)
	for _, h := range cfg.Hidden {
		layers += fmt.Sprintf("-%d", h)
	}
	data.Note("Experts: logistic regression on the informative variables (all, or with k left out); flexible: ReLU MLP %s-2 on all %d. Early stopping on %d validation rows. Verdict: %s.",
		layers, cfg.Variables, cfg.ValSamples, r.Verdict.Outcome)

	compute := New("expert-vs-flexible-compute", "The same runs against the compute they used",
		"training compute up to the checkpoint kept (FLOP)", "test error (fraction misclassified)", LogX())
	for i, c := range r.Curves {
		compute.Scatter(Series{X: c.FLOPs, Y: c.Error}, i)
		compute.Line(Series{Name: c.Model, X: c.FrontierFLOPs, Y: c.FrontierError}, i)
	}
	flex := r.Curves[len(r.Curves)-1]
	if len(flex.FLOPs) > 0 {
		right := flex.FLOPs[len(flex.FLOPs)-1]
		for _, f := range flex.FLOPs {
			right = max(right, f)
		}
		compute.HLine(fmt.Sprintf("final error of %s (%.1f%%)", head.Expert, 100*head.ExpertLast), head.ExpertLast, head.PlateauFLOPs, right)
		if head.Crosses {
			compute.VLine(fmt.Sprintf("MLP reaches it: %s FLOP", numfmt.Number(head.FLOPs)), head.FLOPs, lo, hi)
		}
	}
	compute.Note("Markers: the runs of the first figure (mean error, geometric-mean FLOPs over seeds), counted by the training loop up to the early-stopping checkpoint; lines: the least error reached with at most that compute.")
	if head.Crosses {
		compute.Note("The MLP overtakes %s at %s× the data (%s rows, 95%% interval %s) and %s× the compute (%s FLOP) at which that expert reached its plateau.",
			head.Expert, numfmt.Number(head.DataMultiple), numfmt.Number(head.N), numfmt.Range(head.NLow, head.NHigh), numfmt.Number(head.ComputeMultiple), numfmt.Number(head.FLOPs))
	} else {
		compute.Note("The MLP does not overtake %s within the grid.", head.Expert)
	}
	figs := []*Figure{data, compute}
	if m := expertMapFigure(r); m != nil {
		figs = append(figs, m)
	}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// expertMapFigure is the crossing map, or nil without one.
func expertMapFigure(r claims.ExpertVsFlexibleResult) *Figure {
	cfg := r.Config
	if len(r.Map) == 0 || len(r.Map) != len(cfg.MapPairWeights)*len(cfg.MapNoises) {
		return nil
	}
	k := slices.Min(cfg.Missing)
	spec := HeatMapSpec{XLabel: "interaction weight (standard deviation of the pairwise products' part of f)", YLabel: "label noise (standard deviation of ε)",
		ZLabel: "MLP − expert error (points)", Format: "%+.1f"}
	for _, w := range cfg.MapPairWeights {
		spec.X = append(spec.X, numfmt.Number(w))
	}
	var crossing []string
	for j, noise := range cfg.MapNoises {
		spec.Y = append(spec.Y, numfmt.Number(noise))
		row := make([]float64, len(cfg.MapPairWeights))
		for i := range row {
			c := r.Map[j*len(cfg.MapPairWeights)+i]
			row[i] = 100 * (c.FlexibleLarge - c.ExpertLarge)
			if c.Crosses {
				crossing = append(crossing, fmt.Sprintf("(%s, %s; %d of %d seeds)", numfmt.Number(c.PairWeight), numfmt.Number(c.Noise), c.SeedsCrossing, cfg.Seeds))
			}
		}
		spec.Z = append(spec.Z, row)
	}
	f := HeatMap("expert-vs-flexible-map", fmt.Sprintf("Where the MLP overtakes the expert missing %d variables", k), spec)
	f.Note("Each cell: the flexible MLP's mean test error minus the expert's at %s rows, over %d seeds (negative: the MLP is better). The main setting is interaction weight %s, noise %s.",
		numfmt.Number(float64(cfg.MapSizes[1])), cfg.Seeds, numfmt.Number(cfg.PairWeight), numfmt.Number(cfg.Noise))
	if len(crossing) > 0 {
		f.Note("The curves cross (the expert better at %s rows, the MLP at %s) in the cells (interaction weight, noise) %s.",
			numfmt.Number(float64(cfg.MapSizes[0])), numfmt.Number(float64(cfg.MapSizes[1])), strings.Join(crossing, ", "))
	} else {
		f.Note("The curves cross in no cell: the expert is better at %s rows, or the MLP already at %s.", numfmt.Number(float64(cfg.MapSizes[1])), numfmt.Number(float64(cfg.MapSizes[0])))
	}
	return f
}
