package claims

import (
	"context"
	"fmt"
	"math"

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
var AlexNetNASNet alexNetNASNet

type alexNetNASNet struct{}

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
	// and still count: 1.08 accepts 5.55–6.48, the ratios that round to "six-fold".
	HardwareTolerance float64
	// The second reading: FromSingleErrorPct is the earlier model's single-network error
	// (AlexNet: 40.7% top-1 for "1 CNN", Krizhevsky, Sutskever & Hinton 2012, Table 2), and
	// the compute is the final models' training, scaled from their forward cost per image
	// (the table's forward_gflops) times FinalEpochsRatio, the later model's training epochs
	// over the earlier one's. NASNet-A's ImageNet epochs are not in our sources, so the
	// default 1 (equal epochs) makes this reading's ratio the per-image-epoch ratio.
	FromSingleErrorPct, FinalEpochsRatio float64
	Seed                                 uint64 // unused: the claim is arithmetic on published rows
}

// AlexNetNASNetResult holds the two rows and the ratios recomputed from them.
type AlexNetNASNetResult struct {
	Config   AlexNetNASNetConfig
	From, To datasets.ImageNetModel
	// ErrorRatio is From's top-1 error over To's.
	ErrorRatio float64
	// FromDays is the earlier run's time the ratios use, the midpoint of FromDaysLow and
	// FromDaysHigh (the table's days_used, 5.5, for AlexNet's 5–6), and FromBurdenFLOP its
	// hardware burden at that time: the table's burden scaled by FromDays / days_used.
	FromDays, FromBurdenFLOP float64
	// ComputeRatio is To's hardware burden over From's at FromDays; Low and High use
	// FromDaysHigh and FromDaysLow for the earlier run.
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
	// Readings are the article's reading (ensemble error, architecture search as the cost)
	// and the other one (single-network error, final training runs), each with its checks
	// and outcome. The Verdict's outcome is the article's reading's.
	Readings []AlexNetNASNetReading
	Verdict  Verdict
}

// AlexNetNASNetReading is one reading of the claim's numbers and what it concludes.
type AlexNetNASNetReading struct {
	Name                               string
	FromErrorPct, ToErrorPct           float64
	ErrorRatio, ComputeRatio           float64
	ChipSpeedRatio                     float64
	Halved, MoreCompute, HardwareMatch bool
	Outcome                            Outcome
}

func (alexNetNASNet) Info() Info {
	return Info{
		ID:       "alexnet-nasnet",
		Title:    "NASNet-A halved AlexNet's error with over 1,000× the compute, only ~6× from hardware",
		Source:   Spectrum2021,
		Claim:    "NASNet-A (2018) cut AlexNet's (2012) ImageNet error rate in half, but used more than 1,000 times as much computing; only a six-fold improvement came from better hardware, the rest from more processors running longer.",
		Notebook: "03-imagenet-compute.ipynb",
		Tiers: Tiers{
			Quick: "arithmetic on the published table; < 1 s",
			Full:  "the same as quick; < 1 s",
			Paper: "the same as quick; < 1 s",
		},
		Measure:    "the error ratio, the compute ratio (chips × peak FLOP/s × time) and the chips' speed ratio, from the published rows",
		Reproduced: "all three of the article's numbers are recomputed within their tolerances under the article's reading (ensemble error, architecture search); the single-network reading is reported beside it",
	}
}

func (alexNetNASNet) Config(Scale) AlexNetNASNetConfig {
	return AlexNetNASNetConfig{
		From: "AlexNet", To: "NASNet-A", FromDaysLow: 5, FromDaysHigh: 6,
		ClaimedErrorRatio: 2, ClaimedComputeRatio: 1000, ClaimedHardwareRatio: 6,
		HardwareTolerance: alexnetHardwareTolerance, FromSingleErrorPct: 40.7, FinalEpochsRatio: 1, Seed: 1,
	}
}

func (alexNetNASNet) Run(ctx context.Context, cfg AlexNetNASNetConfig) (AlexNetNASNetResult, error) {
	r := AlexNetNASNetResult{Config: cfg}
	if !(cfg.FromDaysLow > 0 && cfg.FromDaysHigh >= cfg.FromDaysLow) {
		return r, fmt.Errorf("alexnet-nasnet: FromDaysLow %v and FromDaysHigh %v must be positive and ordered", cfg.FromDaysLow, cfg.FromDaysHigh)
	}
	if !(cfg.ClaimedErrorRatio > 1 && cfg.ClaimedComputeRatio > 1 && cfg.ClaimedHardwareRatio > 1 && cfg.HardwareTolerance >= 1) {
		return r, fmt.Errorf("alexnet-nasnet: the claimed ratios must be above 1 and HardwareTolerance at least 1")
	}
	if !(cfg.FromSingleErrorPct > 0 && cfg.FromSingleErrorPct < 100 && cfg.FinalEpochsRatio > 0) {
		return r, fmt.Errorf("alexnet-nasnet: FromSingleErrorPct %v must be a percentage and FinalEpochsRatio %v positive", cfg.FromSingleErrorPct, cfg.FinalEpochsRatio)
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
	// Every ratio takes the earlier run's time from the config, so that changing the days
	// moves the headline, its split and the verdict, not only the interval.
	burdenAt := func(days float64) float64 { return a.HardwareBurdenFLOP * days / a.DaysUsed }
	r.FromDays = (cfg.FromDaysLow + cfg.FromDaysHigh) / 2
	r.FromBurdenFLOP = burdenAt(r.FromDays)
	r.ComputeRatio = b.HardwareBurdenFLOP / r.FromBurdenFLOP
	r.ComputeRatioLow = b.HardwareBurdenFLOP / burdenAt(cfg.FromDaysHigh)
	r.ComputeRatioHigh = b.HardwareBurdenFLOP / burdenAt(cfg.FromDaysLow)
	r.ChipSpeedRatio = b.ChipPeakFLOPS / a.ChipPeakFLOPS
	r.ChipCountRatio = b.Chips / a.Chips
	r.TimeRatio = b.DaysUsed / r.FromDays
	r.MoreChipsLongerRatio = r.ChipCountRatio * r.TimeRatio
	r.HardwareShare = math.Log(r.ChipSpeedRatio) / math.Log(r.ComputeRatio)
	r.ImpliedK = math.Log(r.ComputeRatio) / math.Log(r.ErrorRatio)
	r.EnsembleNote = fmt.Sprintf("%s's %.1f%% is the error of an ensemble of 7 CNNs (two pre-trained on ImageNet Fall 2011), while %g–%g days is the training time of one network; %s's %g %s for %g days is its architecture search. "+
		"If each of the 7 networks took as long as one, the ratio would be %.0f×.",
		cfg.From, a.Top1ErrorPct, cfg.FromDaysLow, cfg.FromDaysHigh, cfg.To, b.Chips, b.Chip, b.DaysUsed, r.ComputeRatio/7)
	if !(a.ForwardGFLOPs > 0 && b.ForwardGFLOPs > 0) {
		return r, fmt.Errorf("alexnet-nasnet: %s and %s need a forward cost (forward_gflops) for the final-training reading", cfg.From, cfg.To)
	}
	r.Readings = []AlexNetNASNetReading{
		alexnetNASNetRead(cfg, "the article's: ensemble error, architecture search as the cost", a.Top1ErrorPct, b.Top1ErrorPct, r.ComputeRatio, r.ChipSpeedRatio),
		alexnetNASNetRead(cfg, "single network, final training runs", cfg.FromSingleErrorPct, b.Top1ErrorPct, b.ForwardGFLOPs/a.ForwardGFLOPs*cfg.FinalEpochsRatio, r.ChipSpeedRatio),
	}
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
