package nn

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestParallelPassesDeterministic trains layers large enough for the elementwise passes
// and the optimizer's update to be split among threads (see passes.go), in float64 and
// float32, and checks that 2 and 3 threads give the same bits as 1.
func TestParallelPassesDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, act := range []Activation{ReLU, Sigmoid, LeakyReLU, Tanh} {
		t.Run(act.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(41, 42))
			const batch, in = 160, 40
			x, labels, _ := randomBatch(rng, batch, in, 10)
			run := func(threads int) ([]Float, []float32) {
				n, err := MLP([]int{in, 300, 300, 10}, act, InitHeNormal, 9)
				if err != nil {
					t.Fatal(err)
				}
				n.Threads = threads
				n32 := n.Float32()
				opt := Adam(1e-3)
				opt.WeightDecay = 1e-4
				opt32 := Adam(1e-3)
				opt32.WeightDecay = 1e-4
				cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: opt}
				x32 := toFloat32(x)
				for i := 0; i < 3; i++ {
					if _, _, err := n.step(x, labels, nil, batch, cfg); err != nil {
						t.Fatal(err)
					}
					if _, err := n32.Step(x32, labels, nil, batch, SoftmaxCrossEntropy, opt32); err != nil {
						t.Fatal(err)
					}
				}
				var p32 []float32
				for _, l := range n32.Layers {
					p32 = append(append(p32, l.W...), l.B...)
				}
				return n.Params(nil), p32
			}
			ref, ref32 := run(1)
			for _, threads := range []int{2, 3} {
				got, got32 := run(threads)
				for i := range ref {
					if math.Float64bits(got[i]) != math.Float64bits(ref[i]) {
						t.Fatalf("float64, threads=%d: parameter %d is %v, %v on 1 thread", threads, i, got[i], ref[i])
					}
				}
				for i := range ref32 {
					if math.Float32bits(got32[i]) != math.Float32bits(ref32[i]) {
						t.Fatalf("float32, threads=%d: parameter %d is %v, %v on 1 thread", threads, i, got32[i], ref32[i])
					}
				}
			}
		})
	}
}
