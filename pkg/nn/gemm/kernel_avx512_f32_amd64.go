//go:build amd64

package gemm

// The AVX-512 float32 micro-kernels of kernel_avx512_f32_amd64.s: 8 rows by 48, 32 or 16
// columns; mask selects the valid lanes (16 bits) of the last vector of each row.

//go:noescape
func kern8x48s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, ldc int, alpha, beta float32, mr int, mask uint64, betaZero int)

//go:noescape
func kern8x32s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, ldc int, alpha, beta float32, mr int, mask uint64, betaZero int)

//go:noescape
func kern8x16s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, ldc int, alpha, beta float32, mr int, mask uint64, betaZero int)

var avx512Kernels32 = &kernels[float32]{name: "avx512", nr: nr32, row: avx512Row32, packCopy: avx2PackCopy[float32], packTrans8: avx2PackTrans8s}

// avx512Row32 runs the 8×48 kernel over the full panels and one narrower kernel over the
// tail panel, as avx512Row.
func avx512Row32(k int, a []float32, rsA, csA int, bp bPanels[float32], c []float32, ldc, n, mrows int, alpha, beta float32, betaZero bool) {
	if k <= 0 || n <= 0 || mrows <= 0 {
		return
	}
	checkRow(k, a, rsA, csA, bp, c, ldc, n, mrows, nr32)
	bz := 0
	if betaZero {
		bz = 1
	}
	full := n / nr32
	if full > 0 {
		kern8x48s(k, &a[0], rsA, csA, &bp.b[0], bp.ld, bp.next, full, &c[0], ldc, alpha, beta, mrows, 0xffff, bz)
	}
	rem := n - full*nr32
	if rem == 0 {
		return
	}
	nv := (rem + 15) / 16
	mask := uint64(1)<<(rem-16*(nv-1)) - 1
	b := &bp.b[bp.tailOff]
	cc := &c[full*nr32]
	switch nv {
	case 3:
		kern8x48s(k, &a[0], rsA, csA, b, bp.tailLd, 0, 1, cc, ldc, alpha, beta, mrows, mask, bz)
	case 2:
		kern8x32s(k, &a[0], rsA, csA, b, bp.tailLd, 0, 1, cc, ldc, alpha, beta, mrows, mask, bz)
	default:
		kern8x16s(k, &a[0], rsA, csA, b, bp.tailLd, 0, 1, cc, ldc, alpha, beta, mrows, mask, bz)
	}
}
