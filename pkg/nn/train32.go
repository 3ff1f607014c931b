package nn

import "errors"

// float32Steps trains a Network through its float32 shadow (Network32, kept on the Network
// so that its buffers are reused), for TrainConfig.Precision Float32:
//
//   - prepare copies the float64 parameters into the shadow (exact when they came from
//     float32, as after an earlier float32 Train), with the layers' Frozen flags and the
//     network's Threads;
//   - step converts the batch (assembled by Train, in the same order as in float64) to
//     float32 and runs the float32 forward pass, loss, backward pass and update (fused
//     into the backward pass without a Penalty, update_fused.go), with the optimizer's
//     float32 state (Optimizer.state32, so that momentum and Adam's moments and step count
//     carry over between Train calls with the same Optimizer, as in float64);
//   - sync writes parameters, gradients and the FLOPs counted since the last sync back into
//     the float64 network, before every evaluation, callback and return.
//
// Evaluation stays in float64 on the written-back parameters: it costs one forward pass per
// EvalEvery steps, and every claim's reported errors and losses are then computed by one
// code path whatever the training precision.
//
// A Penalty is evaluated in float64: its parameters and gradients are written into the
// float64 network, Penalty.AddGrad runs there, and the gradients (the penalty may rescale
// them, as catastrophic-forgetting's proximal step does) are read back. That costs a few
// passes over the parameters per step, small beside the products.
type float32Steps struct {
	n      *Network
	c      *Network32
	o      *Optimizer
	bx, by []float32
}

func (s *float32Steps) prepare(cfg TrainConfig, dim, batch int) error {
	o := cfg.Optimizer
	if o.state != nil {
		return errors.New("nn: the optimizer holds float64 state (it trained a network in float64); Reset it or use a new one to train in float32")
	}
	n := s.n
	c := n.f32
	if c == nil || !sameShape32(n, c) {
		c = n.Float32()
		n.f32 = c
	} else {
		for i, l := range n.Layers {
			cl := c.Layers[i]
			convert32(cl.W, l.W)
			convert32(cl.B, l.B)
			cl.Act, cl.Frozen = l.Act, l.Frozen
		}
	}
	c.Threads, c.FLOPs = n.Threads, Counter{}
	c.reserve(batch)
	s.c, s.o = c, o
	s.bx = make([]float32, batch*dim)
	if cfg.Loss == MSE {
		s.by = make([]float32, batch*n.Out())
	}
	return nil
}

func (s *float32Steps) step(x []Float, labels []int, y []Float, batch int, cfg TrainConfig) (loss, pen float64, err error) {
	c := s.c
	bx := s.bx[:batch*c.In]
	convert32(bx, x[:len(bx)])
	var by []float32
	if y != nil && s.by != nil {
		by = s.by[:batch*s.n.Out()]
		convert32(by, y[:len(by)])
	}
	if cfg.Penalty == nil {
		// The update fused into the backward pass (update32.go).
		loss, err = c.fusedStep(bx, labels, by, batch, cfg.Loss, s.o, &s.o.state32, &s.o.t)
		return loss, 0, err
	}
	if loss, err = c.forwardLoss(bx, labels, by, batch, cfg.Loss, cfg.Optimizer); err != nil {
		return loss, 0, err
	}
	if err = c.Backward(); err != nil {
		return loss, 0, err
	}
	s.sync()
	n := s.n
	if pen, err = n.addPenalty(cfg.Penalty); err != nil {
		return loss, pen, err
	}
	for i, l := range n.Layers {
		if !l.Frozen {
			convert32(c.Layers[i].GW, l.GW)
			convert32(c.Layers[i].GB, l.GB)
		}
	}
	return loss, pen, c.update(s.o, &s.o.state32, &s.o.t)
}

// sync writes the parameters and gradients of the layers that are not frozen and the FLOPs
// counted since the last sync into the float64 network.
func (s *float32Steps) sync() {
	c, n := s.c, s.n
	if c == nil {
		return // prepare was never reached
	}
	for i, l := range n.Layers {
		if l.Frozen {
			continue // unchanged, and its float64 weights stay exact
		}
		cl := c.Layers[i]
		convert64(l.W, cl.W)
		convert64(l.B, cl.B)
		convert64(l.GW, cl.GW)
		convert64(l.GB, cl.GB)
	}
	n.FLOPs.MatMul += c.FLOPs.MatMul
	n.FLOPs.Other += c.FLOPs.Other
	c.FLOPs = Counter{}
}

// sameShape32 reports whether c has n's layer sizes.
func sameShape32(n *Network, c *Network32) bool {
	if c.In != n.In || len(c.Layers) != len(n.Layers) {
		return false
	}
	for i, l := range n.Layers {
		if c.Layers[i].In != l.In || c.Layers[i].Out != l.Out {
			return false
		}
	}
	return true
}

func convert32(dst []float32, src []Float) {
	for i, v := range src {
		dst[i] = float32(v)
	}
}

func convert64(dst []Float, src []float32) {
	for i, v := range src {
		dst[i] = Float(v)
	}
}
