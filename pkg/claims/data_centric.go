package claims

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// DataCentric is the claim that improving the dataset can beat choosing a bigger model,
// above all when data are small (Torrent 2020).
//
// The experiment: a few thousand MNIST (or Fashion-MNIST) training images whose labels are
// flipped toward look-alike classes at NoiseRate (datasets.LabelNoiseInject), then two ways
// to spend effort on them:
//   - model-centric: train larger and deeper MLPs on the noisy labels and keep the one with
//     the best accuracy on held-out noisy labels;
//   - data-centric: find suspect labels by K-fold cross-validated disagreement of the
//     original model (each image is predicted by a model that never saw it; a label that the
//     prediction contradicts is relabelled to the predicted class when the model is
//     confident, and its row dropped otherwise), then train the original model on the
//     cleaned labels.
//
// A reference run trains the original model on the true labels: the ceiling of any label
// fix. It is trained from the clean source images, never from anything the cleaner saw or
// produced.
//
// The true labels are used only to score: the cleaner (dataCentricClean) receives a
// datasets.LabelNoiseSet, which carries the noisy labels only; the truth is a separate
// *datasets.LabelNoiseTruth whose labels cannot be read outside package datasets. The test
// set is MNIST's own, with its published labels.
var DataCentric dataCentric

type dataCentric struct{}

// DataCentricConfig sets the data, the noise, both paths and the budgets.
type DataCentricConfig struct {
	// Dataset is "mnist" or "fashion" (Fashion-MNIST).
	Dataset string
	// Samples noisy training images, of which ValFraction is held out (with its noisy labels)
	// to stop training and to choose the model; TestSamples clean test images score.
	Samples     int
	ValFraction float64
	TestSamples int
	// NoiseRate of the labels of every class is flipped to its look-alike class
	// (datasets.LabelNoiseMNISTMap or LabelNoiseFashionMap).
	NoiseRate float64
	// Base lists the hidden widths of the original model; Models the model-centric
	// candidates, larger and deeper (the base is always among them).
	Base   []int
	Models [][]int
	// Cleaning: Folds-fold cross-validation of the base model, each fold model trained for
	// FoldEpochs epochs; a label is flagged when the fold model's probability of its predicted
	// class exceeds that of the observed label by at least Margin (0: any disagreement).
	// A flagged row is relabelled to the predicted class when that lead is at least
	// RelabelMargin, and dropped otherwise (RelabelMargin ≤ Margin: relabel every flagged
	// row; 1: drop them all).
	Folds, FoldEpochs     int
	Margin, RelabelMargin float64
	// Training of every model: Adam at LR, batches of Batch, at most Epochs epochs, stopping
	// after Patience evaluations (one per epoch) without a better validation accuracy.
	LR                      float64
	Batch, Epochs, Patience int
	Seeds                   int
	Seed                    uint64
	// Workers runs that many trainings at once (0: one per core).
	Workers int
}

// DataCentricRun is one model trained on one version of the labels.
type DataCentricRun struct {
	Model        string // e.g. "784-100-10"
	Params       int
	Labels       string // DataCentricNoisy, DataCentricCleaned or DataCentricTrue
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
	DataCentricCleaned = "cleaned labels"
	DataCentricTrue    = "true labels"
)

// DataCentricModel is one architecture's test accuracy on each version of the labels, mean
// over seeds with the smallest and largest seed.
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
// labels, per seed mean with min and max, and the FLOPs it spent.
type DataCentricPath struct {
	Name              string
	Accuracy, Gain    float64
	GainLow, GainHigh float64
	FLOPs             float64 // mean over seeds
	Detail            string
}

// DataCentricResult holds the measurements and the verdict.
type DataCentricResult struct {
	Config DataCentricConfig
	Runs   []DataCentricRun
	Models []DataCentricModel // in the order of Config.Models
	Fixes  []DataCentricFix   // one per seed
	// BaseNoisy is the base model's test accuracy on noisy labels (the starting point);
	// ModelPath and DataPath the two ways of improving it.
	BaseModel string
	BaseNoisy float64
	// BaseTrue is the base model's test accuracy on the true labels (mean, min, max over
	// seeds): the ceiling a perfect label fix would reach.
	BaseTrue, BaseTrueLow, BaseTrueHigh float64
	ModelPath, DataPath                 DataCentricPath
	// BestModelByTest is the model-centric path's ceiling: the best candidate chosen by its
	// test accuracy (which no practitioner can do); reported, not used by the verdict.
	BestModelByTest DataCentricPath
	// LeadLow and LeadHigh are the smallest and largest per-seed difference between the
	// data-centric and the model-centric gain.
	LeadLow, LeadHigh float64
	Verdict           Verdict
}

func (dataCentric) Info() Info {
	return Info{
		ID:         "data-centric",
		Title:      "Fixing the data beats a bigger model when data are small",
		Source:     Torrent2020,
		Claim:      "Improving the dataset can beat choosing a bigger model, above all when data are small.",
		Notebook:   "08-data-centric.ipynb",
		Measure:    "a small image set with look-alike label noise: the gain from cleaning the labels (cross-validated, never seeing the truth) against the gain from the best larger model",
		Reproduced: "the data fix's gain exceeds the bigger model's by more than a point of accuracy, at no more compute",
	}
}

func (dataCentric) Config(s Scale) DataCentricConfig {
	quick := s == Quick
	c := DataCentricConfig{
		Dataset: "mnist", Samples: 3000, ValFraction: 0.2, TestSamples: 5000,
		NoiseRate: 0.3,
		Base:      []int{100},
		Models:    [][]int{{100}, {400}, {1600}, {100, 100}, {400, 400}, {400, 400, 400}},
		Folds:     5, FoldEpochs: 10, Margin: 0, RelabelMargin: 0.5,
		LR: 1e-3, Batch: 64, Epochs: 30, Patience: 5,
		Seeds: 3, Seed: 1,
	}
	if quick {
		c.Samples, c.TestSamples = 1200, 2000
		c.Base = []int{64}
		c.Models = [][]int{{64}, {256}, {64, 64}}
		c.Folds, c.FoldEpochs = 4, 8
		c.Epochs, c.Patience = 15, 3
		c.Seeds = 2
	}
	return c
}

// DataCentricModelName names an MLP by its layer sizes.
func DataCentricModelName(in int, hidden []int, out int) string {
	parts := []string{strconv.Itoa(in)}
	for _, h := range hidden {
		parts = append(parts, strconv.Itoa(h))
	}
	return strings.Join(append(parts, strconv.Itoa(out)), "-")
}

func (c DataCentricConfig) validate() error {
	switch {
	case c.Dataset != "mnist" && c.Dataset != "fashion":
		return fmt.Errorf("dataset %q: want mnist or fashion", c.Dataset)
	case c.Samples < 100 || c.TestSamples < 100:
		return fmt.Errorf("%d training and %d test images are too few (at least 100)", c.Samples, c.TestSamples)
	case !(c.ValFraction > 0 && c.ValFraction < 0.5):
		return fmt.Errorf("validation fraction %v must be in (0, 0.5)", c.ValFraction)
	case !(c.NoiseRate >= 0 && c.NoiseRate < 0.5):
		return fmt.Errorf("noise rate %v must be in [0, 0.5): at 0.5 a class's look-alike is as common as itself", c.NoiseRate)
	case len(c.Base) == 0 || len(c.Models) == 0:
		return errors.New("need a base model and model-centric candidates")
	case c.Folds < 2 || c.FoldEpochs < 1:
		return fmt.Errorf("cross-validation needs at least 2 folds and 1 epoch, have %d and %d", c.Folds, c.FoldEpochs)
	case !(c.Margin >= 0 && c.Margin < 1) || !(c.RelabelMargin >= 0 && c.RelabelMargin <= 1):
		return fmt.Errorf("flagging margin %v must be in [0, 1) and relabelling margin %v in [0, 1]", c.Margin, c.RelabelMargin)
	case !(c.LR > 0) || c.Batch < 1 || c.Epochs < 1 || c.Patience < 1 || c.Seeds < 1:
		return fmt.Errorf("learning rate %v, batch %d, epochs %d, patience %d and seeds %d must be positive", c.LR, c.Batch, c.Epochs, c.Patience, c.Seeds)
	}
	base := false
	for _, m := range append([][]int{c.Base}, c.Models...) {
		if len(m) == 0 {
			return errors.New("a model needs at least one hidden layer")
		}
		for _, w := range m {
			if w < 1 {
				return fmt.Errorf("hidden width %d in %v must be positive", w, m)
			}
		}
	}
	for _, m := range c.Models {
		base = base || slices.Equal(m, c.Base)
	}
	if !base {
		return fmt.Errorf("the base model %v must be one of the model-centric candidates %v", c.Base, c.Models)
	}
	return nil
}

func dataCentricLoad(name string) (train, test *datasets.ImageSet, confusion []int, err error) {
	if name == "fashion" {
		train, test, err = datasets.FashionMNIST()
		return train, test, datasets.LabelNoiseFashionMap, err
	}
	train, test, err = datasets.MNIST()
	return train, test, datasets.LabelNoiseMNISTMap, err
}

// dataCentricSeedData is one seed's noisy set, split into training and validation rows, and
// the truth that scores it.
type dataCentricSeedData struct {
	set    datasets.LabelNoiseSet
	truth  *datasets.LabelNoiseTruth
	clean  nn.Data // the same images with their true labels: for the reference run only
	nTrain int
}

func (dataCentric) Run(ctx context.Context, cfg DataCentricConfig) (DataCentricResult, error) {
	res := DataCentricResult{Config: cfg}
	if err := cfg.validate(); err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	trainSet, testSet, confusion, err := dataCentricLoad(cfg.Dataset)
	if err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	test, err := testSet.Sample(cfg.TestSamples, cfg.Seed+7)
	if err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	workers := sweep.Effective(cfg.Workers)
	seeds, err := dataCentricSeeds(cfg, trainSet, confusion)
	if err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	cleaned, fixes, err := dataCentricCleanSeeds(ctx, cfg, seeds, workers)
	if err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	res.Fixes = fixes
	if res.Runs, err = dataCentricTrainModels(ctx, cfg, seeds, cleaned, test, workers); err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	dataCentricSummarise(&res, test.Dim, test.Classes)
	res.Verdict = dataCentricVerdict(res)
	return res, nil
}

func dataCentricDatasetName(s string) string {
	if s == "fashion" {
		return "Fashion-MNIST"
	}
	return "MNIST"
}
