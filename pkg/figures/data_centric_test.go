package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// fixedDataCentricResult is hand-made: bigger models gain a point on noisy labels, cleaned
// labels gain six, and the fix's precision falls as its recall rises.
func fixedDataCentricResult() claims.DataCentricResult {
	cfg := claims.DataCentricConfig{Sizes: []int{1000, 4000, 16000}, TestSamples: 5000, NoiseRates: []float64{0.2, 0.4}, Base: []int{100},
		Models: [][]int{{100}, {400}, {100, 100}}, Folds: 5, Margin: 0, RelabelMargin: 0.5, Seeds: 5, RobustQ: 0.7}
	r := claims.DataCentricResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.Reproduced}}
	r.Samples, r.NoiseRate, r.BaseModel, r.BaseNoisy, r.BaseTrue = 1000, 0.4, "784-100-10", 0.82, 0.91
	r.Models = []claims.DataCentricModel{
		{Model: "784-100-10", Params: 79510, Noisy: 0.82, NoisyLow: 0.81, NoisyHigh: 0.83, Cleaned: 0.88, CleanedLow: 0.87, CleanedHigh: 0.89, NoisyFLOPs: 1e10, IsBase: true},
		{Model: "784-400-10", Params: 318010, Noisy: 0.83, NoisyLow: 0.82, NoisyHigh: 0.84, Cleaned: math.NaN(), CleanedLow: math.NaN(), CleanedHigh: math.NaN(), NoisyFLOPs: 4e10},
		{Model: "784-100-100-10", Params: 89610, Noisy: 0.81, NoisyLow: 0.79, NoisyHigh: 0.83, Cleaned: math.NaN(), CleanedLow: math.NaN(), CleanedHigh: math.NaN(), NoisyFLOPs: 1.2e10},
	}
	for s := 0; s < 2; s++ {
		r.Fixes = append(r.Fixes, claims.DataCentricFix{Seed: s,
			Score:        datasets.LabelNoiseScore{Flagged: 1000, Noisy: 900, TruePositives: 750, Precision: 0.75, Recall: 0.83, Corrected: 500, Broken: 250, LabelAccuracy: 0.9, Before: 0.7},
			CurveMargins: []float64{0, 0.25, 0.5, 0.75}, CurvePrecision: []float64{0.75, 0.82, 0.9, 0.95 - 0.02*float64(s)}, CurveRecall: []float64{0.83, 0.65, 0.4, 0.15}})
	}
	r.ModelPath = claims.DataCentricPath{Name: "model-centric: best candidate on noisy validation", Accuracy: 0.83, Gain: 0.01, GainLow: 0, GainHigh: 0.02, FLOPs: 6.2e10}
	r.DataPath = claims.DataCentricPath{Name: "data-centric: cleaned labels, original model", Accuracy: 0.88, Gain: 0.06, GainLow: 0.05, GainHigh: 0.07, FLOPs: 5e10}
	r.BestModelByTest = claims.DataCentricPath{Name: "model-centric ceiling: best candidate on test", Accuracy: 0.835, Gain: 0.015, GainLow: 0.01, GainHigh: 0.02, FLOPs: 6.2e10}
	r.RobustPath = claims.DataCentricPath{Name: "noise-robust loss (GCE), original model", Accuracy: 0.84, Gain: 0.02, GainLow: 0.01, GainHigh: 0.03, FLOPs: 1e10}
	// The grid: the data fix gains 6 points at 1,000 images and less with more; the model
	// search a steady point; GCE two.
	for i, n := range cfg.Sizes {
		for _, rate := range cfg.NoiseRates {
			c := r.DataCentricCell
			c.Samples, c.NoiseRate = n, rate
			d := (0.06 - 0.02*float64(i)) * rate / 0.3
			c.DataPath = claims.DataCentricPath{Gain: d, GainLow: d - 0.01, GainHigh: d + 0.01}
			c.ModelPath = claims.DataCentricPath{Gain: 0.01, GainLow: 0, GainHigh: 0.02}
			c.RobustPath = claims.DataCentricPath{Gain: 0.02 * rate / 0.3, GainLow: 0.01, GainHigh: 0.03}
			r.Cells = append(r.Cells, c)
		}
		l := 0.05 - 0.02*float64(i)
		r.Trend.Sizes = append(r.Trend.Sizes, float64(n))
		r.Trend.Lead = append(r.Trend.Lead, claims.SeedInterval{Seeds: 5, Mean: l, Low: l - 0.01, High: l + 0.01})
	}
	r.Trend.Slope = claims.SeedInterval{Seeds: 5, Mean: -0.033, Low: -0.045, High: -0.021}
	return r
}

func TestDataCentricGolden(t *testing.T) {
	figs, err := DataCentric(fixedDataCentricResult())
	if len(figs) != 5 {
		t.Fatalf("%d figures, want 5", len(figs))
	}
	checkGolden(t, figs, err)
}
