package claims

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// VanishingGradients is the claim that sigmoid's gradients vanish in deep stacks while ReLU's
// do not, which is what let many layers be stacked (Torrent 2020).
//
// Why: backpropagation multiplies the gradient, layer by layer, by Wᵀ·diag(act'(z)). The
// sigmoid's derivative is at most 1/4 (σ' = σ(1−σ), largest at z = 0), so with weights that
// preserve norms (Glorot init) each sigmoid layer shrinks the gradient by a factor of about
// 1/4 or less, and the first layers of a deep stack barely learn. ReLU's derivative is 0 or 1
// and He init (He et al. 2015) keeps the backward signal's variance constant.
var VanishingGradients vanishingGradients

type vanishingGradients struct{}

// VanishingSetup is an activation with the initialiser it is normally paired with.
type VanishingSetup struct {
	Name string
	Act  nn.Activation
	Init nn.Init
}

// VanishingGradientsConfig sets the nets measured and trained.
type VanishingGradientsConfig struct {
	Setups []VanishingSetup
	// Subject names the setup whose gradients the claim says vanish (Setups[i].Name); empty
	// means the first sigmoid setup. It lets a negative control put an activation whose
	// derivative is 1 at initialisation in the sigmoid's place.
	Subject string
	// Gradient norms at initialisation: nets of each depth (number of weight layers, the last
	// one the 10-way output) and width, averaged over Batches batches for each of Seeds nets.
	Depths         []int
	Width          int
	Batch, Batches int
	Seeds          int
	// Training: nets of each TrainDepths, trained by plain SGD for Steps steps of TrainBatch
	// images, once per learning rate in LearningRates; the rate with the best validation
	// accuracy is kept for each activation and depth, so the comparison is fair.
	TrainDepths   []int
	Steps         int
	TrainBatch    int
	LearningRates []float64
	EvalEvery     int
	// MNIST rows used: training images, validation images (held out of the training images,
	// to choose the learning rate) and test images (to report).
	TrainSamples, ValSamples, TestSamples int
	Seed                                  uint64
	// Workers runs that many nets at once (0: one per core).
	Workers int
}

// VanishingProfile is the mean gradient norm of each layer's weights at initialisation.
type VanishingProfile struct {
	Setup string
	Depth int
	// Norms[i] is layer i+1's mean ‖∂L/∂W‖ over seeds and batches; Low and High are the
	// smallest and largest of the per-seed means.
	Norms, Low, High []float64
}

// VanishingRatio is the first-layer/last-layer gradient-norm ratio at each depth.
type VanishingRatio struct {
	Setup                 string
	Depths                []float64
	Ratio, Low, High      []float64 // geometric mean over seeds; per-seed min and max
	Factor                float64   // fitted per-layer factor: ratio ∝ Factor^depth
	FactorLow, FactorHigh float64   // its 95% bootstrap interval
}

// VanishingRun is one training run.
type VanishingRun struct {
	Setup        string
	Depth        int
	LR           float64
	Diverged     bool
	Steps        []float64 // steps at which validation accuracy was measured
	ValAccuracy  []float64
	FinalVal     float64
	TestAccuracy float64
	FLOPs        int64
}

// VanishingGradientsResult holds the measurements and the verdict.
type VanishingGradientsResult struct {
	Config   VanishingGradientsConfig
	Profiles []VanishingProfile
	Ratios   []VanishingRatio
	// Runs holds every training run; Best the run kept for each setup and depth, in the
	// order setups × TrainDepths.
	Runs    []VanishingRun
	Best    []VanishingRun
	Verdict Verdict
}

func (vanishingGradients) Info() Info {
	return Info{
		ID:         "vanishing-gradients",
		Title:      "Sigmoid gradients vanish in deep stacks; ReLU's do not",
		Source:     Torrent2020,
		Claim:      "The sigmoid squashes gradients so that deep stacks do not train; ReLU fixed that and let many layers be stacked.",
		Notebook:   "01-vanishing-gradients.ipynb",
		Measure:    "gradient norms per layer at initialisation for sigmoid, tanh and ReLU at depths 2–30; deep nets trained on MNIST for the same number of steps",
		Reproduced: "sigmoid's first/last-layer gradient ratio shrinks geometrically with depth; ReLU with He initialisation keeps it near 1; at depth ≥ 10 ReLU trains and sigmoid stalls",
	}
}

// DefaultVanishingSetups are sigmoid and tanh with Glorot initialisation and ReLU with He.
func DefaultVanishingSetups() []VanishingSetup {
	return []VanishingSetup{
		{Name: "sigmoid (Glorot)", Act: nn.Sigmoid, Init: nn.InitGlorotUniform},
		{Name: "tanh (Glorot)", Act: nn.Tanh, Init: nn.InitGlorotUniform},
		{Name: "ReLU (He)", Act: nn.ReLU, Init: nn.InitHeNormal},
	}
}

func (vanishingGradients) Config(s Scale) VanishingGradientsConfig {
	quick := s == Quick
	c := VanishingGradientsConfig{
		Setups: DefaultVanishingSetups(),
		Depths: []int{2, 5, 10, 20, 30}, Width: 100, Batch: 128, Batches: 4, Seeds: 3,
		TrainDepths: []int{2, 20}, Steps: 800, TrainBatch: 64,
		LearningRates: []float64{0.01, 0.03, 0.1, 0.3, 1, 3}, EvalEvery: 50,
		TrainSamples: 20000, ValSamples: 1000, TestSamples: 2000,
		Seed: 1,
	}
	if quick {
		c.Depths = []int{2, 5, 10}
		c.Width, c.Batches, c.Seeds = 64, 2, 2
		c.TrainDepths = []int{2, 10}
		c.Steps, c.EvalEvery = 150, 50
		c.LearningRates = []float64{0.1, 1}
		c.TrainSamples, c.ValSamples, c.TestSamples = 3000, 500, 500
	}
	return c
}

func (c VanishingGradientsConfig) validate() error {
	switch {
	case len(c.Setups) == 0:
		return errors.New("no activations to compare")
	case len(c.Depths) < 3:
		return fmt.Errorf("need at least 3 depths to fit the per-layer factor, have %v", c.Depths)
	case c.Width < 1 || c.Batch < 1 || c.Batches < 1 || c.Seeds < 1:
		return fmt.Errorf("width %d, batch %d, batches %d and seeds %d must be positive", c.Width, c.Batch, c.Batches, c.Seeds)
	case len(c.TrainDepths) == 0 || len(c.LearningRates) == 0 || c.Steps < 1 || c.TrainBatch < 1 || c.EvalEvery < 1:
		return errors.New("the training comparison needs depths, learning rates, steps, a batch size and an evaluation interval")
	case c.TrainSamples < c.TrainBatch || c.ValSamples < 1 || c.TestSamples < 1:
		return fmt.Errorf("sample sizes %d/%d/%d are too small", c.TrainSamples, c.ValSamples, c.TestSamples)
	}
	for _, d := range append(append([]int(nil), c.Depths...), c.TrainDepths...) {
		if d < 2 {
			return fmt.Errorf("depth %d: a net needs at least one hidden layer (depth ≥ 2)", d)
		}
	}
	for _, lr := range c.LearningRates {
		if !(lr > 0) {
			return fmt.Errorf("learning rate %v must be positive", lr)
		}
	}
	if c.Subject != "" && !slices.ContainsFunc(c.Setups, func(s VanishingSetup) bool { return s.Name == c.Subject }) {
		return fmt.Errorf("subject %q is not the name of any setup", c.Subject)
	}
	return nil
}

// vanishingNet builds a net of depth weight layers: depth−1 hidden layers of width, then the
// 10-way linear output.
func vanishingNet(s VanishingSetup, in, width, depth int, seed uint64) (*nn.Network, error) {
	var specs []nn.LayerSpec
	for i := 0; i < depth-1; i++ {
		specs = append(specs, nn.LayerSpec{Out: width, Act: s.Act, Init: s.Init})
	}
	specs = append(specs, nn.LayerSpec{Out: 10, Act: nn.Identity, Init: s.Init})
	return nn.New(in, specs, seed)
}

func (vanishingGradients) Run(ctx context.Context, cfg VanishingGradientsConfig) (VanishingGradientsResult, error) {
	res := VanishingGradientsResult{Config: cfg}
	if err := cfg.validate(); err != nil {
		return res, fmt.Errorf("vanishing-gradients: %w", err)
	}
	trainSet, testSet, err := datasets.MNIST()
	if err != nil {
		return res, err
	}
	idx, err := datasets.SampleIndices(trainSet.N, cfg.TrainSamples+cfg.ValSamples, cfg.Seed)
	if err != nil {
		return res, err
	}
	train, val := trainSet.Data(idx[:cfg.TrainSamples]), trainSet.Data(idx[cfg.TrainSamples:])
	test, err := testSet.Sample(cfg.TestSamples, cfg.Seed+1)
	if err != nil {
		return res, err
	}
	workers := sweep.Effective(cfg.Workers)

	// 1. Gradient norms at initialisation, one point per setup × depth × seed.
	type point struct{ setup, depth, seed int }
	var points []point
	for s := range cfg.Setups {
		for d := range cfg.Depths {
			for k := 0; k < cfg.Seeds; k++ {
				points = append(points, point{s, d, k})
			}
		}
	}
	norms, err := sweep.Map(sweep.Unsharded(ctx), len(points), workers, func(ctx context.Context, i int) ([]float64, error) {
		p := points[i]
		return vanishingInitNorms(cfg, cfg.Setups[p.setup], cfg.Depths[p.depth], cfg.Seed*1000+uint64(p.seed), train, sweep.InnerThreads(workers))
	}, func(done, total int) { Progress(ctx, "gradient norms at initialisation", done, total) })
	if err != nil {
		return res, fmt.Errorf("vanishing-gradients: %w", err)
	}
	for s, setup := range cfg.Setups {
		ratio := VanishingRatio{Setup: setup.Name}
		var fitDepth, fitRatio []float64
		for d, depth := range cfg.Depths {
			prof := VanishingProfile{Setup: setup.Name, Depth: depth, Norms: make([]float64, depth), Low: make([]float64, depth), High: make([]float64, depth)}
			logSum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
			for i, p := range points {
				if p.setup != s || p.depth != d {
					continue
				}
				n := norms[i]
				for l := range n {
					prof.Norms[l] += n[l] / float64(cfg.Seeds)
					if p.seed == 0 || n[l] < prof.Low[l] {
						prof.Low[l] = n[l]
					}
					prof.High[l] = max(prof.High[l], n[l])
				}
				r := n[0] / n[len(n)-1]
				logSum += math.Log(r)
				lo, hi = min(lo, r), max(hi, r)
				fitDepth = append(fitDepth, float64(depth))
				fitRatio = append(fitRatio, r)
			}
			res.Profiles = append(res.Profiles, prof)
			ratio.Depths = append(ratio.Depths, float64(depth))
			ratio.Ratio = append(ratio.Ratio, math.Exp(logSum/float64(cfg.Seeds)))
			ratio.Low = append(ratio.Low, lo)
			ratio.High = append(ratio.High, hi)
		}
		// ratio(depth) ≈ C·f^depth: fit log10 ratio linearly in depth over every seed's point.
		fit, err := costmodel.FitExponential(fitDepth, fitRatio, costmodel.FitOptions{Seed: cfg.Seed})
		if err != nil {
			return res, fmt.Errorf("vanishing-gradients: fitting %s: %w", setup.Name, err)
		}
		factor := func(l costmodel.Line) float64 { return math.Pow(10, l.Slope) }
		ratio.Factor = factor(fit.Line)
		ratio.FactorLow, ratio.FactorHigh = fit.Interval(factor)
		res.Ratios = append(res.Ratios, ratio)
	}

	// 2. Training curves, one point per setup × depth × learning rate.
	type run struct{ setup, depth, lr int }
	var runs []run
	for s := range cfg.Setups {
		for d := range cfg.TrainDepths {
			for l := range cfg.LearningRates {
				runs = append(runs, run{s, d, l})
			}
		}
	}
	results, err := sweep.Map(ctx, len(runs), workers, func(ctx context.Context, i int) (VanishingRun, error) {
		r := runs[i]
		return vanishingTrain(cfg, cfg.Setups[r.setup], cfg.TrainDepths[r.depth], cfg.LearningRates[r.lr], train, val, test, sweep.InnerThreads(workers))
	}, func(done, total int) { Progress(ctx, "training runs", done, total) })
	if err != nil {
		return res, fmt.Errorf("vanishing-gradients: %w", err)
	}
	res.Runs = results
	for s, setup := range cfg.Setups {
		for _, depth := range cfg.TrainDepths {
			best := -1
			for i, r := range results {
				if r.Setup != setup.Name || r.Depth != depth || r.Diverged {
					continue
				}
				if best < 0 || r.FinalVal > results[best].FinalVal {
					best = i
				}
			}
			if best < 0 {
				// Every rate diverged: keep a placeholder at chance so the figure shows it.
				res.Best = append(res.Best, VanishingRun{Setup: cfg.Setups[s].Name, Depth: depth, Diverged: true, FinalVal: 0.1, TestAccuracy: 0.1})
				continue
			}
			res.Best = append(res.Best, results[best])
		}
	}
	res.Verdict = vanishingVerdict(res)
	return res, nil
}

// vanishingInitNorms returns each layer's weight-gradient norm at initialisation, averaged
// over cfg.Batches batches of the training data.
func vanishingInitNorms(cfg VanishingGradientsConfig, s VanishingSetup, depth int, seed uint64, train nn.Data, threads int) ([]float64, error) {
	n, err := vanishingNet(s, train.Dim, cfg.Width, depth, seed)
	if err != nil {
		return nil, err
	}
	n.Threads = threads
	idx, err := datasets.SampleIndices(train.Len(), cfg.Batch*cfg.Batches, seed)
	if err != nil {
		return nil, err
	}
	batches := train.Subset(idx)
	out := make([]float64, depth)
	for b := 0; b < cfg.Batches; b++ {
		part := batches.Slice(b*cfg.Batch, (b+1)*cfg.Batch)
		if _, err := n.Forward(part.X, cfg.Batch); err != nil {
			return nil, err
		}
		if _, err := n.LossGrad(nn.SoftmaxCrossEntropy, part.Labels, nil); err != nil {
			return nil, err
		}
		if _, err := n.Backward(false); err != nil {
			return nil, err
		}
		for l, layer := range n.Layers {
			g := layer.GradNorm()
			if math.IsNaN(g) || math.IsInf(g, 0) {
				return nil, fmt.Errorf("%s, depth %d: gradient norm of layer %d is %v", s.Name, depth, l+1, g)
			}
			out[l] += g / float64(cfg.Batches)
		}
	}
	return out, nil
}

// vanishingTrain trains one net and records its validation accuracy along the way. A run
// that diverges is a result (that rate is too large), not an error.
func vanishingTrain(cfg VanishingGradientsConfig, s VanishingSetup, depth int, lr float64, train, val, test nn.Data, threads int) (VanishingRun, error) {
	r := VanishingRun{Setup: s.Name, Depth: depth, LR: lr}
	n, err := vanishingNet(s, train.Dim, cfg.Width, depth, cfg.Seed)
	if err != nil {
		return r, err
	}
	n.Threads = threads
	_, err = n.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.SGD(lr), BatchSize: cfg.TrainBatch,
		Steps: cfg.Steps, Seed: cfg.Seed, Eval: &val, EvalEvery: cfg.EvalEvery,
		OnEval: func(e nn.EvalInfo) bool {
			r.Steps = append(r.Steps, float64(e.Step))
			r.ValAccuracy = append(r.ValAccuracy, e.Accuracy)
			return true
		},
	})
	r.FLOPs = n.FLOPs.Total()
	if errors.Is(err, nn.ErrDiverged) {
		r.Diverged = true
		return r, nil
	}
	if err != nil {
		return r, err
	}
	r.FinalVal = r.ValAccuracy[len(r.ValAccuracy)-1]
	if _, r.TestAccuracy, err = n.Evaluate(test, nn.SoftmaxCrossEntropy); err != nil {
		return r, err
	}
	return r, nil
}

// ParseVanishingSetups reads a comma-separated list of activations ("sigmoid,tanh,relu")
// and pairs each with its usual initialiser: Glorot for sigmoid, tanh and identity, He for
// ReLU and leaky ReLU.
func ParseVanishingSetups(list string) ([]VanishingSetup, error) {
	var out []VanishingSetup
	for _, name := range strings.Split(list, ",") {
		act, err := nn.ParseActivation(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		s := VanishingSetup{Act: act, Init: nn.InitGlorotUniform, Name: act.String() + " (Glorot)"}
		if act == nn.ReLU || act == nn.LeakyReLU {
			s.Init, s.Name = nn.InitHeNormal, act.String()+" (He)"
		}
		if act == nn.Sigmoid {
			s.Name = "sigmoid (Glorot)"
		}
		if act == nn.ReLU {
			s.Name = "ReLU (He)"
		}
		out = append(out, s)
	}
	return out, nil
}
