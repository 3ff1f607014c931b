package claims

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// The rule, fixed before the numbers. Each reading checks the article's three numbers:
//   - "cut the error rate in half": the error ratio is at least alexnetHalvedShare × 2;
//   - "more than 1,000 times as much computing": the compute ratio exceeds 1,000;
//   - "only a six-fold improvement came from better hardware": the chips' peak-speed ratio
//     is within HardwareTolerance (a factor) of 6.
//
// All three: reproduced; one or two: partly reproduced; none: not reproduced. The verdict's
// outcome is the article's reading's; the other reading is reported beside it.
const (
	// alexnetHalvedShare: "in half" is a round number; a ratio within 10% of 2 (≥ 1.8) counts,
	// so 40% → 22% (×1.8) is "halved" and 40% → 25% (×1.6) is not.
	alexnetHalvedShare = 0.9
	// alexnetHardwareTolerance: "six-fold" is a whole number; ratios that round to 6 (5.55–6.48)
	// count.
	alexnetHardwareTolerance = 1.08
)

// AlexNetNASNetRule states the verdict rule in words, from the same constants.
func AlexNetNASNetRule() string {
	return fmt.Sprintf("For each reading: the error ratio is at least %.1f (\"in half\", within 10%%), the compute ratio exceeds the claimed 1,000×, and the chips' peak-speed ratio is within a factor %.2f of 6 (it rounds to six). Three checks: reproduced; one or two: partly; none: not reproduced. The verdict is the article's reading's (ensemble error, architecture search as the cost); the single-network reading with the final training runs is reported beside it.",
		2*alexnetHalvedShare, alexnetHardwareTolerance)
}

func alexnetNASNetRead(cfg AlexNetNASNetConfig, name string, fromErr, toErr, compute, speed float64) AlexNetNASNetReading {
	x := AlexNetNASNetReading{Name: name, FromErrorPct: fromErr, ToErrorPct: toErr, ErrorRatio: fromErr / toErr, ComputeRatio: compute, ChipSpeedRatio: speed}
	x.Halved = x.ErrorRatio >= alexnetHalvedShare*cfg.ClaimedErrorRatio
	x.MoreCompute = x.ComputeRatio > cfg.ClaimedComputeRatio
	x.HardwareMatch = math.Abs(math.Log(speed/cfg.ClaimedHardwareRatio)) <= math.Log(cfg.HardwareTolerance)
	ok := 0
	for _, b := range []bool{x.Halved, x.MoreCompute, x.HardwareMatch} {
		if b {
			ok++
		}
	}
	x.Outcome = passedOf(ok, 3, 1)
	return x
}

func alexnetNASNetVerdict(r AlexNetNASNetResult) Verdict {
	cfg := r.Config
	art, other := r.Readings[0], r.Readings[1]
	ok := countTrue(art.Halved, art.MoreCompute, art.HardwareMatch)
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
	v.Outcome = art.Outcome
	v.Values["single_cnn_error_ratio"] = other.ErrorRatio
	v.Values["final_training_compute_ratio"] = other.ComputeRatio
	v.Values["single_cnn_reading_reproduced"] = map[Outcome]float64{Reproduced: 1, PartlyReproduced: 0.5, NotReproduced: 0}[other.Outcome]
	v.Values["rule_halved_ratio"] = alexnetHalvedShare * cfg.ClaimedErrorRatio
	v.Values["rule_hardware_tolerance"] = cfg.HardwareTolerance
	line := func(x AlexNetNASNetReading) string {
		return fmt.Sprintf("Reading %q: %s. Error %.1f%% → %.1f%% (×%s) [halved: %s]; compute ×%s [more than %s×: %s]; chips ×%s [about %s×: %s].",
			x.Name, x.Outcome, x.FromErrorPct, x.ToErrorPct, numfmt.Number(x.ErrorRatio), yesNo(x.Halved), numfmt.Number(x.ComputeRatio), numfmt.Number(cfg.ClaimedComputeRatio), yesNo(x.MoreCompute),
			numfmt.Number(x.ChipSpeedRatio), numfmt.Number(cfg.ClaimedHardwareRatio), yesNo(x.HardwareMatch))
	}
	a, b := r.From, r.To
	n := numfmt.Number
	v.Reason = fmt.Sprintf("Top-1 error %.1f%% → %.1f%% is ×%s lower. Hardware burden %s → %s FLOP is ×%s (×%s for %s–%s days): "+
		"faster chips (%s %s → %s %s GFLOP/s peak) ×%s, more chips (%s → %s) ×%s, run time (%s → %s days) ×%s; the rest, more chips × run time, is ×%s. "+
		"Faster chips explain %.0f%% of the growth in orders of magnitude. This one pair implies k = %.1f. %s",
		a.Top1ErrorPct, b.Top1ErrorPct, n(r.ErrorRatio), n(r.FromBurdenFLOP), n(b.HardwareBurdenFLOP), n(r.ComputeRatio), numfmt.Range(r.ComputeRatioLow, r.ComputeRatioHigh), n(cfg.FromDaysLow), n(cfg.FromDaysHigh),
		a.Chip, n(a.ChipPeakFLOPS/1e9), b.Chip, n(b.ChipPeakFLOPS/1e9), n(r.ChipSpeedRatio), n(a.Chips), n(b.Chips), n(r.ChipCountRatio), n(r.FromDays), n(b.DaysUsed), n(r.TimeRatio), n(r.MoreChipsLongerRatio),
		100*r.HardwareShare, r.ImpliedK, r.EnsembleNote)
	v.Reason += " " + line(art) + " " + line(other) + fmt.Sprintf(" (The final-training ratio is %s's forward cost per image over %s's, %s/%s G mult-adds, × %s for their epochs, which our sources do not give for %s.)",
		cfg.To, cfg.From, numfmt.Number(r.To.ForwardGFLOPs), numfmt.Number(r.From.ForwardGFLOPs), numfmt.Number(cfg.FinalEpochsRatio), cfg.To)
	return v
}
