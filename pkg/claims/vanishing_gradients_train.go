package claims

import (
	"errors"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// VanishingSnapshot is the state of a net's layers at one step: the norm of each layer's
// weight gradient and statistics of each layer's output (nn.ActivationStats), for one batch.
// Index i is layer i+1, the last index the linear output layer.
type VanishingSnapshot struct {
	Step     int
	GradNorm []float64
	// GradRMS is the root mean square of the layer's weight gradient, GradNorm/√(weights):
	// the scale of one weight's gradient, to compare with Adam's ε.
	GradRMS []float64
	// ActStd is the standard deviation of the layer's outputs; Saturated the fraction of
	// sigmoid or tanh outputs within 1e-3 of a bound; Zero the fraction exactly 0 (dead ReLUs).
	ActStd, Saturated, Zero []float64
}

// VanishingRun is one training run.
type VanishingRun struct {
	Setup string
	Depth int
	// SeedIndex is the repetition (0 ≤ SeedIndex < Config.Seeds); seed 0 also chose the rate.
	SeedIndex    int
	LR           float64
	Diverged     bool
	Steps        []float64 // steps at which validation accuracy was measured
	ValAccuracy  []float64
	FinalVal     float64
	TestAccuracy float64 // chance (0.1) for a run that diverged
	FLOPs        int64
	Snapshots    []VanishingSnapshot
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

// vanishingSeed is the seed of repetition k: it fixes the initial weights, the batches at
// initialisation and the order of training batches.
func vanishingSeed(cfg VanishingGradientsConfig, k int) uint64 { return cfg.Seed*1000 + uint64(k) }

// snapshot reads every layer's gradient norm and output statistics after a backward pass.
func snapshot(n *nn.Network, step int) VanishingSnapshot {
	s := VanishingSnapshot{Step: step}
	for _, l := range n.Layers {
		st := l.Stats()
		s.GradNorm = append(s.GradNorm, l.GradNorm())
		s.GradRMS = append(s.GradRMS, l.GradNorm()/math.Sqrt(float64(len(l.GW))))
		s.ActStd = append(s.ActStd, st.Std)
		s.Saturated = append(s.Saturated, st.Saturated)
		s.Zero = append(s.Zero, st.Zero)
	}
	return s
}

// vanishingInit measures a fresh net on cfg.Batches batches of the training data and returns
// the mean of each layer's gradient norm and output statistics.
func vanishingInit(cfg VanishingGradientsConfig, s VanishingSetup, depth int, seed uint64, train nn.Data, threads int) (VanishingSnapshot, error) {
	n, err := vanishingNet(s, train.Dim, cfg.Width, depth, seed)
	if err != nil {
		return VanishingSnapshot{}, err
	}
	n.Threads = threads
	idx, err := datasets.SampleIndices(train.Len(), cfg.Batch*cfg.Batches, seed)
	if err != nil {
		return VanishingSnapshot{}, err
	}
	batches := train.Subset(idx)
	mean := VanishingSnapshot{GradNorm: make([]float64, depth), GradRMS: make([]float64, depth), ActStd: make([]float64, depth), Saturated: make([]float64, depth), Zero: make([]float64, depth)}
	for b := 0; b < cfg.Batches; b++ {
		part := batches.Slice(b*cfg.Batch, (b+1)*cfg.Batch)
		if _, err := n.Forward(part.X, cfg.Batch); err != nil {
			return mean, err
		}
		if _, err := n.LossGrad(nn.SoftmaxCrossEntropy, part.Labels, nil); err != nil {
			return mean, err
		}
		if _, err := n.Backward(false); err != nil {
			return mean, err
		}
		one := snapshot(n, 0)
		for l, g := range one.GradNorm {
			if math.IsNaN(g) || math.IsInf(g, 0) {
				return mean, fmt.Errorf("%s, depth %d: gradient norm of layer %d is %v", s.Name, depth, l+1, g)
			}
			w := 1 / float64(cfg.Batches)
			mean.GradNorm[l] += w * g
			mean.GradRMS[l] += w * one.GradRMS[l]
			mean.ActStd[l] += w * one.ActStd[l]
			mean.Saturated[l] += w * one.Saturated[l]
			mean.Zero[l] += w * one.Zero[l]
		}
	}
	return mean, nil
}

// vanishingSnapshotSteps are the steps at which a run records a snapshot: the first, then
// evenly spaced to the last.
func vanishingSnapshotSteps(cfg VanishingGradientsConfig) []int {
	out := []int{1}
	for i := 1; i < cfg.Snapshots; i++ {
		if s := max(1, int(math.Round(float64(i*cfg.Steps)/float64(cfg.Snapshots-1)))); s > out[len(out)-1] {
			out = append(out, s)
		}
	}
	return out
}

// vanishingTrain trains one net and records its validation accuracy and snapshots along the
// way. A run that diverges is a result (that rate is too large), not an error.
func vanishingTrain(cfg VanishingGradientsConfig, s VanishingSetup, depth, k int, lr float64, train, val, test nn.Data, threads int) (VanishingRun, error) {
	r := VanishingRun{Setup: s.Name, Depth: depth, SeedIndex: k, LR: lr, TestAccuracy: 0.1}
	seed := vanishingSeed(cfg, k)
	n, err := vanishingNet(s, train.Dim, cfg.Width, depth, seed)
	if err != nil {
		return r, err
	}
	n.Threads = threads
	opt := nn.SGD(lr)
	if s.Adam {
		opt = nn.Adam(lr)
	}
	at := vanishingSnapshotSteps(cfg)
	_, err = n.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: cfg.TrainBatch,
		Steps: cfg.Steps, Seed: seed, Eval: &val, EvalEvery: cfg.EvalEvery, Precision: cfg.Precision,
		OnStep: func(st nn.StepInfo) bool {
			// The update has changed the weights but not the gradients or the outputs:
			// both are still those of this step's batch.
			if len(r.Snapshots) < len(at) && st.Step == at[len(r.Snapshots)] {
				r.Snapshots = append(r.Snapshots, snapshot(st.Net, st.Step))
			}
			return true
		},
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
