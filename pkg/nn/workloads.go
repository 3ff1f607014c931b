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

	// Net32 is the float32 copy of Net that Step trains when the stepper is in Float32.
	Net32    *Network32
	x32, y32 []float32
}

// NewStepper builds the workload's network and batch from seed; threads bounds each product's
// goroutines.
func (w Workload) NewStepper(seed uint64, threads int) (*Stepper, error) {
	return w.NewStepperIn(Float64, seed, threads)
}

// NewStepperIn is NewStepper in the given precision: the same initial weights and batch
// (drawn in float64), rounded to float32 for Float32.
func (w Workload) NewStepperIn(prec Precision, seed uint64, threads int) (*Stepper, error) {
	s, err := w.newStepper(seed, threads)
	if err != nil || prec == Float64 {
		return s, err
	}
	if prec != Float32 {
		return nil, fmt.Errorf("nn: unknown precision %d", int(prec))
	}
	s.Net32 = s.Net.Float32()
	s.x32, s.y32 = toFloat32(s.x), toFloat32(s.y)
	return s, nil
}

func (w Workload) newStepper(seed uint64, threads int) (*Stepper, error) {
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
	if s.Net32 != nil {
		_, err := s.Net32.Step(s.x32, s.labels, s.y32, len(s.x32)/s.Net32.In, s.cfg.Loss, s.cfg.Optimizer)
		return err
	}
	_, _, err := s.Net.step(s.x, s.labels, s.y, len(s.x)/s.Net.In, s.cfg)
	return err
}

// FLOPs is the training work of the steps so far, in the stepper's precision.
func (s *Stepper) FLOPs() Counter {
	if s.Net32 != nil {
		return s.Net32.FLOPs
	}
	return s.Net.FLOPs
}

// Precision is the precision Step trains in.
func (s *Stepper) Precision() Precision {
	if s.Net32 != nil {
		return Float32
	}
	return Float64
}
