package nn

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// The optimizer step of a float64 network, after the backward pass (Optimizer.Step) or
// fused into it (Network.Train without a Penalty, and the workloads' Stepper;
// update_fused.go says how), except in Timing mode, which keeps the products' time apart
// from the rest's (linear-algebra-burden).

// updateStep is one float64 optimizer step under way, as update32Step.
type updateStep struct {
	n     *Network
	o     *Optimizer
	lr    float64
	fused fusedLayers
}

// begin checks o and its state against n, counts the step and returns it, ready for the
// backward pass to apply to the weights it can.
func (o *Optimizer) begin(n *Network) (*updateStep, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.state32 != nil {
		return nil, errors.New("nn: the optimizer holds float32 state (it trained a network in float32); Reset it or use a new one")
	}
	if o.state == nil {
		o.state = make([][]Float, len(n.Layers))
		for i, l := range n.Layers {
			o.state[i] = make([]Float, o.slots()*l.params())
		}
	} else if len(o.state) != len(n.Layers) {
		return nil, fmt.Errorf("nn: optimizer used with a different network (%d layers, state for %d)", len(n.Layers), len(o.state))
	}
	for i, l := range n.Layers {
		if !l.Frozen && len(o.state[i]) != o.slots()*l.params() {
			return nil, fmt.Errorf("nn: optimizer used with a different network (layer %d changed shape)", i+1)
		}
	}
	o.t++
	lr := o.LR
	if o.Kind == KindAdam {
		lr = o.LR * math.Sqrt(1-math.Pow(o.Beta2, float64(o.t))) / (1 - math.Pow(o.Beta1, float64(o.t)))
		n.FLOPs.Other += 7
	}
	u := &n.upd
	if !u.fused.ready(len(n.Layers)) {
		u.n = n
		u.fused.make(len(n.Layers), u.weightBlock)
	}
	u.o, u.lr = o, lr
	return u, nil
}

// weightsThen returns the callback that updates layer i's weights block by block as its
// gradient product completes them, and marks them done; nil without a step under way.
func (u *updateStep) weightsThen(i int) func(i0, i1, j0, j1 int) {
	if u == nil {
		return nil
	}
	return u.fused.take(i)
}

// weightBlock updates rows [i0, i1) × columns [j0, j1) of layer i's W (In × Out).
func (u *updateStep) weightBlock(i, i0, i1, j0, j1 int) {
	l := u.n.Layers[i]
	for r := i0; r < i1; r++ {
		lo, hi := r*l.Out+j0, r*l.Out+j1
		u.o.update(l.W[lo:hi], l.GW[lo:hi], u.o.state[i], lo, hi, u.lr, u.o.WeightDecay)
	}
}

// finish updates what the backward pass did not: the biases, and the weights of layers not
// done. The FLOPs of the whole step are counted here (and its time, in Timing mode).
func (u *updateStep) finish() {
	n, o := u.n, u.o
	var t0 time.Time
	if n.Timing {
		t0 = time.Now()
	}
	var flops int64
	for i, l := range n.Layers {
		if l.Frozen {
			continue
		}
		s, nw := o.state[i], len(l.W)
		switch {
		case u.fused.done[i]:
			flops += o.perParamFLOPs(o.WeightDecay) * int64(nw)
		case n.Threads <= 1 || nw < 2*passChunk:
			flops += o.update(l.W, l.GW, s, 0, nw, u.lr, o.WeightDecay)
		default:
			// Ranges of weights on the product pool's workers: elementwise, so the same bits.
			splitUpdate(n.Threads, o, l.W, l.GW, s, u.lr, o.WeightDecay)
			flops += o.perParamFLOPs(o.WeightDecay) * int64(nw)
		}
		flops += o.update(l.B, l.GB, s, nw, l.params(), u.lr, 0)
	}
	n.other(t0, flops)
}
