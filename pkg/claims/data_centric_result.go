package claims

import "github.com/dlreturns/dlreturns/pkg/datasets"

// The measurements of data-centric: its runs, label versions, models, fixes, cells and result.

// DataCentricRun is one model trained on one version of the labels.
type DataCentricRun struct {
	Model        string // e.g. "784-100-10"
	Params       int
	Labels       string // DataCentricNoisy, DataCentricRobust, DataCentricCleaned or DataCentricTrue
	Samples      int
	NoiseRate    float64
	Seed         int
	ValAccuracy  float64 // on the held-out labels of the same version (what a practitioner sees)
	TestAccuracy float64 // on clean test images, at the checkpoint with the best ValAccuracy
	FLOPs        int64   // training FLOPs of the whole run
	Epochs       int     // at the checkpoint kept
}

// Label versions. DataCentricTrue is a reference only: the base model trained on the true
// labels, the ceiling of any label fix (trained from the clean source, never from anything
// the cleaner produced).
const (
	DataCentricNoisy   = "noisy labels"
	DataCentricRobust  = "noisy labels, noise-robust loss (GCE)"
	DataCentricCleaned = "cleaned labels"
	DataCentricTrue    = "true labels"
)

// DataCentricModel is one architecture's test accuracy on the noisy labels (every candidate)
// and on the cleaned labels (the original model only; NaN for the others), mean over seeds
// with its 95% t-interval.
type DataCentricModel struct {
	Model                                string
	Params                               float64
	Noisy, NoisyLow, NoisyHigh           float64
	Cleaned, CleanedLow, CleanedHigh     float64
	NoisyFLOPs, CleanedFLOPs             float64 // mean training FLOPs per run
	IsBase                               bool
	ChosenOnNoisy                        int // seeds whose model-centric choice this was
	NoisyValAccuracy, CleanedValAccuracy float64
}

// DataCentricFix is what the cleaning did for one seed, scored against the truth.
type DataCentricFix struct {
	Seed      int
	Score     datasets.LabelNoiseScore
	NoiseRate float64 // realised share of flipped labels
	FLOPs     int64   // training FLOPs of the fold models
	// The precision–recall curve over the flagging margin: CurveMargins[i] gives
	// CurvePrecision[i] and CurveRecall[i].
	CurveMargins, CurvePrecision, CurveRecall []float64
}

// DataCentricPath is one path's result: test accuracy and gain over the base model on noisy
// labels, mean over seeds with the 95% t-interval of the gain, and the FLOPs it spent.
type DataCentricPath struct {
	Name              string
	Accuracy, Gain    float64
	GainLow, GainHigh float64
	FLOPs             float64 // mean over seeds
	Detail            string
	// Gains and SeedFLOPs are per seed.
	Gains, SeedFLOPs []float64
}

// DataCentricResult holds the measurements and the verdict. Its embedded cell is the
// headline: the smallest size at the largest noise rate, where the claim expects the data
// fix to matter most; Cells has every size × noise rate.
type DataCentricResult struct {
	Config DataCentricConfig
	Runs   []DataCentricRun
	DataCentricCell
	Cells   []DataCentricCell // sizes vary slowest, then noise rates, both in config order
	Trend   DataCentricTrend
	Verdict Verdict
}

// DataCentricTrend is the data-centric lead against the training-set size: per seed, the
// lead (data-centric gain − model-centric gain) at each size, averaged over the noise rates,
// and its least-squares slope against log10 n.
type DataCentricTrend struct {
	Sizes []float64
	// Lead[i] is the lead at Sizes[i] with its t-interval over seeds; Slope the slope in
	// accuracy per tenfold n (negative: the lead shrinks as data grow).
	Lead  []SeedInterval
	Slope SeedInterval
	// SeedLeads[s][i] and SeedSlopes[s] are seed s's own.
	SeedLeads  [][]float64
	SeedSlopes []float64
}

// DataCentricCell is one size × noise rate.
type DataCentricCell struct {
	Samples   int
	NoiseRate float64
	Models    []DataCentricModel // in the order of Config.Models
	Fixes     []DataCentricFix   // one per seed
	// BaseNoisy is the base model's test accuracy on noisy labels (the starting point);
	// ModelPath and DataPath the two ways of improving it.
	BaseModel string
	BaseNoisy float64
	// BaseTrue is the base model's test accuracy on the true labels (mean and 95%
	// t-interval over seeds): the ceiling a perfect label fix would reach.
	BaseTrue, BaseTrueLow, BaseTrueHigh float64
	ModelPath, DataPath                 DataCentricPath
	// RobustPath is the noise-robust candidate alone (the original model with the GCE loss
	// on the noisy labels); it is also one of the model-centric path's candidates.
	RobustPath DataCentricPath
	// BestModelByTest is the model-centric path's ceiling: the best candidate chosen by its
	// test accuracy (which no practitioner can do); reported, not used by the verdict.
	BestModelByTest DataCentricPath
	// RobustChosen counts the seeds whose model-centric choice was the noise-robust loss.
	RobustChosen int
	// Leads are the data-centric gain minus the model-centric gain, per seed, with their
	// t-interval in LeadLow–LeadHigh.
	Leads             []float64
	LeadLow, LeadHigh float64
}
