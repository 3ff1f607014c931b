package claims

import (
	"math"
)

// OverparamCurve is test and train error against model size for one kind of model, averaged
// over seeds (feature draws for random features; initialisations and batch orders for the
// MLP), with a 95% Student-t interval over seeds as a band (NewSeedInterval).
type OverparamCurve struct {
	Model   string
	Samples int // n, the training samples
	// Size is the number of random features N, or the MLP's hidden width.
	Size []int
	// Params is the number of fitted parameters: K·N for K outputs of N features each, or
	// the MLP's weights and biases.
	Params []float64
	// Ratio is the x axis: N/n for random features (each output's parameters per training
	// sample, so the interpolation threshold is at 1), parameters/n for the MLP.
	Ratio []float64
	// Errors are 0-1 errors; losses are squared loss (summed over outputs) for random
	// features and the training loss (cross-entropy or squared) for the MLP.
	TrainError, TestError, TrainLoss, TestLoss             []float64
	TrainErrorLow, TrainErrorHigh                          []float64
	TestErrorLow, TestErrorHigh, TestLossLow, TestLossHigh []float64
	// PerSeedTestError[s][i] is seed s's test error at size i; PerSeedTrainError the same
	// for the training error (nil: the verdict reads the mean for every seed).
	PerSeedTestError, PerSeedTrainError [][]float64
}

// overparamSeedCurve returns the curve as seed s alone measured it (errors only: the
// verdict reads nothing else), for the per-seed verdicts.
func overparamSeedCurve(c OverparamCurve, s int) OverparamCurve {
	out := c
	out.TestError = c.PerSeedTestError[s%len(c.PerSeedTestError)]
	out.PerSeedTestError = [][]float64{out.TestError}
	if len(c.PerSeedTrainError) > 0 {
		out.TrainError = c.PerSeedTrainError[s%len(c.PerSeedTrainError)]
		out.PerSeedTrainError = [][]float64{out.TrainError}
	}
	return out
}

// overparamThreshold is the smallest x whose training error is at most
// overparamInterpolated: where the model first fits its (noisy) training labels; NaN if none.
func overparamThreshold(c OverparamCurve) float64 {
	for i, e := range c.TrainError {
		if e <= overparamInterpolated {
			return c.Ratio[i]
		}
	}
	return math.NaN()
}

// overparamAggregate averages per-seed values (seeds × sizes) into means and 95% t-interval
// bands over seeds (one seed: the band is the value itself), clipped to [0, hi]: errors
// (hi 1) and losses and norms (hi +Inf) are never negative.
func overparamAggregate(perSeed [][]float64, hi float64) (mean, low, high []float64) {
	n := len(perSeed[0])
	mean, low, high = make([]float64, n), make([]float64, n), make([]float64, n)
	col := make([]float64, len(perSeed))
	for i := 0; i < n; i++ {
		for s, row := range perSeed {
			col[s] = row[i]
		}
		iv := NewSeedInterval(col).Within(0, hi)
		mean[i], low[i], high[i] = iv.Mean, iv.Low, iv.High
	}
	return mean, low, high
}

// OverparamSummary is what the verdict reads off one curve (seed-mean test 0-1 error).
type OverparamSummary struct {
	// Threshold is the interpolation threshold on the curve's x axis: N/n = 1 for random
	// features (theory: N features fit n points exactly once N ≥ n), and for the MLP the
	// smallest parameters/n whose mean training error is at most overparamInterpolated (NaN
	// when no width got there).
	Threshold float64
	// The best under-parameterised model (x < Threshold), the peak (largest test error from
	// the best small model onwards) and the widest model, each as x and test error.
	BestSmallRatio, BestSmallError float64
	PeakRatio, PeakError           float64
	WidestRatio, WidestError       float64
	// WidestParamsPerSample is the widest model's parameters per training sample (K·N/n for
	// random features).
	WidestParamsPerSample float64
	// ClearPeak: the peak stands at least overparamPeakMargin above both the best small model
	// and the widest one. PeakNearThreshold: it lies within a factor overparamNear of the
	// threshold. WidestGeneralises: the widest model has at least overparamWide× more
	// parameters than samples and a test error at most overparamTolerance above the best
	// small model's.
	ClearPeak, PeakNearThreshold, WidestGeneralises bool
	// WidestOverBestSmall is the widest model's test error divided by the best small model's;
	// Low and High are the 95% t-interval of the same ratio seed by seed.
	WidestOverBestSmall, WidestOverBestSmallLow, WidestOverBestSmallHigh float64
}

// Thresholds of the verdict (see overparamSummarise).
const (
	overparamInterpolated = 0.01 // "fits the training set": mean training 0-1 error ≤ 1%
	overparamPeakMargin   = 0.02 // a peak must rise ≥ 2 points of test error above both sides
	overparamNear         = 2.0  // "near the threshold": within a factor 2 either way
	overparamWide         = 100  // "far more parameters than data": ≥ 100 per sample
	overparamTolerance    = 0.01 // "as well as": at most 1 point of test error worse
)

// overparamSummarise reads the verdict's numbers off a curve whose interpolation threshold
// is threshold (NaN: the models never interpolated, so every model but the widest counts as
// small and no peak can be placed).
func overparamSummarise(c OverparamCurve, threshold float64) OverparamSummary {
	s := OverparamSummary{Threshold: threshold}
	last := len(c.Ratio) - 1
	best, peak := overparamPeak(c.Ratio, c.TestError, threshold)
	s.BestSmallRatio, s.BestSmallError = c.Ratio[best], c.TestError[best]
	s.PeakRatio, s.PeakError = c.Ratio[peak], c.TestError[peak]
	s.WidestRatio, s.WidestError = c.Ratio[last], c.TestError[last]
	s.WidestParamsPerSample = c.Params[last] / float64(c.Samples)
	s.ClearPeak = !math.IsNaN(threshold) && s.PeakError-s.BestSmallError >= overparamPeakMargin && s.PeakError-s.WidestError >= overparamPeakMargin
	s.PeakNearThreshold = s.ClearPeak && s.PeakRatio >= threshold/overparamNear && s.PeakRatio <= threshold*overparamNear
	s.WidestGeneralises = s.WidestParamsPerSample >= overparamWide && s.WidestError <= s.BestSmallError+overparamTolerance
	// A test error of 0 is floored at 0.1% so that the ratio stays finite.
	ratio := func(widest, small float64) float64 { return max(widest, 1e-3) / max(small, 1e-3) }
	s.WidestOverBestSmall = ratio(s.WidestError, s.BestSmallError)
	s.WidestOverBestSmallLow, s.WidestOverBestSmallHigh = s.WidestOverBestSmall, s.WidestOverBestSmall
	if len(c.PerSeedTestError) > 1 {
		var per []float64
		for _, e := range c.PerSeedTestError {
			per = append(per, ratio(e[last], e[best]))
		}
		iv := NewSeedInterval(per).Within(0, math.Inf(1))
		s.WidestOverBestSmallLow, s.WidestOverBestSmallHigh = iv.Low, iv.High
	}
	return s
}

// overparamPeak returns the index of the smallest y among the models below threshold (all but
// the last when threshold is NaN; the first when none is below) and the index of the largest
// y from there to the end.
func overparamPeak(ratio, y []float64, threshold float64) (best, peak int) {
	last := len(ratio) - 1
	best = -1
	for i := 0; i < last; i++ {
		if (math.IsNaN(threshold) || ratio[i] < threshold) && (best < 0 || y[i] < y[best]) {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	peak = best
	for i := best; i <= last; i++ {
		if y[i] > y[peak] {
			peak = i
		}
	}
	return best, peak
}
