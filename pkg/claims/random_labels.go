package claims

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// RandomLabels is the claim that flexible networks are universal approximators that can fit
// any data (Spectrum 2021), measured as Zhang, Bengio, Hardt, Recht & Vinyals (2017,
// "Understanding deep learning requires rethinking generalization", §2) did: the same
// one-hidden-layer MLP trained on MNIST with its true labels, with the labels shuffled among
// the images, and on images replaced by random pixels. Given enough width and steps it fits
// all three; only the true labels teach it anything about the test set.
var RandomLabels randomLabels

type randomLabels struct{}

// The three training sets.
const (
	RandomLabelsTrue     = "true labels"
	RandomLabelsShuffled = "shuffled labels"
	RandomLabelsPixels   = "random pixels"
)

// RandomLabelsVariants lists the training sets in the order of the result.
var RandomLabelsVariants = []string{RandomLabelsTrue, RandomLabelsShuffled, RandomLabelsPixels}

// RandomLabelsConfig sets the data and the nets.
type RandomLabelsConfig struct {
	// TrainSamples MNIST training images, TestSamples test images (true labels), pooled over
	// Pool×Pool pixel blocks as in the overparameterised-generalisation claim.
	TrainSamples, TestSamples int
	Pool                      int
	// Widths of the hidden layer; every net gets Steps Adam steps of BatchSize images at
	// learning rate LR and minimises cross-entropy. The training loss is recorded every
	// CurveEvery steps. Seeds nets per variant and width (initialisation and batch order).
	Widths     []int
	Steps      int
	BatchSize  int
	LR         float64
	CurveEvery int
	Seeds      int
	Seed       uint64
	Workers    int // nets trained at once (0: one per core)
}

// RandomLabelsVariant is one training set's measurements, averaged over seeds with the
// smallest and largest seed's value as a band.
type RandomLabelsVariant struct {
	Name string
	// By width: 0-1 error on the training set (on the labels trained on) and on the test set.
	TrainError, TrainErrorLow, TrainErrorHigh []float64
	TestError, TestErrorLow, TestErrorHigh    []float64
	// The widest net's mean training loss (cross-entropy) every CurveEvery steps.
	CurveSteps, Curve, CurveLow, CurveHigh []float64
	// StepsToFit is the first recorded step at which the widest net's mean training loss is
	// below randomLabelsFitLoss; Fitted is false (and StepsToFit 0) if it never was.
	StepsToFit float64
	Fitted     bool
}

// RandomLabelsResult holds every variant and the verdict.
type RandomLabelsResult struct {
	Config   RandomLabelsConfig
	Params   []float64 // parameters of the MLP at each width
	Variants []RandomLabelsVariant
	FLOPs    int64 // training FLOPs of every net
	Verdict  Verdict
}

func (randomLabels) Info() Info {
	return Info{
		ID:         "random-labels",
		Title:      "Flexible networks can fit any data, even random labels",
		Source:     Spectrum2021,
		Claim:      "Deep networks are flexible universal approximators that can fit any data.",
		Notebook:   "04-overparameterisation.ipynb",
		Measure:    "training and test error with true, shuffled and random-pixel labels as the width grows",
		Reproduced: "wide nets fit shuffled and random labels to about zero training error while test error stays at chance, and fit the true labels too",
	}
}

func (randomLabels) Config(s Scale) RandomLabelsConfig {
	quick := s == Quick
	c := RandomLabelsConfig{
		TrainSamples: 500, TestSamples: 2000, Pool: 2,
		Widths: []int{2, 4, 8, 16, 32, 128, 512}, Steps: 3000, BatchSize: 50, LR: 1e-3, CurveEvery: 100,
		Seeds: 2, Seed: 1,
	}
	if quick {
		c.TrainSamples, c.TestSamples, c.Pool = 100, 500, 4
		c.Widths, c.Steps, c.CurveEvery, c.Seeds = []int{4, 16, 64, 256}, 800, 50, 1
	}
	return c
}

func (c RandomLabelsConfig) validate() error {
	switch {
	case c.TrainSamples < 10 || c.TestSamples < 10:
		return fmt.Errorf("need at least 10 training and 10 test images, have %d and %d", c.TrainSamples, c.TestSamples)
	case c.Steps < 1 || c.BatchSize < 1 || !(c.LR > 0) || c.Seeds < 1:
		return fmt.Errorf("steps %d, batch size %d, learning rate %v and seeds %d must be positive", c.Steps, c.BatchSize, c.LR, c.Seeds)
	case c.CurveEvery < 1 || c.CurveEvery > c.Steps:
		return fmt.Errorf("curve interval %d must be between 1 and the %d steps", c.CurveEvery, c.Steps)
	case len(c.Widths) == 0:
		return fmt.Errorf("no widths")
	}
	for i, w := range c.Widths {
		if w < 1 || (i > 0 && w <= c.Widths[i-1]) {
			return fmt.Errorf("widths %v must be positive and increasing", c.Widths)
		}
	}
	return nil
}

// randomLabelsSets returns the three training sets: the images with their labels, the same
// images with the labels permuted among them (class counts kept, any link to the image
// gone), and images of independent Gaussian pixels with the mean and standard deviation of
// the real ones, keeping the real labels (Zhang et al. 2017, §2: "Gaussian").
func randomLabelsSets(train nn.Data, seed uint64) []nn.Data {
	rng := rand.New(rand.NewPCG(seed, 0x5a4d))
	shuffled := train
	shuffled.Labels = append([]int(nil), train.Labels...)
	rng.Shuffle(len(shuffled.Labels), func(i, j int) { shuffled.Labels[i], shuffled.Labels[j] = shuffled.Labels[j], shuffled.Labels[i] })
	var mean, sq float64
	for _, v := range train.X {
		mean += v
		sq += v * v
	}
	mean /= float64(len(train.X))
	sd := math.Sqrt(max(sq/float64(len(train.X))-mean*mean, 0))
	pixels := train
	pixels.X = make([]nn.Float, len(train.X))
	for i := range pixels.X {
		pixels.X[i] = mean + sd*rng.NormFloat64()
	}
	return []nn.Data{train, shuffled, pixels}
}

func (randomLabels) Run(ctx context.Context, cfg RandomLabelsConfig) (RandomLabelsResult, error) {
	res := RandomLabelsResult{Config: cfg}
	fail := func(err error) (RandomLabelsResult, error) { return res, fmt.Errorf("random-labels: %w", err) }
	if err := cfg.validate(); err != nil {
		return fail(err)
	}
	train, test, _, err := overparamMNIST(cfg.TrainSamples, cfg.TestSamples, cfg.Pool, 0, cfg.Seed)
	if err != nil {
		return fail(err)
	}
	sets := randomLabelsSets(train, cfg.Seed)
	workers := sweep.Effective(cfg.Workers)
	widest := len(cfg.Widths) - 1
	type point struct{ variant, width, seed int }
	var points []point
	for v := range sets {
		for w := range cfg.Widths {
			for s := 0; s < cfg.Seeds; s++ {
				points = append(points, point{v, w, s})
			}
		}
	}
	// The widest nets first, so that the workers finish together.
	sort.SliceStable(points, func(i, j int) bool { return cfg.Widths[points[i].width] > cfg.Widths[points[j].width] })
	runs, err := sweep.Map(ctx, len(points), workers, func(ctx context.Context, i int) (overparamMLPRun, error) {
		p := points[i]
		spec := overparamMLPSpec{
			Width: cfg.Widths[p.width], Loss: nn.SoftmaxCrossEntropy, LR: cfg.LR, BatchSize: cfg.BatchSize, Steps: cfg.Steps,
			Seed: cfg.Seed*1000 + uint64(p.seed), Threads: sweep.InnerThreads(workers),
		}
		if p.width == widest {
			spec.CurveEvery = cfg.CurveEvery
		}
		r, err := overparamTrainMLP(spec, sets[p.variant], test)
		if err != nil {
			return r, fmt.Errorf("%s: %w", RandomLabelsVariants[p.variant], err)
		}
		return r, nil
	}, func(done, total int) { Progress(ctx, "training MLPs", done, total) })
	if err != nil {
		return fail(err)
	}
	for _, w := range cfg.Widths {
		res.Params = append(res.Params, float64(OverparamMLPParams(train.Dim, w, train.Classes)))
	}
	// Collect seeds × widths per variant.
	grid := make([][][]overparamMLPRun, len(sets))
	for v := range grid {
		grid[v] = make([][]overparamMLPRun, cfg.Seeds)
		for s := range grid[v] {
			grid[v][s] = make([]overparamMLPRun, len(cfg.Widths))
		}
	}
	for i, p := range points {
		grid[p.variant][p.seed][p.width] = runs[i]
		res.FLOPs += runs[i].FLOPs
	}
	for v, name := range RandomLabelsVariants {
		out := RandomLabelsVariant{Name: name}
		pick := func(f func(overparamMLPRun) float64) [][]float64 {
			m := make([][]float64, cfg.Seeds)
			for s, row := range grid[v] {
				for _, r := range row {
					m[s] = append(m[s], f(r))
				}
			}
			return m
		}
		out.TrainError, out.TrainErrorLow, out.TrainErrorHigh = overparamAggregate(pick(func(r overparamMLPRun) float64 { return r.TrainError }))
		out.TestError, out.TestErrorLow, out.TestErrorHigh = overparamAggregate(pick(func(r overparamMLPRun) float64 { return r.TestError }))
		curves := make([][]float64, cfg.Seeds)
		for s := range curves {
			curves[s] = grid[v][s][widest].Curve
		}
		out.CurveSteps = grid[v][0][widest].CurveSteps
		out.Curve, out.CurveLow, out.CurveHigh = overparamAggregate(curves)
		for i, l := range out.Curve {
			if l < randomLabelsFitLoss {
				out.StepsToFit, out.Fitted = out.CurveSteps[i], true
				break
			}
		}
		res.Variants = append(res.Variants, out)
	}
	res.Verdict = randomLabelsVerdict(res)
	return res, nil
}
