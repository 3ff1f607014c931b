package claims

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// ExpertVsFlexible is the claim that an expert system, told which variables matter, learns
// quickly and cheaply but stalls when the expert missed some, while a flexible system that
// examines every variable needs far more data and computation and, with enough of both,
// ends up better (Spectrum 2021: the X-ray example, and rule-based against statistical
// translation for Urdu, Arabic and Malay).
//
// The experiment: the synthetic X-ray task of datasets.XRayConfig (Informative variables,
// with a linear part, pairwise products and thresholds, hidden among Variables candidates).
// The expert is logistic regression on the informative variables (complete) or on them with
// k left out (missing k): a simple model with few weights, as an expert's rule would be. The
// flexible system is a ReLU MLP on every candidate variable. Each model is trained at every
// training-set size by Adam with early stopping on held-out validation rows; its test error
// is read at the checkpoint kept, and its compute is the training loop's own FLOP count up to
// that checkpoint.
var ExpertVsFlexible expertVsFlexible

type expertVsFlexible struct{}

// ExpertVsFlexibleConfig sets the task, the models and the budgets.
type ExpertVsFlexibleConfig struct {
	// The task (see datasets.XRayConfig for f): candidate variables, informative ones, pairs
	// and thresholds among them, the standard deviation of each part of f and of the noise.
	Variables, Informative, Pairs, Thresholds        int
	LinearWeight, PairWeight, ThresholdWeight, Noise float64
	// Missing lists the k of the missing-variable experts (k informative variables left out,
	// chosen at random once from Seed).
	Missing []int
	// Sizes are the training-set sizes of the learning curves (increasing); each is trained
	// Seeds times, with a fresh sample, initialisation and order each time.
	Sizes []int
	Seeds int
	// Hidden lists the widths of the flexible MLP's ReLU layers.
	Hidden []int
	// Training: Adam at FlexibleLR (MLP) or ExpertLR (logistic regression), L2 weight decay
	// on the MLP's weights, batches of Batch rows, for Epochs passes over the data but at least
	// MinSteps steps; validation error every 1/Evals of the run, stopping after Patience
	// evaluations without improvement.
	FlexibleLR, ExpertLR, WeightDecay float64
	Batch, Epochs, MinSteps           int
	Evals, Patience                   int
	// ValSamples rows choose the checkpoint (for every model alike; not counted in the
	// training-set size); TestSamples rows measure the error.
	ValSamples, TestSamples int
	Seed                    uint64
	// Workers runs that many points at once (0: one per core).
	Workers int
}

// ExpertVsFlexibleRun is one model trained at one size with one seed.
type ExpertVsFlexibleRun struct {
	Model     string // ExpertComplete, ExpertMissingName(k) or ExpertFlexibleModel
	Missing   int    // k for a missing-variable expert; 0 otherwise
	N, Seed   int
	Params    int
	TestError float64 // at the checkpoint kept
	ValError  float64
	// FLOPs are the training FLOPs up to the checkpoint kept; TotalFLOPs those of the whole
	// run (with the evaluations that followed it, until early stopping).
	FLOPs, TotalFLOPs int64
	Steps             int // at the checkpoint
}

// ExpertVsFlexibleCurve is one model's learning curve: the mean over seeds at each size, with
// the smallest and largest seed as the band.
type ExpertVsFlexibleCurve struct {
	Model                    string
	Missing                  int
	N                        []float64
	Error, ErrLow, ErrHigh   []float64
	FLOPs, FLOPsLow, FLOPsHi []float64 // geometric mean over seeds; smallest and largest
	// The compute frontier: the least mean error reached with at most FrontierFLOPs[i]
	// (the points of the curve that beat every cheaper one, in increasing FLOPs).
	FrontierFLOPs, FrontierError []float64
}

// ExpertVsFlexibleCrossing says where the flexible model overtakes one expert.
type ExpertVsFlexibleCrossing struct {
	Expert  string
	Missing int
	// Crosses: the flexible model's mean error falls below the expert's within the grid.
	// N is the training-set size where it does (log-interpolated on both axes); NLow and NHigh
	// the smallest and largest of the per-seed crossings (a seed that does not cross counts
	// at the largest size), SeedsCrossing how many seeds cross. FLOPs is the least training
	// compute at which the flexible model reaches the expert's final error (the expert has
	// stopped improving, so more compute does not help it), with the same per-seed spread.
	Crosses                    bool
	SeedsCrossing              int
	N, NLow, NHigh             float64
	FLOPs, FLOPsLow, FLOPsHigh float64
	// The expert's plateau: PlateauRatio is its error at the largest size over its error at an
	// eighth of it; it reaches within 10% of its final error at PlateauN rows and PlateauFLOPs.
	PlateauRatio           float64
	PlateauN, PlateauFLOPs float64
	// DataMultiple = N/PlateauN and ComputeMultiple = FLOPs/PlateauFLOPs: how much more data
	// and compute the flexible model needs to overtake the expert than the expert needed to
	// reach its best.
	DataMultiple, ComputeMultiple float64
	// Errors at the smallest and the largest size, expert and flexible, and the FLOPs each
	// spent at the smallest size.
	ExpertFirst, FlexibleFirst, ExpertLast, FlexibleLast float64
	ExpertFirstFLOPs, FlexibleFirstFLOPs                 float64
}

// ExpertVsFlexibleResult holds the measurements and the verdict.
type ExpertVsFlexibleResult struct {
	Config ExpertVsFlexibleConfig
	// InformativeVars are the informative columns; the missing experts' left-out ones are
	// in Dropped (same order as Config.Missing).
	InformativeVars []int
	Dropped         [][]int
	Runs            []ExpertVsFlexibleRun
	// Curves: the complete expert, each missing-variable expert, then the flexible model.
	Curves    []ExpertVsFlexibleCurve
	Crossings []ExpertVsFlexibleCrossing // one per expert curve, in the order of Curves
	Verdict   Verdict
}

// Model names.
const (
	ExpertComplete      = "expert, all informative variables"
	ExpertFlexibleModel = "flexible MLP, all variables"
)

// ExpertMissingName names the expert that left out k variables.
func ExpertMissingName(k int) string { return fmt.Sprintf("expert, missing %d", k) }

func (expertVsFlexible) Info() Info {
	return Info{
		ID:         "expert-vs-flexible",
		Title:      "Expert systems learn fast but stall; flexible systems need more data and compute and end up better",
		Source:     Spectrum2021,
		Claim:      "An expert model told the right 100 variables learns fast and cheaply but stalls if the expert missed some; a flexible model that examines all variables needs far more data and compute but ends up better.",
		Notebook:   "07-expert-vs-flexible.ipynb",
		Measure:    "synthetic \"X-ray\" data with informative variables hidden in a large pool: error against data and against compute for the complete expert, experts missing k variables, and an MLP on everything",
		Reproduced: "the expert wins small, the missing-variable experts plateau, and the flexible model overtakes them",
	}
}

func (expertVsFlexible) Config(s Scale) ExpertVsFlexibleConfig {
	quick := s == Quick
	c := ExpertVsFlexibleConfig{
		Variables: 1000, Informative: 100, Pairs: 5, Thresholds: 10,
		LinearWeight: 1, PairWeight: 1, ThresholdWeight: 0.5, Noise: 0.2,
		Missing:    []int{10, 30},
		Sizes:      []int{250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000},
		Seeds:      3,
		Hidden:     []int{64, 64},
		FlexibleLR: 1e-3, ExpertLR: 1e-2, WeightDecay: 1e-2,
		Batch: 128, Epochs: 10, MinSteps: 300, Evals: 20, Patience: 5,
		ValSamples: 2000, TestSamples: 4000,
		Seed: 1,
	}
	if quick {
		c.Variables = 300
		c.Missing = []int{30}
		c.Sizes = []int{250, 1000, 4000, 16000}
		c.Seeds = 2
		c.Hidden = []int{32, 32}
		c.ValSamples, c.TestSamples = 1000, 2000
	}
	return c
}

func (c ExpertVsFlexibleConfig) task() datasets.XRayConfig {
	return datasets.XRayConfig{
		Variables: c.Variables, Informative: c.Informative, Pairs: c.Pairs, Thresholds: c.Thresholds,
		LinearWeight: c.LinearWeight, PairWeight: c.PairWeight, ThresholdWeight: c.ThresholdWeight, Noise: c.Noise,
		Seed: c.Seed,
	}
}

func (c ExpertVsFlexibleConfig) validate() error {
	if err := c.task().Validate(); err != nil {
		return err
	}
	switch {
	case len(c.Sizes) < 4:
		return fmt.Errorf("need at least 4 training-set sizes for a learning curve, have %v", c.Sizes)
	case c.Seeds < 1:
		return fmt.Errorf("seeds %d must be at least 1", c.Seeds)
	case len(c.Hidden) == 0:
		return errors.New("the flexible MLP needs at least one hidden layer")
	case !(c.FlexibleLR > 0) || !(c.ExpertLR > 0) || c.WeightDecay < 0:
		return fmt.Errorf("learning rates %v, %v must be positive and weight decay %v not negative", c.FlexibleLR, c.ExpertLR, c.WeightDecay)
	case c.Batch < 1 || c.Epochs < 1 || c.MinSteps < 1 || c.Evals < 1 || c.Patience < 1:
		return fmt.Errorf("batch %d, epochs %d, minimum steps %d, evaluations %d and patience %d must be positive", c.Batch, c.Epochs, c.MinSteps, c.Evals, c.Patience)
	case c.ValSamples < 100 || c.TestSamples < 100:
		return fmt.Errorf("validation and test sets of %d and %d rows are too small (at least 100)", c.ValSamples, c.TestSamples)
	}
	for i, n := range c.Sizes {
		if n < 2 || (i > 0 && n <= c.Sizes[i-1]) {
			return fmt.Errorf("training-set sizes %v must be increasing and at least 2", c.Sizes)
		}
	}
	for _, w := range c.Hidden {
		if w < 1 {
			return fmt.Errorf("hidden width %d must be positive", w)
		}
	}
	for _, k := range c.Missing {
		if k < 1 || k >= c.Informative {
			return fmt.Errorf("missing %d: an expert must leave out between 1 and %d of the %d informative variables", k, c.Informative-1, c.Informative)
		}
	}
	return nil
}

// expertModel is one of the models compared: the columns it sees (nil: all) and its net.
type expertModel struct {
	name    string
	missing int
	cols    []int
}

func (expertVsFlexible) Run(ctx context.Context, cfg ExpertVsFlexibleConfig) (ExpertVsFlexibleResult, error) {
	res := ExpertVsFlexibleResult{Config: cfg}
	if err := cfg.validate(); err != nil {
		return res, fmt.Errorf("expert-vs-flexible: %w", err)
	}
	task, err := datasets.NewXRayTask(cfg.task())
	if err != nil {
		return res, fmt.Errorf("expert-vs-flexible: %w", err)
	}
	res.InformativeVars = task.Informative
	models := []expertModel{{name: ExpertComplete, cols: task.Informative}}
	for _, k := range cfg.Missing {
		cols, err := task.ExpertVariables(k, cfg.Seed)
		if err != nil {
			return res, fmt.Errorf("expert-vs-flexible: %w", err)
		}
		var dropped []int
		for _, j := range task.Informative {
			if !slices.Contains(cols, j) {
				dropped = append(dropped, j)
			}
		}
		res.Dropped = append(res.Dropped, dropped)
		models = append(models, expertModel{name: ExpertMissingName(k), missing: k, cols: cols})
	}
	models = append(models, expertModel{name: ExpertFlexibleModel})

	// Validation and test rows come from their own seeds, shared by every point.
	val, err := task.Sample(cfg.ValSamples, cfg.Seed*1_000_003+1)
	if err != nil {
		return res, err
	}
	test, err := task.Sample(cfg.TestSamples, cfg.Seed*1_000_003+2)
	if err != nil {
		return res, err
	}

	// One point per size × seed trains every model on the same rows; the largest sizes go
	// first so that the two cores finish together.
	type point struct{ size, seed int }
	var points []point
	for s := len(cfg.Sizes) - 1; s >= 0; s-- {
		for k := 0; k < cfg.Seeds; k++ {
			points = append(points, point{s, k})
		}
	}
	workers := sweep.Effective(cfg.Workers)
	out, err := sweep.Map(ctx, len(points), workers, func(ctx context.Context, i int) ([]ExpertVsFlexibleRun, error) {
		p := points[i]
		return expertPoint(ctx, cfg, task, models, cfg.Sizes[p.size], p.seed, val, test, sweep.InnerThreads(workers))
	}, func(done, total int) { Progress(ctx, "training-set sizes × seeds", done, total) })
	if err != nil {
		return res, fmt.Errorf("expert-vs-flexible: %w", err)
	}
	for _, runs := range out {
		res.Runs = append(res.Runs, runs...)
	}
	slices.SortStableFunc(res.Runs, func(a, b ExpertVsFlexibleRun) int {
		if a.N != b.N {
			return a.N - b.N
		}
		return a.Seed - b.Seed
	})
	for _, m := range models {
		res.Curves = append(res.Curves, expertCurve(cfg, m, res.Runs))
	}
	flex := res.Curves[len(res.Curves)-1]
	for _, c := range res.Curves[:len(res.Curves)-1] {
		res.Crossings = append(res.Crossings, expertCrossing(cfg, c, flex, res.Runs))
	}
	res.Verdict = expertVerdict(res)
	return res, nil
}

// expertPoint draws one training set and trains every model on it.
func expertPoint(ctx context.Context, cfg ExpertVsFlexibleConfig, task *datasets.XRayTask, models []expertModel, n, seed int, val, test nn.Data, threads int) ([]ExpertVsFlexibleRun, error) {
	rowSeed := cfg.Seed*1_000_003 + 1000 + uint64(seed)
	train, err := task.Sample(n, rowSeed)
	if err != nil {
		return nil, err
	}
	var runs []ExpertVsFlexibleRun
	for m, model := range models {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tr, va, te := train, val, test
		var net *nn.Network
		lr, wd := cfg.FlexibleLR, cfg.WeightDecay
		netSeed := rowSeed*31 + uint64(m)
		if model.cols != nil {
			if tr, err = datasets.XRayColumns(train, model.cols); err != nil {
				return nil, err
			}
			if va, err = datasets.XRayColumns(val, model.cols); err != nil {
				return nil, err
			}
			if te, err = datasets.XRayColumns(test, model.cols); err != nil {
				return nil, err
			}
			// Logistic regression: one linear layer into the two logits.
			net, err = nn.New(len(model.cols), []nn.LayerSpec{{Out: 2, Act: nn.Identity, Init: nn.InitGlorotUniform}}, netSeed)
			lr, wd = cfg.ExpertLR, 0
		} else {
			net, err = nn.MLP(append(append([]int{cfg.Variables}, cfg.Hidden...), 2), nn.ReLU, nn.InitHeNormal, netSeed)
		}
		if err != nil {
			return nil, err
		}
		net.Threads = threads
		r, err := expertTrain(cfg, net, tr, va, te, lr, wd, rowSeed)
		if err != nil {
			return nil, fmt.Errorf("%s, %d rows, seed %d: %w", model.name, n, seed, err)
		}
		r.Model, r.Missing, r.N, r.Seed = model.name, model.missing, n, seed
		runs = append(runs, r)
	}
	return runs, nil
}

// expertTrain trains net with early stopping and returns the test error and FLOPs at the
// best validation error.
func expertTrain(cfg ExpertVsFlexibleConfig, net *nn.Network, train, val, test nn.Data, lr, wd float64, seed uint64) (ExpertVsFlexibleRun, error) {
	r := ExpertVsFlexibleRun{Params: net.NumParams(), ValError: math.Inf(1)}
	batch := min(cfg.Batch, train.Len())
	steps := max(cfg.MinSteps, cfg.Epochs*((train.Len()+batch-1)/batch))
	opt := nn.Adam(lr)
	opt.WeightDecay = wd
	stopping := nn.EarlyStopping{Patience: cfg.Patience}
	var evalErr error
	_, err := net.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: batch, Steps: steps, Seed: seed,
		Eval: &val, EvalEvery: max(1, steps/cfg.Evals),
		OnEval: func(e nn.EvalInfo) bool {
			v := 1 - e.Accuracy
			improved, goOn := stopping.Observe(e.Step, v)
			if improved {
				_, acc, err := net.Evaluate(test, nn.SoftmaxCrossEntropy)
				if err != nil {
					evalErr = err
					return false
				}
				r.ValError, r.TestError, r.FLOPs, r.Steps = v, 1-acc, e.FLOPs, e.Step
			}
			return goOn
		},
	})
	if err == nil {
		err = evalErr
	}
	r.TotalFLOPs = net.FLOPs.Total()
	return r, err
}
