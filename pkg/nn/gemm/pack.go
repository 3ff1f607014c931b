package gemm

import (
	"sync"
	"unsafe"
)

// Packed layouts (see driver.go for when each is used):
//
//   - A panel: 8 rows × kc, stored p-major: element (i, p) at p·8 + i, so the kernel reads
//     one 64-byte line of A per k step (rsA = 1, csA = 8). Rows past m are zero.
//   - B panel: kc × w with w = 24 for full panels, roundUp(tail, 8) for the tail panel,
//     stored row-major: element (p, j) at p·w + j, so a k step is w contiguous elements.
//
// Packing turns every transposition case into the same kernel access pattern, keeps the
// panels contiguous (no TLB or cache-set conflicts from power-of-two strides such as
// ldb = 1024) and lets one packed B block be reused, from L2, by every row panel of A.

// goPackCopy is the portable kernels.packCopy.
func goPackCopy(dst, src []float64, ld, rows, width int) {
	w := roundUp(width, 8)
	for r := 0; r < rows; r++ {
		d := dst[r*w : r*w+w]
		copy(d, src[r*ld:r*ld+width])
		clear(d[width:])
	}
}

// goPackTrans8 is the portable kernels.packTrans8.
func goPackTrans8(dst []float64, dstStride int, src []float64, ld, kc int) {
	packTransRows(dst, dstStride, src, ld, 8, kc)
}

// packTransRows writes dst[p·dstStride + j] = src[j·ld + p] for j < rows, p < kc, and zeros
// dst[p·dstStride + j] for rows ≤ j < 8: the portable transpose, also used by every kernel
// set for a ragged last group of fewer than 8 rows.
func packTransRows(dst []float64, dstStride int, src []float64, ld, rows, kc int) {
	for p := 0; p < kc; p++ {
		d := dst[p*dstStride : p*dstStride+8]
		for j := 0; j < rows; j++ {
			d[j] = src[j*ld+p]
		}
		clear(d[rows:])
	}
}

// packATailRows packs the last rows < 8 rows of row-major A (row i at a[i·lda], columns
// [0, kc)) into a zero-padded 8-row panel, for the kernels that read A in place.
func packATailRows(dst, a []float64, lda, rows, kc int) {
	packTransRows(dst, mr, a, lda, rows, kc)
}

// workspace holds the packing buffers of one goroutine. Buffers only grow, and workspaces
// are recycled through wsPool, so steady-state products do not allocate.
type workspace struct {
	a, b, tail []float64
}

var wsPool = sync.Pool{New: func() any { return new(workspace) }}

// grow returns buf resized to n elements, reallocating (64-byte aligned, so packed panels
// start on a cache line) only when its capacity is too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) >= n {
		return buf[:n]
	}
	const align = 64 / 8
	raw := make([]float64, n+align)
	off := int(uintptr(unsafe.Pointer(&raw[0]))%64) / 8
	if off != 0 {
		off = align - off
	}
	return raw[off : off+n : off+n]
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }
