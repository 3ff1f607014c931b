package figures

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedOverparamCurve is a hand-made double descent: the test error rises to a peak at the
// third-from-middle point and falls below its under-parameterised minimum at the right.
func fixedOverparamCurve(ratio, test, train, testLoss, trainLoss []float64, params float64) claims.OverparamCurve {
	band := func(y []float64, d float64) (lo, hi []float64) {
		for _, v := range y {
			lo, hi = append(lo, v*(1-d)), append(hi, v*(1+d))
		}
		return
	}
	c := claims.OverparamCurve{Samples: 100, Ratio: ratio, TestError: test, TrainError: train, TestLoss: testLoss, TrainLoss: trainLoss}
	c.TestErrorLow, c.TestErrorHigh = band(test, 0.1)
	c.TrainErrorLow, c.TrainErrorHigh = band(train, 0.1)
	c.TestLossLow, c.TestLossHigh = band(testLoss, 0.3)
	for _, r := range ratio {
		c.Params = append(c.Params, r*params)
		c.Size = append(c.Size, int(r*100))
	}
	return c
}

func fixedOverparamResult() claims.OverparameterisedGeneralisationResult {
	cfg := claims.OverparameterisedGeneralisationConfig{
		TrainSamples: 100, TestSamples: 1000, Pool: 2, LabelNoise: 0.2, Features: claims.OverparamFourier,
		FeatureSeeds: 3, Widths: []int{1, 4, 16, 64, 256}, Loss: "mse", Steps: 1000, BatchSize: 50, LR: 1e-3, MLPSeeds: 3, TestEvery: 100,
	}
	r := claims.OverparameterisedGeneralisationResult{Config: cfg, MLPFLOPs: 123456789, Verdict: claims.Verdict{Outcome: claims.Reproduced, Values: map[string]float64{
		"mlp_test_loss_best_small": 1.2, "mlp_test_loss_peak": 1.5, "mlp_test_loss_peak_params_per_sample": 3.3, "mlp_test_loss_widest": 1.0}}}
	r.RF = fixedOverparamCurve(
		[]float64{0.1, 0.3, 0.6, 1, 1.5, 3, 10, 20},
		[]float64{0.4, 0.3, 0.5, 0.85, 0.6, 0.3, 0.15, 0.12},
		[]float64{0.35, 0.2, 0.05, 0, 0, 0, 0, 0},
		[]float64{0.7, 0.6, 1.5, 400, 4, 1.2, 0.4, 0.3},
		[]float64{0.6, 0.4, 0.1, 1e-25, 1e-26, 1e-27, 1e-27, 1e-28}, 10)
	r.RFWeightNorm = []float64{0.5, 0.7, 1.5, 40, 4, 1.5, 0.5, 0.3}
	r.RFSummary = claims.OverparamSummary{Threshold: 1, BestSmallRatio: 0.3, BestSmallError: 0.3, PeakRatio: 1, PeakError: 0.85, WidestRatio: 20, WidestError: 0.12, WidestParamsPerSample: 200}
	r.MLP = fixedOverparamCurve(
		[]float64{0.2, 0.8, 3.3, 13, 53},
		[]float64{0.8, 0.35, 0.3, 0.34, 0.22},
		[]float64{0.8, 0.3, 0.005, 0, 0},
		[]float64{2, 1.2, 1.5, 1.4, 1.0},
		[]float64{2, 1.0, 0.05, 0.001, 1e-7}, 100)
	r.MLPSummary = claims.OverparamSummary{Threshold: 3.3, BestSmallRatio: 0.8, BestSmallError: 0.35, PeakRatio: 13, PeakError: 0.34, WidestRatio: 53, WidestError: 0.22, WidestParamsPerSample: 53}
	// Epoch-wise curves: the peak width's test error dips, rises and falls again.
	for i, w := range cfg.Widths {
		e := claims.OverparamEpochCurve{Width: w, ParamsPerSample: r.MLP.Ratio[i]}
		for k := 1; k <= 10; k++ {
			ep := float64(k * 50)
			bump := 0.0
			if i == 3 {
				bump = 0.1 * float64(k*(10-k)) / 25
			}
			e.Epochs = append(e.Epochs, ep)
			e.TestError = append(e.TestError, r.MLP.TestError[i]+0.3/float64(k)+bump)
		}
		r.EpochWise = append(r.EpochWise, e)
	}
	return r
}

func TestOverparameterisedGeneralisationGolden(t *testing.T) {
	figs, err := OverparameterisedGeneralisation(fixedOverparamResult())
	if len(figs) != 5 {
		t.Fatalf("%d figures, want 5", len(figs))
	}
	checkGolden(t, figs, err)
}

func fixedRandomLabelsResult() claims.RandomLabelsResult {
	cfg := claims.RandomLabelsConfig{TrainSamples: 200, TestSamples: 500, Pool: 2, Corruptions: []float64{0, 0.5, 1}, Pixels: true, Width: 64, MaxEpochs: 300, BatchSize: 50, LR: 1e-3, Seeds: 3}
	r := claims.RandomLabelsResult{Config: cfg, Params: 13258, StepsPerEpoch: 4, Verdict: claims.Verdict{Outcome: claims.Reproduced,
		Values: map[string]float64{"slowdown": 4, "slowdown_low": 3, "slowdown_high": 5}}}
	iv := func(m, d float64) claims.SeedInterval {
		return claims.SeedInterval{Seeds: 3, Mean: m, Low: m - d, High: m + d}
	}
	for i, c := range []float64{0, 0.5, 1, -1} {
		s := claims.RandomLabelsSet{Name: "x", Corruption: c}
		epochs := 20 * float64(1+3*i)
		if c < 0 {
			s.Name, s.Corruption, s.Pixels, epochs = claims.RandomLabelsPixels, 0, true, 30
		}
		for k := 1; k <= int(epochs); k++ {
			s.Curve = append(s.Curve, 2.3/(1+float64(k*k)/(epochs*epochs)*50))
		}
		s.Epochs, s.TrainError = iv(epochs, 5), iv(0.005, 0.003)
		s.TestError = iv(0.1+0.8*max(c, 0), 0.02)
		if s.Pixels {
			s.TestError = iv(0.9, 0.02)
		}
		r.Sets = append(r.Sets, s)
	}
	return r
}

func TestRandomLabelsGolden(t *testing.T) {
	figs, err := RandomLabels(fixedRandomLabelsResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want 3", len(figs))
	}
	checkGolden(t, figs, err)
}
