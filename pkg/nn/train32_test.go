package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// prototypes is a small MNIST-like problem: 8×8 "images" of 10 classes, each a fixed random
// prototype in [0, 1] plus Gaussian noise of standard deviation noise, so that a one-hidden-
// layer net reaches a test accuracy well below 100% in a few epochs.
func prototypes(rows int, noise float64, seed uint64) Data {
	const dim, classes = 64, 10
	protoRNG := rand.New(rand.NewPCG(99, 0)) // the same classes for every seed
	proto := make([]Float, classes*dim)
	for i := range proto {
		proto[i] = protoRNG.Float64()
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	d := Data{Dim: dim, Classes: classes, X: make([]Float, rows*dim), Labels: make([]int, rows)}
	for r := range rows {
		c := rng.IntN(classes)
		d.Labels[r] = c
		for j := range dim {
			d.X[r*dim+j] = proto[c*dim+j] + noise*rng.NormFloat64()
		}
	}
	return d
}

// trainBoth trains the same initial network in float64 and float32 and returns both
// networks and histories.
func trainBoth(t *testing.T, sizes []int, data Data, cfg func() TrainConfig) (n64, n32 *Network, h64, h32 History) {
	t.Helper()
	n64, err := MLP(sizes, ReLU, InitHeNormal, 5)
	if err != nil {
		t.Fatal(err)
	}
	n32 = n64.Clone()
	c := cfg()
	if h64, err = n64.Train(data, c); err != nil {
		t.Fatalf("float64: %v", err)
	}
	c = cfg()
	c.Precision = Float32
	if h32, err = n32.Train(data, c); err != nil {
		t.Fatalf("float32: %v", err)
	}
	return n64, n32, h64, h32
}

// TestTrain32TracksFloat64: three epochs of float32 training give, at every evaluation, a
// test loss within 0.1% and a test accuracy within 1 point of float64's, for each optimizer
// and with an EWC-style penalty. Why 0.1%: float32 rounds each operation at about 6e-8
// relative; over 190 steps the two trajectories drift apart by far less (measured: at most
// 7e-6 relative in loss, no accuracy change), so 0.1% leaves a margin of 100 for other
// problems and seeds, while a float32 step that was wrong (a missed gradient term, stale
// weights, lost optimizer state) moves the curve by percents.
func TestTrain32TracksFloat64(t *testing.T) {
	train, test := prototypes(2000, 0.6, 1), prototypes(1000, 0.6, 2)
	anchorNet, _ := MLP([]int{64, 32, 10}, ReLU, InitHeNormal, 77)
	anchor := &Anchor{Lambda: 0.01, Center: anchorNet.Params(nil)}
	for _, tc := range []struct {
		name    string
		opt     func() *Optimizer
		penalty Penalty
	}{
		{"SGD", func() *Optimizer { return SGD(0.05) }, nil},
		{"momentum", func() *Optimizer { return Momentum(0.02, 0.9) }, nil},
		{"Adam with weight decay", func() *Optimizer { o := Adam(1e-3); o.WeightDecay = 1e-3; return o }, nil},
		{"SGD with an anchor", func() *Optimizer { return SGD(0.05) }, anchor},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, h64, h32 := trainBoth(t, []int{64, 32, 10}, train, func() TrainConfig {
				return TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: tc.opt(), BatchSize: 32, Epochs: 3, Seed: 4, Eval: &test, Penalty: tc.penalty}
			})
			if len(h32.Evals) != 3 || len(h64.Evals) != 3 {
				t.Fatalf("%d float32 and %d float64 evaluations, want 3", len(h32.Evals), len(h64.Evals))
			}
			for i, e := range h32.Evals {
				w := h64.Evals[i]
				if math.Abs(e.Loss-w.Loss) > 1e-3*w.Loss || math.Abs(e.Accuracy-w.Accuracy) > 0.01 {
					t.Errorf("epoch %d: float32 loss %.5f accuracy %.4f, float64 %.5f and %.4f", i+1, e.Loss, e.Accuracy, w.Loss, w.Accuracy)
				}
				if e.Loss == w.Loss {
					t.Errorf("epoch %d: float32 loss equals float64's bit for bit (%v): was float32 used?", i+1, e.Loss)
				}
			}
			if last := h64.Evals[2]; last.Accuracy < 0.5 || last.Accuracy > 0.99 {
				t.Errorf("float64 accuracy %.3f: the problem should be learnable but not trivial", last.Accuracy)
			}
		})
	}
}

// TestTrain32DeterministicWhateverTheThreads: the same bits for 1, 2 and 3 threads.
func TestTrain32DeterministicWhateverTheThreads(t *testing.T) {
	data := prototypes(600, 0.6, 3)
	var want []Float
	for _, threads := range []int{1, 2, 3} {
		n, _ := MLP([]int{64, 160, 96, 10}, Tanh, InitGlorotUniform, 8)
		n.Threads = threads
		if _, err := n.Train(data, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: Adam(1e-3), BatchSize: 100, Epochs: 2, Seed: 1, Precision: Float32}); err != nil {
			t.Fatal(err)
		}
		got := n.Params(nil)
		if want == nil {
			want = got
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%d threads: parameter %d is %v, %v with 1 thread", threads, i, got[i], want[i])
			}
		}
	}
}

// TestOptimizerStateCarriesOverBetweenTrains: in either precision, Train for 3 steps then 2
// with the same Optimizer gives the same bits as 5 steps at once (the rows are identical, so
// the shuffle, which restarts with each Train, does not matter), and a fresh optimizer for
// the second call does not (Adam's step count and moments, momentum's velocity are state).
func TestOptimizerStateCarriesOverBetweenTrains(t *testing.T) {
	one := prototypes(1, 0.6, 5)
	var data Data
	data.Dim, data.Classes = one.Dim, one.Classes
	for range 8 {
		data.X = append(data.X, one.X...)
		data.Labels = append(data.Labels, one.Labels...)
	}
	for _, prec := range []Precision{Float64, Float32} {
		for _, opt := range []func() *Optimizer{
			func() *Optimizer { return Adam(1e-2) },
			func() *Optimizer { return Momentum(0.05, 0.9) },
		} {
			t.Run(prec.String()+"/"+opt().String(), func(t *testing.T) {
				run := func(steps []int, fresh bool) []Float {
					n, _ := MLP([]int{64, 16, 10}, ReLU, InitHeNormal, 2)
					o := opt()
					for _, s := range steps {
						if fresh {
							o = opt()
						}
						if _, err := n.Train(data, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: o, BatchSize: 4, Steps: s, Precision: prec}); err != nil {
							t.Fatal(err)
						}
					}
					return n.Params(nil)
				}
				whole, split, restarted := run([]int{5}, false), run([]int{3, 2}, false), run([]int{3, 2}, true)
				for i := range whole {
					if whole[i] != split[i] {
						t.Fatalf("parameter %d: %v after 5 steps, %v after 3 + 2", i, whole[i], split[i])
					}
				}
				same := true
				for i := range whole {
					same = same && whole[i] == restarted[i]
				}
				if same {
					t.Error("a fresh optimizer for the last 2 steps changed nothing: the test cannot see lost state")
				}
			})
		}
	}
}

// TestOptimizerKeepsOnePrecision: an Optimizer with float64 state cannot step in float32
// and the reverse, with an error saying so.
func TestOptimizerKeepsOnePrecision(t *testing.T) {
	data := prototypes(16, 0.6, 6)
	for _, first := range []Precision{Float64, Float32} {
		n, _ := MLP([]int{64, 8, 10}, ReLU, InitHeNormal, 2)
		o := Adam(1e-3)
		cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: o, BatchSize: 8, Steps: 1, Precision: first}
		if _, err := n.Train(data, cfg); err != nil {
			t.Fatal(err)
		}
		cfg.Precision = 1 - first
		if _, err := n.Train(data, cfg); err == nil || !strings.Contains(err.Error(), "state") {
			t.Errorf("%s then %s with one optimizer: got %v, want an error about its state", first, cfg.Precision, err)
		}
		o.Reset()
		if _, err := n.Train(data, cfg); err != nil {
			t.Errorf("after Reset: %v", err)
		}
	}
}

// TestTrain32Diverges: a float32 loss that stops being finite, and a last update that
// leaves a float32 parameter infinite, are ErrDiverged naming the step.
func TestTrain32Diverges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name   string
		scaleY float64
		lr     float64
		steps  int
		want   string
	}{
		{"loss", 1e3, 10, 0, "step "},
		// 1e18 fits a float32 and its square (1e36) too; the update of 1e30 times the
		// gradient does not.
		{"last update", 1e18, 1e30, 1, "step 1 (epoch 1, the last)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, _ := MLP([]int{2, 16, 1}, ReLU, InitHeNormal, 1)
			x, _, y := randomBatch(rng, 16, 2, 1)
			for i := range y {
				y[i] = tc.scaleY * (1 + math.Abs(y[i]))
			}
			cfg := TrainConfig{Loss: MSE, Optimizer: SGD(tc.lr), BatchSize: 16, Epochs: 200, Steps: tc.steps, Precision: Float32}
			_, err := n.Train(Data{X: x, Dim: 2, Y: y, YDim: 1}, cfg)
			if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrDiverged containing %q", err, tc.want)
			}
		})
	}
}

// TestTrain32CountsTheFloat64FLOPs: the same training and evaluation FLOPs in either
// precision, at every callback and at the end (compute-scaling measures compute by them).
func TestTrain32CountsTheFLOPsOfFloat64(t *testing.T) {
	data, test := prototypes(300, 0.6, 7), prototypes(100, 0.6, 8)
	anchorNet, _ := MLP([]int{64, 24, 16, 10}, ReLU, InitHeNormal, 77)
	for _, tc := range []struct {
		name    string
		opt     func() *Optimizer
		penalty Penalty
		frozen  bool
		loss    Loss
	}{
		{"SGD", func() *Optimizer { return SGD(0.05) }, nil, false, SoftmaxCrossEntropy},
		{"Adam with weight decay, MSE", func() *Optimizer { o := Adam(1e-3); o.WeightDecay = 1e-4; return o }, nil, false, MSE},
		{"momentum, frozen first layer, anchor", func() *Optimizer { return Momentum(0.01, 0.9) }, &Anchor{Lambda: 0.1, Center: anchorNet.Params(nil)}, true, SoftmaxCrossEntropy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var flops [2][]int64
			d, te := data, test
			if tc.loss == MSE {
				d, te = withOneHot(data), withOneHot(test)
			}
			mk := func(prec Precision) TrainConfig {
				return TrainConfig{Loss: tc.loss, Optimizer: tc.opt(), BatchSize: 32, Epochs: 2, Seed: 3, Penalty: tc.penalty, Eval: &te, EvalEvery: 4,
					OnStep: func(s StepInfo) bool { flops[prec] = append(flops[prec], s.Net.FLOPs.Total()); return true }}
			}
			n64, _ := MLP([]int{64, 24, 16, 10}, ReLU, InitHeNormal, 5)
			n64.Layers[0].Frozen = tc.frozen
			n32 := n64.Clone()
			if _, err := n64.Train(d, mk(Float64)); err != nil {
				t.Fatal(err)
			}
			c := mk(Float32)
			c.Precision = Float32
			if _, err := n32.Train(d, c); err != nil {
				t.Fatal(err)
			}
			if n32.FLOPs != n64.FLOPs || n32.EvalFLOPs != n64.EvalFLOPs {
				t.Errorf("float32 counted %+v training and %+v evaluation FLOPs, float64 %+v and %+v", n32.FLOPs, n32.EvalFLOPs, n64.FLOPs, n64.EvalFLOPs)
			}
			if len(flops[Float32]) != len(flops[Float64]) {
				t.Fatalf("%d float32 steps, %d float64", len(flops[Float32]), len(flops[Float64]))
			}
			for i, f := range flops[Float32] {
				if f != flops[Float64][i] {
					t.Fatalf("step %d: a callback saw %d FLOPs in float32, %d in float64", i+1, f, flops[Float64][i])
				}
			}
		})
	}
}

// withOneHot adds one-hot targets to labelled data, for MSE.
func withOneHot(d Data) Data {
	d.Y, d.YDim = make([]Float, d.Len()*d.Classes), d.Classes
	for r, c := range d.Labels {
		d.Y[r*d.Classes+c] = 1
	}
	return d
}

// TestTrain32CallbacksSeeTheFloat32Parameters: at every OnStep the float64 network holds
// the float32 parameters (exactly representable) and the frozen layer's float64 ones are
// untouched (not rounded to float32).
func TestTrain32CallbacksSeeTheFloat32Parameters(t *testing.T) {
	data := prototypes(200, 0.6, 9)
	n, _ := MLP([]int{64, 16, 10}, ReLU, InitHeNormal, 5)
	n.Layers[0].Frozen = true
	frozen := append([]Float(nil), n.Layers[0].W...)
	var prev []Float
	_, err := n.Train(data, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: SGD(0.05), BatchSize: 32, Epochs: 1, Precision: Float32,
		OnStep: func(s StepInfo) bool {
			p := s.Net.Params(nil)
			for i, v := range p[len(frozen)+16:] {
				if Float(float32(v)) != v {
					t.Fatalf("step %d: parameter %d = %v is not a float32", s.Step, i, v)
				}
			}
			if prev != nil && p[len(p)-1] == prev[len(p)-1] {
				t.Errorf("step %d: the last bias did not move since the previous step", s.Step)
			}
			prev = p
			return true
		}})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range n.Layers[0].W {
		if w != frozen[i] {
			t.Fatalf("frozen weight %d moved from %v to %v", i, frozen[i], w)
		}
	}
}
