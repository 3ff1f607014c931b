package nn

import "fmt"

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
