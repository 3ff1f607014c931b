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
func goPackCopy[T Float](dst, src []T, ld, rows, width int) {
	w := roundUp(width, 8)
	for r := 0; r < rows; r++ {
		d := dst[r*w : r*w+w]
		copy(d, src[r*ld:r*ld+width])
		clear(d[width:])
	}
}

// goPackTrans8 is the portable kernels.packTrans8.
func goPackTrans8[T Float](dst []T, dstStride int, src []T, ld, kc int) {
	packTransRows(dst, dstStride, src, ld, 8, kc)
}

// packTransRows writes dst[p·dstStride + j] = src[j·ld + p] for j < rows, p < kc, and zeros
// dst[p·dstStride + j] for rows ≤ j < 8: the portable transpose, also used by every kernel
// set for a ragged last group of fewer than 8 rows.
func packTransRows[T Float](dst []T, dstStride int, src []T, ld, rows, kc int) {
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
func packATailRows[T Float](dst, a []T, lda, rows, kc int) {
	packTransRows(dst, mr, a, lda, rows, kc)
}

// workspace holds the packing buffers of one goroutine. Buffers only grow, and workspaces
// are recycled through wsPool, so steady-state products do not allocate.
type workspace[T Float] struct {
	a, b, tail []T
}

var (
	wsPool   = sync.Pool{New: func() any { return new(workspace[float64]) }}
	wsPool32 = sync.Pool{New: func() any { return new(workspace[float32]) }}
)

func getWorkspace[T Float]() *workspace[T] {
	if isFloat32[T]() {
		return wsPool32.Get().(*workspace[T])
	}
	return wsPool.Get().(*workspace[T])
}

// putWorkspace returns ws (if not nil) to its pool.
func putWorkspace[T Float](ws *workspace[T]) {
	switch {
	case ws == nil:
	case isFloat32[T]():
		wsPool32.Put(ws)
	default:
		wsPool.Put(ws)
	}
}

// grow returns buf resized to n elements, reallocating (64-byte aligned, so packed panels
// start on a cache line) only when its capacity is too small.
func grow[T Float](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	var z T
	size := int(unsafe.Sizeof(z))
	align := 64 / size
	raw := make([]T, n+align)
	off := int(uintptr(unsafe.Pointer(&raw[0]))%64) / size
	if off != 0 {
		off = align - off
	}
	return raw[off : off+n : off+n]
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }
