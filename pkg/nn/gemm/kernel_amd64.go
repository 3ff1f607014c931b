//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

// The AVX-512 micro-kernels of kernel_amd64.s. They differ only in the number of 8-wide
// vectors per row of the tile (3, 2, 1); see the .s file for the addressing. Strides are
// in elements. mask selects the valid lanes of the last vector of each row.

//go:noescape
func kern8x24(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, ldc int, alpha, beta float64, mr int, mask uint64, betaZero int)

//go:noescape
func kern8x16(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, ldc int, alpha, beta float64, mr int, mask uint64, betaZero int)

//go:noescape
func kern8x8(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, ldc int, alpha, beta float64, mr int, mask uint64, betaZero int)

// Packing helpers of pack_amd64.s (semantics in kernels.packCopy / packTrans8).

//go:noescape
func packCopy(dst *float64, src *float64, ld int, rows int, nv int, mask uint64)

//go:noescape
func packTrans8(dst *float64, dstStride int, src *float64, ld int, kc int)

// simdSets: see kernel.go. x/sys/cpu reports AVX-512F and AVX2 only when the OS also
// saves the zmm/mask and ymm registers. The AVX-512 kernels use AVX-512F instructions
// only (KMOVW, not the DQ KMOVB).
var simdSets = func() []*kernels[float64] {
	var sets []*kernels[float64]
	if cpu.X86.HasAVX512F {
		sets = append(sets, &kernels[float64]{name: "avx512", nr: nr, row: avx512Row, packCopy: avx512PackCopy, packTrans8: avx512PackTrans8})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		sets = append(sets, avx2Kernels)
	}
	return sets
}()

// checkRow panics unless the operands of a kernels.row call are in range: this is what
// keeps the assembly memory-safe, for a few multiplications per call against 8·n·k FMAs.
func checkRow[T Float](k int, a []T, rsA, csA int, bp bPanels[T], c []T, ldc, n, mrows, nr int) {
	if mrows > mr || (mr-1)*rsA+(k-1)*csA >= len(a) || (mrows-1)*ldc+n > len(c) {
		panic("gemm: micro-kernel operands out of range")
	}
	full := n / nr
	if full > 0 && (full-1)*bp.next+(k-1)*bp.ld+nr > len(bp.b) {
		panic("gemm: micro-kernel B panel out of range")
	}
	if rem := n - full*nr; rem > 0 && bp.tailOff+(k-1)*bp.tailLd+rem > len(bp.b) {
		panic("gemm: micro-kernel B tail out of range")
	}
}

// rowsKernel is the signature of the assembly row loops (avx2_rows_loop.h).
type rowsKernel[T Float] func(k int, a *T, rsa, csa, anext int, b *T, ldb int, c *T, ldc, panels int, alpha, beta T, betaZero int)

// rowsWith makes kernels.rows from an assembly row loop over B panels of nr columns: it
// checks that every operand the loop reads or writes is in range (what keeps the assembly
// memory-safe), then calls it.
func rowsWith[T Float](nr int, kern rowsKernel[T]) func(k int, a []T, rsA, csA, aNext int, b []T, ldb int, c []T, ldc, panels int, alpha, beta T, betaZero bool) {
	return func(k int, a []T, rsA, csA, aNext int, b []T, ldb int, c []T, ldc, panels int, alpha, beta T, betaZero bool) {
		if k <= 0 || panels <= 0 {
			return
		}
		if (panels-1)*aNext+(mr-1)*rsA+(k-1)*csA >= len(a) || (k-1)*ldb+nr > len(b) || (panels*mr-1)*ldc+nr > len(c) {
			panic("gemm: row-loop kernel operands out of range")
		}
		bz := 0
		if betaZero {
			bz = 1
		}
		kern(k, &a[0], rsA, csA, aNext, &b[0], ldb, &c[0], ldc, panels, alpha, beta, bz)
	}
}

// avx512Row runs the 8×24 kernel over the full panels and one narrower kernel over the
// tail panel.
func avx512Row(k int, a []float64, rsA, csA int, bp bPanels[float64], c []float64, ldc, n, mrows int, alpha, beta float64, betaZero bool) {
	if k <= 0 || n <= 0 || mrows <= 0 {
		return
	}
	checkRow(k, a, rsA, csA, bp, c, ldc, n, mrows, nr)
	bz := 0
	if betaZero {
		bz = 1
	}
	full := n / nr
	if full > 0 {
		kern8x24(k, &a[0], rsA, csA, &bp.b[0], bp.ld, bp.next, full, &c[0], ldc, alpha, beta, mrows, 0xff, bz)
	}
	rem := n - full*nr
	if rem == 0 {
		return
	}
	nv := (rem + 7) / 8
	mask := uint64(1)<<(rem-8*(nv-1)) - 1
	b := &bp.b[bp.tailOff]
	cc := &c[full*nr]
	switch nv {
	case 3:
		kern8x24(k, &a[0], rsA, csA, b, bp.tailLd, 0, 1, cc, ldc, alpha, beta, mrows, mask, bz)
	case 2:
		kern8x16(k, &a[0], rsA, csA, b, bp.tailLd, 0, 1, cc, ldc, alpha, beta, mrows, mask, bz)
	default:
		kern8x8(k, &a[0], rsA, csA, b, bp.tailLd, 0, 1, cc, ldc, alpha, beta, mrows, mask, bz)
	}
}

func avx512PackCopy(dst, src []float64, ld, rows, width int) {
	if rows <= 0 || width <= 0 {
		return
	}
	nv := (width + 7) / 8
	if width > nr || rows*nv*8 > len(dst) || (rows-1)*ld+width > len(src) {
		panic("gemm: packCopy out of range")
	}
	mask := uint64(1)<<(width-8*(nv-1)) - 1
	packCopy(&dst[0], &src[0], ld, rows, nv, mask)
}

func avx512PackTrans8(dst []float64, dstStride int, src []float64, ld, kc int) {
	if kc <= 0 {
		return
	}
	if (kc-1)*dstStride+8 > len(dst) || 7*ld+kc > len(src) {
		panic("gemm: packTrans8 out of range")
	}
	packTrans8(&dst[0], dstStride, &src[0], ld, kc)
}
