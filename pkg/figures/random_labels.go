package figures

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// RandomLabels draws the training loss of the widest net on true labels, shuffled labels and
// random pixels against steps, and train and test error of every variant against width.
func RandomLabels(r claims.RandomLabelsResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Variants) == 0 || len(cfg.Widths) == 0 {
		return nil, fmt.Errorf("figure random-labels: empty result")
	}
	widest := cfg.Widths[len(cfg.Widths)-1]
	setup := fmt.Sprintf("n = %d MNIST training images (%d×%d pixels after %d×%d pooling), Adam (learning rate %g, batches of %d), cross-entropy; %s.",
		cfg.TrainSamples, 28/cfg.Pool, 28/cfg.Pool, cfg.Pool, cfg.Pool, cfg.LR, cfg.BatchSize, overparamSeedBand(cfg.Seeds, "seed"))

	loss := New("random-labels", fmt.Sprintf("Fitting true labels, shuffled labels and random pixels (width %d)", widest),
		"Adam steps", "training loss (cross-entropy, nats)", LogY())
	for i, v := range r.Variants {
		loss.Line(Series{Name: v.Name, X: v.CurveSteps, Y: v.Curve, Low: v.CurveLow, High: v.CurveHigh}, i)
	}
	for _, v := range r.Variants {
		if v.Fitted {
			loss.Note("%s: training loss below 0.1 after %.0f steps.", v.Name, v.StepsToFit)
		} else {
			loss.Note("%s: training loss never below 0.1 within %d steps.", v.Name, cfg.Steps)
		}
	}
	loss.Note("One hidden layer of %d ReLU units (%.0f parameters per training sample). %s", widest, r.Params[len(r.Params)-1]/float64(cfg.TrainSamples), setup)

	width := New("random-labels-width", "Train and test error against width",
		"hidden units", "0-1 error (fraction misclassified)", LogX())
	x := make([]float64, len(cfg.Widths))
	for i, w := range cfg.Widths {
		x[i] = float64(w)
	}
	for i, v := range r.Variants {
		width.Line(Series{Name: v.Name + ": test", X: x, Y: v.TestError, Low: v.TestErrorLow, High: v.TestErrorHigh}, i)
		width.Line(Series{Name: v.Name + ": train", X: x, Y: v.TrainError, Low: v.TrainErrorLow, High: v.TrainErrorHigh, Dashed: true}, i)
	}
	width.HLine("chance (10 classes)", 0.9, x[0], x[len(x)-1])
	width.Note("Solid: test error on real test images with their true labels; dashed: training error on the labels trained on. %d Adam steps per net. Verdict: %s.", cfg.Steps, r.Verdict.Outcome)
	width.Note("%s", setup)

	figs := []*Figure{loss, width}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}
