package claims

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// This file holds what the data-scaling and compute-scaling claims share: MNIST split into a
// training pool, a validation set and a test set, average-pooled to a smaller input; an MLP
// trained "to convergence" with early stopping; and the power-law fit of a scaling curve.

// ScalingTraining sets how an MLP is trained to convergence on MNIST.
type ScalingTraining struct {
	// Pool average-pools each 28×28 image over Pool×Pool blocks (2: 14×14 = 196 inputs,
	// 4× fewer FLOPs in the first layer; 1: the full images). Digits stay legible at 14×14.
	Pool int
	// Adam (Kingma & Ba 2015) with learning rate LR on minibatches of Batch images.
	Batch int
	LR    float64
	// Checkpoints follow a geometric schedule: the first after FirstEval steps, each next one
	// EvalGrowth times later, so every run is resolved to the same relative precision in
	// steps (and FLOPs) whatever its length. At each checkpoint the validation loss and error
	// are measured (evaluation FLOPs are counted apart from training FLOPs).
	FirstEval  int
	EvalGrowth float64
	// Early stopping: training ends once it has gone Patience times as many steps as the
	// checkpoint with the lowest validation cross-entropy (and at least MinSteps), or after
	// MaxSteps (the run is then marked as not converged). The weights of the best checkpoint
	// are restored before the test.
	Patience           float64
	MinSteps, MaxSteps int
	// ValSamples images held out of MNIST's training set (never trained on) decide when to
	// stop; TestSamples images of MNIST's test set measure the error reported.
	ValSamples, TestSamples int
	// FixedEpochs, when positive, also measures each run as a fixed-passes run: after
	// exactly ceil(FixedEpochs·n/batch) steps the test error and the training FLOPs so far are
	// recorded (ScalingRun.Fixed*), and training goes on at least that long. A run trained for
	// a fixed number of passes would follow the very same trajectory up to that step (same
	// seed, same batches, constant learning rate), so one run serves both schedules.
	FixedEpochs float64
	// LabelNoise is the share of training labels replaced by a uniformly random class (0:
	// none). It exists for the negative controls: at 1 the labels carry nothing, so the test
	// error cannot fall with n or with compute.
	LabelNoise float64
	// Precision is the type the nets train in (nn.TrainConfig.Precision); evaluation is
	// always float64.
	Precision nn.Precision
}

// DefaultScalingTraining is the training both scaling claims use.
func DefaultScalingTraining() ScalingTraining {
	return ScalingTraining{
		Pool: 2, Batch: 64, LR: 1e-3,
		FirstEval: 20, EvalGrowth: 1.2, Patience: 1.5, MinSteps: 200, MaxSteps: 20000,
		ValSamples: 2000, TestSamples: 10000,
	}
}

func (t ScalingTraining) validate() error {
	switch {
	case t.Pool < 1 || 28%t.Pool != 0:
		return fmt.Errorf("pool %d must divide MNIST's 28 pixels", t.Pool)
	case t.Batch < 1 || !(t.LR > 0):
		return fmt.Errorf("batch %d and learning rate %v must be positive", t.Batch, t.LR)
	case t.FirstEval < 1 || !(t.EvalGrowth > 1):
		return fmt.Errorf("first checkpoint %d must be ≥ 1 step and checkpoint growth %v > 1", t.FirstEval, t.EvalGrowth)
	case !(t.Patience > 1):
		return fmt.Errorf("patience %v must be > 1 (a multiple of the best checkpoint's step)", t.Patience)
	case t.MaxSteps < t.FirstEval || t.MinSteps > t.MaxSteps:
		return fmt.Errorf("steps: first checkpoint %d, minimum %d, maximum %d are inconsistent", t.FirstEval, t.MinSteps, t.MaxSteps)
	case t.FixedEpochs < 0 || math.IsNaN(t.FixedEpochs):
		return fmt.Errorf("fixed passes %v must not be negative", t.FixedEpochs)
	case !(t.LabelNoise >= 0 && t.LabelNoise <= 1):
		return fmt.Errorf("label noise %v must be between 0 and 1", t.LabelNoise)
	case t.ValSamples < 100 || t.TestSamples < 100 || t.TestSamples > 10000:
		return fmt.Errorf("validation (%d) and test (%d) images: need at least 100 each, at most 10,000 test", t.ValSamples, t.TestSamples)
	}
	return nil
}

// ScalingRun is one MLP (one hidden layer of Width ReLU units) trained to convergence on N
// MNIST images.
type ScalingRun struct {
	N, Width, Params int
	SeedIndex        int
	// Proportional marks a run of the compute-scaling claim's schedule (width ∝ N).
	Proportional bool
	// Checkpoints: step, training FLOPs so far, validation cross-entropy and error rate.
	Steps, FLOPs, ValLoss, ValError []float64
	// The checkpoint kept (lowest validation loss): its step, epochs and training FLOPs.
	BestStep   int
	BestEpochs float64
	BestFLOPs  float64
	// TotalFLOPs is everything the run trained, the steps after the best checkpoint included.
	TotalFLOPs float64
	// Converged is false when MaxSteps ended the run before early stopping did.
	Converged bool
	// The fixed-passes measurement (ScalingTraining.FixedEpochs > 0): its step, the passes it
	// makes, the training FLOPs to it and the test error of the weights at it.
	FixedStep               int
	FixedPasses, FixedFLOPs float64
	FixedTestError          float64
	// TestError is the error rate on the test images with the best checkpoint's weights.
	TestError float64
}

// scalingMNIST is MNIST split for the scaling claims.
type scalingMNIST struct {
	train     *datasets.ImageSet
	pool      []int // training-set rows that runs draw their n images from
	val, test nn.Data
	poolSize  int // Pool of ScalingTraining
	// labelNoise is ScalingTraining.LabelNoise, applied to the training subsets only.
	labelNoise float64
}

// loadScalingMNIST holds ValSamples training images out as the validation set, keeps the
// rest as the pool that training subsets are drawn from, and takes TestSamples test images.
func loadScalingMNIST(t ScalingTraining, maxN int, seed uint64) (*scalingMNIST, error) {
	train, test, err := datasets.MNIST()
	if err != nil {
		return nil, err
	}
	if maxN+t.ValSamples > train.N {
		return nil, fmt.Errorf("%d training images plus %d for validation exceed MNIST's %d", maxN, t.ValSamples, train.N)
	}
	idx, err := datasets.SampleIndices(train.N, train.N, seed)
	if err != nil {
		return nil, err
	}
	testIdx, err := datasets.SampleIndices(test.N, t.TestSamples, seed+1)
	if err != nil {
		return nil, err
	}
	return &scalingMNIST{
		train: train, pool: idx[t.ValSamples:], poolSize: t.Pool, labelNoise: t.LabelNoise,
		val:  scalingPooled(train, idx[:t.ValSamples], t.Pool),
		test: scalingPooled(test, testIdx, t.Pool),
	}, nil
}

// subset returns n training images for the seed index: a prefix of a seeded permutation of
// the pool, so that for one seed the smaller sets are nested in the larger ones and a
// learning curve measures more data, not different data.
func (m *scalingMNIST) subset(n int, seed uint64) (nn.Data, error) {
	order, err := datasets.SampleIndices(len(m.pool), n, seed)
	if err != nil {
		return nn.Data{}, err
	}
	rows := make([]int, n)
	for i, o := range order {
		rows[i] = m.pool[o]
	}
	d := scalingPooled(m.train, rows, m.poolSize)
	if m.labelNoise > 0 {
		// Row r's noise is drawn from (seed, r) alone, so the nested subsets of one seed
		// share their noisy labels as they share their images.
		for r := range d.Labels {
			rng := rand.New(rand.NewPCG(seed, uint64(r)^0x6c61626e6f697365))
			if rng.Float64() < m.labelNoise {
				d.Labels[r] = rng.IntN(d.Classes)
			}
		}
	}
	return d, nil
}

// scalingPooled returns the images idx of s with every pool×pool block of pixels averaged,
// scaled to [0, 1].
func scalingPooled(s *datasets.ImageSet, idx []int, pool int) nn.Data {
	rows, cols := s.Rows/pool, s.Cols/pool
	dim := rows * cols
	d := nn.Data{X: make([]nn.Float, len(idx)*dim), Dim: dim, Labels: make([]int, len(idx)), Classes: s.Classes}
	scale := 1 / (255 * float64(pool*pool))
	for r, i := range idx {
		src := s.Pixels[i*s.Dim() : (i+1)*s.Dim()]
		dst := d.X[r*dim : (r+1)*dim]
		for y := 0; y < rows; y++ {
			for x := 0; x < cols; x++ {
				sum := 0
				for dy := 0; dy < pool; dy++ {
					for dx := 0; dx < pool; dx++ {
						sum += int(src[(y*pool+dy)*s.Cols+x*pool+dx])
					}
				}
				dst[y*cols+x] = nn.Float(float64(sum) * scale)
			}
		}
		d.Labels[r] = int(s.Labels[i])
	}
	return d
}

// scalingTrain trains a one-hidden-layer ReLU MLP of the given width on train until early
// stopping (see ScalingTraining), then measures the best checkpoint on the test set.
func scalingTrain(ctx context.Context, t ScalingTraining, m *scalingMNIST, train nn.Data, width int, seed uint64, threads int) (ScalingRun, error) {
	r := ScalingRun{N: train.Len(), Width: width}
	net, err := nn.MLP([]int{train.Dim, width, train.Classes}, nn.ReLU, nn.InitHeNormal, seed)
	if err != nil {
		return r, err
	}
	net.Threads = threads
	r.Params = net.NumParams()
	stopping := nn.EarlyStopping{Factor: t.Patience, MinSteps: t.MinSteps}
	if t.FixedEpochs > 0 {
		r.FixedStep = int(math.Ceil(t.FixedEpochs * float64(r.N) / float64(min(t.Batch, r.N))))
		if r.FixedStep > t.MaxSteps {
			return r, fmt.Errorf("%g passes over %d images take %d steps, more than the limit of %d", t.FixedEpochs, r.N, r.FixedStep, t.MaxSteps)
		}
		stopping.MinSteps = max(stopping.MinSteps, r.FixedStep)
	}
	var best []nn.Float
	next := t.FirstEval
	var evalErr error
	checkpoint := func(step int) (goOn bool) {
		loss, acc, err := net.Evaluate(m.val, nn.SoftmaxCrossEntropy)
		if err != nil {
			evalErr = err
			return false
		}
		r.Steps = append(r.Steps, float64(step))
		r.FLOPs = append(r.FLOPs, float64(net.FLOPs.Total()))
		r.ValLoss = append(r.ValLoss, loss)
		r.ValError = append(r.ValError, 1-acc)
		improved, goOn := stopping.Observe(step, loss)
		if improved {
			r.BestStep, r.BestFLOPs = step, float64(net.FLOPs.Total())
			best = net.Params(best)
		}
		r.Converged = !goOn
		return goOn
	}
	_, err = net.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(t.LR), BatchSize: t.Batch,
		Steps: t.MaxSteps, Seed: seed, Precision: t.Precision,
		OnStep: func(s nn.StepInfo) bool {
			if ctx.Err() != nil {
				return false
			}
			if s.Step == r.FixedStep {
				_, acc, err := net.Evaluate(m.test, nn.SoftmaxCrossEntropy)
				if err != nil {
					evalErr = err
					return false
				}
				r.FixedFLOPs, r.FixedTestError = float64(net.FLOPs.Total()), 1-acc
				r.FixedPasses = float64(s.Step*min(t.Batch, r.N)) / float64(r.N)
			}
			if s.Step < next && s.Step < t.MaxSteps {
				return true
			}
			next = max(s.Step+1, int(math.Ceil(float64(s.Step)*t.EvalGrowth)))
			return checkpoint(s.Step)
		},
	})
	switch {
	case ctx.Err() != nil:
		return r, ctx.Err()
	case evalErr != nil:
		return r, evalErr
	case errors.Is(err, nn.ErrDiverged):
		return r, fmt.Errorf("width %d on %d images diverged (learning rate %g): %w", width, r.N, t.LR, err)
	case err != nil:
		return r, err
	case best == nil:
		return r, fmt.Errorf("width %d on %d images: no checkpoint was evaluated", width, r.N)
	}
	r.TotalFLOPs = float64(net.FLOPs.Total())
	r.BestEpochs = float64(r.BestStep*min(t.Batch, r.N)) / float64(r.N)
	if err := net.SetParams(best); err != nil {
		return r, err
	}
	_, acc, err := net.Evaluate(m.test, nn.SoftmaxCrossEntropy)
	if err != nil {
		return r, err
	}
	r.TestError = 1 - acc
	return r, nil
}

// ScalingFit is a power law y ∝ x^Slope fitted to every (x, y) point (one per run or seed),
// with the improvement exponent it implies: a k-fold drop of y needs k^Exponent times the x
// (Exponent = −1/Slope; see costmodel.TheoryImprovementExponent).
type ScalingFit struct {
	X, Y []float64
	// Per group of points (one size n): geometric means of X and Y, and the smallest and
	// largest Y.
	GroupX, GroupY, GroupLow, GroupHigh []float64
	Slope, SlopeLow, SlopeHigh          float64 // 95% bootstrap interval
	Intercept                           float64 // log10 of the constant
	R2                                  float64
	Exponent, ExponentLow, ExponentHigh float64
}

// At evaluates the fitted law.
func (f ScalingFit) At(x float64) float64 {
	return math.Pow(10, f.Intercept+f.Slope*math.Log10(x))
}

// ScalingUnbounded stands in for an infinite improvement exponent (a fitted slope ≥ 0: the
// error does not fall), so that verdict values stay finite.
const ScalingUnbounded = 1e6

func scalingExponent(slope float64) float64 {
	return min(costmodel.TheoryImprovementExponent(slope), ScalingUnbounded)
}

// fitScaling fits y ∝ x^slope over all points; group[i] names the group of point i (points
// of a group are summarised together for the figures).
func fitScaling(x, y []float64, group []int, seed uint64) (ScalingFit, error) {
	f := ScalingFit{X: x, Y: y}
	p, err := costmodel.FitPowerLaw(x, y, costmodel.FitOptions{Seed: seed})
	if err != nil {
		return f, err
	}
	f.Slope, f.SlopeLow, f.SlopeHigh = p.Slope, p.SlopeLow, p.SlopeHigh
	f.Intercept, f.R2 = p.Intercept, p.R2
	// −1/slope is increasing in the slope on slope < 0, so the slope's interval maps to the
	// exponent's: [−1/SlopeLow, −1/SlopeHigh].
	f.Exponent, f.ExponentLow, f.ExponentHigh = scalingExponent(p.Slope), scalingExponent(p.SlopeLow), scalingExponent(p.SlopeHigh)
	if group != nil {
		seen := map[int]int{}
		var count []int
		for i, g := range group {
			k, ok := seen[g]
			if !ok {
				k = len(f.GroupX)
				seen[g] = k
				f.GroupX = append(f.GroupX, 0)
				f.GroupY = append(f.GroupY, 0)
				f.GroupLow = append(f.GroupLow, y[i])
				f.GroupHigh = append(f.GroupHigh, y[i])
				count = append(count, 0)
			}
			f.GroupX[k] += math.Log(x[i])
			f.GroupY[k] += math.Log(y[i])
			f.GroupLow[k] = min(f.GroupLow[k], y[i])
			f.GroupHigh[k] = max(f.GroupHigh[k], y[i])
			count[k]++
		}
		for k := range f.GroupX {
			f.GroupX[k] = math.Exp(f.GroupX[k] / float64(count[k]))
			f.GroupY[k] = math.Exp(f.GroupY[k] / float64(count[k]))
		}
	}
	return f, nil
}

// scalingUnconverged counts the runs that MaxSteps ended before early stopping did, and
// returns a sentence for the verdict's reason when there are any.
func scalingUnconverged(runs []ScalingRun) (int, string) {
	n := 0
	for _, r := range runs {
		if !r.Converged {
			n++
		}
	}
	if n == 0 {
		return 0, ""
	}
	return n, fmt.Sprintf(" %d of %d runs reached the step limit before early stopping (their error may still have been falling).", n, len(runs))
}

// scalingExpectedCost is a run's relative cost for ordering a sweep, largest first, so that
// the two cores finish together: hidden width × images.
func scalingExpectedCost(width, n int) int { return width * n }
