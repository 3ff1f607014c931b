//go:build amd64

package gemm

import "unsafe"

// The AVX2+FMA kernels of kernel_avx2_amd64.s: 4 rows by 12, 8 or 4 columns. cnext is the
// C column step between panels (elements); mask points at 4 int64 lane masks (all bits set:
// lane on) for the last vector of the 8- and 4-column kernels.

//go:noescape
func kern4x12(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, cnext, ldc int, alpha, beta float64, mr int, mask *int64, betaZero int)

//go:noescape
func kern4x8(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, cnext, ldc int, alpha, beta float64, mr int, mask *int64, betaZero int)

//go:noescape
func kern4x4(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, cnext, ldc int, alpha, beta float64, mr int, mask *int64, betaZero int)

//go:noescape
func kern8x24Rows(k int, a *float64, rsa, csa, anext int, b *float64, ldb int, c *float64, ldc, panels int, alpha, beta float64, betaZero int)

//go:noescape
func packTrans8AVX2(dst *float64, dstStride int, src *float64, ld int, kc int)

// laneMasks[4-v:] is the mask of the first v lanes of a 4-lane vector.
var laneMasks = [8]int64{-1, -1, -1, -1, 0, 0, 0, 0}

var avx2Kernels = &kernels[float64]{name: "avx2", nr: nr, panelOuter: true, row: avx2Row, rows: rowsWith(nr, kern8x24Rows), packCopy: avx2PackCopy[float64], packTrans8: avx2PackTrans8}

// avx2Row runs the 8-row tile as two 4-row halves (the second only if mrows > 4). In each
// half: two 4×12 calls over all the full 24-column panels, then the tail panel in 12-, 8-
// and 4-column pieces, the last one masked.
func avx2Row(k int, a []float64, rsA, csA int, bp bPanels[float64], c []float64, ldc, n, mrows int, alpha, beta float64, betaZero bool) {
	if k <= 0 || n <= 0 || mrows <= 0 {
		return
	}
	checkRow(k, a, rsA, csA, bp, c, ldc, n, mrows, nr)
	bz := 0
	if betaZero {
		bz = 1
	}
	full := n / nr
	rem := n - full*nr
	for h := 0; h < mrows; h += 4 {
		rows := min(4, mrows-h)
		ah, ch := &a[h*rsA], c[h*ldc:]
		if full > 0 {
			kern4x12(k, ah, rsA, csA, &bp.b[0], bp.ld, bp.next, full, &ch[0], nr, ldc, alpha, beta, rows, nil, bz)
			kern4x12(k, ah, rsA, csA, &bp.b[12], bp.ld, bp.next, full, &ch[12], nr, ldc, alpha, beta, rows, nil, bz)
		}
		j := 0
		for ; rem-j >= 12; j += 12 {
			kern4x12(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr+j], 0, ldc, alpha, beta, rows, nil, bz)
		}
		if r := rem - j; r > 8 {
			kern4x8(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr+j], 0, ldc, alpha, beta, rows, &laneMasks[0], bz)
			kern4x4(k, ah, rsA, csA, &bp.b[bp.tailOff+j+8], bp.tailLd, 0, 1, &ch[full*nr+j+8], 0, ldc, alpha, beta, rows, &laneMasks[12-r], bz)
		} else if r > 4 {
			kern4x8(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr+j], 0, ldc, alpha, beta, rows, &laneMasks[8-r], bz)
		} else if r > 0 {
			kern4x4(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr+j], 0, ldc, alpha, beta, rows, &laneMasks[4-r], bz)
		}
	}
}

func avx2PackTrans8(dst []float64, dstStride int, src []float64, ld, kc int) {
	if kc <= 0 {
		return
	}
	if (kc-1)*dstStride+8 > len(dst) || 7*ld+kc > len(src) {
		panic("gemm: packTrans8 out of range")
	}
	k4 := kc &^ 3
	if k4 > 0 {
		packTrans8AVX2(&dst[0], dstStride, &src[0], ld, k4)
	}
	if k4 < kc {
		packTransRows(dst[k4*dstStride:], dstStride, src[k4:], ld, 8, kc-k4)
	}
}

//go:noescape
func packRowsAVX(dst, src *byte, ldBytes, rows, vecs int)

// avx2PackCopy is packCopy for the AVX2 sets: rows of a multiple of 8 elements (packed A's
// 8 rows, full B panels; no zero padding to add) are copied by packRowsAVX, others (a B tail
// panel, zero-padded) by the portable code. copy() would call memmove per row, and those
// 32- to 192-byte calls took a seventh of the wide float32 step (pprof).
func avx2PackCopy[T Float](dst, src []T, ld, rows, width int) {
	var z T
	size := int(unsafe.Sizeof(z))
	vecs := width * size / 32
	if rows <= 0 || width%8 != 0 || (vecs != 1 && vecs != 2 && vecs != 3 && vecs != 6) {
		goPackCopy(dst, src, ld, rows, width)
		return
	}
	if rows*width > len(dst) || (rows-1)*ld+width > len(src) {
		panic("gemm: packCopy out of range")
	}
	packRowsAVX((*byte)(unsafe.Pointer(&dst[0])), (*byte)(unsafe.Pointer(&src[0])), ld*size, rows, vecs)
}
