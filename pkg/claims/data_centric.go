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
// The experiment: n MNIST (or Fashion-MNIST) training images whose labels are flipped toward
// look-alike classes at a noise rate (datasets.LabelNoiseInject), for every n in Sizes and
// every rate in NoiseRates, then two ways to spend effort on them:
//   - model-centric: train larger and deeper MLPs on the noisy labels, and the original
//     model with a loss built to resist label noise (the generalised cross-entropy of Zhang
//     & Sabuncu 2018, "Generalized Cross Entropy Loss for Training Deep Neural Networks with
//     Noisy Labels", NeurIPS, eq. 6), and keep the one with the best accuracy on held-out
//     noisy labels;
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
//
// "Above all when data are small" is tested as a trend: the data-centric lead (its gain minus
// the model-centric gain) against log n, per seed, with a t-interval over seeds.
var DataCentric dataCentric

type dataCentric struct{}

// DataCentricConfig sets the data, the noise, both paths and the budgets.
type DataCentricConfig struct {
	// Dataset is "mnist" or "fashion" (Fashion-MNIST).
	Dataset string
	// Sizes are the numbers of noisy training images (increasing), of which ValFraction is
	// held out (with its noisy labels) to stop training and to choose the model; TestSamples
	// clean test images score.
	Sizes       []int
	ValFraction float64
	TestSamples int
	// NoiseRates: in each, that share of the labels of every class is flipped to its
	// look-alike class (datasets.LabelNoiseMNISTMap or LabelNoiseFashionMap). Every size is
	// run at every rate.
	NoiseRates []float64
	// RobustQ is the q of the generalised cross-entropy loss (1 − p_y^q)/q of the
	// noise-robust candidate (the original model trained with it); 0: no such candidate.
	RobustQ float64
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
	// Precision is the type the cross-entropy models and the cleaning's fold models train in
	// (nn.TrainConfig.Precision). The generalised cross-entropy candidate has its own
	// training loop (dataCentricTrainGCE) and trains in float64 always.
	Precision nn.Precision

	// samples and noiseRate are the cell of the grid being run (set by Run).
	samples   int
	noiseRate float64
}

func (dataCentric) Info() Info {
	return Info{
		ID:         "data-centric",
		Title:      "Fixing the data beats a bigger model when data are small",
		Source:     Torrent2020,
		Claim:      "Improving the dataset can beat choosing a bigger model, above all when data are small.",
		Notebook:   "08-data-centric.ipynb",
		Measure:    "image sets of 1,000 images and more with look-alike label noise: the gain from cleaning the labels (cross-validated, never seeing the truth) against the gain from the best larger model or noise-robust loss, and how the difference moves with the number of images",
		Reproduced: "at the smallest size the data fix's gain exceeds the model-centric path's (bigger or deeper models, or a noise-robust loss) by more than a point of accuracy at no more compute, and that lead shrinks as the training set grows",
		Precision:  dataCentricPrecision.String(),
		Tiers: Tiers{
			Quick: "1,000 and 2,000 images at 30% noise, 2 seeds, 2 candidates and the GCE loss; ~12 CPU-seconds",
			Full:  "1,000 and 4,000 images × 20% and 40% noise, 5 seeds, 3 candidates up to 784-256-10 and the GCE loss, 3-fold cleaning; ~95 CPU-seconds (~1 min on 2 cores)",
			Paper: "1,000 to 60,000 images × 10% to 40% noise, 5 seeds, 6 candidates up to 1.3 million parameters and the GCE loss, 5-fold cleaning, 10,000 test images; projected from one measured cell (10,000 images, 30% noise, one seed: 90 CPU-seconds) scaled by n, ~5 CPU-hours (~2.6 h on 2 cores, ~25 min on 16)",
		},
	}
}

// dataCentricPrecision is the type its nets train in: float64.
// Full tier on 2 cores, issue 17: float32 (for the cross-entropy models and the fold models;
// the noise-robust candidate's own loop is float64 always) took 58 CPU-s against 67 and kept
// the verdict and the headline inside the float64 interval (0.95 [−2.09, 3.99] → 1.34 points),
// but seed 4 moved from not reproduced to partly reproduced, so it stays float64.
const dataCentricPrecision = nn.Float64

// The presets:
//   - quick: seconds, for tests and notebooks: 1,000 and 2,000 images at 30% noise, two seeds;
//   - full: 1,000 and 4,000 images at 20% and 40% noise, five seeds, the original model
//     784-64-10 against a 4× wider and a deeper one and the GCE loss (within the claim's 110
//     CPU-second share of the full run);
//   - paper: 1,000 to 60,000 images (the whole MNIST training set) at 10% to 40% noise, the
//     first version's 784-100-10 against candidates up to 1.3 million parameters, 5 folds.
func (dataCentric) Config(s Scale) DataCentricConfig {
	c := DataCentricConfig{
		Dataset: "mnist", Sizes: []int{1000, 4000}, ValFraction: 0.2, TestSamples: 2000,
		NoiseRates: []float64{0.2, 0.4},
		// q = 0.7: the value Zhang & Sabuncu (2018) use in all their experiments (§4).
		RobustQ: 0.7,
		Base:    []int{64},
		Models:  [][]int{{64}, {256}, {64, 64}},
		Folds:   3, FoldEpochs: 8, Margin: 0, RelabelMargin: 0.5,
		LR: 1e-3, Batch: 64, Epochs: 20, Patience: 3,
		Seeds: 5, Seed: 1,
	}
	c.Precision = dataCentricPrecision
	switch s {
	case Quick:
		c.Sizes, c.NoiseRates = []int{1000, 2000}, []float64{0.3}
		c.Models = [][]int{{64}, {256}}
		c.Epochs = 15
		c.Seeds = 2
	case Paper:
		c.Sizes = []int{1000, 3000, 10000, 30000, 60000}
		c.NoiseRates = []float64{0.1, 0.2, 0.3, 0.4}
		c.TestSamples = 10000
		c.Base = []int{100}
		c.Models = [][]int{{100}, {400}, {1600}, {100, 100}, {400, 400}, {400, 400, 400}}
		c.Folds, c.FoldEpochs = 5, 10
		c.Epochs, c.Patience = 30, 5
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
	case len(c.Sizes) == 0 || len(c.NoiseRates) == 0:
		return fmt.Errorf("need at least one size and one noise rate, have %v and %v", c.Sizes, c.NoiseRates)
	case c.TestSamples < 100:
		return fmt.Errorf("%d test images are too few (at least 100)", c.TestSamples)
	case !(c.ValFraction > 0 && c.ValFraction < 0.5):
		return fmt.Errorf("validation fraction %v must be in (0, 0.5)", c.ValFraction)
	case !(c.RobustQ >= 0 && c.RobustQ <= 1):
		return fmt.Errorf("generalised cross-entropy q %v must be in (0, 1] (0: no noise-robust candidate)", c.RobustQ)
	case len(c.Base) == 0 || len(c.Models) == 0:
		return errors.New("need a base model and model-centric candidates")
	case c.Folds < 2 || c.FoldEpochs < 1:
		return fmt.Errorf("cross-validation needs at least 2 folds and 1 epoch, have %d and %d", c.Folds, c.FoldEpochs)
	case !(c.Margin >= 0 && c.Margin < 1) || !(c.RelabelMargin >= 0 && c.RelabelMargin <= 1):
		return fmt.Errorf("flagging margin %v must be in [0, 1) and relabelling margin %v in [0, 1]", c.Margin, c.RelabelMargin)
	case !(c.LR > 0) || c.Batch < 1 || c.Epochs < 1 || c.Patience < 1 || c.Seeds < 1:
		return fmt.Errorf("learning rate %v, batch %d, epochs %d, patience %d and seeds %d must be positive", c.LR, c.Batch, c.Epochs, c.Patience, c.Seeds)
	}
	for i, n := range c.Sizes {
		if n < 100 || (i > 0 && n <= c.Sizes[i-1]) {
			return fmt.Errorf("sizes %v must be increasing and at least 100 images", c.Sizes)
		}
	}
	for _, r := range c.NoiseRates {
		if !(r >= 0 && r < 0.5) {
			return fmt.Errorf("noise rate %v must be in [0, 0.5): at 0.5 a class's look-alike is as common as itself", r)
		}
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
	if last := cfg.Sizes[len(cfg.Sizes)-1]; last > trainSet.N {
		return res, fmt.Errorf("data-centric: size %d is larger than the %d training images", last, trainSet.N)
	}
	test, err := testSet.Sample(cfg.TestSamples, cfg.Seed+7)
	if err != nil {
		return res, fmt.Errorf("data-centric: %w", err)
	}
	workers := sweep.Effective(cfg.Workers)
	for _, n := range cfg.Sizes {
		for _, rate := range cfg.NoiseRates {
			cc := cfg
			cc.samples, cc.noiseRate = n, rate
			cell, runs, err := dataCentricRunCell(ctx, cc, trainSet, confusion, test, workers)
			if err != nil {
				return res, fmt.Errorf("data-centric, %d images, noise %v: %w", n, rate, err)
			}
			res.Runs = append(res.Runs, runs...)
			res.Cells = append(res.Cells, cell)
		}
	}
	// The headline: the smallest size at the largest noise rate.
	head := 0
	for i, c := range res.Cells[:len(cfg.NoiseRates)] {
		if c.NoiseRate > res.Cells[head].NoiseRate {
			head = i
		}
	}
	res.DataCentricCell = res.Cells[head]
	res.Trend = dataCentricTrendOf(cfg, res.Cells)
	res.Verdict = dataCentricVerdict(res)
	return res, nil
}

// dataCentricRunCell runs one size × noise rate: both paths for every seed.
func dataCentricRunCell(ctx context.Context, cfg DataCentricConfig, trainSet *datasets.ImageSet, confusion []int, test nn.Data, workers int) (DataCentricCell, []DataCentricRun, error) {
	seeds, err := dataCentricSeeds(cfg, trainSet, confusion)
	if err != nil {
		return DataCentricCell{}, nil, err
	}
	cleaned, fixes, err := dataCentricCleanSeeds(ctx, cfg, seeds, workers)
	if err != nil {
		return DataCentricCell{}, nil, err
	}
	runs, err := dataCentricTrainModels(ctx, cfg, seeds, cleaned, test, workers)
	if err != nil {
		return DataCentricCell{}, nil, err
	}
	for i := range runs {
		runs[i].Samples, runs[i].NoiseRate = cfg.samples, cfg.noiseRate
	}
	cell := dataCentricSummarise(cfg, runs, fixes, test.Dim, test.Classes)
	return cell, runs, nil
}

func dataCentricDatasetName(s string) string {
	if s == "fashion" {
		return "Fashion-MNIST"
	}
	return "MNIST"
}
