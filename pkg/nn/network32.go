package nn

import (
	"errors"
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// Network32 is a Network trained in float32: the same layers and activations, its own
// float32 parameters and buffers, and the float32 products of gemm.Gemm32. It is made from
// a float64 Network (Network.Float32) and can write its parameters back (CopyParamsTo),
// so that evaluation, statistics and figures stay in float64.
//
// Like Network, results are deterministic for any thread count. They differ from the
// float64 network's by float32 rounding: about 1e-7 relative per operation.
type Network32 struct {
	In     int
	Layers []*Dense32
	// Threads bounds the goroutines of each matrix product.
	Threads int
	// FLOPs counts the training work, by the package convention (as Network.FLOPs).
	FLOPs Counter

	input []float32
	rowLs []rowLayer[float32]
	cap   int
	batch int
	state [][]float32 // optimizer state per layer, as Optimizer.state
	steps int
	upd   update32Step // the optimizer step under way (update32.go)

	// The loss inside the forward pass's row blocks (loss32.go): the labels while a step's
	// forward pass takes it (nil otherwise), whether it did, each row's loss, and
	// lossBlock as a func value made once, so that a step does not allocate it.
	rowLabels []int
	lossDone  bool
	rowLoss   []float64
	afterRows func(lo, hi int)
}

// Dense32 is a Dense layer in float32.
type Dense32 struct {
	In, Out int
	Act     Activation
	Frozen  bool
	W, B    []float32
	GW, GB  []float32
	a, d    []float32
	batch   int
}

// Output is the layer's output for the latest forward pass (batch×Out).
func (l *Dense32) Output() []float32 { return l.a[:l.batch*l.Out] }

// Float32 returns a float32 copy of the network's architecture and parameters.
func (n *Network) Float32() *Network32 {
	c := &Network32{In: n.In, Threads: n.Threads}
	for _, l := range n.Layers {
		c.Layers = append(c.Layers, &Dense32{
			In: l.In, Out: l.Out, Act: l.Act, Frozen: l.Frozen,
			W: toFloat32(l.W), B: toFloat32(l.B),
			GW: make([]float32, len(l.GW)), GB: make([]float32, len(l.GB)),
		})
	}
	return c
}

// CopyParamsTo writes the float32 parameters into dst, a float64 network of the same
// architecture (for instance the one Float32 was made from).
func (n *Network32) CopyParamsTo(dst *Network) error {
	if len(dst.Layers) != len(n.Layers) {
		return fmt.Errorf("nn: copying %d float32 layers into a network of %d", len(n.Layers), len(dst.Layers))
	}
	for i, l := range n.Layers {
		d := dst.Layers[i]
		if d.In != l.In || d.Out != l.Out {
			return fmt.Errorf("nn: layer %d is %d×%d in float32, %d×%d in float64", i+1, l.In, l.Out, d.In, d.Out)
		}
		for j, v := range l.W {
			d.W[j] = Float(v)
		}
		for j, v := range l.B {
			d.B[j] = Float(v)
		}
	}
	return nil
}

func toFloat32(x []Float) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

func (n *Network32) reserve(batch int) {
	if batch <= n.cap {
		return
	}
	for _, l := range n.Layers {
		l.a = make([]float32, batch*l.Out)
		l.d = make([]float32, batch*l.Out)
	}
	n.rowLoss = make([]float64, batch)
	n.afterRows = n.lossBlock
	n.cap = batch
}

// Forward runs the network on batch rows of x (batch×In) and returns the outputs, valid
// until the next call.
func (n *Network32) Forward(x []float32, batch int) ([]float32, error) {
	if batch <= 0 || len(x) < batch*n.In {
		return nil, fmt.Errorf("nn: float32 forward pass of %d rows of %d inputs with %d values", batch, n.In, len(x))
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
		n.matmul(false, false, batch, l.Out, width, in, width, l.W, l.Out, out, l.Out)
		parBiasActivate32(n.Threads, out, l.B, batch, l.Act)
		n.FLOPs.Other += int64(batch*l.Out) * (1 + l.Act.forwardFLOPs())
		in, width = out, l.Out
	}
	return in, nil
}

// Backward propagates the output gradient written by LossGrad back through the layers,
// filling GW and GB of every layer that is not frozen.
func (n *Network32) Backward() error { return n.backward(nil) }

// backward is Backward that, with u set, also applies the optimizer step u to each weight
// matrix whose gradient product can take it (update32.go).
func (n *Network32) backward(u *update32Step) error {
	if n.batch == 0 {
		return errors.New("nn: Backward before Forward")
	}
	batch := n.batch
	defer gemm.Burst(n.Threads)()
	lowest := len(n.Layers)
	for i, l := range n.Layers {
		if !l.Frozen {
			lowest = i
			break
		}
	}
	derived := false // the derivative of layer i is already in d (backward_rows.go)
	for i := len(n.Layers) - 1; i >= 0 && i >= lowest; i-- {
		l := n.Layers[i]
		d := l.d[:batch*l.Out]
		var gb []float32
		flops := int64(batch*l.Out) * l.Act.backwardFLOPs()
		if !l.Frozen {
			gb = l.GB
			flops += int64(batch * l.Out)
		}
		if !derived {
			parBackpropBias32(n.Threads, d, l.a[:batch*l.Out], gb, batch, l.Out, l.Act)
		} else if gb != nil {
			parColumnSums32(n.Threads, d, gb, batch, l.Out)
		}
		derived = false
		n.FLOPs.Other += flops
		in, width := n.input, n.In
		if i > 0 {
			in, width = n.Layers[i-1].a[:batch*n.Layers[i-1].Out], n.Layers[i-1].Out
		}
		if !l.Frozen && i > lowest && pairGradients(n.Threads, batch, width, l.Out) {
			gradientsSideBySide(ops32, n.Threads, batch, width, l.Out, in, d, l.W, l.GW, n.Layers[i-1].d[:batch*width])
			n.FLOPs.MatMul += 4 * int64(batch) * int64(width) * int64(l.Out)
			continue
		}
		// The input gradient first: it reads W, which a fused update changes as soon as
		// the weight gradient is done. The two products are independent, so the order
		// changes no bit.
		if i > lowest {
			below := n.Layers[i-1]
			dx := below.d[:batch*width]
			if blocks := inputGradBlocks(n.Threads, batch, width, l.Out); blocks > 1 {
				inputGradByRows(ops32, blocks, batch, d, l.W, l.Out, dx, width, below.a[:batch*width], below.Act, true)
				n.FLOPs.MatMul += 2 * int64(batch) * int64(width) * int64(l.Out)
				derived = true
			} else {
				n.matmul(false, true, batch, width, l.Out, d, l.Out, l.W, l.Out, dx, width)
			}
		}
		if !l.Frozen {
			gemm.Gemm32Then(true, false, width, l.Out, batch, 1, in, width, d, l.Out, 0, l.GW, l.Out, n.Threads, u.weightsThen(i))
			n.FLOPs.MatMul += 2 * int64(width) * int64(l.Out) * int64(batch)
		}
	}
	return nil
}

// Step runs one training step on a batch: forward, loss, backward and update. It returns
// the loss, or an error wrapping ErrDiverged if the loss is not finite. The update of each
// weight matrix is fused into its gradient product (update32.go): the same bits as
// Backward then Update.
func (n *Network32) Step(x []float32, labels []int, y []float32, batch int, loss Loss, o *Optimizer) (float64, error) {
	return n.fusedStep(x, labels, y, batch, loss, o, &n.state, &n.steps)
}

// fusedStep is Step with the optimizer state in *state and the step count in *steps: the
// network's own (Step) or the optimizer's (Network.Train in float32).
func (n *Network32) fusedStep(x []float32, labels []int, y []float32, batch int, loss Loss, o *Optimizer, state *[][]float32, steps *int) (float64, error) {
	l, err := n.forwardLoss(x, labels, y, batch, loss, o)
	if err != nil {
		return l, err
	}
	u, err := n.beginUpdate(o, state, steps)
	if err != nil {
		return l, err
	}
	fused := u
	if !fuseUpdate {
		fused = nil
	}
	if err := n.backward(fused); err != nil {
		return l, err
	}
	n.finishUpdate(u)
	return l, nil
}

func (n *Network32) matmul(tA, tB bool, m, nn, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	gemm.Gemm32(tA, tB, m, nn, k, 1, a, lda, b, ldb, 0, c, ldc, n.Threads)
	n.FLOPs.MatMul += 2 * int64(m) * int64(nn) * int64(k)
}
