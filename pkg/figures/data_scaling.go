package figures

import (
	"fmt"
	"math"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// DataScaling draws three figures: least squares' estimation error against n with its fit
// and the exact theory, the MNIST learning curve with its fit and a 1/√n line, and the data
// multiple a k-fold improvement needs by each measured exponent next to the theory's k².
func DataScaling(r claims.DataScalingResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Linear.X) == 0 || len(r.MNIST.X) == 0 || len(r.LinearTheory) != len(cfg.LinearSizes) {
		return nil, fmt.Errorf("figure data-scaling: empty or inconsistent result")
	}

	lin := New("data-scaling", "Least squares: estimation error against the number of samples",
		"samples n", "estimation error ‖b − β‖", LogX(), LogY())
	lin.Scatter(Series{Name: fmt.Sprintf("one data set (%d per n)", cfg.LinearSeeds), X: r.Linear.X, Y: r.Linear.Y}, 0)
	lin.Curve(scalingFitSeries(r.Linear, "fit: error = c·n^(%.3f), k^%.2f data (%.2f–%.2f)"), 1)
	sizes := make([]float64, len(cfg.LinearSizes))
	for i, n := range cfg.LinearSizes {
		sizes[i] = float64(n)
	}
	lin.Reference("theory: σ·√(d/(n−d−1)), slope −1/2 for n >> d", sizes, r.LinearTheory)
	lin.Note("y = x·β + σ·ε, x ~ N(0, I) in d = %d dimensions, σ = %g; b is the least-squares estimate of β. For such x, ‖b − β‖ is also the root of the excess test error. The theory is the root of E‖b − β‖² (mean of the inverse Wishart distribution); the mean of ‖b − β‖ sits slightly below it.",
		cfg.LinearDim, cfg.LinearNoise)
	lin.Note("Data exponent 1/a = %.3f (95%% bootstrap interval %.3f–%.3f); the article's k^2 is 1/a = 2. Verdict (both settings): %s.",
		r.Linear.Exponent, r.Linear.ExponentLow, r.Linear.ExponentHigh, r.Verdict.Outcome)

	mn := New("data-scaling-mnist", "MNIST: test error against training-set size",
		"training images n", "test error rate", LogX(), LogY())
	mn.Scatter(Series{Name: fmt.Sprintf("one run (%d seeds per n)", cfg.Seeds), X: r.MNIST.X, Y: r.MNIST.Y}, 0)
	// Mean of each n with its 95% t-interval over seeds, and the verdict's saturating fit.
	means := Series{Name: "mean over seeds, 95% t-interval"}
	for _, n := range cfg.Sizes {
		var ys []float64
		for i, x := range r.MNIST.X {
			if x == float64(n) {
				ys = append(ys, r.MNIST.Y[i])
			}
		}
		if len(ys) == 0 {
			continue
		}
		iv := claims.NewSeedInterval(ys)
		means.X, means.Y = append(means.X, float64(n)), append(means.Y, iv.Mean)
		means.Low, means.High = append(means.Low, iv.Low), append(means.High, iv.High)
	}
	mn.Scatter(means, 3)
	mn.Curve(scalingFitSeries(r.MNIST, "fit: error = c·n^(%.3f), k^%.2f data (%.2f–%.2f)"), 1)
	if sat := r.MNISTSaturating; sat.C > 0 {
		s := Series{Name: fmt.Sprintf("fit: error = %s + %s·n^(−%.3f), a in %.3f–%.3f (the verdict's)", numfmt.Number(sat.EInf), numfmt.Number(sat.C), sat.A, sat.ALow, sat.AHigh)}
		lo, hi := slices.Min(r.MNIST.X), slices.Max(r.MNIST.X)
		for i := 0; i <= 40; i++ {
			n := lo * math.Pow(hi/lo, float64(i)/40)
			s.X, s.Y = append(s.X, n), append(s.Y, sat.At(n))
		}
		mn.Curve(s, 2)
	}
	n0, n1 := slices.Min(r.MNIST.X), slices.Max(r.MNIST.X)
	e0 := r.MNIST.At(n0)
	ref := []float64{n0, n1}
	mn.Reference("theory: 1/√n (k^2 data), through the fit at the smallest n", ref, costmodel.TheoryErrorCurve(ref, n0, e0, costmodel.TheoryDataExponent))
	t := cfg.Training
	width := fmt.Sprintf("%d ReLU units", cfg.Width)
	if len(cfg.Widths) > 0 {
		width = fmt.Sprintf("ReLU units, the best of %v by validation loss at each n and seed,", cfg.Widths)
	}
	mn.Note("MLP with one hidden layer of %s on %d×%d average-pooled MNIST, Adam (lr %g, batches of %d), early stopping on %d held-out images; test error on %d test images.",
		width, 28/t.Pool, 28/t.Pool, t.LR, t.Batch, t.ValSamples, t.TestSamples)
	mn.Note("Data exponent 1/a = %.2f (95%% interval %.2f–%.2f): flatter than 1/√n means more than k^2 data for a k-fold improvement. Training FLOPs: %s.",
		r.MNIST.Exponent, r.MNIST.ExponentLow, r.MNIST.ExponentHigh, numfmt.Number(r.TrainFLOPs))

	mult := New("data-scaling-multiple", "Data needed for a k-fold improvement: theory and measurement",
		"improvement k (error divided by k)", "data multiple needed", LogX(), LogY())
	k := scalingImprovements(10)
	mult.Curve(scalingMultipleSeries("least squares", k, r.Linear), 1)
	mult.Curve(scalingMultipleSeries("MLP on MNIST", k, r.MNIST), 2)
	mult.Reference("theory: k^2 (Spectrum 2021)", k, scalingPowers(k, costmodel.TheoryDataExponent))
	mult.Note("Bands: the 95%% bootstrap interval of each fitted exponent. A 10-fold improvement: k^2 = 100× the data; least squares %s×, MNIST %s×.",
		numfmt.Number(math.Pow(10, r.Linear.Exponent)), numfmt.Number(math.Pow(10, r.MNIST.Exponent)))
	figs := []*Figure{lin, mn, mult}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// scalingFitSeries is the fitted power law across the range of the fit's x; name takes the
// slope, the exponent and its interval.
func scalingFitSeries(f claims.ScalingFit, name string) Series {
	x0, x1 := slices.Min(f.X), slices.Max(f.X)
	s := Series{Name: fmt.Sprintf(name, f.Slope, f.Exponent, f.ExponentLow, f.ExponentHigh)}
	for i := 0; i <= 20; i++ {
		x := x0 * math.Pow(x1/x0, float64(i)/20)
		s.X = append(s.X, x)
		s.Y = append(s.Y, f.At(x))
	}
	return s
}

// scalingMultipleSeries is k^exponent with the band of the exponent's interval.
func scalingMultipleSeries(name string, k []float64, f claims.ScalingFit) Series {
	return Series{
		Name: fmt.Sprintf("%s: k^%.2f (%.2f–%.2f)", name, f.Exponent, f.ExponentLow, f.ExponentHigh),
		X:    k, Y: scalingPowers(k, f.Exponent), Low: scalingPowers(k, f.ExponentLow), High: scalingPowers(k, f.ExponentHigh),
	}
}

// scalingImprovements is 1 … kmax, log-spaced.
func scalingImprovements(kmax float64) []float64 {
	var k []float64
	for i := 0; i <= 20; i++ {
		k = append(k, math.Pow(kmax, float64(i)/20))
	}
	return k
}

func scalingPowers(k []float64, exponent float64) []float64 {
	out := make([]float64, len(k))
	for i, x := range k {
		out[i] = costmodel.TheoryMultiple(x, exponent)
	}
	return out
}
