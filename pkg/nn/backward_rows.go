package nn

import (
	"runtime"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// The input-gradient product of the backward pass on several threads, by rows, for the
// same reason as the forward pass (forward_rows.go): row r of dY·Wᵀ depends on row r of
// dY only, and so does the derivative of the layer below at row r. Each thread therefore
// computes its rows of the product and applies the lower layer's activation derivative to
// them in one go; the lower layer's bias gradient, a sum over all rows, is then taken by
// whole columns in row order (parColumnSums), as backpropBias does on one thread. The
// weight gradients (Xᵀ·dY, a sum over the batch) stay split by product.
//
// The bits do not change: the product's elements are the same sums (gemm's contract), the
// derivative is elementwise, and each bias-gradient column is summed in row order over the
// same values.

// inputGradBlocks returns the row blocks for the input gradient d·Wᵀ of a layer with
// fan-in width and fan-out out, or 1 for the product split as usual. Every block packs the
// whole of Wᵀ, so the cut pays when W is not much larger than d: width ≤ maxWeightRatio ·
// batch.
func inputGradBlocks(threads, batch, width, out int) int {
	if threads <= 1 || width > maxWeightRatio*batch {
		return 1
	}
	return max(1, min(threads, runtime.GOMAXPROCS(0), batch/rowPanel, batch*width*out/fusedMinFMA))
}

// inputGradByRows sets dx = d·Wᵀ (batch × width) in row blocks and, with below set,
// multiplies each row by the derivative of activation act at the lower layer's outputs a.
func inputGradByRows[T gemm.Float](ops rowOps[T], blocks, batch int, d, w []T, out int, dx []T, width int, a []T, act Activation, below bool) {
	gemm.ParallelFor(blocks, blocks, 1, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			lo, hi := blockRows(b, blocks, batch)
			ops.gemm(false, true, hi-lo, width, out, 1, d[lo*out:hi*out], out, w, out, 0, dx[lo*width:hi*width], width, 1)
			if below {
				ops.backpropBias(dx[lo*width:hi*width], a[lo*width:hi*width], nil, hi-lo, width, act)
			}
		}
	})
}

// parColumnSums sets gb to the column sums of d (rows × cols), each in row order: the bias
// gradient of a layer whose derivative was already applied. (backpropBiasCols with the
// identity activation only sums; d stands in for the unread outputs.)
func parColumnSums(threads int, d, gb []Float, rows, cols int) {
	if threads <= 1 || rows*cols < 2*passChunk {
		backpropBias(d, d, gb, rows, cols, Identity)
		return
	}
	parallelCols(threads, rows, cols, func(lo, hi int) { backpropBiasCols(d, d, gb, rows, cols, lo, hi, Identity) })
}

func parColumnSums32(threads int, d, gb []float32, rows, cols int) {
	if threads <= 1 || rows*cols < 2*passChunk {
		backpropBias32(d, d, gb, rows, cols, Identity)
		return
	}
	parallelCols(threads, rows, cols, func(lo, hi int) { backpropBiasCols32(d, d, gb, rows, cols, lo, hi, Identity) })
}

// A layer's weight gradient Xᵀ·dY and input gradient dY·Wᵀ both read only dY, X and W,
// write their own buffers and have the same multiply-adds (in·out·batch). When each has
// between pairMinFMA and pairMaxFMA of them, the two run side by side, each with half of
// the threads (on 2 threads, each whole on one), instead of one after the other, each split
// over all the threads into at most 3 chunks (so there is little balancing to lose). That
// halves the hand-offs of the backward pass where they weigh most, in a deep narrow network
// (20 layers of 64: 40 products in 20 hand-offs; deep step 1.05× at 2 threads). Below
// pairMinFMA, gemm's own threshold for splitting, a hand-off costs more than it saves (the
// tiny workload's step ran 6% slower paired). The bits do not change: gemm's results do not
// depend on the threads.
const (
	pairMinFMA = 1 << 18
	pairMaxFMA = 1 << 20
)

// pairGradients reports whether a layer of fan-in width and fan-out out should take its
// two gradient products side by side.
func pairGradients(threads, batch, width, out int) bool {
	fma := batch * width * out
	return threads >= 2 && runtime.GOMAXPROCS(0) >= 2 && fma >= pairMinFMA && fma < pairMaxFMA
}

// gradientsSideBySide sets gw = inᵀ·d (width × out) and dx = d·Wᵀ (batch × width), the two
// products side by side, each with half of the threads.
func gradientsSideBySide[T gemm.Float](ops rowOps[T], threads, batch, width, out int, in, d, w, gw, dx []T) {
	gemm.ParallelFor(2, 2, 1, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			if t == 0 {
				ops.gemm(true, false, width, out, batch, 1, in, width, d, out, 0, gw, out, threads/2)
			} else {
				ops.gemm(false, true, batch, width, out, 1, d, out, w, out, 0, dx, width, threads-threads/2)
			}
		}
	})
}
