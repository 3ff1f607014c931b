package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// lossAt evaluates the training objective (loss plus penalty) at params, without touching
// the gradients the test compares against.
func lossAt(t *testing.T, n *Network, params []Float, x []Float, batch int, loss Loss, labels []int, y []Float, pen Penalty) float64 {
	t.Helper()
	saved := n.Params(nil)
	defer n.SetParams(saved)
	if err := n.SetParams(params); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Forward(x, batch); err != nil {
		t.Fatal(err)
	}
	v, err := n.LossValue(loss, labels, y)
	if err != nil {
		t.Fatal(err)
	}
	if pen != nil {
		// Penalty's value does not depend on gradients; give it scratch ones.
		c := n.Clone()
		p, _, err := pen.AddGrad(c)
		if err != nil {
			t.Fatal(err)
		}
		v += p
	}
	return v
}

// analyticGrad runs one forward/backward pass and returns the gradient (with penalty).
func analyticGrad(t *testing.T, n *Network, x []Float, batch int, loss Loss, labels []int, y []Float, pen Penalty) []Float {
	t.Helper()
	if _, err := n.Forward(x, batch); err != nil {
		t.Fatal(err)
	}
	if _, err := n.LossGrad(loss, labels, y); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Backward(false); err != nil {
		t.Fatal(err)
	}
	if pen != nil {
		if _, _, err := pen.AddGrad(n); err != nil {
			t.Fatal(err)
		}
	}
	return n.Grads(nil)
}

func randomBatch(rng *rand.Rand, batch, in, out int) (x []Float, labels []int, y []Float) {
	x = make([]Float, batch*in)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	labels = make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(out)
	}
	y = make([]Float, batch*out)
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	return
}

// compareGrads checks an analytic gradient against gonum's central finite differences.
func compareGrads(t *testing.T, got, want []Float, tol float64) {
	t.Helper()
	scale := 0.0
	for _, v := range want {
		scale = max(scale, math.Abs(v))
	}
	if scale == 0 {
		t.Fatal("finite-difference gradient is all zero: the check would prove nothing")
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); d > tol*max(scale, 1e-3) {
			t.Errorf("parameter %d: backprop %.10g, finite differences %.10g (diff %.2g)", i, got[i], want[i], d)
			return
		}
	}
}

func TestGradientsMatchFiniteDifferences(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []int
		act   Activation
		loss  Loss
		init  Init
	}{
		{"identity mse", []int{3, 4, 2}, Identity, MSE, InitGlorotNormal},
		{"sigmoid mse", []int{3, 5, 4, 2}, Sigmoid, MSE, InitGlorotNormal},
		{"tanh cross-entropy", []int{4, 5, 3}, Tanh, SoftmaxCrossEntropy, InitGlorotUniform},
		{"relu cross-entropy", []int{4, 6, 6, 3}, ReLU, SoftmaxCrossEntropy, InitHeNormal},
		{"leaky relu mse", []int{3, 6, 2}, LeakyReLU, MSE, InitHeUniform},
		{"sigmoid deep cross-entropy", []int{3, 4, 4, 4, 4, 3}, Sigmoid, SoftmaxCrossEntropy, InitNormal(1)},
		{"single layer cross-entropy", []int{5, 4}, Identity, SoftmaxCrossEntropy, InitNormal(0.5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := MLP(tc.sizes, tc.act, tc.init, 7)
			if err != nil {
				t.Fatal(err)
			}
			// Non-zero biases, so that their gradients are tested away from zero.
			rng := rand.New(rand.NewPCG(1, 2))
			for _, l := range n.Layers {
				for j := range l.B {
					l.B[j] = 0.1 * rng.NormFloat64()
				}
			}
			x, labels, y := randomBatch(rng, 5, n.In, n.Out())
			got := analyticGrad(t, n, x, 5, tc.loss, labels, y, nil)
			want := fd.Gradient(nil, func(p []float64) float64 {
				return lossAt(t, n, p, x, 5, tc.loss, labels, y, nil)
			}, n.Params(nil), &fd.Settings{Formula: fd.Central, Step: 1e-6})
			compareGrads(t, got, want, 1e-6)
		})
	}
}

func TestPenaltyGradientsMatchFiniteDifferences(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		n, _ := MLP([]int{3, 4, 2}, Tanh, InitGlorotNormal, 3)
		rng := rand.New(rand.NewPCG(4, 5))
		center := n.Params(nil)
		var weight []Float
		for i := range center {
			center[i] += 0.3 * rng.NormFloat64()
		}
		if weighted {
			weight = make([]Float, len(center))
			for i := range weight {
				weight[i] = rng.Float64() * 3
			}
		}
		pen := &Anchor{Lambda: 2.5, Center: center, Weight: weight}
		x, labels, y := randomBatch(rng, 4, 3, 2)
		got := analyticGrad(t, n, x, 4, SoftmaxCrossEntropy, labels, y, pen)
		want := fd.Gradient(nil, func(p []float64) float64 {
			return lossAt(t, n, p, x, 4, SoftmaxCrossEntropy, labels, y, pen)
		}, n.Params(nil), &fd.Settings{Formula: fd.Central, Step: 1e-6})
		compareGrads(t, got, want, 1e-6)
	}
}

func TestInputGradientMatchesFiniteDifferences(t *testing.T) {
	n, _ := MLP([]int{4, 5, 3}, Sigmoid, InitGlorotNormal, 9)
	rng := rand.New(rand.NewPCG(6, 7))
	x, labels, y := randomBatch(rng, 3, 4, 3)
	n.Forward(x, 3)
	n.LossGrad(SoftmaxCrossEntropy, labels, y)
	dx, err := n.Backward(true)
	if err != nil {
		t.Fatal(err)
	}
	got := append([]Float(nil), dx...)
	want := fd.Gradient(nil, func(xx []float64) float64 {
		n.Forward(xx, 3)
		v, _ := n.LossValue(SoftmaxCrossEntropy, labels, y)
		return v
	}, x, &fd.Settings{Formula: fd.Central, Step: 1e-6})
	compareGrads(t, got, want, 1e-6)
}

func TestFrozenLayersGetNoGradientButPassItOn(t *testing.T) {
	n, _ := MLP([]int{3, 4, 4, 2}, Tanh, InitGlorotNormal, 5)
	n.Layers[0].Frozen = true
	n.Layers[1].Frozen = true
	rng := rand.New(rand.NewPCG(8, 9))
	x, labels, y := randomBatch(rng, 4, 3, 2)
	for _, l := range n.Layers {
		for i := range l.GW {
			l.GW[i] = 42 // marker: must stay untouched
		}
	}
	analyticGrad(t, n, x, 4, SoftmaxCrossEntropy, labels, y, nil)
	if n.Layers[0].GW[0] != 42 || n.Layers[1].GW[0] != 42 {
		t.Error("a frozen layer's gradient was computed")
	}
	if n.Layers[2].GW[0] == 42 {
		t.Error("the trainable layer's gradient was not computed")
	}
}

func TestGradientFlowsThroughAFrozenLayer(t *testing.T) {
	n, _ := MLP([]int{3, 4, 4, 2}, Tanh, InitGlorotNormal, 5)
	n.Layers[1].Frozen = true
	rng := rand.New(rand.NewPCG(10, 11))
	x, labels, y := randomBatch(rng, 4, 3, 2)
	got := analyticGrad(t, n, x, 4, SoftmaxCrossEntropy, labels, y, nil)
	want := fd.Gradient(nil, func(p []float64) float64 {
		return lossAt(t, n, p, x, 4, SoftmaxCrossEntropy, labels, y, nil)
	}, n.Params(nil), &fd.Settings{Formula: fd.Central, Step: 1e-6})
	// The first layer's parameters come first in Params order.
	k := n.Layers[0].params()
	compareGrads(t, got[:k], want[:k], 1e-6)
}
