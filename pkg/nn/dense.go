package nn

import "math"

// Dense is a fully connected layer, a = act(x·W + b), with x of In columns and a of Out.
type Dense struct {
	In, Out int
	Act     Activation
	// W is In×Out, row-major: W[i*Out+j] connects input i to output j. B has Out entries.
	W, B []Float
	// GW and GB hold the gradient of the loss with respect to W and B after Backward.
	GW, GB []Float
	// Frozen layers keep their parameters: Backward skips their gradients and updates skip
	// them.
	Frozen bool

	// a holds the layer's output for the current batch (batch×Out); d the gradient with
	// respect to it, turned in place into the gradient with respect to the pre-activation.
	a, d []Float
	// batch is the number of rows of the current forward pass.
	batch int
}

// Output is the layer's output for the latest forward pass (batch×Out, row-major). It is
// overwritten by the next pass.
func (l *Dense) Output() []Float { return l.a[:l.batch*l.Out] }

// GradNorm is the Frobenius norm of the weight gradient of the latest backward pass.
func (l *Dense) GradNorm() float64 { return norm(l.GW) }

// WeightNorm is the Frobenius norm of the weights.
func (l *Dense) WeightNorm() float64 { return norm(l.W) }

// ActivationStats summarises the layer's output for the latest forward pass: mean, standard
// deviation, and the fraction of outputs that are exactly zero (dead ReLUs) or saturated
// (sigmoid or tanh within 1e-3 of its bounds).
type ActivationStats struct {
	Mean, Std, Zero, Saturated float64
}

// Stats returns the activation statistics of the latest forward pass.
func (l *Dense) Stats() ActivationStats {
	a := l.Output()
	if len(a) == 0 {
		return ActivationStats{}
	}
	var s, ss float64
	var zero, sat int
	for _, v := range a {
		s += v
		ss += v * v
		if v == 0 {
			zero++
		}
		switch l.Act {
		case Sigmoid:
			if v < 1e-3 || v > 1-1e-3 {
				sat++
			}
		case Tanh:
			if math.Abs(v) > 1-1e-3 {
				sat++
			}
		}
	}
	n := float64(len(a))
	mean := s / n
	return ActivationStats{Mean: mean, Std: math.Sqrt(max(ss/n-mean*mean, 0)), Zero: float64(zero) / n, Saturated: float64(sat) / n}
}

func (l *Dense) params() int { return l.In*l.Out + l.Out }

func norm(x []Float) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}
