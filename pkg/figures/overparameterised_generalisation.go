package figures

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// OverparameterisedGeneralisation draws the double-descent curves: test and train 0-1 error
// against model size for random-features regression and for the trained MLP, and their
// losses, with the interpolation threshold marked.
func OverparameterisedGeneralisation(r claims.OverparameterisedGeneralisationResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.RF.Ratio) == 0 || len(r.MLP.Ratio) == 0 {
		return nil, fmt.Errorf("figure overparameterised-generalisation: empty result")
	}
	rf, mlp := r.RF, r.MLP
	data := fmt.Sprintf("n = %d MNIST training images (%d×%d pixels after %d×%d pooling), %.0f%% of their labels replaced by a wrong class; %d test images.",
		cfg.TrainSamples, 28/cfg.Pool, 28/cfg.Pool, cfg.Pool, cfg.Pool, 100*cfg.LabelNoise, cfg.TestSamples)

	rfErr := New("overparameterised-generalisation", fmt.Sprintf("Double descent: random %s features, min-norm least squares", cfg.Features),
		"random features per training sample, N/n", "0-1 error (fraction misclassified)", LogX())
	overparamErrorCurves(rfErr, rf)
	rfErr.VLine("interpolation threshold N = n", 1, 0, 1)
	s := r.RFSummary
	rfErr.Note("Test error peaks at N/n = %.3g (%.1f%%); best N < n: %.1f%% at N/n = %.3g; widest: %.1f%% at N/n = %.3g (%.0f parameters per sample, K = 10 outputs × N); %s. Verdict: %s.",
		s.PeakRatio, 100*s.PeakError, 100*s.BestSmallError, s.BestSmallRatio, 100*s.WidestError, s.WidestRatio, s.WidestParamsPerSample, overparamSeedBand(cfg.FeatureSeeds, "feature draw"), r.Verdict.Outcome)
	rfErr.Note("%s", data)

	rfLoss := New("overparameterised-generalisation-rf-loss", "Squared loss of the min-norm random-features fit",
		"random features per training sample, N/n", "squared loss per image (sum over 10 outputs)", LogX(), LogY())
	rfLoss.Line(Series{Name: "test", X: rf.Ratio, Y: rf.TestLoss, Low: rf.TestLossLow, High: rf.TestLossHigh}, 0)
	var tx, ty []float64
	for i, l := range rf.TrainLoss {
		if l >= overparamLossFloor {
			tx, ty = append(tx, rf.Ratio[i]), append(ty, l)
		}
	}
	rfLoss.Line(Series{Name: "train", X: tx, Y: ty, Dashed: true}, 1)
	lo, hi := overparamRange(rf.TestLossLow, rf.TestLossHigh, ty)
	rfLoss.VLine("interpolation threshold N = n", 1, lo, hi)
	if len(tx) < len(rf.TrainLoss) {
		rfLoss.Note("Training loss below %s (the fit interpolates, N ≥ n) is not drawn.", numfmt.Number(overparamLossFloor))
	}
	if len(r.RFWeightNorm) > 0 {
		i := overparamArgmax(r.RFWeightNorm)
		rfLoss.Note("The fit's norm ‖W‖ is largest, %.3g, at N/n = %.3g (%.3g at the widest): the min-norm interpolant is forced to be rough where it is unique.",
			r.RFWeightNorm[i], rf.Ratio[i], r.RFWeightNorm[len(r.RFWeightNorm)-1])
	}

	mlpErr := New("overparameterised-generalisation-mlp", "Double descent: one-hidden-layer MLP trained by Adam",
		"parameters per training sample, P/n", "0-1 error (fraction misclassified)", LogX())
	overparamErrorCurves(mlpErr, mlp)
	m := r.MLPSummary
	if !math.IsNaN(m.Threshold) {
		mlpErr.VLine("interpolation threshold (train error first ≤ 1%)", m.Threshold, 0, 1)
	}
	if cfg.Loss == "mse" || cfg.Loss == "squared" {
		// Belkin et al. (2019, PNAS, Fig. 3): with squared loss on K outputs the threshold
		// sits near P = n·K, where the parameters first match the n·K targets.
		mlpErr.VLine("P = n·K (Belkin et al. 2019, Fig. 3)", 10, 0, 1)
	}
	peak := fmt.Sprintf("largest from there on %.1f%% at P/n = %.3g", 100*m.PeakError, m.PeakRatio)
	if m.PeakRatio == m.BestSmallRatio {
		peak = "no rise after it"
	}
	mlpErr.Note("Widths %d to %d, %d Adam steps of %d images (learning rate %g, %s loss); %s. Test error: best under-parameterised %.1f%% at P/n = %.3g, %s, widest %.1f%% at P/n = %.3g.",
		cfg.Widths[0], cfg.Widths[len(cfg.Widths)-1], cfg.Steps, cfg.BatchSize, cfg.LR, cfg.Loss, overparamSeedBand(cfg.MLPSeeds, "seed"),
		100*m.BestSmallError, m.BestSmallRatio, peak, 100*m.WidestError, m.WidestRatio)
	if math.IsNaN(m.Threshold) {
		mlpErr.Note("No width fitted its training labels to ≤ 1%% error within the step budget, so there is no interpolation threshold to mark.")
	}
	mlpErr.Note("%s Training error is measured on the noisy labels trained on.", data)

	// A linear loss axis: the test loss moves by tens of percent, which a log axis spanning
	// the training loss's decades would flatten.
	mlpLoss := New("overparameterised-generalisation-mlp-loss", "Loss of the trained MLP",
		"parameters per training sample, P/n", fmt.Sprintf("%s loss per image", cfg.Loss), LogX())
	mlpLoss.Line(Series{Name: "test", X: mlp.Ratio, Y: mlp.TestLoss, Low: mlp.TestLossLow, High: mlp.TestLossHigh}, 0)
	mlpLoss.Line(Series{Name: "train", X: mlp.Ratio, Y: mlp.TrainLoss, Dashed: true}, 1)
	if !math.IsNaN(m.Threshold) {
		_, hi := overparamRange(mlp.TestLossHigh, mlp.TrainLoss)
		mlpLoss.VLine("interpolation threshold (train error first ≤ 1%)", m.Threshold, 0, hi)
	}
	if v, ok := r.Verdict.Values["mlp_test_loss_peak"]; ok {
		mlpLoss.Note("Test loss: %.2f at the best under-parameterised width, %.2f at P/n = %.3g, %.2f at the widest.",
			r.Verdict.Values["mlp_test_loss_best_small"], v, r.Verdict.Values["mlp_test_loss_peak_params_per_sample"], r.Verdict.Values["mlp_test_loss_widest"])
	}
	mlpLoss.Note("%s training FLOPs in all (%d nets), counted by the training loop.", numfmt.Number(float64(r.MLPFLOPs)), len(cfg.Widths)*cfg.MLPSeeds)

	figs := []*Figure{rfErr, rfLoss, mlpErr, mlpLoss}
	if ew := overparamEpochWise(r); ew != nil {
		figs = append(figs, ew)
	}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// overparamLossFloor is the smallest loss drawn on a log axis: an interpolating fit's
// training loss is 10⁻²⁰ or so, rounding error rather than a measurement.
const overparamLossFloor = 1e-6

// overparamErrorCurves draws a curve's test error (solid) and train error (dashed) with bands.
func overparamErrorCurves(f *Figure, c claims.OverparamCurve) {
	f.Line(Series{Name: "test error", X: c.Ratio, Y: c.TestError, Low: c.TestErrorLow, High: c.TestErrorHigh}, 0)
	f.Line(Series{Name: "train error", X: c.Ratio, Y: c.TrainError, Low: c.TrainErrorLow, High: c.TrainErrorHigh, Dashed: true}, 1)
}

// overparamRange returns the smallest and largest positive value of the slices, for a
// reference line that spans the data on a log axis.
func overparamRange(xs ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		for _, v := range x {
			if v > 0 && !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return 1, 10
	}
	return lo, hi
}

func overparamArgmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// overparamSeedBand says what a band spans: a 95% Student-t interval over n runs (what names
// a run: "seed", "feature draw").
func overparamSeedBand(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("one %s, no band", what)
	}
	return fmt.Sprintf("band: 95%% t-interval over %d %ss", n, what)
}

// overparamEpochWise draws the first seed's test error against epochs for three widths: the
// best under-parameterised one, the one at the test-error peak (or the interpolation
// threshold when there is no peak) and the widest (Nakkiran et al. 2019, Fig. 2: epoch-wise
// double descent shows near and above the threshold). Nil without curves.
func overparamEpochWise(r claims.OverparameterisedGeneralisationResult) *Figure {
	if len(r.EpochWise) == 0 {
		return nil
	}
	m := r.MLPSummary
	pick := map[int]string{}
	var order []int
	add := func(ratio float64, why string) {
		for i, e := range r.EpochWise {
			if e.ParamsPerSample == ratio {
				if _, ok := pick[i]; !ok {
					order = append(order, i)
					pick[i] = why
				}
				return
			}
		}
	}
	add(m.BestSmallRatio, "best under-parameterised")
	if m.PeakRatio != m.BestSmallRatio {
		add(m.PeakRatio, "test-error peak")
	} else if !math.IsNaN(m.Threshold) {
		add(m.Threshold, "interpolation threshold")
	}
	add(r.EpochWise[len(r.EpochWise)-1].ParamsPerSample, "widest")
	f := New("overparameterised-generalisation-epochwise", "Test error as the MLP trains (epoch-wise)",
		"epochs", "test 0-1 error (fraction misclassified)", LogX())
	for k, i := range order {
		e := r.EpochWise[i]
		f.Curve(Series{Name: fmt.Sprintf("width %d (%s per sample, %s)", e.Width, numfmt.Number(e.ParamsPerSample), pick[i]), X: e.Epochs, Y: e.TestError}, k)
	}
	for _, i := range order {
		e := r.EpochWise[i]
		if len(e.TestError) == 0 {
			continue
		}
		lo := 0
		for j, v := range e.TestError {
			if v < e.TestError[lo] {
				lo = j
			}
		}
		f.Note("Width %d: lowest test error %s%% at epoch %s, %s%% at the end (epoch %s).", e.Width,
			numfmt.Number(100*e.TestError[lo]), numfmt.Number(e.Epochs[lo]), numfmt.Number(100*e.TestError[len(e.TestError)-1]), numfmt.Number(e.Epochs[len(e.Epochs)-1]))
	}
	f.Note("The first seed's nets, test error recorded every %d steps. Epoch-wise double descent (Nakkiran et al. 2019, Fig. 2) would show as a test error that falls, rises and falls again during training.", r.Config.TestEvery)
	return f
}
