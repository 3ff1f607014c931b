package nn

import (
	"fmt"
	"math"
)

// Activation is a layer's elementwise non-linearity.
type Activation int

const (
	Identity Activation = iota
	Sigmoid
	Tanh
	ReLU
	LeakyReLU
)

// LeakySlope is LeakyReLU's slope for negative inputs.
const LeakySlope = 0.01

var activationNames = map[Activation]string{Identity: "identity", Sigmoid: "sigmoid", Tanh: "tanh", ReLU: "relu", LeakyReLU: "leaky-relu"}

func (a Activation) String() string {
	if s, ok := activationNames[a]; ok {
		return s
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation reads a name as printed by String.
func ParseActivation(s string) (Activation, error) {
	for a, name := range activationNames {
		if name == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown activation %q (want identity, sigmoid, tanh, relu or leaky-relu)", s)
}

// forwardFLOPs and backwardFLOPs are the per-element counts of the package convention.
func (a Activation) forwardFLOPs() int64 {
	switch a {
	case Sigmoid:
		return 4
	case Tanh, ReLU:
		return 1
	case LeakyReLU:
		return 2
	}
	return 0
}

func (a Activation) backwardFLOPs() int64 {
	switch a {
	case Sigmoid, Tanh:
		return 3
	case ReLU:
		return 1
	case LeakyReLU:
		return 2
	}
	return 0
}

// apply overwrites z with act(z).
func (a Activation) apply(z []Float) {
	switch a {
	case Sigmoid:
		for i, v := range z {
			z[i] = 1 / (1 + math.Exp(-v))
		}
	case Tanh:
		for i, v := range z {
			z[i] = math.Tanh(v)
		}
	case ReLU:
		for i, v := range z {
			z[i] = max(v, 0)
		}
	case LeakyReLU:
		for i, v := range z {
			if v < 0 {
				z[i] = LeakySlope * v
			}
		}
	}
}

// backprop overwrites d (the gradient with respect to the activation's output a) with the
// gradient with respect to its input. Every derivative here is a function of the output, so
// the pre-activations need not be kept.
func (a Activation) backprop(d, out []Float) {
	switch a {
	case Sigmoid:
		for i, y := range out {
			d[i] *= y * (1 - y)
		}
	case Tanh:
		for i, y := range out {
			d[i] *= 1 - y*y
		}
	case ReLU:
		for i, y := range out {
			if y <= 0 {
				d[i] = 0
			}
		}
	case LeakyReLU:
		for i, y := range out {
			if y < 0 {
				d[i] *= LeakySlope
			}
		}
	}
}
