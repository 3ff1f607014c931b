package nn

import (
	"fmt"
	"math"
)

// OptimizerKind names an update rule.
type OptimizerKind int

const (
	// KindSGD: w ← w − lr·g.
	KindSGD OptimizerKind = iota
	// KindMomentum: v ← μ·v + g; w ← w − lr·v (heavy ball, as in PyTorch's SGD with momentum).
	KindMomentum
	// KindAdam: Kingma & Ba (2015), Algorithm 1 in the form of their section 2:
	// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; w ← w − α_t·m/(√v + ε) with
	// α_t = lr·√(1−β2^t)/(1−β1^t).
	KindAdam
)

// Optimizer updates a network's parameters from its gradients. Make one with SGD, Momentum
// or Adam and use it with a single network (it keeps per-parameter state).
//
// FLOPs per parameter: SGD 2, Momentum 4, Adam 12, plus 2 per weight with weight decay;
// Adam adds 7 per step for α_t.
type Optimizer struct {
	Kind     OptimizerKind
	LR       float64
	Momentum float64 // μ, for KindMomentum
	Beta1    float64 // Adam
	Beta2    float64
	Eps      float64
	// WeightDecay λ adds λ·w to the gradient of every weight (not the biases): L2
	// regularisation of λ/2·‖W‖².
	WeightDecay float64

	t     int       // steps taken
	state [][]Float // per layer: velocity (Momentum) or first then second moments (Adam), W then B
	// state32 is state for a network that trains in float32 (Train with Precision Float32):
	// an Optimizer holds the state of one precision only.
	state32 [][]float32
}

// SGD is plain stochastic gradient descent.
func SGD(lr float64) *Optimizer { return &Optimizer{Kind: KindSGD, LR: lr} }

// Momentum is SGD with heavy-ball momentum mu.
func Momentum(lr, mu float64) *Optimizer { return &Optimizer{Kind: KindMomentum, LR: lr, Momentum: mu} }

// Adam with the paper's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8.
func Adam(lr float64) *Optimizer {
	return &Optimizer{Kind: KindAdam, LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

func (o *Optimizer) String() string {
	wd := ""
	if o.WeightDecay != 0 {
		wd = fmt.Sprintf(", weight decay %g", o.WeightDecay)
	}
	switch o.Kind {
	case KindSGD:
		return fmt.Sprintf("SGD(lr %g%s)", o.LR, wd)
	case KindMomentum:
		return fmt.Sprintf("SGD(lr %g, momentum %g%s)", o.LR, o.Momentum, wd)
	case KindAdam:
		return fmt.Sprintf("Adam(lr %g%s)", o.LR, wd)
	}
	return fmt.Sprintf("Optimizer(%d)", o.Kind)
}

// Validate reports a setting that cannot train.
func (o *Optimizer) Validate() error {
	bad := func(name string, v float64) error {
		return fmt.Errorf("nn: optimizer %s = %v is out of range", name, v)
	}
	switch {
	case !(o.LR > 0) || math.IsInf(o.LR, 0):
		return bad("learning rate", o.LR)
	case o.WeightDecay < 0 || math.IsNaN(o.WeightDecay):
		return bad("weight decay", o.WeightDecay)
	}
	switch o.Kind {
	case KindSGD:
	case KindMomentum:
		if !(o.Momentum >= 0 && o.Momentum < 1) {
			return bad("momentum", o.Momentum)
		}
	case KindAdam:
		if !(o.Beta1 >= 0 && o.Beta1 < 1) {
			return bad("beta1", o.Beta1)
		}
		if !(o.Beta2 >= 0 && o.Beta2 < 1) {
			return bad("beta2", o.Beta2)
		}
		if !(o.Eps > 0) {
			return bad("epsilon", o.Eps)
		}
	default:
		return fmt.Errorf("nn: unknown optimizer kind %d", o.Kind)
	}
	return nil
}

// Reset forgets the optimizer's state (velocities, moments, step count).
func (o *Optimizer) Reset() { o.t, o.state, o.state32 = 0, nil, nil }

// Step applies one update to every layer that is not frozen.
func (o *Optimizer) Step(n *Network) error {
	u, err := o.begin(n)
	if err != nil {
		return err
	}
	u.finish()
	return nil
}

// slots is the number of state values per parameter.
func (o *Optimizer) slots() int {
	switch o.Kind {
	case KindMomentum:
		return 1
	case KindAdam:
		return 2
	}
	return 0
}

// perParamFLOPs is the FLOPs per parameter of update with weight decay wd.
func (o *Optimizer) perParamFLOPs(wd float64) int64 {
	f := int64(0)
	if wd != 0 {
		f += 2
	}
	switch o.Kind {
	case KindSGD:
		f += 2
	case KindMomentum:
		f += 4
	case KindAdam:
		f += 12
	}
	return f
}

// update applies the rule to params w with gradients g, using state slots [lo, hi) of s (and
// the second moment at offset len(s)/2 for Adam); it returns the FLOPs spent.
func (o *Optimizer) update(w, g, s []Float, lo, hi int, lr, wd float64) int64 {
	perParam := int64(0)
	if wd != 0 {
		perParam += 2
	}
	switch o.Kind {
	case KindSGD:
		if wd == 0 {
			sgdStep(w, g, lr)
			perParam += 2
			break
		}
		for i := range w {
			gi := g[i]
			if wd != 0 {
				gi += wd * w[i]
			}
			w[i] -= lr * gi
		}
		perParam += 2
	case KindMomentum:
		v := s[lo:hi]
		mu := o.Momentum
		for i := range w {
			gi := g[i]
			if wd != 0 {
				gi += wd * w[i]
			}
			v[i] = mu*v[i] + gi
			w[i] -= lr * v[i]
		}
		perParam += 4
	case KindAdam:
		half := len(s) / 2
		m, v := s[lo:hi], s[half+lo:half+hi]
		b1, b2 := o.Beta1, o.Beta2
		c1, c2 := 1-b1, 1-b2
		for i := range w {
			gi := g[i]
			if wd != 0 {
				gi += wd * w[i]
			}
			m[i] = b1*m[i] + c1*gi
			v[i] = b2*v[i] + c2*gi*gi
			w[i] -= lr * m[i] / (math.Sqrt(v[i]) + o.Eps)
		}
		perParam += 12
	}
	return perParam * int64(len(w))
}
