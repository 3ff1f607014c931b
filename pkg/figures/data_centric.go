package figures

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// DataCentric draws five figures: each path's gain against the training-set size, per noise
// rate; the data-centric lead against the size, the verdict's trend; and, at the headline
// cell, test accuracy against model size, the precision and recall of the label fix over the
// flagging margin, and what each path bought for the compute it spent.
func DataCentric(r claims.DataCentricResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Models) == 0 || len(r.Fixes) == 0 || len(r.Cells) != len(cfg.Sizes)*len(cfg.NoiseRates) || len(r.Trend.Lead) != len(cfg.Sizes) {
		return nil, fmt.Errorf("figure data-centric: empty result")
	}
	gains, lead := dataCentricSizeFigures(r)
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
	var params, noisy, noisyLo, noisyHi []float64
	for _, m := range models {
		params = append(params, m.Params)
		noisy, noisyLo, noisyHi = append(noisy, m.Noisy), append(noisyLo, m.NoisyLow), append(noisyHi, m.NoisyHigh)
	}
	size := New("data-centric-models", fmt.Sprintf("Model size against label quality, %d training images", r.Samples),
		"model size (parameters)", "test accuracy (fraction correct)", LogX())
	size.Line(Series{Name: claims.DataCentricNoisy + fmt.Sprintf(" (%.0f%% flipped)", 100*r.NoiseRate), X: params, Y: noisy, Low: noisyLo, High: noisyHi}, 1)
	var names []string
	for _, m := range models {
		if m.IsBase {
			size.Label(m.Params, m.Noisy, "original model", -1)
			size.Scatter(Series{Name: claims.DataCentricCleaned + ", original model", X: []float64{m.Params}, Y: []float64{m.Cleaned}, Low: []float64{m.CleanedLow}, High: []float64{m.CleanedHigh}}, 0)
		}
		names = append(names, fmt.Sprintf("%s (%s)", m.Model, numfmt.Number(m.Params)))
	}
	size.HLine(fmt.Sprintf("original model on the true labels (%.1f%%)", 100*r.BaseTrue), r.BaseTrue, params[0], params[len(params)-1])
	size.Note("ReLU MLPs, by layer sizes (parameters): %s. Adam, early stopping on held-out labels of the same kind; mean of %d seeds, band: 95%% t-interval; %d test images. The cleaned labels train the original model only.",
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
	fixing.HLine(fmt.Sprintf("flagging at random (precision = noise rate %.0f%%)", 100*r.NoiseRate), r.NoiseRate, 0, 1)
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
	if cfg.RobustQ > 0 {
		points = append(points, struct {
			p     claims.DataCentricPath
			style int
		}{r.RobustPath, 4})
	}
	left, right := baseFLOPs, baseFLOPs
	for _, pt := range points {
		lo, hi := pt.p.Accuracy+pt.p.GainLow-pt.p.Gain, pt.p.Accuracy+pt.p.GainHigh-pt.p.Gain
		budget.Scatter(Series{Name: fmt.Sprintf("%s: %.1f%%", pt.p.Name, 100*pt.p.Accuracy), X: []float64{pt.p.FLOPs}, Y: []float64{pt.p.Accuracy}, Low: []float64{lo}, High: []float64{hi}}, pt.style)
		left, right = min(left, pt.p.FLOPs), max(right, pt.p.FLOPs)
	}
	// The reference spans a little more than the points, so that none sits on the frame.
	budget.HLine(fmt.Sprintf("original model on the true labels: %.1f%%", 100*r.BaseTrue), r.BaseTrue, left/3, right*3)
	budget.Note("At %d images, %.0f%% noise. FLOPs counted by the training loop: the model-centric path trains all %d candidates and the GCE loss (its search); the data-centric path trains %d fold models and then the original model once.",
		r.Samples, 100*r.NoiseRate, len(cfg.Models), cfg.Folds)
	budget.Note("Bars: 95%% t-interval of the path's gain over the seeds. The ceiling picks the candidate by its test accuracy, which no practitioner can do.")
	figs := []*Figure{gains, lead, size, fixing, budget}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// dataCentricSizeFigures draws the gains of the paths against the size, per noise rate, and
// the data-centric lead against the size.
func dataCentricSizeFigures(r claims.DataCentricResult) (gains, lead *Figure) {
	cfg := r.Config
	nr := len(cfg.NoiseRates)
	gains = New("data-centric", "Gain over the original model on noisy labels, by training-set size",
		"noisy training images (n)", "test-accuracy gain (points)", LogX())
	for j, rate := range cfg.NoiseRates {
		var n, dg, dl, dh, mg, ml, mh, rg, rl, rh []float64
		for i, size := range cfg.Sizes {
			c := r.Cells[i*nr+j]
			n = append(n, float64(size))
			dg, dl, dh = append(dg, 100*c.DataPath.Gain), append(dl, 100*c.DataPath.GainLow), append(dh, 100*c.DataPath.GainHigh)
			mg, ml, mh = append(mg, 100*c.ModelPath.Gain), append(ml, 100*c.ModelPath.GainLow), append(mh, 100*c.ModelPath.GainHigh)
			rg, rl, rh = append(rg, 100*c.RobustPath.Gain), append(rl, 100*c.RobustPath.GainLow), append(rh, 100*c.RobustPath.GainHigh)
		}
		gains.Line(Series{Name: fmt.Sprintf("%.0f%% noise: cleaned labels", 100*rate), X: n, Y: dg, Low: dl, High: dh}, j)
		gains.Line(Series{Name: fmt.Sprintf("%.0f%% noise: best model on noisy validation", 100*rate), X: n, Y: mg, Low: ml, High: mh, Dashed: true}, j)
		if cfg.RobustQ > 0 {
			gains.Scatter(Series{Name: fmt.Sprintf("%.0f%% noise: GCE loss alone", 100*rate), X: n, Y: rg, Low: rl, High: rh}, j)
		}
	}
	gains.HLine("no gain", 0, float64(cfg.Sizes[0]), float64(cfg.Sizes[len(cfg.Sizes)-1]))
	gains.Note("Solid: the original model (%s) on labels cleaned by %d-fold cross-validation; dashed: the best on noisy validation labels of %d larger/deeper MLPs and the original model trained with the generalised cross-entropy (GCE, q = %v; Zhang & Sabuncu 2018); markers: GCE alone. Mean of %d seeds, bands and bars: 95%% t-interval.",
		r.BaseModel, cfg.Folds, len(cfg.Models), cfg.RobustQ, cfg.Seeds)
	gains.Note("%s images; labels flipped to look-alike classes; %d clean test images. Verdict: %s.", dataCentricFigureDataset(cfg.Dataset), cfg.TestSamples, r.Verdict.Outcome)

	t := r.Trend
	lead = New("data-centric-lead", "Does fixing the data matter most when data are small?",
		"noisy training images (n)", "data-centric gain − model-centric gain (points)", LogX())
	var l, lo, hi []float64
	for _, iv := range t.Lead {
		l, lo, hi = append(l, 100*iv.Mean), append(lo, 100*iv.Low), append(hi, 100*iv.High)
	}
	lead.Line(Series{Name: "averaged over the noise rates", X: t.Sizes, Y: l, Low: lo, High: hi}, 0)
	for j, rate := range cfg.NoiseRates {
		var y []float64
		for i := range cfg.Sizes {
			c := r.Cells[i*nr+j]
			y = append(y, 100*(c.DataPath.Gain-c.ModelPath.Gain))
		}
		lead.Scatter(Series{Name: fmt.Sprintf("%.0f%% noise", 100*rate), X: t.Sizes, Y: y}, j+1)
	}
	lead.HLine("no lead", 0, t.Sizes[0], t.Sizes[len(t.Sizes)-1])
	lead.Note("Mean of %d seeds, band: 95%% t-interval. Slope against log10 n: %+.1f points per tenfold n (95%% interval %+.1f to %+.1f); the claim expects it below zero.",
		cfg.Seeds, 100*t.Slope.Mean, 100*t.Slope.Low, 100*t.Slope.High)
	return gains, lead
}

func dataCentricFigureDataset(s string) string {
	if s == "fashion" {
		return "Fashion-MNIST"
	}
	return "MNIST"
}
