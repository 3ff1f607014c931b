package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestFusedUpdateSameBits: a training step that applies the optimizer to each weight
// matrix inside its gradient product (Network32.Step, update32.go; Network's training
// step, update64.go) gives the same bits and counts the same FLOPs as Backward followed by
// the optimizer's update, for every optimizer, with weight decay, with a frozen layer,
// and on 1, 2 and 3 threads. The shapes make the weight gradients split by columns (300 ×
// 512), by rows (512 × 96), side by side with the input gradient (96 × 48) and not at all
// (48 × 10).
func TestFusedUpdateSameBits(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	sizes := []int{300, 512, 96, 48, 10}
	const batch = 64
	rng := rand.New(rand.NewPCG(5, 9))
	x := make([]float32, batch*sizes[0])
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(sizes[len(sizes)-1])
	}
	if !pairGradients(2, batch, 96, 48) {
		t.Fatal("the 96 × 48 layer should take its gradient products side by side on 2 threads")
	}
	opts := map[string]func() *Optimizer{
		"sgd":          func() *Optimizer { return SGD(0.05) },
		"sgd+decay":    func() *Optimizer { o := SGD(0.05); o.WeightDecay = 1e-3; return o },
		"momentum":     func() *Optimizer { return Momentum(0.05, 0.9) },
		"adam+decay":   func() *Optimizer { o := Adam(1e-3); o.WeightDecay = 1e-3; return o },
		"adam, frozen": func() *Optimizer { return Adam(1e-3) },
	}
	for name, opt := range opts {
		for _, threads := range []int{1, 2, 3} {
			net := func() *Network {
				n, err := MLP(sizes, ReLU, InitHeNormal, 11)
				if err != nil {
					t.Fatal(err)
				}
				n.Threads = threads
				if name == "adam, frozen" {
					n.Layers[0].Frozen = true
				}
				return n
			}
			t.Run(fmt.Sprintf("float32/%s/threads=%d", name, threads), func(t *testing.T) {
				stepsSameBits32(t, 3, net().Float32(), net().Float32(), x, labels, batch, opt(), opt())
			})
			t.Run(fmt.Sprintf("float64/%s/threads=%d", name, threads), func(t *testing.T) {
				fused, apart := net(), net()
				of, oa := opt(), opt()
				x64 := make([]Float, len(x))
				convert64(x64, x)
				for step := range 3 {
					lf, _, err := fused.step(x64, labels, nil, batch, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: of})
					if err != nil {
						t.Fatal(err)
					}
					if _, err := apart.Forward(x64, batch); err != nil {
						t.Fatal(err)
					}
					la, err := apart.LossGrad(SoftmaxCrossEntropy, labels, nil)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := apart.Backward(false); err != nil {
						t.Fatal(err)
					}
					if err := oa.Step(apart); err != nil {
						t.Fatal(err)
					}
					if lf != la {
						t.Fatalf("step %d: loss %v fused, %v apart", step, lf, la)
					}
				}
				if fused.FLOPs != apart.FLOPs {
					t.Errorf("FLOPs %+v fused, %+v apart", fused.FLOPs, apart.FLOPs)
				}
				for i := range fused.Layers {
					lf, la := fused.Layers[i], apart.Layers[i]
					sameBits64(t, i, "W", lf.W, la.W)
					sameBits64(t, i, "B", lf.B, la.B)
					sameBits64(t, i, "GW", lf.GW, la.GW)
				}
			})
		}
	}
}

// stepsSameBits32 trains step, a float32 network, with Step (softmax cross-entropy) and
// apart, its copy, with the parts of a step (Forward, LossGrad, Backward, Update), for steps
// steps, and checks that they give the same losses, FLOP counts, and bits of W, B and GW.
func stepsSameBits32(t *testing.T, steps int, step, apart *Network32, x []float32, labels []int, batch int, os, oa *Optimizer) {
	t.Helper()
	for s := range steps {
		ls, err := step.Step(x, labels, nil, batch, SoftmaxCrossEntropy, os)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := apart.Forward(x, batch); err != nil {
			t.Fatal(err)
		}
		la, err := apart.LossGrad(SoftmaxCrossEntropy, labels, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := apart.Backward(); err != nil {
			t.Fatal(err)
		}
		if err := apart.Update(oa); err != nil {
			t.Fatal(err)
		}
		if ls != la {
			t.Fatalf("step %d: loss %v by Step, %v apart", s, ls, la)
		}
	}
	if step.FLOPs != apart.FLOPs {
		t.Errorf("FLOPs %+v by Step, %+v apart", step.FLOPs, apart.FLOPs)
	}
	for i := range step.Layers {
		sameBits32(t, i, "W", step.Layers[i].W, apart.Layers[i].W)
		sameBits32(t, i, "B", step.Layers[i].B, apart.Layers[i].B)
		sameBits32(t, i, "GW", step.Layers[i].GW, apart.Layers[i].GW)
	}
}

func sameBits32(t *testing.T, layer int, what string, got, want []float32) {
	t.Helper()
	for j := range want {
		if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
			t.Fatalf("layer %d %s[%d] = %v fused, %v apart", layer, what, j, got[j], want[j])
		}
	}
}

func sameBits64(t *testing.T, layer int, what string, got, want []Float) {
	t.Helper()
	for j := range want {
		if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
			t.Fatalf("layer %d %s[%d] = %v fused, %v apart", layer, what, j, got[j], want[j])
		}
	}
}
