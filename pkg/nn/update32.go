package nn

import (
	"fmt"
	"math"
)

// The optimizer step of a float32 network, after the backward pass (Update) or fused into
// it (Step, and Network.Train in float32 without a Penalty; update_fused.go says how).

// update32Step is one optimizer step under way: the optimizer, its state and the step's
// learning rate, and which layers' weights the backward pass has updated.
type update32Step struct {
	n      *Network32
	o      *Optimizer
	state  [][]float32
	lr, wd float32
	fused  fusedLayers
}

// Update applies one step of o (its kind and hyperparameters; the float32 network keeps
// its own state) to every layer that is not frozen.
func (n *Network32) Update(o *Optimizer) error {
	return n.update(o, &n.state, &n.steps)
}

// update applies one step of o with the state in *state (made on first use) and the step
// count *steps: the network's own (Update) or the optimizer's (Network.Train in float32).
func (n *Network32) update(o *Optimizer, state *[][]float32, steps *int) error {
	u, err := n.beginUpdate(o, state, steps)
	if err != nil {
		return err
	}
	n.finishUpdate(u)
	return nil
}

// beginUpdate checks o and its state against the network, counts the step and returns it,
// ready for the backward pass to apply to the weights it can.
func (n *Network32) beginUpdate(o *Optimizer, state *[][]float32, steps *int) (*update32Step, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if *state == nil {
		*state = make([][]float32, len(n.Layers))
		for i, l := range n.Layers {
			(*state)[i] = make([]float32, o.slots()*(len(l.W)+len(l.B)))
		}
	} else if len(*state) != len(n.Layers) {
		return nil, fmt.Errorf("nn: optimizer used with a different network (%d layers, state for %d)", len(n.Layers), len(*state))
	}
	for i, l := range n.Layers {
		if !l.Frozen && len((*state)[i]) != o.slots()*(len(l.W)+len(l.B)) {
			return nil, fmt.Errorf("nn: optimizer used with a different network (layer %d changed shape)", i+1)
		}
	}
	*steps++
	lr := o.LR
	if o.Kind == KindAdam {
		lr = o.LR * math.Sqrt(1-math.Pow(o.Beta2, float64(*steps))) / (1 - math.Pow(o.Beta1, float64(*steps)))
		n.FLOPs.Other += 7
	}
	u := &n.upd
	if !u.fused.ready(len(n.Layers)) {
		u.n = n
		u.fused.make(len(n.Layers), u.weightBlock)
	}
	u.o, u.state, u.lr, u.wd = o, *state, float32(lr), float32(o.WeightDecay)
	return u, nil
}

// weightsThen returns the callback that updates layer i's weights block by block as its
// gradient product completes them, and marks them done; nil without a step under way.
func (u *update32Step) weightsThen(i int) func(i0, i1, j0, j1 int) {
	if u == nil {
		return nil
	}
	return u.fused.take(i)
}

// weightBlock updates rows [i0, i1) × columns [j0, j1) of layer i's W (In × Out).
func (u *update32Step) weightBlock(i, i0, i1, j0, j1 int) {
	l := u.n.Layers[i]
	for r := i0; r < i1; r++ {
		lo, hi := r*l.Out+j0, r*l.Out+j1
		update32(u.o, l.W[lo:hi], l.GW[lo:hi], u.state[i], lo, hi, u.lr, u.wd)
	}
}

// finishUpdate updates what the backward pass did not: the biases, and the weights of
// layers not done. The FLOPs of the whole step are counted here.
func (n *Network32) finishUpdate(u *update32Step) {
	o := u.o
	for i, l := range n.Layers {
		if l.Frozen {
			continue
		}
		s, nw := u.state[i], len(l.W)
		switch {
		case u.fused.done[i]:
			n.FLOPs.Other += o.perParamFLOPs(o.WeightDecay) * int64(nw)
		case n.Threads <= 1 || nw < 2*passChunk:
			n.FLOPs.Other += update32(o, l.W, l.GW, s, 0, nw, u.lr, u.wd)
		default:
			splitUpdate32(n.Threads, o, l.W, l.GW, s, u.lr, u.wd)
			n.FLOPs.Other += o.perParamFLOPs(o.WeightDecay) * int64(nw)
		}
		n.FLOPs.Other += update32(o, l.B, l.GB, s, nw, nw+len(l.B), u.lr, 0)
	}
}

// update32 is Optimizer.update in float32; it returns the FLOPs spent.
func update32(o *Optimizer, w, g, s []float32, lo, hi int, lr, wd float32) int64 {
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
		mu := float32(o.Momentum)
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
		b1, b2 := float32(o.Beta1), float32(o.Beta2)
		c1, c2, eps := 1-b1, 1-b2, float32(o.Eps)
		for i := range w {
			gi := g[i]
			if wd != 0 {
				gi += wd * w[i]
			}
			m[i] = b1*m[i] + c1*gi
			v[i] = b2*v[i] + c2*gi*gi
			w[i] -= lr * m[i] / (float32(math.Sqrt(float64(v[i]))) + eps)
		}
		perParam += 12
	}
	return perParam * int64(len(w))
}
