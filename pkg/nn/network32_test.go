package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// maxRelDiff is max |a−b| over max |b|: the error of a float32 vector against its float64
// counterpart, relative to the vector's scale.
func maxRelDiff(a []float32, b []Float) float64 {
	var d, s float64
	for i := range b {
		d = max(d, math.Abs(float64(a[i])-b[i]))
		s = max(s, math.Abs(b[i]))
	}
	if s == 0 {
		return d
	}
	return d / s
}

// TestNetwork32MatchesFloat64 compares the float32 forward pass, loss and gradients with
// the float64 network's (itself checked against finite differences in gradcheck_test.go),
// for every activation and loss: they must agree to float32 rounding.
func TestNetwork32MatchesFloat64(t *testing.T) {
	for _, act := range []Activation{Identity, Sigmoid, Tanh, ReLU, LeakyReLU} {
		for _, loss := range []Loss{MSE, SoftmaxCrossEntropy} {
			t.Run(act.String()+"/"+loss.String(), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(31, 32))
				n, err := MLP([]int{7, 13, 11, 5}, act, InitGlorotUniform, 3)
				if err != nil {
					t.Fatal(err)
				}
				n.Layers[1].Frozen = act == Tanh // a frozen layer in the middle, once
				const batch = 9
				x, labels, y := randomBatch(rng, batch, 7, 5)
				grad := analyticGrad(t, n, x, batch, loss, labels, y, nil)
				want, err := n.LossValue(loss, labels, y)
				if err != nil {
					t.Fatal(err)
				}
				n32 := n.Float32()
				if _, err := n32.Forward(toFloat32(x), batch); err != nil {
					t.Fatal(err)
				}
				got, err := n32.LossGrad(loss, labels, toFloat32(y))
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(got-want) > 1e-5*math.Abs(want) {
					t.Errorf("loss %v in float32, %v in float64", got, want)
				}
				if err := n32.Backward(); err != nil {
					t.Fatal(err)
				}
				if d := maxRelDiff(n32.Layers[2].Output(), n.Layers[2].Output()); d > 1e-5 {
					t.Errorf("outputs differ by %g relative", d)
				}
				var g32 []float32
				for _, l := range n32.Layers {
					g32 = append(append(g32, l.GW...), l.GB...)
				}
				if d := maxRelDiff(g32, grad); d > 1e-4 {
					t.Errorf("gradients differ by %g relative", d)
				}
			})
		}
	}
}

// TestNetwork32Trains: a few hundred float32 SGD steps follow the float64 ones closely,
// for each optimizer.
func TestNetwork32Trains(t *testing.T) {
	for _, opt := range []func() *Optimizer{
		func() *Optimizer { return SGD(0.05) },
		func() *Optimizer { return Momentum(0.02, 0.9) },
		func() *Optimizer { o := Adam(1e-3); o.WeightDecay = 1e-3; return o },
	} {
		t.Run(opt().String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(33, 34))
			n, err := MLP([]int{20, 32, 32, 4}, ReLU, InitHeNormal, 5)
			if err != nil {
				t.Fatal(err)
			}
			const batch = 16
			x, labels, _ := randomBatch(rng, batch, 20, 4)
			n32, x32 := n.Float32(), toFloat32(x)
			cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: opt()}
			o32 := opt()
			var l64, l32, first float64
			for i := 0; i < 200; i++ {
				if l64, _, err = n.step(x, labels, nil, batch, cfg); err != nil {
					t.Fatal(err)
				}
				if l32, err = n32.Step(x32, labels, nil, batch, SoftmaxCrossEntropy, o32); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = l64
				}
			}
			if !(l64 < first/2) {
				t.Fatalf("float64 loss %v → %v: did not train", first, l64)
			}
			if math.Abs(l32-l64) > 1e-3*first {
				t.Errorf("after 200 steps: float32 loss %v, float64 %v", l32, l64)
			}
			back := n.Clone()
			if err := n32.CopyParamsTo(back); err != nil {
				t.Fatal(err)
			}
			var p32 []float32
			for _, l := range n32.Layers {
				p32 = append(append(p32, l.W...), l.B...)
			}
			if d := maxRelDiff(p32, back.Params(nil)); d != 0 {
				t.Errorf("CopyParamsTo changed values by %g", d)
			}
		})
	}
}

// TestNetwork32Deterministic: the float32 step gives the same bits on 1, 2 and 5 threads,
// and counts the same FLOPs as the float64 step.
func TestNetwork32Deterministic(t *testing.T) {
	w, err := WorkloadByName("mnist")
	if err != nil {
		t.Fatal(err)
	}
	var ref []float32
	for _, threads := range []int{1, 2, 5} {
		s, err := w.NewStepperIn(Float32, 7, threads)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		var p []float32
		for _, l := range s.Net32.Layers {
			p = append(append(p, l.W...), l.B...)
		}
		if ref == nil {
			ref = p
			s64, err := w.NewStepper(7, 1)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				if err := s64.Step(); err != nil {
					t.Fatal(err)
				}
			}
			if got, want := s.FLOPs(), s64.FLOPs(); got.MatMul != want.MatMul || got.Other != want.Other {
				t.Errorf("float32 counts %+v, float64 %+v", got, want)
			}
			continue
		}
		for i := range ref {
			if math.Float32bits(p[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("threads=%d: parameter %d is %v, %v on 1 thread", threads, i, p[i], ref[i])
			}
		}
	}
}

func TestNetwork32Errors(t *testing.T) {
	n, err := MLP([]int{3, 4, 2}, ReLU, InitHeNormal, 1)
	if err != nil {
		t.Fatal(err)
	}
	n32 := n.Float32()
	if err := n32.Backward(); err == nil {
		t.Error("Backward before Forward: no error")
	}
	if _, err := n32.Forward(make([]float32, 5), 2); err == nil {
		t.Error("short input: no error")
	}
	x := []float32{1, 2, 3}
	if _, err := n32.Forward(x, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := n32.LossGrad(SoftmaxCrossEntropy, []int{2}, nil); err == nil {
		t.Error("label out of range: no error")
	}
	n32.Layers[0].W[0] = float32(math.Inf(1))
	if _, err := n32.Step([]float32{1, 0, 0}, []int{0}, nil, 1, SoftmaxCrossEntropy, SGD(0.1)); !errors.Is(err, ErrDiverged) {
		t.Errorf("infinite weight: error %v, want ErrDiverged", err)
	}
	other, _ := MLP([]int{3, 5, 2}, ReLU, InitHeNormal, 1)
	if err := n32.CopyParamsTo(other); err == nil {
		t.Error("CopyParamsTo a different shape: no error")
	}
	if _, err := ParsePrecision("half"); err == nil {
		t.Error("ParsePrecision(half): no error")
	}
}
