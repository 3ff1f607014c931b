package claims

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// alexNetHalvedWithin is how close to the claimed error ratio (2: "cut in half") counts as
// halved: "in half" is a round figure, so a ratio within 10% of it (at least 1.8) says it.
const alexNetHalvedWithin = 0.9

// alexnetNASNetVerdict checks the article's three numbers:
//   - "cut the error rate in half": the error ratio is at least 0.9 × 2 (halved within 10%);
//   - "more than 1,000 times as much computing": the compute ratio at the midpoint of
//     AlexNet's 5–6 days exceeds 1,000;
//   - "only a six-fold improvement came from better hardware": the peak-speed ratio of the
//     chips is within HardwareTolerance (a factor) of 6.
//
// All three: reproduced; one or two: partly reproduced; none: not reproduced.
func alexnetNASNetVerdict(r AlexNetNASNetResult) Verdict {
	cfg := r.Config
	halved := r.ErrorRatio >= alexNetHalvedWithin*cfg.ClaimedErrorRatio
	moreCompute := r.ComputeRatio > cfg.ClaimedComputeRatio
	hardware := math.Abs(math.Log(r.ChipSpeedRatio/cfg.ClaimedHardwareRatio)) <= math.Log(cfg.HardwareTolerance)
	ok := countTrue(halved, moreCompute, hardware)
	v := Verdict{
		Metric:   fmt.Sprintf("compute ratio %s → %s (processors × peak FLOP/s × time, ×)", cfg.From, cfg.To),
		Measured: r.ComputeRatio, Low: r.ComputeRatioLow, High: r.ComputeRatioHigh,
		Expected: fmt.Sprintf("error halved with more than %.0f× the compute, of which about %.0f× from faster hardware", cfg.ClaimedComputeRatio, cfg.ClaimedHardwareRatio),
		Values: map[string]float64{
			"error_ratio":             r.ErrorRatio,
			"compute_ratio":           r.ComputeRatio,
			"compute_ratio_low":       r.ComputeRatioLow,
			"compute_ratio_high":      r.ComputeRatioHigh,
			"chip_speed_ratio":        r.ChipSpeedRatio,
			"chip_count_ratio":        r.ChipCountRatio,
			"time_ratio":              r.TimeRatio,
			"more_chips_longer_ratio": r.MoreChipsLongerRatio,
			"hardware_share_of_log":   r.HardwareShare,
			"implied_k":               r.ImpliedK,
			"checks_passed":           float64(ok),
		},
	}
	v.Outcome = passedOf(ok, 3, 1)
	a, b := r.From, r.To
	n := numfmt.Number
	v.Reason = fmt.Sprintf("Top-1 error %.1f%% → %.1f%% is ×%s lower. Hardware burden %s → %s FLOP is ×%s (×%s for %s–%s days): "+
		"faster chips (%s %s → %s %s GFLOP/s peak) ×%s, more chips (%s → %s) ×%s, run time (%s → %s days) ×%s; the rest, more chips × run time, is ×%s. "+
		"Faster chips explain %.0f%% of the growth in orders of magnitude. This one pair implies k = %.1f. %s",
		a.Top1ErrorPct, b.Top1ErrorPct, n(r.ErrorRatio), n(a.HardwareBurdenFLOP), n(b.HardwareBurdenFLOP), n(r.ComputeRatio), numfmt.Range(r.ComputeRatioLow, r.ComputeRatioHigh), n(cfg.FromDaysLow), n(cfg.FromDaysHigh),
		a.Chip, n(a.ChipPeakFLOPS/1e9), b.Chip, n(b.ChipPeakFLOPS/1e9), n(r.ChipSpeedRatio), n(a.Chips), n(b.Chips), n(r.ChipCountRatio), n(a.DaysUsed), n(b.DaysUsed), n(r.TimeRatio), n(r.MoreChipsLongerRatio),
		100*r.HardwareShare, r.ImpliedK, r.EnsembleNote)
	return v
}
