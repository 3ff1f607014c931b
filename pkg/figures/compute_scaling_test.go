package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedComputeScalingResult is hand-made: every run's validation error falls as a power of
// its FLOPs towards a floor set by its size; the proportional runs end on error ∝ FLOPs^(−1/3).
func fixedComputeScalingResult() claims.ComputeScalingResult {
	cfg := claims.ComputeScaling.Config(claims.Full)
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
	// The schedules read seed by seed: fixed passes near 4, early stopping near 3.
	est := func(m, half float64) claims.SeedEstimate {
		return claims.SeedEstimate{PerSeed: []float64{m - half/2, m, m + half/3}, Mean: m, Low: m - half, High: m + half}
	}
	sched := func(name string, b, e float64) claims.ComputeScalingSchedule {
		s := claims.ComputeScalingSchedule{Name: name, B: est(b, 0.4), Data: est(2.2, 0.1), EpochSlope: est(e, 0.05), Predicted: 2.2 * (2 + e)}
		for i := 0; i+1 < len(cfg.Sizes); i++ {
			s.Local = append(s.Local, claims.ComputeScalingLocal{N0: cfg.Sizes[i], N1: cfg.Sizes[i+1], B: est(b-0.8+0.8*float64(i), 0.6)})
		}
		return s
	}
	r.FixedPasses, r.EarlyStopping, r.FrontierB = sched("20 passes", 4.1, 0), sched("early stopping", 3, -0.62), est(3.4, 0.3)
	r.Fixed = fixedScalingFit([]float64{px[0] * 0.7, px[1] * 0.8, px[2] * 0.9}, 40, -0.25, 0.04, 0.45)
	return r
}

func TestComputeScalingGolden(t *testing.T) {
	figs, err := ComputeScaling(fixedComputeScalingResult())
	if len(figs) != 5 {
		t.Fatalf("%d figures, want 5", len(figs))
	}
	checkGolden(t, figs, err)
}
