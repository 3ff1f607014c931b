package figures

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// RandomLabels draws Zhang et al.'s (2017) Figure 1 for our net: (a) the training loss
// against epochs for every corruption level and random pixels, (b) the epochs to fit against
// the corruption, and (c) training and test error against the corruption.
func RandomLabels(r claims.RandomLabelsResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Sets) < 2 || len(cfg.Corruptions) < 2 {
		return nil, fmt.Errorf("figure random-labels: empty result")
	}
	setup := fmt.Sprintf("n = %s MNIST training images (%d×%d pixels after %d×%d pooling), one hidden layer of %d ReLU units (%s parameters per image), Adam (learning rate %g, batches of %d, %d steps per epoch) on cross-entropy until the training error is ≤ 1%% or %d epochs; %s.",
		numfmt.Number(float64(cfg.TrainSamples)), 28/cfg.Pool, 28/cfg.Pool, cfg.Pool, cfg.Pool, cfg.Width, numfmt.Number(float64(r.Params)/float64(cfg.TrainSamples)),
		cfg.LR, cfg.BatchSize, r.StepsPerEpoch, cfg.MaxEpochs, overparamSeedBand(cfg.Seeds, "seed"))

	loss := New("random-labels", "Fitting partly and fully random labels (Zhang et al. 2017, Fig. 1a)",
		"epoch", "training loss (cross-entropy, nats)", LogY())
	for i, s := range r.Sets {
		x := make([]float64, len(s.Curve))
		for k := range x {
			x[k] = float64(k + 1)
		}
		loss.Curve(Series{Name: s.Name, X: x, Y: s.Curve, Dashed: s.Pixels}, i)
	}
	loss.Note("The first seed's mean training loss over each epoch, until its net fitted (training error ≤ 1%%) or ran out of epochs. Verdict: %s.", r.Verdict.Outcome)
	loss.Note("%s", setup)

	var x, epochs, epLo, epHi, train, trLo, trHi, test, teLo, teHi []float64
	var pixels *claims.RandomLabelsSet
	for i := range r.Sets {
		s := r.Sets[i]
		if s.Pixels {
			pixels = &r.Sets[i]
			continue
		}
		x = append(x, 100*s.Corruption)
		epochs, epLo, epHi = append(epochs, s.Epochs.Mean), append(epLo, s.Epochs.Low), append(epHi, s.Epochs.High)
		train, trLo, trHi = append(train, s.TrainError.Mean), append(trLo, s.TrainError.Low), append(trHi, s.TrainError.High)
		test, teLo, teHi = append(test, s.TestError.Mean), append(teLo, s.TestError.Low), append(teHi, s.TestError.High)
	}
	time := New("random-labels-time", "Time to fit against label corruption (Zhang et al. 2017, Fig. 1b)",
		"labels replaced by a random class (%)", "epochs to fit (training error ≤ 1%)")
	time.Line(Series{Name: "random labels", X: x, Y: epochs, Low: epLo, High: epHi}, 0)
	if pixels != nil {
		time.HLine(fmt.Sprintf("random pixels (%s epochs)", numfmt.Number(pixels.Epochs.Mean)), pixels.Epochs.Mean, x[0], x[len(x)-1])
	}
	time.Note("Epochs until the training 0-1 error (on the labels trained on) is at most 1%%; a run that never got there counts its %d epochs. Slowdown of 100%% over 0%%: %s×.",
		cfg.MaxEpochs, numfmt.Interval(r.Verdict.Values["slowdown"], r.Verdict.Values["slowdown_low"], r.Verdict.Values["slowdown_high"]))
	time.Note("%s", setup)

	errs := New("random-labels-corruption", "Train and test error against label corruption (Zhang et al. 2017, Fig. 1c)",
		"labels replaced by a random class (%)", "0-1 error (fraction misclassified)")
	errs.Line(Series{Name: "test (true test labels)", X: x, Y: test, Low: teLo, High: teHi}, 0)
	errs.Line(Series{Name: "train (labels trained on)", X: x, Y: train, Low: trLo, High: trHi, Dashed: true}, 1)
	errs.HLine("chance (10 classes)", 0.9, x[0], x[len(x)-1])
	if pixels != nil {
		errs.Note("Random pixels: %s%% training and %s%% test error.", numfmt.Number(100*pixels.TrainError.Mean), numfmt.Number(100*pixels.TestError.Mean))
	}
	errs.Note("%s", setup)

	figs := []*Figure{loss, time, errs}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}
