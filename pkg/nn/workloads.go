package nn

import (
	"fmt"
	"math/rand/v2"
)

// Workload is a reference training step used for benchmarks and for the linear-algebra share:
// an MLP of the given sizes, ReLU hidden layers, trained by plain SGD on a fixed batch.
type Workload struct {
	Name  string
	Sizes []int // inputs, hidden layers, outputs
	Batch int
	Loss  Loss
}

// ReferenceWorkloads are the four workloads of the speed comparisons: tiny 2-32-32-1 batch
// 64; mnist 784-256-256-10 batch 128; deep 20 hidden layers of 64 batch 128; wide
// 784-1024-1024-10 batch 256.
var ReferenceWorkloads = []Workload{
	{Name: "tiny", Sizes: []int{2, 32, 32, 1}, Batch: 64, Loss: MSE},
	{Name: "mnist", Sizes: []int{784, 256, 256, 10}, Batch: 128, Loss: SoftmaxCrossEntropy},
	{Name: "deep", Sizes: deepSizes(), Batch: 128, Loss: SoftmaxCrossEntropy},
	{Name: "wide", Sizes: []int{784, 1024, 1024, 10}, Batch: 256, Loss: SoftmaxCrossEntropy},
}

func deepSizes() []int {
	s := []int{784}
	for i := 0; i < 20; i++ {
		s = append(s, 64)
	}
	return append(s, 10)
}

// WorkloadByName finds a reference workload.
func WorkloadByName(name string) (Workload, error) {
	for _, w := range ReferenceWorkloads {
		if w.Name == name {
			return w, nil
		}
	}
	return Workload{}, fmt.Errorf("nn: no reference workload %q", name)
}

// Stepper runs a workload's training step repeatedly on one fixed random batch.
type Stepper struct {
	Net    *Network
	x, y   []Float
	labels []int
	cfg    TrainConfig
}

// NewStepper builds the workload's network and batch from seed; threads bounds each product's
// goroutines.
func (w Workload) NewStepper(seed uint64, threads int) (*Stepper, error) {
	n, err := MLP(w.Sizes, ReLU, InitHeNormal, seed)
	if err != nil {
		return nil, err
	}
	n.Threads = threads
	rng := rand.New(rand.NewPCG(seed, 0xbe7c))
	in, out := w.Sizes[0], w.Sizes[len(w.Sizes)-1]
	s := &Stepper{Net: n, x: make([]Float, w.Batch*in), cfg: TrainConfig{Loss: w.Loss, Optimizer: SGD(0.01)}}
	for i := range s.x {
		s.x[i] = rng.Float64()
	}
	switch w.Loss {
	case MSE:
		s.y = make([]Float, w.Batch*out)
		for i := range s.y {
			s.y[i] = rng.NormFloat64()
		}
	default:
		s.labels = make([]int, w.Batch)
		for i := range s.labels {
			s.labels[i] = rng.IntN(out)
		}
	}
	return s, nil
}

// Step runs one forward pass, loss, backward pass and SGD update.
func (s *Stepper) Step() error {
	_, _, err := s.Net.step(s.x, s.labels, s.y, len(s.x)/s.Net.In, s.cfg)
	return err
}
