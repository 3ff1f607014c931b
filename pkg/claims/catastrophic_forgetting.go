package claims

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// CatastrophicForgetting is the claim that a network trained on a new task wipes out what it
// learned on the old one; that freezing its early layers only mitigates this; and that
// DeepMind's elastic weight consolidation (EWC: Kirkpatrick et al. 2017, "Overcoming
// catastrophic forgetting in neural networks", PNAS 114(13):3521–3526) protects the weights
// that mattered for the old task (Torrent 2020).
//
// EWC trains task B on L_B(θ) + λ/2·Σ_i F_i·(θ_i − θ*_A,i)² (the paper's eq. 3), where θ*_A
// are the parameters after task A and F the diagonal of A's Fisher information: a weight the
// old task's predictions are sensitive to is expensive to move, the others are free. An L2
// pull (F = 1) weighs every weight alike and so either blocks B or lets A go.
var CatastrophicForgetting catastrophicForgetting

type catastrophicForgetting struct{}

// The methods compared, by the names runs and figures use.
const (
	ForgettingPlain   = "plain"   // fine-tune every layer on the new task
	ForgettingFrozen  = "frozen"  // fine-tune with the lowest FrozenLayers layers fixed
	ForgettingL2      = "l2"      // fine-tune with an L2 pull toward each earlier task's weights
	ForgettingEWC     = "ewc"     // fine-tune with EWC's Fisher-weighted pull
	ForgettingScratch = "scratch" // a fresh net trained on the new task alone (the reference)
)

// ForgettingMethods lists the sequential methods in the order figures and tables use.
var ForgettingMethods = []string{ForgettingPlain, ForgettingFrozen, ForgettingL2, ForgettingEWC}

// ForgettingMethodLabel is a method's name for people.
func ForgettingMethodLabel(method string) string {
	switch method {
	case ForgettingPlain:
		return "plain fine-tuning"
	case ForgettingFrozen:
		return "frozen lower layers"
	case ForgettingL2:
		return "L2 pull to old weights"
	case ForgettingEWC:
		return "EWC"
	case ForgettingScratch:
		return "from scratch"
	}
	return method
}

// The sequences, by the keys runs use.
const (
	ForgettingPermuted     = "permuted"       // permuted MNIST, one shared head
	ForgettingDomainShared = "domains-shared" // MNIST digits then Fashion-MNIST garments, one shared head
	ForgettingDomainHeads  = "domains-heads"  // the same, with a head per task
)

// CatastrophicForgettingConfig sets the tasks, the network, the training budget and the
// methods' settings. Every method trains every task with the same network, optimiser and
// number of epochs.
type CatastrophicForgettingConfig struct {
	// Tasks is the length of the permuted-MNIST sequence: task A is MNIST, the others are
	// fixed random pixel permutations of it (Kirkpatrick et al. 2017, fig. 2A, used 3).
	Tasks int
	// Identical makes every task of the permuted sequence task A itself (no permutation): a
	// sequence with nothing to forget, the negative control's world.
	Identical bool
	// Domains also runs the two-task sequence MNIST digits → Fashion-MNIST garments, twice:
	// with the garments reusing the digits' output layer (the same model retrained on new
	// data), and with an output layer (head) per task on a shared trunk.
	Domains bool
	// Hidden are the widths of the ReLU hidden layers (He init); each head is a linear
	// 10-way layer. Kirkpatrick et al. used 2 hidden layers of 400 units for fig. 2A.
	Hidden []int
	// FrozenLayers is how many of the lowest layers the "frozen" method keeps fixed after
	// task A (1 to len(Hidden)).
	FrozenLayers int
	// Plain SGD (as in the paper's fig. 2A) with this learning rate and batch size, for
	// Epochs passes over each task's TrainSamples images.
	LR            float64
	Batch, Epochs int
	// Rows per task: training and validation (held out of the training images; the
	// validation rows choose λ) and test (reported).
	TrainSamples, ValSamples, TestSamples int
	// The training curves are measured MonitorPoints times per task on the first
	// MonitorSamples test rows of every task seen so far.
	MonitorSamples, MonitorPoints int
	// EWC's Fisher information is estimated on FisherSamples training images of each task
	// with the given estimator.
	FisherSamples int
	Fisher        ForgettingFisherEstimator
	// The penalty strengths tried; for each method the λ with the best mean validation
	// accuracy over all tasks after the last one is the one reported.
	EWCLambdas, L2Lambdas []float64
	// Seeds nets (initialisation and batch order) per method and λ.
	Seeds int
	Seed  uint64
	// Workers runs that many trainings at once (0: one per core).
	Workers int
}

// ForgettingCurve is the accuracy on one task, measured during the sequence: Epochs counts
// passes over the training data from the start of the first task.
type ForgettingCurve struct {
	Task            int
	Epochs          []float64
	Accuracy        []float64
	AccLow, AccHigh []float64 // over seeds, in summaries (nil in single runs)
}

// ForgettingRun is one seeded run of a method through a sequence.
type ForgettingRun struct {
	Setup  string
	Method string
	Lambda float64 // 0 for methods without a penalty
	Seed   int     // the seed's index
	// Task is the task a from-scratch run trained (0 for sequential runs).
	Task int
	// Test[k][s] and Val[k][s] are the accuracies on task s after training task k (s ≤ k);
	// a from-scratch run has a single value.
	Test, Val [][]float64
	Curves    []ForgettingCurve
	// TrainFLOPs is the training work (task A included); FisherFLOPs the Fisher estimates.
	TrainFLOPs, FisherFLOPs, EvalFLOPs int64
}

// ForgettingSummary is a method over seeds, at its chosen λ.
type ForgettingSummary struct {
	Method string
	Lambda float64
	// Test[k][s]: mean test accuracy on task s after task k; Low and High the seeds' range.
	Test, Low, High [][]float64
	// Retained is the share of task A's above-chance accuracy kept after the last task:
	// (acc_A after last − chance) / (acc_A after A − chance), from the seed means, with its
	// per-seed range; RetainedAfterB the same after the second task.
	Retained, RetainedLow, RetainedHigh float64
	RetainedAfterB                      float64
	// Learned is the worst, over the tasks after A, of the task's above-chance accuracy right
	// after training it relative to a net trained on it from scratch with the same budget.
	Learned float64
	Curves  []ForgettingCurve
}

// ForgettingSweepPoint is one penalty strength of L2 or EWC (seed means).
type ForgettingSweepPoint struct {
	Method   string
	Lambda   float64
	AAfterB  float64 // test accuracy on A after training B
	BAfterB  float64 // test accuracy on B right after training it
	Retained float64 // as in ForgettingSummary
	Learned  float64
	ValScore float64 // mean validation accuracy over all tasks after the last one
	Selected bool
}

// ForgettingSetup is one sequence of tasks and what every method did on it.
type ForgettingSetup struct {
	Key, Name string
	Tasks     []string
	Heads     []int
	Chance    float64
	Runs      []ForgettingRun
	Methods   []ForgettingSummary // in the order of ForgettingMethods
	// Scratch[t] is the mean test accuracy of a net trained on task t alone (t = 0: task A
	// after training it, the same for every method).
	Scratch []float64
	Sweep   []ForgettingSweepPoint
	// FisherWeights[l] and FisherBiases[l] are the mean Fisher information of layer l+1's
	// weights and biases after task A (mean over seeds): which layers EWC protects most;
	// FisherZero[l] the share of the layer's parameters whose Fisher is exactly zero.
	FisherWeights, FisherBiases, FisherZero []float64
	// The claim's statements on this sequence (see forgettingCriteria): Testable says plain
	// fine-tuning lost enough of A for freezing and EWC to have something to protect.
	PlainLosesMost, Testable, FrozenMitigates, EWCKeepsAndLearns bool
}

// CatastrophicForgettingResult holds every run, the summaries and the verdict.
type CatastrophicForgettingResult struct {
	Config CatastrophicForgettingConfig
	Setups []ForgettingSetup
	// Work done, from the training loop's own counters.
	TrainFLOPs, FisherFLOPs, EvalFLOPs int64
	Verdict                            Verdict
}

func (catastrophicForgetting) Info() Info {
	return Info{
		ID:     "catastrophic-forgetting",
		Title:  "Training on a new task wipes out the old one; EWC protects the weights that mattered",
		Source: Torrent2020,
		Claim:  "Update a model with new data and it forgets what it learned (catastrophic forgetting); freezing the early layers only mitigates it; DeepMind's elastic weight consolidation finds the parameters that mattered for the first task and makes them expensive to change.",
	}
}

func (catastrophicForgetting) Config(quick bool) CatastrophicForgettingConfig {
	c := CatastrophicForgettingConfig{
		Tasks: 3, Domains: true,
		Hidden: []int{256, 256}, FrozenLayers: 1,
		LR: 0.1, Batch: 32, Epochs: 2,
		TrainSamples: 10000, ValSamples: 1000, TestSamples: 2000,
		MonitorSamples: 300, MonitorPoints: 5,
		FisherSamples: 300, Fisher: ForgettingFisherTrue,
		EWCLambdas: []float64{10, 100, 1e3, 1e4, 1e5, 1e6},
		L2Lambdas:  []float64{0.01, 0.1, 1},
		Seeds:      2, Seed: 1,
	}
	if quick {
		c.Tasks = 2
		c.Hidden = []int{100, 100}
		c.Epochs = 1
		c.TrainSamples, c.ValSamples, c.TestSamples = 3000, 300, 500
		c.MonitorSamples, c.MonitorPoints = 200, 3
		c.FisherSamples = 100
		c.EWCLambdas = []float64{100, 1e4}
		c.L2Lambdas = []float64{0.1}
		c.Seeds = 1
	}
	return c
}

func (c CatastrophicForgettingConfig) validate() error {
	switch {
	case c.Tasks < 2:
		return fmt.Errorf("need at least 2 permuted-MNIST tasks to forget one, have %d", c.Tasks)
	case len(c.Hidden) == 0:
		return errors.New("need at least one hidden layer (the trunk)")
	case c.FrozenLayers < 1 || c.FrozenLayers > len(c.Hidden):
		return fmt.Errorf("frozen layers %d: freeze 1 to %d of the hidden layers (the output head must learn)", c.FrozenLayers, len(c.Hidden))
	case !(c.LR > 0) || c.Batch < 1 || c.Epochs < 1:
		return fmt.Errorf("learning rate %v, batch %d and epochs %d must be positive", c.LR, c.Batch, c.Epochs)
	case c.TrainSamples < c.Batch || c.ValSamples < 1 || c.TestSamples < 1:
		return fmt.Errorf("sample sizes %d/%d/%d are too small", c.TrainSamples, c.ValSamples, c.TestSamples)
	case c.MonitorSamples < 1 || c.MonitorSamples > c.TestSamples || c.MonitorPoints < 1:
		return fmt.Errorf("monitor %d of %d test rows at %d points per task", c.MonitorSamples, c.TestSamples, c.MonitorPoints)
	case c.FisherSamples < 1 || c.FisherSamples > c.TrainSamples:
		return fmt.Errorf("Fisher samples %d must be within 1..%d (the training rows)", c.FisherSamples, c.TrainSamples)
	case len(c.EWCLambdas) == 0 || len(c.L2Lambdas) == 0:
		return errors.New("need at least one EWC λ and one L2 λ")
	case c.Seeds < 1:
		return fmt.Errorf("seeds %d must be positive", c.Seeds)
	}
	for _, w := range c.Hidden {
		if w < 1 {
			return fmt.Errorf("hidden width %d must be positive", w)
		}
	}
	for _, l := range append(append([]float64(nil), c.EWCLambdas...), c.L2Lambdas...) {
		if !(l > 0) || math.IsInf(l, 0) {
			return fmt.Errorf("penalty strength λ = %v must be positive and finite", l)
		}
	}
	if _, ok := forgettingFisherNames[c.Fisher]; !ok {
		return fmt.Errorf("unknown Fisher estimator %d", int(c.Fisher))
	}
	return nil
}

// forgettingSequenceData is one sequence's tasks and the test rows its curves use.
type forgettingSequenceData struct {
	key, name string
	tasks     []datasets.SequentialTask
	monitor   []nn.Data
	heads     int
}

// forgettingStart is a net after task A, from which every method continues.
type forgettingStart struct {
	snap       [][]nn.Float
	curves     []ForgettingCurve
	test, val  float64
	fisher     []nn.Float
	fisherFLOP int64
	trainFLOPs int64
	evalFLOPs  int64
}

// forgettingJob is one training run of stage 2: a method (and λ) through the rest of a
// sequence, or a from-scratch net on one task.
type forgettingJob struct {
	setup, seed int
	method      string
	lambda      float64
	task        int // for from-scratch runs
}

func (catastrophicForgetting) Run(ctx context.Context, cfg CatastrophicForgettingConfig) (CatastrophicForgettingResult, error) {
	res := CatastrophicForgettingResult{Config: cfg}
	if err := cfg.validate(); err != nil {
		return res, fmt.Errorf("catastrophic-forgetting: %w", err)
	}
	sizes := datasets.SequentialSizes{Train: cfg.TrainSamples, Val: cfg.ValSamples, Test: cfg.TestSamples}
	var seqs []forgettingSequenceData
	perm, err := datasets.PermutedMNIST(cfg.Tasks, sizes, cfg.Seed)
	if err != nil {
		return res, fmt.Errorf("catastrophic-forgetting: %w", err)
	}
	if cfg.Identical {
		for t := 1; t < len(perm); t++ {
			perm[t] = perm[0]
			perm[t].Name = fmt.Sprintf("MNIST again (%d)", t)
		}
	}
	seqs = append(seqs, forgettingSequenceData{key: ForgettingPermuted, name: "permuted MNIST", tasks: perm})
	if cfg.Domains {
		heads, err := datasets.MNISTThenFashion(sizes, false, cfg.Seed)
		if err != nil {
			return res, fmt.Errorf("catastrophic-forgetting: %w", err)
		}
		// The same images through one shared head (the rows are shared, not copied).
		shared := append([]datasets.SequentialTask(nil), heads...)
		for i := range shared {
			shared[i].Head = 0
		}
		seqs = append(seqs,
			forgettingSequenceData{key: ForgettingDomainShared, name: "digits → garments, one shared head", tasks: shared},
			forgettingSequenceData{key: ForgettingDomainHeads, name: "digits → garments, a head per task", tasks: heads})
	}
	for i := range seqs {
		s := &seqs[i]
		for _, t := range s.tasks {
			if err := forgettingTaskLabelsCheck(t, 10); err != nil {
				return res, fmt.Errorf("catastrophic-forgetting: %w", err)
			}
			s.monitor = append(s.monitor, t.Test.Slice(0, cfg.MonitorSamples))
			s.heads = max(s.heads, t.Head+1)
		}
	}
	workers := sweep.Effective(cfg.Workers)
	threads := sweep.InnerThreads(workers)

	// Stage 1: task A, once per sequence and seed; every method continues from it.
	starts, err := sweep.Map(ctx, len(seqs)*cfg.Seeds, workers, func(ctx context.Context, i int) (forgettingStart, error) {
		return forgettingTrainFirst(cfg, seqs[i/cfg.Seeds], i%cfg.Seeds, threads)
	}, func(done, total int) { Progress(ctx, "task A", done, total) })
	if err != nil {
		return res, fmt.Errorf("catastrophic-forgetting: %w", err)
	}

	// Stage 2: every method (and λ) through the later tasks, and the from-scratch nets.
	var jobs []forgettingJob
	for s, seq := range seqs {
		for k := 0; k < cfg.Seeds; k++ {
			jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingPlain}, forgettingJob{setup: s, seed: k, method: ForgettingFrozen})
			for _, l := range cfg.L2Lambdas {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingL2, lambda: l})
			}
			for _, l := range cfg.EWCLambdas {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingEWC, lambda: l})
			}
			for t := 1; t < len(seq.tasks); t++ {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingScratch, task: t})
			}
		}
	}
	runs, err := sweep.Map(ctx, len(jobs), workers, func(ctx context.Context, i int) (ForgettingRun, error) {
		j := jobs[i]
		seq := seqs[j.setup]
		if j.method == ForgettingScratch {
			return forgettingScratchRun(cfg, seq, j, threads)
		}
		return forgettingSequenceRun(cfg, seq, starts[j.setup*cfg.Seeds+j.seed], j, threads)
	}, func(done, total int) { Progress(ctx, "later tasks", done, total) })
	if err != nil {
		return res, fmt.Errorf("catastrophic-forgetting: %w", err)
	}
	for _, st := range starts {
		res.FisherFLOPs += st.fisherFLOP
		res.EvalFLOPs += st.evalFLOPs
		res.TrainFLOPs += st.trainFLOPs
	}
	for i, r := range runs {
		res.FisherFLOPs += r.FisherFLOPs
		res.EvalFLOPs += r.EvalFLOPs
		res.TrainFLOPs += r.TrainFLOPs
		if r.Method != ForgettingScratch {
			// A sequential run's count includes task A, which is counted once, in its start.
			res.TrainFLOPs -= starts[jobs[i].setup*cfg.Seeds+r.Seed].trainFLOPs
		}
	}
	for s, seq := range seqs {
		var mine []ForgettingRun
		for i, j := range jobs {
			if j.setup == s {
				mine = append(mine, runs[i])
			}
		}
		setup, err := forgettingSummarise(cfg, seq, starts[s*cfg.Seeds:(s+1)*cfg.Seeds], mine)
		if err != nil {
			return res, fmt.Errorf("catastrophic-forgetting: %w", err)
		}
		res.Setups = append(res.Setups, setup)
	}
	res.Verdict = forgettingVerdict(res)
	return res, nil
}

// forgettingModelSeed is the initialisation seed of seed index k: the same for every method,
// so that they all start from the same net.
func forgettingModelSeed(cfg CatastrophicForgettingConfig, k int) uint64 {
	return cfg.Seed*1_000_003 + uint64(k)*7717
}

// forgettingTrainFirst trains task A and estimates its Fisher information.
func forgettingTrainFirst(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, k, threads int) (forgettingStart, error) {
	var st forgettingStart
	seed := forgettingModelSeed(cfg, k)
	first := seq.tasks[0]
	m, err := newForgettingModel(first.Train.Dim, cfg.Hidden, seq.heads, 10, seed, threads)
	if err != nil {
		return st, err
	}
	spec := &forgettingTrainSpec{cfg: cfg, seed: seed, seen: seq.tasks[:1], monitor: seq.monitor[:1]}
	if err := m.train(spec); err != nil {
		return st, err
	}
	st.curves = spec.curves
	if st.test, err = m.accuracy(first.Test, first.Head); err != nil {
		return st, err
	}
	if st.val, err = m.accuracy(first.Val, first.Head); err != nil {
		return st, err
	}
	st.snap = m.snapshot()
	st.fisher, st.fisherFLOP, err = forgettingFisher(m.use(first.Head), first.Train, cfg.FisherSamples, cfg.Fisher, seed)
	if err != nil {
		return st, err
	}
	st.trainFLOPs, st.evalFLOPs = m.flops()
	return st, nil
}

// forgettingSequenceRun continues a method from task A through the rest of the sequence.
func forgettingSequenceRun(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, st forgettingStart, j forgettingJob, threads int) (ForgettingRun, error) {
	run, _, err := forgettingContinue(cfg, seq, st, j, threads)
	return run, err
}

// forgettingContinue is forgettingSequenceRun that also returns the final model.
func forgettingContinue(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, st forgettingStart, j forgettingJob, threads int) (ForgettingRun, *forgettingModel, error) {
	run := ForgettingRun{Setup: seq.key, Method: j.method, Lambda: j.lambda, Seed: j.seed,
		Test: [][]float64{{st.test}}, Val: [][]float64{{st.val}}, TrainFLOPs: st.trainFLOPs}
	for _, c := range st.curves {
		run.Curves = append(run.Curves, ForgettingCurve{Task: c.Task, Epochs: append([]float64(nil), c.Epochs...), Accuracy: append([]float64(nil), c.Accuracy...)})
	}
	seed := forgettingModelSeed(cfg, j.seed)
	m, err := newForgettingModel(seq.tasks[0].Train.Dim, cfg.Hidden, seq.heads, 10, seed, threads)
	if err != nil {
		return run, nil, err
	}
	if err := m.restore(st.snap); err != nil {
		return run, nil, err
	}
	var anchors []forgettingAnchor
	switch j.method {
	case ForgettingL2:
		anchors = append(anchors, forgettingAnchor{head: seq.tasks[0].Head, center: st.snap[seq.tasks[0].Head]})
	case ForgettingEWC:
		anchors = append(anchors, forgettingAnchor{head: seq.tasks[0].Head, center: st.snap[seq.tasks[0].Head], fisher: st.fisher})
	}
	frozen := 0
	if j.method == ForgettingFrozen {
		frozen = cfg.FrozenLayers
	}
	for t := 1; t < len(seq.tasks); t++ {
		task := seq.tasks[t]
		var pen nn.Penalty
		if len(anchors) > 0 {
			var ps []*nn.Anchor
			for _, a := range anchors {
				ps = append(ps, a.penalty(j.lambda, task.Head, m.trunkLen))
			}
			pen = newForgettingProximal(ps, cfg.LR, len(anchors[0].center))
		}
		spec := &forgettingTrainSpec{cfg: cfg, frozen: frozen, penalty: pen, seed: seed + uint64(t),
			xOffset: float64(t * cfg.Epochs), seen: seq.tasks[:t+1], monitor: seq.monitor[:t+1], curves: run.Curves}
		if err := m.train(spec); err != nil {
			return run, nil, fmt.Errorf("%s, λ %g: %w", ForgettingMethodLabel(j.method), j.lambda, err)
		}
		run.Curves = spec.curves
		var test, val []float64
		for _, s := range seq.tasks[:t+1] {
			a, err := m.accuracy(s.Test, s.Head)
			if err != nil {
				return run, nil, err
			}
			v, err := m.accuracy(s.Val, s.Head)
			if err != nil {
				return run, nil, err
			}
			test, val = append(test, a), append(val, v)
		}
		run.Test, run.Val = append(run.Test, test), append(run.Val, val)
		if len(anchors) > 0 && t < len(seq.tasks)-1 {
			net := m.use(task.Head)
			a := forgettingAnchor{head: task.Head, center: net.Params(nil)}
			if j.method == ForgettingEWC {
				var flops int64
				if a.fisher, flops, err = forgettingFisher(net, task.Train, cfg.FisherSamples, cfg.Fisher, seed+uint64(t)); err != nil {
					return run, nil, err
				}
				run.FisherFLOPs += flops
			}
			anchors = append(anchors, a)
		}
	}
	train, eval := m.flops()
	run.TrainFLOPs += train
	run.EvalFLOPs += eval
	return run, m, nil
}

// forgettingScratchRun trains a fresh net on one later task alone, with the same budget.
func forgettingScratchRun(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, j forgettingJob, threads int) (ForgettingRun, error) {
	run := ForgettingRun{Setup: seq.key, Method: ForgettingScratch, Seed: j.seed, Task: j.task}
	task := seq.tasks[j.task]
	seed := forgettingModelSeed(cfg, j.seed)
	m, err := newForgettingModel(task.Train.Dim, cfg.Hidden, seq.heads, 10, seed, threads)
	if err != nil {
		return run, err
	}
	spec := &forgettingTrainSpec{cfg: cfg, seed: seed + uint64(j.task), seen: []datasets.SequentialTask{task}, monitor: seq.monitor[j.task : j.task+1]}
	if err := m.train(spec); err != nil {
		return run, fmt.Errorf("from scratch: %w", err)
	}
	spec.curves[0].Task = j.task
	run.Curves = spec.curves
	test, err := m.accuracy(task.Test, task.Head)
	if err != nil {
		return run, err
	}
	val, err := m.accuracy(task.Val, task.Head)
	if err != nil {
		return run, err
	}
	run.Test, run.Val = [][]float64{{test}}, [][]float64{{val}}
	run.TrainFLOPs, run.EvalFLOPs = m.flops()
	return run, nil
}
