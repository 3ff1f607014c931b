package nn

import "github.com/dlreturns/dlreturns/pkg/nn/gemm"

// The elementwise passes of a training step on several threads. The matrix products of a
// step run on n.Threads cores; left on one core, the passes between them (bias and
// activation, their derivatives and the bias gradient, the optimizer's update: about a
// tenth of an mnist step) would cap the step's speed-up on 2 cores near 1.8× (Amdahl). They
// are split among the product pool's workers (gemm.ParallelFor) in ranges whose results do
// not depend on the split: rows for elementwise work; whole columns for the bias gradient,
// each summed in row order as on one core; ranges of parameters for the update. So the
// step gives the same bits on any number of threads.

// passChunk is the least number of elements worth handing to another core: with the AVX2
// passes (elementwise_amd64.s) 2^16 floats take 5–10 µs, against a hand-off of 1–100 µs
// (a polling or a parked worker) and the cost of reading rows another core wrote. At 2^14
// the mnist step's bias gradients (128 × 256) were split and took 15.8 µs against 5.4 µs
// on one core. Paired rounds at 2 threads, float32, 2^16 against 2^14 (median of 40):
// mnist 1.05×, deep 1.02×, wide 1.00×.
const passChunk = 1 << 16

// parallelRows runs f over row ranges of a rows × cols pass, on up to threads goroutines
// when the pass is large enough.
func parallelRows(threads, rows, cols int, f func(lo, hi int)) {
	if threads <= 1 || rows*cols < 2*passChunk {
		f(0, rows)
		return
	}
	gemm.ParallelFor(threads, rows, (passChunk+cols-1)/cols, f)
}

// parallelCols runs f over column ranges (at least 16 columns) of a rows × cols pass.
func parallelCols(threads, rows, cols int, f func(lo, hi int)) {
	if threads <= 1 || rows*cols < 2*passChunk {
		f(0, cols)
		return
	}
	gemm.ParallelFor(threads, cols, max(16, (passChunk+rows-1)/rows), f)
}

// Each par function decides serial or parallel before any closure exists: a closure's
// captured variables are moved to the heap where they are declared, and the serial path
// (one thread, small layers) must not allocate.

func parBiasActivate(threads int, out, bias []Float, rows int, act Activation) {
	if threads <= 1 || rows*len(bias) < 2*passChunk {
		biasActivate(out, bias, rows, act)
		return
	}
	splitBiasActivate(threads, out, bias, rows, act)
}

func splitBiasActivate(threads int, out, bias []Float, rows int, act Activation) {
	cols := len(bias)
	parallelRows(threads, rows, cols, func(lo, hi int) { biasActivate(out[lo*cols:hi*cols], bias, hi-lo, act) })
}

func parBackpropBias(threads int, d, out, gb []Float, rows, cols int, act Activation) {
	if threads <= 1 || rows*cols < 2*passChunk {
		backpropBias(d, out, gb, rows, cols, act)
		return
	}
	splitBackpropBias(threads, d, out, gb, rows, cols, act)
}

func splitBackpropBias(threads int, d, out, gb []Float, rows, cols int, act Activation) {
	parallelCols(threads, rows, cols, func(lo, hi int) { backpropBiasCols(d, out, gb, rows, cols, lo, hi, act) })
}

func parBiasActivate32(threads int, out, bias []float32, rows int, act Activation) {
	if threads <= 1 || rows*len(bias) < 2*passChunk {
		biasActivate32(out, bias, rows, act)
		return
	}
	splitBiasActivate32(threads, out, bias, rows, act)
}

func splitBiasActivate32(threads int, out, bias []float32, rows int, act Activation) {
	cols := len(bias)
	parallelRows(threads, rows, cols, func(lo, hi int) { biasActivate32(out[lo*cols:hi*cols], bias, hi-lo, act) })
}

func parBackpropBias32(threads int, d, out, gb []float32, rows, cols int, act Activation) {
	if threads <= 1 || rows*cols < 2*passChunk {
		backpropBias32(d, out, gb, rows, cols, act)
		return
	}
	splitBackpropBias32(threads, d, out, gb, rows, cols, act)
}

func splitBackpropBias32(threads int, d, out, gb []float32, rows, cols int, act Activation) {
	parallelCols(threads, rows, cols, func(lo, hi int) { backpropBiasCols32(d, out, gb, rows, cols, lo, hi, act) })
}

// splitUpdate applies o to the weights w in ranges on up to threads goroutines (the
// caller checked that w is large enough); state slots start at s[0] for w[0].
func splitUpdate(threads int, o *Optimizer, w, g, s []Float, lr, wd float64) {
	gemm.ParallelFor(threads, len(w), passChunk, func(lo, hi int) { o.update(w[lo:hi], g[lo:hi], s, lo, hi, lr, wd) })
}

func splitUpdate32(threads int, o *Optimizer, w, g, s []float32, lr, wd float32) {
	gemm.ParallelFor(threads, len(w), passChunk, func(lo, hi int) { update32(o, w[lo:hi], g[lo:hi], s, lo, hi, lr, wd) })
}
