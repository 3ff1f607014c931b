package claims

import (
	"fmt"
	"math"
)

// The thresholds of the four criteria are the overparam* constants of overparam_curve.go,
// where overparamSummarise reads the criteria off each curve.

// overparamVerdict applies the rule of CLAIMS.md to both curves. Four criteria:
//
//	(1) random features: a clear test-error peak (≥ 2 points above both the best N < n fit
//	    and the widest one) within a factor 2 of N = n;
//	(2) random features: the widest fit (≥ 100 parameters per sample) is at most 1 point of
//	    test error worse than the best N < n fit;
//	(3) the same for the trained MLP against its best under-parameterised width (below the
//	    width where it first fits the training labels to ≤ 1% error);
//	(4) the MLP shows a clear peak within a factor 2 of that measured threshold.
//
// Reproduced: all four. Not reproduced: neither widest model generalises as well as the best
// small one ((2) and (3) both fail). Anything else: partly reproduced. A missing MLP peak is
// common with Adam and little label noise; it is reported, not hidden.
func overparamVerdict(r OverparameterisedGeneralisationResult) Verdict {
	rf, mlp := r.RFSummary, r.MLPSummary
	v := Verdict{
		Metric:   "test error of the widest trained MLP ÷ that of the best under-parameterised MLP",
		Measured: mlp.WidestOverBestSmall, Low: mlp.WidestOverBestSmallLow, High: mlp.WidestOverBestSmallHigh,
		Expected: "≤ 1: models with far more parameters than data generalise at least as well (Spectrum 2021), after a test-error peak at the interpolation threshold N ≈ n (Belkin et al. 2019)",
		Values: map[string]float64{
			"rf_peak_ratio":                    rf.PeakRatio,
			"rf_peak_test_error":               rf.PeakError,
			"rf_best_small_ratio":              rf.BestSmallRatio,
			"rf_best_small_test_error":         rf.BestSmallError,
			"rf_widest_ratio":                  rf.WidestRatio,
			"rf_widest_test_error":             rf.WidestError,
			"rf_widest_params_per_sample":      rf.WidestParamsPerSample,
			"mlp_peak_params_per_sample":       mlp.PeakRatio,
			"mlp_peak_test_error":              mlp.PeakError,
			"mlp_best_small_params_per_sample": mlp.BestSmallRatio,
			"mlp_best_small_test_error":        mlp.BestSmallError,
			"mlp_widest_params_per_sample":     mlp.WidestRatio,
			"mlp_widest_test_error":            mlp.WidestError,
			"mlp_training_tflop":               float64(r.MLPFLOPs) / 1e12,
			"label_noise":                      r.Config.LabelNoise,
			"training_samples":                 float64(r.Config.TrainSamples),
		},
	}
	if !math.IsNaN(mlp.Threshold) {
		v.Values["mlp_interpolation_params_per_sample"] = mlp.Threshold
	}
	if i := overparamIndex(r.RF.Ratio, rf.PeakRatio); i >= 0 {
		v.Values["rf_peak_test_squared_loss"] = r.RF.TestLoss[i]
	}
	// The MLP's test loss is reported beside its 0-1 error (it does not enter the outcome):
	// the loss can peak where the error does not (Nakkiran et al. 2019 show both).
	lossBest, lossPeak := overparamPeak(r.MLP.Ratio, r.MLP.TestLoss, mlp.Threshold)
	last := len(r.MLP.TestLoss) - 1
	v.Values["mlp_test_loss_best_small"] = r.MLP.TestLoss[lossBest]
	v.Values["mlp_test_loss_peak"] = r.MLP.TestLoss[lossPeak]
	v.Values["mlp_test_loss_peak_params_per_sample"] = r.MLP.Ratio[lossPeak]
	v.Values["mlp_test_loss_widest"] = r.MLP.TestLoss[last]
	lossNote := fmt.Sprintf(" Its test %s loss rises from %.2f (best under-parameterised, %.3g per sample) to %.2f at %.3g parameters per sample and ends at %.2f at the widest.",
		r.Config.Loss, r.MLP.TestLoss[lossBest], r.MLP.Ratio[lossBest], r.MLP.TestLoss[lossPeak], r.MLP.Ratio[lossPeak], r.MLP.TestLoss[last])
	if lossPeak == lossBest {
		lossNote = fmt.Sprintf(" Its test %s loss does not rise after its best under-parameterised value either (%.2f at %.3g per sample; %.2f at the widest).",
			r.Config.Loss, r.MLP.TestLoss[lossBest], r.MLP.Ratio[lossBest], r.MLP.TestLoss[last])
	}
	var c1, c2, c3, c4 bool
	v.Outcome, c1, c2, c3, c4 = overparamJudge(rf, mlp)
	v.Values["criteria_met"] = float64(countTrue(c1, c2, c3, c4))
	// The same rule on each seed's curves alone: feature draw i with MLP seed i (draws are
	// reused cyclically when there are fewer of them), each with its own threshold.
	if seeds := len(r.MLP.PerSeedTestError); seeds > 0 && len(r.RF.PerSeedTestError) > 0 {
		v.SeedOutcomes = PerSeedOutcomes(seeds, func(i int) Outcome {
			rfi, mlpi := overparamSeedCurve(r.RF, i), overparamSeedCurve(r.MLP, i)
			o, _, _, _, _ := overparamJudge(overparamSummarise(rfi, 1), overparamSummarise(mlpi, overparamThreshold(mlpi)))
			return o
		})
	}
	mlpPeak := fmt.Sprintf("its test error peaks at %.1f%% at %.3g parameters per sample, against %.1f%% for the best under-parameterised width (%.3g per sample)",
		100*mlp.PeakError, mlp.PeakRatio, 100*mlp.BestSmallError, mlp.BestSmallRatio)
	if math.IsNaN(mlp.Threshold) {
		mlpPeak = "no width fitted its training labels to ≤ 1% error, so there is no threshold to peak at"
	} else if !mlp.ClearPeak {
		mlpPeak = fmt.Sprintf("it shows no clear peak (largest test error from the best small width on: %.1f%% at %.3g per sample, best small %.1f%%, widest %.1f%%)",
			100*mlp.PeakError, mlp.PeakRatio, 100*mlp.BestSmallError, 100*mlp.WidestError)
	}
	interp := ""
	if !math.IsNaN(mlp.Threshold) {
		interp = fmt.Sprintf(", first fits its (%.0f%% noisy) training labels at %.3g parameters per sample", 100*r.Config.LabelNoise, mlp.Threshold)
	}
	// Epoch-wise (reported, not judged): where the first seed's net at the peak width had its
	// lowest test error while training, against its error at the end.
	epochNote := ""
	for _, e := range r.EpochWise {
		if e.ParamsPerSample != mlp.PeakRatio || len(e.TestError) == 0 {
			continue
		}
		lo := 0
		for j, x := range e.TestError {
			if x < e.TestError[lo] {
				lo = j
			}
		}
		last := len(e.TestError) - 1
		v.Values["mlp_peak_width_lowest_test_error_while_training"] = e.TestError[lo]
		v.Values["mlp_peak_width_lowest_test_error_epoch"] = e.Epochs[lo]
		epochNote = fmt.Sprintf(" While training (first seed), the net at the peak width had its lowest test error, %.1f%%, at epoch %.3g, and ended at %.1f%% at epoch %.3g.",
			100*e.TestError[lo], e.Epochs[lo], 100*e.TestError[last], e.Epochs[last])
	}
	v.Reason = fmt.Sprintf("Random %s features, min-norm fit on n = %d MNIST images: test error peaks at N/n = %.3g (%.1f%%, squared loss %.3g) between %.1f%% for the best N < n (N/n = %.3g) and %.1f%% for the widest fit (N/n = %.3g, %.0f parameters per sample) [peak near N = n: %s; widest as good: %s]. The MLP (Adam, %d steps)%s; %s; the widest (%.0f parameters per sample) reaches %.1f%% test error, %.2f× the best small one's (95%% t-interval over seeds %.2f–%.2f) [widest as good: %s; peak near its threshold: %s].",
		r.Config.Features, r.Config.TrainSamples, rf.PeakRatio, 100*rf.PeakError, v.Values["rf_peak_test_squared_loss"], 100*rf.BestSmallError, rf.BestSmallRatio,
		100*rf.WidestError, rf.WidestRatio, rf.WidestParamsPerSample, yesNo(c1), yesNo(c2),
		r.Config.Steps, interp, mlpPeak, mlp.WidestParamsPerSample, 100*mlp.WidestError, mlp.WidestOverBestSmall, mlp.WidestOverBestSmallLow, mlp.WidestOverBestSmallHigh, yesNo(c3), yesNo(c4)) + lossNote + epochNote
	return v
}

// overparamJudge applies the four criteria to the summaries of the two curves: all four,
// reproduced; neither widest model generalising, not reproduced; otherwise partly.
func overparamJudge(rf, mlp OverparamSummary) (o Outcome, c1, c2, c3, c4 bool) {
	c1 = rf.ClearPeak && rf.PeakNearThreshold
	c2, c3 = rf.WidestGeneralises, mlp.WidestGeneralises
	c4 = mlp.ClearPeak && mlp.PeakNearThreshold
	switch {
	case c1 && c2 && c3 && c4:
		o = Reproduced
	case !c2 && !c3:
		o = NotReproduced
	default:
		o = PartlyReproduced
	}
	return o, c1, c2, c3, c4
}

// OverparameterisedGeneralisationRule states the overparameterised-generalisation rule from
// its constants.
func OverparameterisedGeneralisationRule() string {
	return fmt.Sprintf("Four criteria: for the random-feature model and for the MLP, the widest model (at least %d parameters per sample) has a test error at most %.0f point above the best under-parameterised one; and each curve has a clear peak (at least %.0f points above both sides) within a factor %g of its interpolation threshold (training error ≤ %.0f%%). All four: reproduced; neither widest model generalising: not reproduced; otherwise partly. Applied to the seed means and to each seed alone (feature draw i with MLP seed i).",
		overparamWide, 100*overparamTolerance, 100*overparamPeakMargin, overparamNear, 100*overparamInterpolated)
}
