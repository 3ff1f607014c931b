package nn

import "fmt"

// Penalty is a term added to the training loss, such as elastic weight consolidation.
type Penalty interface {
	// AddGrad returns the penalty for the network's current parameters, adds its gradient
	// into GW and GB of every layer that is not frozen, and returns the FLOPs it spent.
	AddGrad(n *Network) (value float64, flops int64, err error)
}

// Anchor pulls the parameters toward Center:
//
//	penalty = λ/2 · Σ_i F_i·(θ_i − c_i)²
//
// With Weight nil (F = 1) this is an L2 pull toward the anchored parameters. With F the
// diagonal of the Fisher information of an earlier task it is elastic weight consolidation
// (Kirkpatrick et al. 2017, PNAS, eq. 3). Center and Weight are in the order of
// Network.Params.
//
// FLOPs per parameter: 5 (6 with Weight), plus 2 per call.
type Anchor struct {
	Lambda float64
	Center []Float
	Weight []Float
}

// AddGrad implements Penalty.
func (a *Anchor) AddGrad(n *Network) (float64, int64, error) {
	p := n.NumParams()
	if len(a.Center) != p {
		return 0, 0, fmt.Errorf("nn: anchor has %d centre values for %d parameters", len(a.Center), p)
	}
	if a.Weight != nil && len(a.Weight) != p {
		return 0, 0, fmt.Errorf("nn: anchor has %d weights for %d parameters", len(a.Weight), p)
	}
	var sum float64
	off := 0
	step := func(theta, grad []Float, frozen bool) {
		c := a.Center[off : off+len(theta)]
		var f []Float
		if a.Weight != nil {
			f = a.Weight[off : off+len(theta)]
		}
		for i, v := range theta {
			d := v - c[i]
			fd := d
			if f != nil {
				fd = f[i] * d
			}
			sum += fd * d
			if !frozen {
				grad[i] += a.Lambda * fd
			}
		}
		off += len(theta)
	}
	for _, l := range n.Layers {
		step(l.W, l.GW, l.Frozen)
		step(l.B, l.GB, l.Frozen)
	}
	per := int64(5)
	if a.Weight != nil {
		per = 6
	}
	return a.Lambda / 2 * sum, per*int64(p) + 2, nil
}
