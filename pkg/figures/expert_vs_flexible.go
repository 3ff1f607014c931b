package figures

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// ExpertVsFlexible draws the learning curves of the experts and the flexible MLP against
// training-set size and against training compute, both on log axes, marking where the
// flexible model overtakes the best missing-variable expert.
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
	if head.Crosses {
		data.VLine(fmt.Sprintf("MLP overtakes %s: %.0f rows", head.Expert, head.N), head.N, lo, hi)
	}
	data.Note("Mean test error over %d seeds (band: best and worst seed), on %d test rows; the label is 1{f(x) + noise > 0} with f a linear part, %d pairwise products and %d thresholds of the informative variables.",
		cfg.Seeds, cfg.TestSamples, cfg.Pairs, cfg.Thresholds)
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
		compute.Note("The MLP overtakes %s at %s× the data (%s rows, seeds %s) and %s× the compute (%s FLOP) at which that expert reached its plateau.",
			head.Expert, numfmt.Number(head.DataMultiple), numfmt.Number(head.N), numfmt.Range(head.NLow, head.NHigh), numfmt.Number(head.ComputeMultiple), numfmt.Number(head.FLOPs))
	} else {
		compute.Note("The MLP does not overtake %s within the grid.", head.Expert)
	}
	figs := []*Figure{data, compute}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}
