package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedComputeScalingResult is hand-made: every run's validation error falls as a power of
// its FLOPs towards a floor set by its size; the proportional runs end on error ∝ FLOPs^(−1/3).
func fixedComputeScalingResult() claims.ComputeScalingResult {
	cfg := claims.ComputeScaling.Config(false)
	cfg.Sizes, cfg.Seeds, cfg.FrontierSpan = []int{500, 2000, 8000}, 1, 1
	widths := cfg.Widths()
	r := claims.ComputeScalingResult{Config: cfg, TrainFLOPs: 9.9e11,
		Verdict: claims.Verdict{Outcome: claims.NotReproduced}}
	perSample := []float64{3.2, 3.3, 3.2} // parameters per image of the proportional runs
	var px []float64
	for i, n := range cfg.Sizes {
		for w := range widths {
			if w != i && (w-i > cfg.FrontierSpan || i-w > cfg.FrontierSpan) {
				continue
			}
			run := claims.ScalingRun{N: n, Width: widths[w], Proportional: w == i}
			if run.Proportional {
				run.Params = int(math.Round(perSample[i] * float64(n)))
			}
			floor := 0.5 * math.Pow(float64(n), -0.3) * (1 + 0.2*math.Abs(float64(w-i)))
			scale := 2e4 * float64(widths[w]) * float64(n)
			for s := 1.0; s < 60; s *= 1.5 {
				f := scale * s
				run.FLOPs = append(run.FLOPs, f)
				run.ValError = append(run.ValError, floor+0.8/s)
			}
			run.BestFLOPs = run.FLOPs[len(run.FLOPs)-3]
			run.TestError = floor * 1.05
			r.Runs = append(r.Runs, run)
			if run.Proportional {
				px = append(px, run.BestFLOPs)
			}
		}
	}
	r.Proportional = fixedScalingFit(px, 40, -1.0/3, 0.05, 0.4)
	r.FitFrom, r.FitTo = px[0], px[len(px)-1]
	fx := []float64{px[0], px[0] * 3, px[1], px[1] * 3, px[2]}
	r.Frontier = fixedScalingFit(fx, 30, -0.3, 0.03, 0.5)
	r.EnvelopeFLOPs = append([]float64{px[0] / 20, px[0] / 5}, fx...)
	r.EnvelopeError = append([]float64{0.6, 0.3}, r.Frontier.Y...)
	return r
}

func TestComputeScalingGolden(t *testing.T) {
	figs, err := ComputeScaling(fixedComputeScalingResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want 3", len(figs))
	}
	checkGolden(t, figs, err)
}
