package nn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// LayerSpec describes one layer to build.
type LayerSpec struct {
	Out  int
	Act  Activation
	Init Init
}

// Network is a stack of dense layers.
type Network struct {
	In     int
	Layers []*Dense
	// Threads bounds the goroutines of each matrix product; New sets GOMAXPROCS. Set it to 1
	// when several networks train side by side (see package sweep).
	Threads int
	// FLOPs counts the training work done so far; EvalFLOPs the work of Evaluate and Predict.
	FLOPs, EvalFLOPs Counter
	// Timing makes FLOPs also record the wall time of matrix products and of the rest.
	Timing bool

	input []Float           // the latest forward pass's input (not copied)
	rowLs []rowLayer[Float] // the layers as the row cuts see them (forward_rows.go), reused
	dIn   []Float           // gradient with respect to the input, when asked for
	cap   int               // batch rows the buffers hold
	upd   updateStep        // the optimizer step under way (update64.go)
	batch int
	f32   *Network32 // the float32 copy Train trains with Precision Float32 (train32.go)
}

// New builds a network with in inputs and the given layers, initialised from seed.
func New(in int, layers []LayerSpec, seed uint64) (*Network, error) {
	if in <= 0 {
		return nil, fmt.Errorf("nn: %d inputs; need at least 1", in)
	}
	if len(layers) == 0 {
		return nil, errors.New("nn: a network needs at least one layer")
	}
	n := &Network{In: in, Threads: runtime.GOMAXPROCS(0)}
	prev := in
	for i, s := range layers {
		if s.Out <= 0 {
			return nil, fmt.Errorf("nn: layer %d has %d outputs; need at least 1", i+1, s.Out)
		}
		if _, ok := activationNames[s.Act]; !ok {
			return nil, fmt.Errorf("nn: layer %d: unknown activation %d", i+1, s.Act)
		}
		l := &Dense{
			In: prev, Out: s.Out, Act: s.Act,
			W: make([]Float, prev*s.Out), B: make([]Float, s.Out),
			GW: make([]Float, prev*s.Out), GB: make([]Float, s.Out),
		}
		// One generator per layer, so that a layer's weights do not depend on the layers
		// before it (changing depth keeps the first layers' initial weights).
		rng := rand.New(rand.NewPCG(seed, uint64(i)+1))
		if err := s.Init.fill(l.W, prev, s.Out, rng); err != nil {
			return nil, fmt.Errorf("nn: layer %d: %w", i+1, err)
		}
		n.Layers = append(n.Layers, l)
		prev = s.Out
	}
	return n, nil
}

// MLP builds a perceptron with the given layer sizes (inputs first, outputs last): hidden
// layers use act, the output layer is linear (Identity), every layer uses init.
func MLP(sizes []int, act Activation, init Init, seed uint64) (*Network, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("nn: MLP sizes %v: need inputs and at least one layer", sizes)
	}
	var specs []LayerSpec
	for i, s := range sizes[1:] {
		a := act
		if i == len(sizes)-2 {
			a = Identity
		}
		specs = append(specs, LayerSpec{Out: s, Act: a, Init: init})
	}
	return New(sizes[0], specs, seed)
}

// Out is the number of outputs.
func (n *Network) Out() int { return n.Layers[len(n.Layers)-1].Out }

// NumParams is the number of weights and biases.
func (n *Network) NumParams() int {
	p := 0
	for _, l := range n.Layers {
		p += l.params()
	}
	return p
}

// Sizes lists inputs and every layer's outputs, e.g. [784 256 256 10].
func (n *Network) Sizes() []int {
	s := []int{n.In}
	for _, l := range n.Layers {
		s = append(s, l.Out)
	}
	return s
}

// reserve grows the per-batch buffers to hold batch rows; steady-state training never grows.
func (n *Network) reserve(batch int) {
	if batch <= n.cap {
		return
	}
	for _, l := range n.Layers {
		l.a = make([]Float, batch*l.Out)
		l.d = make([]Float, batch*l.Out)
	}
	n.dIn = nil
	n.cap = batch
}

// Forward runs the network on batch rows of x (batch×In, row-major) and returns the outputs
// (batch×Out). The returned slice is the last layer's buffer: it is valid until the next call.
func (n *Network) Forward(x []Float, batch int) ([]Float, error) {
	if batch <= 0 {
		return nil, fmt.Errorf("nn: forward pass of %d rows", batch)
	}
	if len(x) < batch*n.In {
		return nil, fmt.Errorf("nn: forward pass of %d rows of %d inputs needs %d values, got %d", batch, n.In, batch*n.In, len(x))
	}
	n.reserve(batch)
	defer gemm.Burst(n.Threads)()
	n.input, n.batch = x[:batch*n.In], batch
	if n.tryForwardByRows(batch) {
		last := n.Layers[len(n.Layers)-1]
		return last.a[:batch*last.Out], nil
	}
	in, width := n.input, n.In
	for _, l := range n.Layers {
		l.batch = batch
		out := l.a[:batch*l.Out]
		n.matmul(false, false, batch, l.Out, width, in, width, l.W, l.Out, 0, out, l.Out)
		t := n.clock()
		parBiasActivate(n.Threads, out, l.B, batch, l.Act)
		n.other(t, int64(batch*l.Out)*(1+l.Act.forwardFLOPs()))
		in, width = out, l.Out
	}
	return in, nil
}

// Backward propagates the gradient of the loss with respect to the outputs, which the loss
// wrote with LossGrad (or the caller with SetOutputGrad), back through the layers, filling
// GW and GB of every layer that is not frozen. With inputGrad it also returns the gradient
// with respect to the input (batch×In), for saliency maps; otherwise it returns nil and skips
// the work below the lowest layer that needs it.
func (n *Network) Backward(inputGrad bool) ([]Float, error) { return n.backward(inputGrad, nil) }

// backward is Backward that, with u set, also applies the optimizer step u to each weight
// matrix whose gradient product can take it (update64.go).
func (n *Network) backward(inputGrad bool, u *updateStep) ([]Float, error) {
	if n.batch == 0 {
		return nil, errors.New("nn: Backward before Forward")
	}
	batch := n.batch
	lowest := len(n.Layers) // lowest layer whose parameters need gradients
	for i, l := range n.Layers {
		if !l.Frozen {
			lowest = i
			break
		}
	}
	defer gemm.Burst(n.Threads)()
	if inputGrad {
		lowest = -1
		if len(n.dIn) < batch*n.In {
			n.dIn = make([]Float, n.cap*n.In)
		}
	}
	derived := false // the derivative of layer i is already in d (backward_rows.go)
	for i := len(n.Layers) - 1; i >= 0 && i >= lowest; i-- {
		l := n.Layers[i]
		d := l.d[:batch*l.Out]
		t := n.clock()
		var gb []Float
		flops := int64(batch*l.Out) * l.Act.backwardFLOPs()
		if !l.Frozen {
			gb = l.GB
			flops += int64(batch * l.Out)
		}
		if !derived {
			parBackpropBias(n.Threads, d, l.a[:batch*l.Out], gb, batch, l.Out, l.Act)
		} else if gb != nil {
			parColumnSums(n.Threads, d, gb, batch, l.Out)
		}
		derived = false
		n.other(t, flops)

		in, width := n.input, n.In
		if i > 0 {
			in, width = n.Layers[i-1].a[:batch*n.Layers[i-1].Out], n.Layers[i-1].Out
		}
		if !l.Frozen && i > 0 && i > lowest && !n.Timing && pairGradients(n.Threads, batch, width, l.Out) {
			gradientsSideBySide(ops64, n.Threads, batch, width, l.Out, in, d, l.W, l.GW, n.Layers[i-1].d[:batch*width])
			n.FLOPs.MatMul += 4 * int64(batch) * int64(width) * int64(l.Out)
			continue
		}
		// The input gradient first: it reads W, which a fused update changes as soon as
		// the weight gradient is done. The two products are independent, so the order
		// changes no bit.
		if i > lowest || (i == 0 && inputGrad) {
			var dx []Float
			if i > 0 {
				dx = n.Layers[i-1].d[:batch*width]
			} else {
				dx = n.dIn[:batch*width]
			}
			if blocks := inputGradBlocks(n.Threads, batch, width, l.Out); blocks > 1 && !n.Timing {
				var a []Float
				var act Activation
				if i > 0 {
					a, act = n.Layers[i-1].a[:batch*width], n.Layers[i-1].Act
				}
				inputGradByRows(ops64, blocks, batch, d, l.W, l.Out, dx, width, a, act, i > 0)
				n.FLOPs.MatMul += 2 * int64(batch) * int64(width) * int64(l.Out)
				derived = i > 0
			} else {
				n.matmul(false, true, batch, width, l.Out, d, l.Out, l.W, l.Out, 0, dx, width)
			}
		}
		switch {
		case l.Frozen:
		case u != nil:
			gemm.GemmThen(true, false, width, l.Out, batch, 1, in, width, d, l.Out, 0, l.GW, l.Out, n.Threads, u.weightsThen(i))
			n.FLOPs.MatMul += 2 * int64(width) * int64(l.Out) * int64(batch)
		default:
			n.matmul(true, false, width, l.Out, batch, in, width, d, l.Out, 0, l.GW, l.Out)
		}
	}
	if inputGrad {
		return n.dIn[:batch*n.In], nil
	}
	return nil, nil
}

// SetOutputGrad sets the gradient of the loss with respect to the outputs of the latest
// forward pass (batch×Out), for losses written outside this package.
func (n *Network) SetOutputGrad(g []Float) error {
	last := n.Layers[len(n.Layers)-1]
	if len(g) != n.batch*last.Out {
		return fmt.Errorf("nn: output gradient has %d values, want %d×%d", len(g), n.batch, last.Out)
	}
	copy(last.d, g)
	return nil
}

// matmul runs one product through package gemm and counts it.
func (n *Network) matmul(tA, tB bool, m, nn, k int, a []Float, lda int, b []Float, ldb int, beta float64, c []Float, ldc int) {
	var t time.Time
	if n.Timing {
		t = time.Now()
	}
	gemm.Gemm(tA, tB, m, nn, k, 1, a, lda, b, ldb, beta, c, ldc, n.Threads)
	n.FLOPs.MatMul += 2 * int64(m) * int64(nn) * int64(k)
	if n.Timing {
		n.FLOPs.MatMulTime += time.Since(t)
	}
}

// clock starts timing a stretch of non-product work, if timing is on.
func (n *Network) clock() time.Time {
	if n.Timing {
		return time.Now()
	}
	return time.Time{}
}

// other counts flops of non-product work started at t.
func (n *Network) other(t time.Time, flops int64) {
	n.FLOPs.Other += flops
	if n.Timing {
		n.FLOPs.OtherTime += time.Since(t)
	}
}

// Params copies every parameter into dst (layer by layer, W then B) and returns it; dst is
// grown if needed.
func (n *Network) Params(dst []Float) []Float {
	dst = dst[:0]
	for _, l := range n.Layers {
		dst = append(dst, l.W...)
		dst = append(dst, l.B...)
	}
	return dst
}

// Grads copies every gradient into dst, in the order of Params.
func (n *Network) Grads(dst []Float) []Float {
	dst = dst[:0]
	for _, l := range n.Layers {
		dst = append(dst, l.GW...)
		dst = append(dst, l.GB...)
	}
	return dst
}

// SetParams copies src (in the order of Params) into the network.
func (n *Network) SetParams(src []Float) error {
	if len(src) != n.NumParams() {
		return fmt.Errorf("nn: %d values for %d parameters", len(src), n.NumParams())
	}
	for _, l := range n.Layers {
		src = src[copy(l.W, src):]
		src = src[copy(l.B, src):]
	}
	return nil
}

// Clone returns an independent copy of the network's architecture and parameters (not of its
// buffers or counters).
func (n *Network) Clone() *Network {
	c := &Network{In: n.In, Threads: n.Threads, Timing: n.Timing}
	for _, l := range n.Layers {
		c.Layers = append(c.Layers, &Dense{
			In: l.In, Out: l.Out, Act: l.Act, Frozen: l.Frozen,
			W: append([]Float(nil), l.W...), B: append([]Float(nil), l.B...),
			GW: make([]Float, len(l.GW)), GB: make([]Float, len(l.GB)),
		})
	}
	return c
}
