package nn

import (
	"runtime"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// The forward pass on several threads, by rows. Each row of a batch goes through the
// layers independently of the others, so the batch is cut into blocks of rows (two per
// thread, see blocksPerThread) and each thread takes a block through every layer (product,
// bias, activation) on its own: no hand-off or wait between layers, and a block's
// activations stay in its core's cache. Splitting each product instead (the backward pass, whose weight gradients
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

// blocksPerThread: the forward pass is cut into this many blocks per thread, claimed by
// the threads as they come free. With one block each, a step waits for the slower thread,
// and on a shared virtual machine the two vCPUs' speeds differ from moment to moment by up
// to a third (a timed scalar loop pinned to each at once: 1,002 against 708 M/s); with
// two, the faster takes the third block. Rounds of one window per setting, 2 threads,
// float32, speed over one block per thread (median of 30): mnist 1.06× and 1.12× in two
// runs, deep 1.14× and 1.06×; four blocks were no better (mnist 1.00×, 1.16×; deep 1.04×,
// 1.00×), as smaller blocks re-read the weights more often.
const blocksPerThread = 2

// forwardBlocks returns how many row blocks a forward pass of batch rows through layers
// of the given fan-ins and fan-outs should be cut into: 1 means the usual product-by-
// product pass.
func forwardBlocks(threads, batch, fmaPerRow, inputsPerRow int) int {
	if threads <= 1 || fmaPerRow > maxWeightRatio*batch*inputsPerRow {
		return 1
	}
	return max(1, min(blocksPerThread*min(threads, runtime.GOMAXPROCS(0)), batch/rowPanel, batch*fmaPerRow/fusedMinFMA))
}

// blockRows returns rows [lo, hi) of block b of blocks, in whole panels.
func blockRows(b, blocks, batch int) (lo, hi int) {
	panels := (batch + rowPanel - 1) / rowPanel
	lo = min(b*panels/blocks*rowPanel, batch)
	hi = min((b+1)*panels/blocks*rowPanel, batch)
	return lo, hi
}

// rowOps are the per-precision pieces the row cuts need, so that one generic body serves
// Network and Network32.
type rowOps[T gemm.Float] struct {
	gemm         func(tA, tB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, threads int)
	biasActivate func(out, bias []T, rows int, act Activation)
	backpropBias func(d, out, gb []T, rows, cols int, act Activation)
}

var (
	ops64 = rowOps[Float]{gemm: gemm.Gemm, biasActivate: biasActivate, backpropBias: backpropBias}
	ops32 = rowOps[float32]{gemm: gemm.Gemm32, biasActivate: biasActivate32, backpropBias: backpropBias32}
)

// rowLayer is what the forward cut needs of a layer.
type rowLayer[T gemm.Float] struct {
	w, b, a []T
	out     int
	act     Activation
}

// fmaPerRow returns the multiply-adds of one row's forward pass and the number of layer
// inputs it reads.
func fmaPerRow[T gemm.Float](in int, layers []rowLayer[T]) (fma, inputs int) {
	width := in
	for _, l := range layers {
		fma += width * l.out
		inputs += width
		width = l.out
	}
	return fma, inputs
}

// forwardByRows takes each of blocks row blocks of input (batch × in) through every layer,
// on up to threads goroutines that claim blocks as they come free, writing the layers'
// outputs a; then, if after is set, calls it with the block's rows.
func forwardByRows[T gemm.Float](ops rowOps[T], threads, blocks, batch, in int, input []T, layers []rowLayer[T], after func(lo, hi int)) {
	gemm.ParallelFor(threads, blocks, 1, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			lo, hi := blockRows(b, blocks, batch)
			x, width := input[lo*in:hi*in], in
			for _, l := range layers {
				out := l.a[lo*l.out : hi*l.out]
				ops.gemm(false, false, hi-lo, l.out, width, 1, x, width, l.w, l.out, 0, out, l.out, 1)
				ops.biasActivate(out, l.b, hi-lo, l.act)
				x, width = out, l.out
			}
			if after != nil {
				after(lo, hi)
			}
		}
	})
}

// forwardCounts adds a forward pass's FLOPs, as Forward counts them, to c.
func forwardCounts[T gemm.Float](c *Counter, batch, in int, layers []rowLayer[T]) {
	width := in
	for _, l := range layers {
		c.MatMul += 2 * int64(batch) * int64(l.out) * int64(width)
		c.Other += int64(batch*l.out) * (1 + l.act.forwardFLOPs())
		width = l.out
	}
}

// rowLayers describes the layers for the row cuts, in a slice kept on the network so that
// steps do not allocate it.
func (n *Network) rowLayers() []rowLayer[Float] {
	n.rowLs = n.rowLs[:0]
	for _, l := range n.Layers {
		n.rowLs = append(n.rowLs, rowLayer[Float]{w: l.W, b: l.B, a: l.a, out: l.Out, act: l.Act})
	}
	return n.rowLs
}

func (n *Network32) rowLayers() []rowLayer[float32] {
	n.rowLs = n.rowLs[:0]
	for _, l := range n.Layers {
		n.rowLs = append(n.rowLs, rowLayer[float32]{w: l.W, b: l.B, a: l.a, out: l.Out, act: l.Act})
	}
	return n.rowLs
}

// forwardByRowsIfWorth runs the forward pass of ls cut by rows, counting it in c, and
// returns true; or returns false, having done nothing, when the pass should be split
// product by product. after, if set, is called at the end of each row block.
func forwardByRowsIfWorth[T gemm.Float](ops rowOps[T], threads, batch, in int, input []T, ls []rowLayer[T], c *Counter, after func(lo, hi int)) bool {
	fma, inputs := fmaPerRow(in, ls)
	blocks := forwardBlocks(threads, batch, fma, inputs)
	if blocks <= 1 {
		return false
	}
	forwardByRows(ops, threads, blocks, batch, in, input, ls, after)
	forwardCounts(c, batch, in, ls)
	return true
}

// tryForwardByRows runs the forward pass cut by rows and returns true, or returns false
// when the pass should be split product by product (or timed, which needs the products
// apart from the rest).
func (n *Network) tryForwardByRows(batch int) bool {
	if n.Threads <= 1 || n.Timing || !forwardByRowsIfWorth(ops64, n.Threads, batch, n.In, n.input, n.rowLayers(), &n.FLOPs, nil) {
		return false
	}
	for _, l := range n.Layers {
		l.batch = batch
	}
	return true
}

// tryForwardByRows is Network.tryForwardByRows for the float32 network; while a step's
// forwardLoss has set the labels, each row block also takes its rows' loss (loss32.go).
func (n *Network32) tryForwardByRows(batch int) bool {
	var after func(lo, hi int)
	if n.rowLabels != nil {
		after = n.afterRows
	}
	if n.Threads <= 1 || !forwardByRowsIfWorth(ops32, n.Threads, batch, n.In, n.input, n.rowLayers(), &n.FLOPs, after) {
		return false
	}
	n.lossDone = after != nil
	for _, l := range n.Layers {
		l.batch = batch
	}
	return true
}
