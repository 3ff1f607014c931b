package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// TrainConfig configures Train.
type TrainConfig struct {
	Loss      Loss
	Optimizer *Optimizer
	BatchSize int
	// Epochs is the number of passes over the data; Steps, if positive, is the number of
	// updates instead (crossing epochs as needed).
	Epochs, Steps int
	// Seed fixes the order in which rows are visited.
	Seed uint64
	// Penalty, if set, is added to the loss at every step.
	Penalty Penalty
	// Eval, if set, is evaluated every EvalEvery steps (0: at the end of every epoch) and
	// after the last step. Its FLOPs go to Network.EvalFLOPs, not to the training count.
	Eval      *Data
	EvalEvery int
	// OnStep is called after every update; returning false stops training.
	OnStep func(StepInfo) bool
	// OnEval is called after every evaluation; returning false stops training.
	OnEval func(EvalInfo) bool
	// Precision is the type the steps compute in (train32.go). The zero value, Float64,
	// trains this network itself; Float32 trains a float32 copy kept on the network and
	// writes its parameters back before every evaluation and callback and at the end.
	Precision Precision
}

// StepInfo describes one update.
type StepInfo struct {
	Step, Epoch int     // 1-based
	Loss        float64 // the batch's loss, penalty excluded
	Penalty     float64
	// Net is the network: read per-layer statistics here (Layers[i].GradNorm(), Stats()).
	// In float32 its parameters, gradients and FLOPs are the float32 step's, written back
	// before the call, but not its activations (Output, Stats are of the latest float64
	// forward pass), and changes a callback makes to its parameters are lost.
	Net *Network
}

// EvalInfo describes one evaluation on TrainConfig.Eval.
type EvalInfo struct {
	Step, Epoch int
	TrainLoss   float64 // mean batch loss since the previous evaluation
	Loss        float64 // on the evaluation data
	Accuracy    float64 // on the evaluation data (NaN without labels)
	FLOPs       int64   // training FLOPs so far
}

// History is what Train did.
type History struct {
	Steps, Epochs int
	LastLoss      float64 // the last batch's loss
	Evals         []EvalInfo
	Stopped       bool // a callback stopped training early
}

// ErrDiverged is wrapped by the error Train returns when the loss stops being finite.
var ErrDiverged = errors.New("training diverged")

// Train runs minibatch training on data. It returns an error wrapping ErrDiverged, naming the
// step, when the loss or penalty becomes NaN or infinite, or when the last update leaves a
// parameter that is not finite (the loss before it was checked, the one after it is never
// computed), so that no NaN reaches a figure.
func (n *Network) Train(data Data, cfg TrainConfig) (History, error) {
	var st stepper = float64Steps{n}
	if cfg.Precision == Float32 {
		st = &float32Steps{n: n}
	}
	h, err := n.train(data, cfg, st)
	st.sync()
	if err == nil && h.Steps > 0 {
		if layer, i, v, ok := n.firstNonFinite(); !ok {
			err = fmt.Errorf("step %d (epoch %d, the last): %w: the update left parameter %d of layer %d at %v (%s)", h.Steps, h.Epochs, ErrDiverged, i, layer+1, v, cfg.Optimizer)
		}
	}
	return h, err
}

// firstNonFinite finds the first weight or bias that is NaN or infinite; ok is true when
// there is none.
func (n *Network) firstNonFinite() (layer, index int, v float64, ok bool) {
	for l, d := range n.Layers {
		for i, w := range d.W {
			if f := float64(w); math.IsNaN(f) || math.IsInf(f, 0) {
				return l, i, f, false
			}
		}
		for i, b := range d.B {
			if f := float64(b); math.IsNaN(f) || math.IsInf(f, 0) {
				return l, len(d.W) + i, f, false
			}
		}
	}
	return 0, 0, 0, true
}

// stepper is the training step of one precision: float64Steps here, float32Steps in
// train32.go.
type stepper interface {
	// prepare readies the step for batches of up to batch rows; cfg is validated.
	prepare(cfg TrainConfig, dim, batch int) error
	step(x []Float, labels []int, y []Float, batch int, cfg TrainConfig) (loss, pen float64, err error)
	// sync makes the float64 network's parameters, gradients and FLOPs current.
	sync()
}

// float64Steps trains the network itself.
type float64Steps struct{ n *Network }

func (s float64Steps) prepare(_ TrainConfig, _, batch int) error { s.n.reserve(batch); return nil }
func (s float64Steps) sync()                                     {}
func (s float64Steps) step(x []Float, labels []int, y []Float, batch int, cfg TrainConfig) (float64, float64, error) {
	return s.n.step(x, labels, y, batch, cfg)
}

func (n *Network) train(data Data, cfg TrainConfig, st stepper) (History, error) {
	var h History
	if err := data.Validate(); err != nil {
		return h, err
	}
	if data.Dim != n.In {
		return h, fmt.Errorf("nn: data rows have %d inputs, the network takes %d", data.Dim, n.In)
	}
	switch cfg.Loss {
	case SoftmaxCrossEntropy:
		if data.Labels == nil {
			return h, errors.New("nn: softmax cross-entropy needs labels")
		}
		if data.Classes > n.Out() {
			return h, fmt.Errorf("nn: %d classes but %d outputs", data.Classes, n.Out())
		}
	case MSE:
		if data.Y == nil || data.YDim != n.Out() {
			return h, fmt.Errorf("nn: MSE needs %d targets per row, data has %d", n.Out(), data.YDim)
		}
	}
	if cfg.Optimizer == nil {
		return h, errors.New("nn: no optimizer")
	}
	if err := cfg.Optimizer.Validate(); err != nil {
		return h, err
	}
	if cfg.BatchSize <= 0 {
		return h, fmt.Errorf("nn: batch size %d", cfg.BatchSize)
	}
	if cfg.Epochs <= 0 && cfg.Steps <= 0 {
		return h, errors.New("nn: neither epochs nor steps given")
	}
	if cfg.Eval != nil {
		if err := cfg.Eval.Validate(); err != nil {
			return h, fmt.Errorf("evaluation data: %w", err)
		}
	}
	if cfg.Precision != Float64 && cfg.Precision != Float32 {
		return h, fmt.Errorf("nn: unknown precision %s", cfg.Precision)
	}

	rows := data.Len()
	batch := min(cfg.BatchSize, rows)
	if err := st.prepare(cfg, data.Dim, batch); err != nil {
		return h, err
	}
	bx := make([]Float, batch*data.Dim)
	var bl []int
	var by []Float
	if data.Labels != nil {
		bl = make([]int, batch)
	}
	if data.Y != nil {
		by = make([]Float, batch*data.YDim)
	}
	order := make([]int, rows)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))

	var sinceEval float64
	var sinceCount int
	evaluate := func() (bool, error) {
		if cfg.Eval == nil {
			return true, nil
		}
		st.sync()
		loss, acc, err := n.Evaluate(*cfg.Eval, cfg.Loss)
		if err != nil {
			return false, err
		}
		info := EvalInfo{Step: h.Steps, Epoch: h.Epochs, TrainLoss: sinceEval / float64(max(sinceCount, 1)), Loss: loss, Accuracy: acc, FLOPs: n.FLOPs.Total()}
		sinceEval, sinceCount = 0, 0
		h.Evals = append(h.Evals, info)
		if cfg.OnEval != nil && !cfg.OnEval(info) {
			return false, nil
		}
		return true, nil
	}

	// evaluateOr runs an evaluation and reports whether training must end (a callback said
	// stop, or the evaluation failed).
	evaluateOr := func() (stop bool, err error) {
		goOn, err := evaluate()
		if err != nil {
			return true, err
		}
		h.Stopped = !goOn
		return !goOn, nil
	}
	for epoch := 1; cfg.Steps > 0 || epoch <= cfg.Epochs; epoch++ {
		h.Epochs = epoch
		rng.Shuffle(rows, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for lo := 0; lo < rows; lo += batch {
			b := min(batch, rows-lo)
			for r, idx := range order[lo : lo+b] {
				copy(bx[r*data.Dim:(r+1)*data.Dim], data.Row(idx))
				if bl != nil {
					bl[r] = data.Labels[idx]
				}
				if by != nil {
					copy(by[r*data.YDim:(r+1)*data.YDim], data.Y[idx*data.YDim:(idx+1)*data.YDim])
				}
			}
			loss, pen, err := st.step(bx, bl, by, b, cfg)
			h.Steps++
			if err != nil {
				return h, fmt.Errorf("step %d (epoch %d): %w", h.Steps, epoch, err)
			}
			h.LastLoss = loss
			sinceEval += loss
			sinceCount++
			if cfg.OnStep != nil {
				st.sync()
			}
			if cfg.OnStep != nil && !cfg.OnStep(StepInfo{Step: h.Steps, Epoch: epoch, Loss: loss, Penalty: pen, Net: n}) {
				h.Stopped = true
				return h, nil
			}
			last := cfg.Steps > 0 && h.Steps >= cfg.Steps
			if (cfg.EvalEvery > 0 && h.Steps%cfg.EvalEvery == 0) || last {
				if stop, err := evaluateOr(); stop || last {
					return h, err
				}
			}
		}
		lastEpoch := cfg.Steps <= 0 && epoch == cfg.Epochs
		if cfg.EvalEvery == 0 || (lastEpoch && h.Steps%cfg.EvalEvery != 0) {
			if stop, err := evaluateOr(); stop {
				return h, err
			}
		}
	}
	return h, nil
}

// step does one forward pass, loss, backward pass, penalty and update; without a penalty
// (and not in Timing mode) the update of the weights is fused into the backward pass
// (update64.go), with the same bits.
func (n *Network) step(x []Float, labels []int, y []Float, batch int, cfg TrainConfig) (loss, pen float64, err error) {
	if _, err := n.Forward(x, batch); err != nil {
		return 0, 0, err
	}
	loss, err = n.LossGrad(cfg.Loss, labels, y)
	if err != nil {
		return 0, 0, err
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, 0, fmt.Errorf("%w: loss is %v (%s)", ErrDiverged, loss, cfg.Optimizer)
	}
	if cfg.Penalty == nil && !n.Timing && fuseUpdate {
		// The update fused into the backward pass (update64.go).
		u, err := cfg.Optimizer.begin(n)
		if err != nil {
			return loss, 0, err
		}
		if _, err := n.backward(false, u); err != nil {
			return loss, 0, err
		}
		u.finish()
		return loss, 0, nil
	}
	if _, err := n.Backward(false); err != nil {
		return 0, 0, err
	}
	if cfg.Penalty != nil {
		if pen, err = n.addPenalty(cfg.Penalty); err != nil {
			return loss, pen, err
		}
	}
	return loss, pen, cfg.Optimizer.Step(n)
}

// addPenalty adds p's gradient to the network's and returns p's value, counting its FLOPs;
// a value that is not finite is an error wrapping ErrDiverged. Both precisions' steps call
// it (the float32 one on the written-back float64 network).
func (n *Network) addPenalty(p Penalty) (float64, error) {
	t := n.clock()
	pen, flops, err := p.AddGrad(n)
	if err != nil {
		return 0, err
	}
	n.other(t, flops)
	if math.IsNaN(pen) || math.IsInf(pen, 0) {
		return pen, fmt.Errorf("%w: penalty is %v", ErrDiverged, pen)
	}
	return pen, nil
}

// EvalBatch is the number of rows Evaluate runs at once.
const EvalBatch = 512

// Evaluate returns the mean loss and the accuracy (NaN without labels) on data. Its FLOPs are
// added to EvalFLOPs, not to the training count. A loss that is not finite is an error
// wrapping ErrDiverged.
func (n *Network) Evaluate(data Data, loss Loss) (meanLoss, accuracy float64, err error) {
	if err := data.Validate(); err != nil {
		return 0, 0, err
	}
	if data.Dim != n.In {
		return 0, 0, fmt.Errorf("nn: data rows have %d inputs, the network takes %d", data.Dim, n.In)
	}
	saved := n.FLOPs
	defer func() {
		n.EvalFLOPs.MatMul += n.FLOPs.MatMul - saved.MatMul
		n.EvalFLOPs.Other += n.FLOPs.Other - saved.Other
		n.FLOPs = saved
	}()
	rows := data.Len()
	var total float64
	correct := 0
	for lo := 0; lo < rows; lo += EvalBatch {
		hi := min(lo+EvalBatch, rows)
		part := data.Slice(lo, hi)
		if _, err := n.Forward(part.X, hi-lo); err != nil {
			return 0, 0, err
		}
		l, err := n.LossValue(loss, part.Labels, part.Y)
		if err != nil {
			return 0, 0, err
		}
		total += l * float64(hi-lo)
		if part.Labels != nil {
			correct += int(math.Round(n.Accuracy(part.Labels) * float64(hi-lo)))
		}
	}
	accuracy = math.NaN()
	if data.Labels != nil {
		accuracy = float64(correct) / float64(rows)
	}
	meanLoss = total / float64(rows)
	if math.IsNaN(meanLoss) || math.IsInf(meanLoss, 0) {
		return meanLoss, accuracy, fmt.Errorf("nn: evaluation: %w: mean loss over %d rows is %v", ErrDiverged, rows, meanLoss)
	}
	return meanLoss, accuracy, nil
}

// Predict returns the class with the largest output for every row of data.
func (n *Network) Predict(data Data) ([]int, error) {
	saved := n.FLOPs
	defer func() {
		n.EvalFLOPs.MatMul += n.FLOPs.MatMul - saved.MatMul
		n.EvalFLOPs.Other += n.FLOPs.Other - saved.Other
		n.FLOPs = saved
	}()
	rows := data.Len()
	out := make([]int, 0, rows)
	for lo := 0; lo < rows; lo += EvalBatch {
		hi := min(lo+EvalBatch, rows)
		o, err := n.Forward(data.X[lo*data.Dim:hi*data.Dim], hi-lo)
		if err != nil {
			return nil, err
		}
		k := n.Out()
		for r := 0; r < hi-lo; r++ {
			out = append(out, argmax(o[r*k:(r+1)*k]))
		}
	}
	return out, nil
}
