package figures

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// DataCentric draws three figures: test accuracy against model size on noisy and on cleaned
// labels; the precision and recall of the label fix over the flagging margin; and what each
// path bought for the compute it spent.
func DataCentric(r claims.DataCentricResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Models) == 0 || len(r.Fixes) == 0 {
		return nil, fmt.Errorf("figure data-centric: empty result")
	}
	models := slices.Clone(r.Models)
	slices.SortStableFunc(models, func(a, b claims.DataCentricModel) int {
		switch {
		case a.Params < b.Params:
			return -1
		case a.Params > b.Params:
			return 1
		}
		return 0
	})
	var params, noisy, noisyLo, noisyHi, cleaned, cleanedLo, cleanedHi []float64
	for _, m := range models {
		params = append(params, m.Params)
		noisy, noisyLo, noisyHi = append(noisy, m.Noisy), append(noisyLo, m.NoisyLow), append(noisyHi, m.NoisyHigh)
		cleaned, cleanedLo, cleanedHi = append(cleaned, m.Cleaned), append(cleanedLo, m.CleanedLow), append(cleanedHi, m.CleanedHigh)
	}
	size := New("data-centric", fmt.Sprintf("Model size against label quality, %d training images", cfg.Samples),
		"model size (parameters)", "test accuracy (fraction correct)", LogX())
	size.Line(Series{Name: claims.DataCentricNoisy + fmt.Sprintf(" (%.0f%% flipped)", 100*cfg.NoiseRate), X: params, Y: noisy, Low: noisyLo, High: noisyHi}, 1)
	size.Line(Series{Name: claims.DataCentricCleaned, X: params, Y: cleaned, Low: cleanedLo, High: cleanedHi}, 0)
	var names []string
	for _, m := range models {
		if m.IsBase {
			size.Label(m.Params, m.Noisy, "original model", -1)
		}
		names = append(names, fmt.Sprintf("%s (%s)", m.Model, numfmt.Number(m.Params)))
	}
	size.HLine(fmt.Sprintf("original model on the true labels (%.1f%%)", 100*r.BaseTrue), r.BaseTrue, params[0], params[len(params)-1])
	size.Note("ReLU MLPs, by layer sizes (parameters): %s. Adam, early stopping on held-out labels of the same kind; mean of %d seeds, band: worst and best seed; %d test images.",
		strings.Join(names, ", "), cfg.Seeds, cfg.TestSamples)
	size.Note("Model-centric gain %+.1f points (the candidate with the best noisy validation accuracy); data-centric gain %+.1f points (the original model on cleaned labels). Verdict: %s.",
		100*r.ModelPath.Gain, 100*r.DataPath.Gain, r.Verdict.Outcome)

	fixing := New("data-centric-fixing", "Finding the wrong labels without looking at the true ones",
		"recall (share of the wrong labels flagged)", "precision (share wrong of flagged)")
	var opR, opP []float64
	for s, f := range r.Fixes {
		name := ""
		if s == 0 {
			name = fmt.Sprintf("flagging margin %.2g to %.2g, one line per seed", f.CurveMargins[0], f.CurveMargins[len(f.CurveMargins)-1])
		}
		fixing.Curve(Series{Name: name, X: f.CurveRecall, Y: f.CurvePrecision}, 0)
		opR, opP = append(opR, f.Score.Recall), append(opP, f.Score.Precision)
	}
	fixing.Scatter(Series{Name: fmt.Sprintf("the margin used (%g)", cfg.Margin), X: opR, Y: opP}, 1)
	fixing.HLine(fmt.Sprintf("flagging at random (precision = noise rate %.0f%%)", 100*cfg.NoiseRate), cfg.NoiseRate, 0, 1)
	var before, after float64
	var corrected, broken, flagged int
	for _, f := range r.Fixes {
		before += f.Score.Before / float64(len(r.Fixes))
		after += f.Score.LabelAccuracy / float64(len(r.Fixes))
		corrected, broken, flagged = corrected+f.Score.Corrected, broken+f.Score.Broken, flagged+f.Score.Flagged
	}
	fixing.Note("A label is flagged when a model that never saw its image (%d-fold cross-validation of the original model on the noisy labels) prefers another class by at least the margin; flagged rows are relabelled when that lead is ≥ %g, dropped otherwise.",
		cfg.Folds, cfg.RelabelMargin)
	fixing.Note("Over %d seeds: %d rows flagged, %d relabelled to their true class, %d correct labels changed or dropped; labels right %.1f%% → %.1f%% of the rows kept. True labels used only to draw this figure.",
		len(r.Fixes), flagged, corrected, broken, 100*before, 100*after)

	budget := New("data-centric-budget", "What each path bought for the compute it spent",
		"training compute of the path (FLOP)", "test accuracy (fraction correct)", LogX())
	var baseFLOPs float64
	for _, m := range r.Models {
		if m.IsBase {
			baseFLOPs = m.NoisyFLOPs
		}
	}
	points := []struct {
		p     claims.DataCentricPath
		style int
	}{
		{claims.DataCentricPath{Name: "original model, noisy labels", Accuracy: r.BaseNoisy, FLOPs: baseFLOPs}, 2},
		{r.ModelPath, 1},
		{r.DataPath, 0},
		{r.BestModelByTest, 3},
	}
	left, right := baseFLOPs, baseFLOPs
	for _, pt := range points {
		lo, hi := pt.p.Accuracy+pt.p.GainLow-pt.p.Gain, pt.p.Accuracy+pt.p.GainHigh-pt.p.Gain
		budget.Scatter(Series{Name: fmt.Sprintf("%s: %.1f%%", pt.p.Name, 100*pt.p.Accuracy), X: []float64{pt.p.FLOPs}, Y: []float64{pt.p.Accuracy}, Low: []float64{lo}, High: []float64{hi}}, pt.style)
		left, right = min(left, pt.p.FLOPs), max(right, pt.p.FLOPs)
	}
	// The reference spans a little more than the points, so that none sits on the frame.
	budget.HLine(fmt.Sprintf("original model on the true labels: %.1f%%", 100*r.BaseTrue), r.BaseTrue, left/3, right*3)
	budget.Note("FLOPs counted by the training loop: the model-centric path trains all %d candidates (its search); the data-centric path trains %d fold models and then the original model once.",
		len(cfg.Models), cfg.Folds)
	budget.Note("Bars: the spread of the path's gain over the seeds. The ceiling picks the candidate by its test accuracy, which no practitioner can do.")
	figs := []*Figure{size, fixing, budget}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}
