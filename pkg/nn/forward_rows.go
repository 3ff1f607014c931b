package nn

import (
	"runtime"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// The forward pass on several threads, by rows. Each row of a batch goes through the
// layers independently of the others, so the batch is cut into one block of rows per
// thread and each thread takes its block through every layer (product, bias, activation)
// on its own: no hand-off or wait between layers, and a block's activations stay in its
// core's cache. Splitting each product instead (the backward pass, whose weight gradients
// sum over the batch, must) costs a hand-off per product and per elementwise pass, which
// on 2 cores capped an mnist step near 1.4× its one-thread speed.
//
// The bits do not change: a product's element is summed over k in the same blocks and
// order whatever rows are computed with it (gemm's contract), and bias and activation are
// elementwise. Rows are cut at multiples of 8, the kernels' row panel.

// A block reads every weight once while a product split by columns reads every input
// once per thread, so the cut by rows pays when the weights are not much larger than the
// layer inputs of the batch: Σ in·out ≤ maxWeightRatio · batch · Σ in. That holds for the
// mnist (1.6) and deep (0.5) workloads, where the cut made the 2-thread step faster, and
// not for wide (2.6, with its 4 MB float32 weight matrix), where it made it slower.
const maxWeightRatio = 2

// rowPanel is the row granularity of the split (gemm's micro-tile height).
const rowPanel = 8

// fusedMinFMA is the least forward work (multiply-adds) per block worth a thread.
const fusedMinFMA = 1 << 19

// forwardBlocks returns how many row blocks a forward pass of batch rows through layers
// of the given fan-ins and fan-outs should be cut into: 1 means the usual product-by-
// product pass.
func forwardBlocks(threads, batch, fmaPerRow, inputsPerRow int) int {
	if threads <= 1 || fmaPerRow > maxWeightRatio*batch*inputsPerRow {
		return 1
	}
	return max(1, min(threads, runtime.GOMAXPROCS(0), batch/rowPanel, batch*fmaPerRow/fusedMinFMA))
}

// blockRows returns rows [lo, hi) of block b of blocks, in whole panels.
func blockRows(b, blocks, batch int) (lo, hi int) {
	panels := (batch + rowPanel - 1) / rowPanel
	lo = min(b*panels/blocks*rowPanel, batch)
	hi = min((b+1)*panels/blocks*rowPanel, batch)
	return lo, hi
}

// fmaPerRow returns the multiply-adds of one row's forward pass and the number of layer
// inputs it reads.
func (n *Network) fmaPerRow() (fma, inputs int) {
	width := n.In
	for _, l := range n.Layers {
		fma += width * l.Out
		inputs += width
		width = l.Out
	}
	return fma, inputs
}

// forwardByRows is Forward's body on blocks ≥ 2 row blocks; n.input and n.batch are set.
func (n *Network) forwardByRows(blocks int) {
	batch := n.batch
	gemm.ParallelFor(blocks, blocks, 1, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			lo, hi := blockRows(b, blocks, batch)
			in, width := n.input[lo*n.In:hi*n.In], n.In
			for _, l := range n.Layers {
				out := l.a[lo*l.Out : hi*l.Out]
				gemm.Gemm(false, false, hi-lo, l.Out, width, 1, in, width, l.W, l.Out, 0, out, l.Out, 1)
				biasActivate(out, l.B, hi-lo, l.Act)
				in, width = out, l.Out
			}
		}
	})
	width := n.In
	for _, l := range n.Layers {
		l.batch = batch
		n.FLOPs.MatMul += 2 * int64(batch) * int64(l.Out) * int64(width)
		n.FLOPs.Other += int64(batch*l.Out) * (1 + l.Act.forwardFLOPs())
		width = l.Out
	}
}

func (n *Network32) fmaPerRow() (fma, inputs int) {
	width := n.In
	for _, l := range n.Layers {
		fma += width * l.Out
		inputs += width
		width = l.Out
	}
	return fma, inputs
}

// forwardByRows is Network.forwardByRows in float32.
func (n *Network32) forwardByRows(blocks int) {
	batch := n.batch
	gemm.ParallelFor(blocks, blocks, 1, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			lo, hi := blockRows(b, blocks, batch)
			in, width := n.input[lo*n.In:hi*n.In], n.In
			for _, l := range n.Layers {
				out := l.a[lo*l.Out : hi*l.Out]
				gemm.Gemm32(false, false, hi-lo, l.Out, width, 1, in, width, l.W, l.Out, 0, out, l.Out, 1)
				biasActivate32(out, l.B, hi-lo, l.Act)
				in, width = out, l.Out
			}
		}
	})
	width := n.In
	for _, l := range n.Layers {
		l.batch = batch
		n.FLOPs.MatMul += 2 * int64(batch) * int64(l.Out) * int64(width)
		n.FLOPs.Other += int64(batch*l.Out) * (1 + l.Act.forwardFLOPs())
		width = l.Out
	}
}
