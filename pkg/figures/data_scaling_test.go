package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedScalingFit is a hand-made fit: y = c·x^slope at every x, with the points spread
// ±spread (as a fraction) around it alternately, and the exponent interval ±width.
func fixedScalingFit(x []float64, c, slope, spread, width float64) claims.ScalingFit {
	f := claims.ScalingFit{Slope: slope, SlopeLow: slope * 1.05, SlopeHigh: slope * 0.95, Intercept: math.Log10(c), R2: 0.98}
	f.Exponent = -1 / slope
	f.ExponentLow, f.ExponentHigh = f.Exponent-width, f.Exponent+width
	for i, xi := range x {
		y := c * math.Pow(xi, slope) * (1 + spread*float64(1-2*(i%2)))
		f.X, f.Y = append(f.X, xi), append(f.Y, y)
	}
	return f
}

func fixedDataScalingResult() claims.DataScalingResult {
	cfg := claims.DataScaling.Config(claims.Full)
	cfg.LinearSizes, cfg.LinearSeeds = []int{200, 800, 3200, 12800}, 2
	cfg.Sizes, cfg.Seeds = []int{250, 1000, 4000, 16000}, 5
	r := claims.DataScalingResult{Config: cfg, TrainFLOPs: 4.2e11,
		Verdict: claims.Verdict{Outcome: claims.Reproduced, Measured: 2.01, Low: 1.95, High: 2.07}}
	var lx, mx []float64
	for _, n := range cfg.LinearSizes {
		lx = append(lx, float64(n), float64(n))
		r.LinearTheory = append(r.LinearTheory, math.Sqrt(10/(float64(n)-11)))
	}
	for _, n := range cfg.Sizes {
		for s := 0; s < cfg.Seeds; s++ {
			mx = append(mx, float64(n))
		}
	}
	r.Linear = fixedScalingFit(lx, math.Sqrt(10), -0.5, 0.15, 0.06)
	r.MNIST = fixedScalingFit(mx, 1.2, -0.38, 0.08, 0.2)
	r.MNISTSaturating = claims.SaturatingFit{EInf: 0.015, C: 1.5, A: 0.45, ALow: 0.4, AHigh: 0.5}
	return r
}

func TestDataScalingGolden(t *testing.T) {
	figs, err := DataScaling(fixedDataScalingResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want 3", len(figs))
	}
	checkGolden(t, figs, err)
}

func TestDataScalingRejectsEmptyResult(t *testing.T) {
	if _, err := DataScaling(claims.DataScalingResult{}); err == nil {
		t.Error("an empty result drew figures")
	}
}
