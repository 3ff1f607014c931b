package claims

import (
	"context"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// AlexNetNASNet is the claim that NASNet-A halved AlexNet's error with more than 1,000 times
// the compute, of which only about six-fold came from better hardware.
//
// Spectrum 2021: "when [AlexNet] was introduced in 2012, it was trained for five to six days
// using two GPUs. By 2018, another model, NASNet-A, had cut the error rate of AlexNet in
// half, but it used more than 1,000 times as much computing to achieve this. ... only a
// six-fold improvement came from better hardware; the rest came from using more processors
// or running them longer".
//
// Compute here is the hardware burden, processors × peak FLOP/s × time, recomputed from the
// rows of data/imagenet_compute.csv; its ratio splits exactly into (peak per chip) × (number
// of chips) × (days).
var AlexNetNASNet alexnetNASNet

type alexnetNASNet struct{}

// AlexNetNASNetConfig names the two models and the article's numbers.
type AlexNetNASNetConfig struct {
	// Models is the table; nil means the embedded data/imagenet_compute.csv.
	Models []datasets.ImageNetModel
	// From and To are the models compared, by short name (datasets.ImageNetShortName).
	From, To string
	// FromDaysLow and FromDaysHigh bound the earlier model's training time (AlexNet: "between
	// five and six days"), giving the range of the compute ratio.
	FromDaysLow, FromDaysHigh float64
	// ClaimedErrorRatio ("cut the error rate in half"), ClaimedComputeRatio ("more than
	// 1,000 times") and ClaimedHardwareRatio ("a six-fold improvement").
	ClaimedErrorRatio, ClaimedComputeRatio, ClaimedHardwareRatio float64
	// HardwareTolerance is how far (as a factor) the chip-speed ratio may be from the claim
	// and still count: 1.15 accepts 5.2–6.9 for "six-fold".
	HardwareTolerance float64
	Seed              uint64 // unused: the claim is arithmetic on published rows
}

// AlexNetNASNetResult holds the two rows and the ratios recomputed from them.
type AlexNetNASNetResult struct {
	Config   AlexNetNASNetConfig
	From, To datasets.ImageNetModel
	// ErrorRatio is From's top-1 error over To's.
	ErrorRatio float64
	// ComputeRatio is To's hardware burden over From's; Low and High use FromDaysHigh and
	// FromDaysLow for the earlier run.
	ComputeRatio, ComputeRatioLow, ComputeRatioHigh float64
	// The split: ComputeRatio = ChipSpeedRatio × ChipCountRatio × TimeRatio.
	ChipSpeedRatio, ChipCountRatio, TimeRatio float64
	// MoreChipsLongerRatio = ChipCountRatio × TimeRatio: everything that is not faster chips.
	MoreChipsLongerRatio float64
	// HardwareShare is the fraction of the compute growth (in orders of magnitude) that
	// faster chips explain: log(ChipSpeedRatio)/log(ComputeRatio).
	HardwareShare float64
	// ImpliedK = log(ComputeRatio)/log(ErrorRatio): the exponent this one pair implies.
	ImpliedK float64
	// EnsembleNote describes what the ratio leaves out (AlexNet's 36.7% is a 7-CNN ensemble).
	EnsembleNote string
	Verdict      Verdict
}

func (alexnetNASNet) Info() Info {
	return Info{
		ID:     "alexnet-nasnet",
		Title:  "NASNet-A halved AlexNet's error with over 1,000× the compute, only ~6× from hardware",
		Source: Spectrum2021,
		Claim:  "NASNet-A (2018) cut AlexNet's (2012) ImageNet error rate in half, but used more than 1,000 times as much computing; only a six-fold improvement came from better hardware, the rest from more processors running longer.",
	}
}

func (alexnetNASNet) Config(quick bool) AlexNetNASNetConfig {
	return AlexNetNASNetConfig{
		From: "AlexNet", To: "NASNet-A", FromDaysLow: 5, FromDaysHigh: 6,
		ClaimedErrorRatio: 2, ClaimedComputeRatio: 1000, ClaimedHardwareRatio: 6,
		HardwareTolerance: 1.15, Seed: 1,
	}
}

func (alexnetNASNet) Run(ctx context.Context, cfg AlexNetNASNetConfig) (AlexNetNASNetResult, error) {
	r := AlexNetNASNetResult{Config: cfg}
	if !(cfg.FromDaysLow > 0 && cfg.FromDaysHigh >= cfg.FromDaysLow) {
		return r, fmt.Errorf("alexnet-nasnet: FromDaysLow %v and FromDaysHigh %v must be positive and ordered", cfg.FromDaysLow, cfg.FromDaysHigh)
	}
	if !(cfg.ClaimedErrorRatio > 1 && cfg.ClaimedComputeRatio > 1 && cfg.ClaimedHardwareRatio > 1 && cfg.HardwareTolerance >= 1) {
		return r, fmt.Errorf("alexnet-nasnet: the claimed ratios must be above 1 and HardwareTolerance at least 1")
	}
	models, err := imagenetModels(cfg.Models, datasets.LoadImageNetModels)
	if err != nil {
		return r, err
	}
	if r.From, err = alexnetNASNetFind(models, cfg.From); err != nil {
		return r, err
	}
	if r.To, err = alexnetNASNetFind(models, cfg.To); err != nil {
		return r, err
	}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	a, b := r.From, r.To
	r.ErrorRatio = a.Top1ErrorPct / b.Top1ErrorPct
	r.ComputeRatio = b.HardwareBurdenFLOP / a.HardwareBurdenFLOP
	burdenAt := func(days float64) float64 { return a.Chips * a.ChipPeakFLOPS * days * 86400 }
	r.ComputeRatioLow = b.HardwareBurdenFLOP / burdenAt(cfg.FromDaysHigh)
	r.ComputeRatioHigh = b.HardwareBurdenFLOP / burdenAt(cfg.FromDaysLow)
	r.ChipSpeedRatio = b.ChipPeakFLOPS / a.ChipPeakFLOPS
	r.ChipCountRatio = b.Chips / a.Chips
	r.TimeRatio = b.DaysUsed / a.DaysUsed
	r.MoreChipsLongerRatio = r.ChipCountRatio * r.TimeRatio
	r.HardwareShare = math.Log(r.ChipSpeedRatio) / math.Log(r.ComputeRatio)
	r.ImpliedK = math.Log(r.ComputeRatio) / math.Log(r.ErrorRatio)
	r.EnsembleNote = fmt.Sprintf("%s's %.1f%% is the error of an ensemble of 7 CNNs (two pre-trained on ImageNet Fall 2011), while %g–%g days is the training time of one network; %s's %g %s for %g days is its architecture search. "+
		"If each of the 7 networks took as long as one, the ratio would be %.0f×.",
		cfg.From, a.Top1ErrorPct, cfg.FromDaysLow, cfg.FromDaysHigh, cfg.To, b.Chips, b.Chip, b.DaysUsed, r.ComputeRatio/7)
	Progress(ctx, "ratios", 1, 1)
	r.Verdict = alexnetNASNetVerdict(r)
	return r, nil
}

// alexnetNASNetFind returns the model with the given short name that has what the claim
// needs: an error and a hardware burden with its chips, peak rate and days.
func alexnetNASNetFind(models []datasets.ImageNetModel, name string) (datasets.ImageNetModel, error) {
	for _, m := range models {
		if datasets.ImageNetShortName(m.Name) != name {
			continue
		}
		if !m.HasError() || m.HardwareBurdenFLOP == 0 || m.Chips == 0 || m.DaysUsed == 0 {
			return m, fmt.Errorf("alexnet-nasnet: %s lacks an error or its hardware (chips %v, peak %v, days %v, burden %v)", name, m.Chips, m.ChipPeakFLOPS, m.DaysUsed, m.HardwareBurdenFLOP)
		}
		return m, nil
	}
	return datasets.ImageNetModel{}, fmt.Errorf("alexnet-nasnet: no model named %q in the table", name)
}

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
	halved := r.ErrorRatio >= 0.9*cfg.ClaimedErrorRatio
	moreCompute := r.ComputeRatio > cfg.ClaimedComputeRatio
	hardware := math.Abs(math.Log(r.ChipSpeedRatio/cfg.ClaimedHardwareRatio)) <= math.Log(cfg.HardwareTolerance)
	ok := 0
	for _, b := range []bool{halved, moreCompute, hardware} {
		if b {
			ok++
		}
	}
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
	switch ok {
	case 3:
		v.Outcome = Reproduced
	case 0:
		v.Outcome = NotReproduced
	default:
		v.Outcome = PartlyReproduced
	}
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
