package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

func xorData() Data {
	return Data{
		X: []Float{0, 0, 0, 1, 1, 0, 1, 1}, Dim: 2,
		Labels: []int{0, 1, 1, 0}, Classes: 2,
	}
}

func TestLearnsXOR(t *testing.T) {
	n, _ := MLP([]int{2, 8, 2}, Tanh, InitGlorotUniform, 3)
	_, err := n.Train(xorData(), TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: Adam(0.05), BatchSize: 4, Epochs: 500})
	if err != nil {
		t.Fatal(err)
	}
	loss, acc, _ := n.Evaluate(xorData(), SoftmaxCrossEntropy)
	if acc != 1 || loss > 0.05 {
		t.Errorf("XOR: accuracy %.2f, loss %.3f; want 1 and < 0.05", acc, loss)
	}
}

// separable draws points on either side of a random hyperplane with a margin.
func separable(n, dim int, seed uint64) Data {
	rng := rand.New(rand.NewPCG(seed, 0))
	w := make([]Float, dim)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	d := Data{Dim: dim, Classes: 2}
	for len(d.Labels) < n {
		x := make([]Float, dim)
		var s float64
		for i := range x {
			x[i] = rng.NormFloat64()
			s += x[i] * w[i]
		}
		if math.Abs(s) < 0.3 {
			continue
		}
		d.X = append(d.X, x...)
		label := 0
		if s > 0 {
			label = 1
		}
		d.Labels = append(d.Labels, label)
	}
	return d
}

func TestLearnsLinearlySeparableSet(t *testing.T) {
	all := separable(800, 10, 1)
	train, test := all.Slice(0, 400), all.Slice(400, 800)
	n, _ := MLP([]int{10, 2}, Identity, InitGlorotUniform, 1)
	if _, err := n.Train(train, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.5), BatchSize: 32, Epochs: 30}); err != nil {
		t.Fatal(err)
	}
	_, acc, _ := n.Evaluate(test, SoftmaxCrossEntropy)
	if acc < 0.97 {
		t.Errorf("held-out accuracy %.3f on a separable set, want ≥ 0.97", acc)
	}
}

func trainedParams(t *testing.T, threads int) []Float {
	t.Helper()
	n, _ := MLP([]int{20, 64, 64, 5}, ReLU, InitHeNormal, 11)
	n.Threads = threads
	rng := rand.New(rand.NewPCG(3, 3))
	x, labels, _ := randomBatch(rng, 300, 20, 5)
	data := Data{X: x, Dim: 20, Labels: labels, Classes: 5}
	opt := Adam(1e-3)
	opt.WeightDecay = 1e-4
	if _, err := n.Train(data, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: opt, BatchSize: 32, Epochs: 3, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	return n.Params(nil)
}

func TestDeterministicWhateverTheThreads(t *testing.T) {
	ref := trainedParams(t, 1)
	for _, threads := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(threads)
		got := trainedParams(t, threads)
		runtime.GOMAXPROCS(old)
		for i := range ref {
			if math.Float64bits(ref[i]) != math.Float64bits(got[i]) {
				t.Fatalf("threads=%d: parameter %d is %v, single-threaded run gave %v", threads, i, got[i], ref[i])
			}
		}
	}
}

func TestSeedsChangeTheRun(t *testing.T) {
	a, _ := MLP([]int{4, 4, 2}, ReLU, InitHeNormal, 1)
	b, _ := MLP([]int{4, 4, 2}, ReLU, InitHeNormal, 2)
	if a.Layers[0].W[0] == b.Layers[0].W[0] {
		t.Error("different seeds gave the same initial weights")
	}
}

func TestDivergenceIsAnErrorNamingTheStep(t *testing.T) {
	n, _ := MLP([]int{2, 16, 1}, ReLU, InitHeNormal, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	x, _, y := randomBatch(rng, 64, 2, 1)
	for i := range y {
		y[i] *= 1e3
	}
	_, err := n.Train(Data{X: x, Dim: 2, Y: y, YDim: 1}, TrainConfig{Loss: MSE, Optimizer: SGD(10), BatchSize: 16, Epochs: 200})
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "step ") {
		t.Fatalf("got %v, want ErrDiverged naming the step", err)
	}
}

// Issue 14, case 7: an update that leaves a parameter infinite on the very last step is an
// error naming that step, not a network that silently returns NaN.
func TestDivergenceOnTheLastStep(t *testing.T) {
	n, _ := MLP([]int{2, 4, 1}, ReLU, InitHeNormal, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	x, _, y := randomBatch(rng, 16, 2, 1)
	for i := range y {
		y[i] = 1e100 // a finite loss (1e200) whose gradient times the step overflows
	}
	_, err := n.Train(Data{X: x, Dim: 2, Y: y, YDim: 1}, TrainConfig{Loss: MSE, Optimizer: SGD(1e300), BatchSize: 16, Steps: 1})
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "step 1 (epoch 1, the last)") {
		t.Fatalf("got %v, want ErrDiverged naming step 1", err)
	}
}

// Issue 14, case 7: Evaluate reports a loss that is not finite as an error.
func TestEvaluateNonFiniteLoss(t *testing.T) {
	n, _ := MLP([]int{2, 4, 2}, ReLU, InitHeNormal, 1)
	n.Layers[1].B[0] = Float(math.Inf(1))
	loss, _, err := n.Evaluate(xorData(), SoftmaxCrossEntropy)
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("Evaluate = %v, %v; want an error wrapping ErrDiverged", loss, err)
	}
}

func TestShapeErrors(t *testing.T) {
	n, _ := MLP([]int{3, 4, 2}, ReLU, InitHeNormal, 1)
	if _, err := n.Forward(make([]Float, 5), 2); err == nil || !strings.Contains(err.Error(), "needs 6 values") {
		t.Errorf("short input: %v", err)
	}
	wrongDim := Data{X: make([]Float, 8), Dim: 4, Labels: []int{0, 1}, Classes: 2}
	if _, err := n.Train(wrongDim, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.1), BatchSize: 2, Epochs: 1}); err == nil || !strings.Contains(err.Error(), "4 inputs") {
		t.Errorf("wrong input width: %v", err)
	}
	badLabel := Data{X: make([]Float, 6), Dim: 3, Labels: []int{0, 7}, Classes: 2}
	if _, err := n.Train(badLabel, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.1), BatchSize: 2, Epochs: 1}); err == nil || !strings.Contains(err.Error(), "label 7") {
		t.Errorf("label out of range: %v", err)
	}
	if _, err := MLP([]int{3, 0, 2}, ReLU, InitHeNormal, 1); err == nil {
		t.Error("a layer of 0 units was accepted")
	}
	sig, _ := MLP([]int{3, 2}, Identity, InitHeNormal, 1)
	sig.Layers[0].Act = Sigmoid
	ok := Data{X: make([]Float, 6), Dim: 3, Labels: []int{0, 1}, Classes: 2}
	if _, err := sig.Train(ok, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.1), BatchSize: 2, Epochs: 1}); err == nil || !strings.Contains(err.Error(), "linear output") {
		t.Errorf("softmax on a sigmoid output: %v", err)
	}
	if _, err := n.Train(ok, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(-1), BatchSize: 2, Epochs: 1}); err == nil {
		t.Error("a negative learning rate was accepted")
	}
}

func TestCallbacksStopAndSeeStatistics(t *testing.T) {
	n, _ := MLP([]int{2, 8, 2}, Tanh, InitGlorotUniform, 3)
	var norms []float64
	h, err := n.Train(xorData(), TrainConfig{
		Loss: SoftmaxCrossEntropy, Optimizer: Adam(0.05), BatchSize: 4, Epochs: 100,
		OnStep: func(s StepInfo) bool {
			norms = append(norms, s.Net.Layers[0].GradNorm())
			return s.Step < 7
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if h.Steps != 7 || !h.Stopped || len(norms) != 7 || norms[0] == 0 {
		t.Errorf("steps %d, stopped %v, %d norms (first %v)", h.Steps, h.Stopped, len(norms), norms)
	}
	eval := xorData()
	evals := 0
	h, _ = n.Train(xorData(), TrainConfig{
		Loss: SoftmaxCrossEntropy, Optimizer: Adam(0.05), BatchSize: 2, Epochs: 50, Eval: &eval, EvalEvery: 3,
		OnEval: func(e EvalInfo) bool { evals++; return evals < 4 },
	})
	if h.Steps != 12 || !h.Stopped || len(h.Evals) != 4 {
		t.Errorf("early stop on the 4th evaluation: steps %d, evals %d, stopped %v", h.Steps, len(h.Evals), h.Stopped)
	}
}

func TestEvaluationsAtEpochEndsAndAtTheEnd(t *testing.T) {
	n, _ := MLP([]int{2, 4, 2}, Tanh, InitGlorotUniform, 3)
	eval := xorData()
	h, _ := n.Train(xorData(), TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.1), BatchSize: 2, Epochs: 3, Eval: &eval})
	if len(h.Evals) != 3 || h.Evals[2].Step != 6 {
		t.Errorf("per-epoch evaluation: %+v", h.Evals)
	}
	h, _ = n.Train(xorData(), TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.1), BatchSize: 2, Steps: 5, Eval: &eval, EvalEvery: 2})
	if len(h.Evals) != 3 || h.Evals[2].Step != 5 {
		t.Errorf("every 2 steps over 5 steps: %+v", h.Evals)
	}
}

func TestFrozenLayersDoNotChange(t *testing.T) {
	n, _ := MLP([]int{2, 8, 8, 2}, Tanh, InitGlorotUniform, 3)
	n.Layers[0].Frozen = true
	before := append([]Float(nil), n.Layers[0].W...)
	beforeB := append([]Float(nil), n.Layers[0].B...)
	other := append([]Float(nil), n.Layers[1].W...)
	opt := Adam(0.05)
	opt.WeightDecay = 0.01
	if _, err := n.Train(xorData(), TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: opt, BatchSize: 4, Epochs: 20}); err != nil {
		t.Fatal(err)
	}
	for i := range before {
		if n.Layers[0].W[i] != before[i] {
			t.Fatal("a frozen layer's weights changed")
		}
	}
	for i := range beforeB {
		if n.Layers[0].B[i] != beforeB[i] {
			t.Fatal("a frozen layer's biases changed")
		}
	}
	if n.Layers[1].W[0] == other[0] {
		t.Error("the trainable layer above did not change")
	}
}

func TestNoAllocationPerStep(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates; allocation counts are measured without -race")
	}
	n, _ := MLP([]int{32, 64, 64, 10}, ReLU, InitHeNormal, 1)
	n.Threads = 1
	rng := rand.New(rand.NewPCG(1, 1))
	x, labels, _ := randomBatch(rng, 64, 32, 10)
	opt := Adam(1e-3)
	cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: opt}
	n.step(x, labels, nil, 64, cfg) // warm up: buffers and optimizer state
	allocs := testing.AllocsPerRun(50, func() {
		if _, _, err := n.step(x, labels, nil, 64, cfg); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per training step, want 0", allocs)
	}
	// The float32 step, whose weight updates are fused into the backward pass.
	c := n.Float32()
	x32 := toFloat32(x)
	opt32 := Adam(1e-3)
	c.Step(x32, labels, nil, 64, SoftmaxCrossEntropy, opt32)
	allocs = testing.AllocsPerRun(50, func() {
		if _, err := c.Step(x32, labels, nil, 64, SoftmaxCrossEntropy, opt32); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per float32 training step, want 0", allocs)
	}
}
