package nn

import (
	"math/rand/v2"
	"testing"
)

// TestFLOPCountsByHand checks the counter against counts worked out by hand from the
// convention in doc.go, for one training step on small known shapes.
func TestFLOPCountsByHand(t *testing.T) {
	for _, tc := range []struct {
		name          string
		sizes         []int
		act           Activation
		loss          Loss
		opt           *Optimizer
		batch         int
		matmul, other int64
	}{
		{
			// 2-3-1, ReLU, MSE, SGD, batch 4.
			// Forward products: 2·4·3·2 + 2·4·1·3 = 48 + 24 = 72.
			// Backward: layer 2 GW 2·3·1·4 = 24, dX 2·4·3·1 = 24; layer 1 GW 2·2·3·4 = 48
			// (no dX for the input) → 96. Total 168.
			// Other: bias 12+4; ReLU forward 12; MSE 3·4 + 2 (scale) + 4 (grad) + 1 (mean);
			// identity backward 0; ReLU backward 12; bias gradients 4+12; SGD 2·13 params.
			name: "relu mse sgd", sizes: []int{2, 3, 1}, act: ReLU, loss: MSE, opt: SGD(0.1), batch: 4,
			matmul: 168,
			other:  16 + 12 + (12 + 2 + 4 + 1) + 12 + 16 + 26,
		},
		{
			// 3-4-2, Sigmoid, softmax cross-entropy, SGD with momentum and weight decay, batch 2.
			// Products: forward 2·2·4·3 + 2·2·2·4 = 48 + 32; backward layer 2 GW 2·4·2·2 = 32,
			// dX 2·2·4·2 = 32; layer 1 GW 2·3·4·2 = 48 → 192.
			// Other: bias 8+4; sigmoid forward 4·8; cross-entropy: 1 (1/B) + per row
			// (4·2+4) + (2+3) + 1 (mean) = 1 + 2·17 + 1; sigmoid backward 3·8; bias gradients
			// 4+8; momentum 4 per parameter (26 params) + 2 per weight for decay (20 weights).
			name: "sigmoid cross-entropy momentum", sizes: []int{3, 4, 2}, act: Sigmoid, loss: SoftmaxCrossEntropy,
			opt: &Optimizer{Kind: KindMomentum, LR: 0.1, Momentum: 0.9, WeightDecay: 1e-3}, batch: 2,
			matmul: 192,
			other:  12 + 32 + 36 + 24 + 12 + 4*26 + 2*20,
		},
		{
			// 2-2-2, Tanh, MSE, Adam, batch 1. Products: 2·1·2·2·2 = 16 forward; backward
			// layer 2 GW 8, dX 8, layer 1 GW 8 → 40. Other: bias 2+2; tanh 2; MSE 3·2+2+2+1;
			// tanh backward 3·2; bias gradients 2+2; Adam 12·12 + 7.
			name: "tanh mse adam", sizes: []int{2, 2, 2}, act: Tanh, loss: MSE, opt: Adam(1e-3), batch: 1,
			matmul: 40,
			other:  4 + 2 + 11 + 6 + 4 + 12*12 + 7,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := MLP(tc.sizes, tc.act, InitGlorotNormal, 1)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			x, labels, y := randomBatch(rng, tc.batch, tc.sizes[0], tc.sizes[len(tc.sizes)-1])
			data := Data{X: x, Dim: tc.sizes[0], Labels: labels, Classes: tc.sizes[len(tc.sizes)-1], Y: y, YDim: tc.sizes[len(tc.sizes)-1]}
			if _, err := n.Train(data, TrainConfig{Loss: tc.loss, Optimizer: tc.opt, BatchSize: tc.batch, Steps: 1}); err != nil {
				t.Fatal(err)
			}
			if n.FLOPs.MatMul != tc.matmul || n.FLOPs.Other != tc.other {
				t.Errorf("counted %d matmul + %d other FLOPs, hand count %d + %d", n.FLOPs.MatMul, n.FLOPs.Other, tc.matmul, tc.other)
			}
		})
	}
}

func TestPenaltyFLOPs(t *testing.T) {
	n, _ := MLP([]int{2, 3, 1}, ReLU, InitHeNormal, 1)
	p := n.NumParams() // 13
	_, flops, _ := (&Anchor{Lambda: 1, Center: n.Params(nil)}).AddGrad(n)
	if flops != int64(5*p+2) {
		t.Errorf("unweighted anchor: %d FLOPs, want %d", flops, 5*p+2)
	}
	_, flops, _ = (&Anchor{Lambda: 1, Center: n.Params(nil), Weight: make([]Float, p)}).AddGrad(n)
	if flops != int64(6*p+2) {
		t.Errorf("weighted anchor: %d FLOPs, want %d", flops, 6*p+2)
	}
}

func TestEvaluationFLOPsAreKeptApart(t *testing.T) {
	n, _ := MLP([]int{4, 8, 3}, ReLU, InitHeNormal, 1)
	rng := rand.New(rand.NewPCG(2, 2))
	x, labels, _ := randomBatch(rng, 10, 4, 3)
	data := Data{X: x, Dim: 4, Labels: labels, Classes: 3}
	if _, _, err := n.Evaluate(data, SoftmaxCrossEntropy); err != nil {
		t.Fatal(err)
	}
	if n.FLOPs.Total() != 0 {
		t.Errorf("evaluation added %d FLOPs to the training count", n.FLOPs.Total())
	}
	// Forward products only: 2·10·8·4 + 2·10·3·8.
	if n.EvalFLOPs.MatMul != 640+480 {
		t.Errorf("evaluation counted %d matmul FLOPs, want 1120", n.EvalFLOPs.MatMul)
	}
}
