//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

// The AVX2+FMA float32 kernels of kernel_avx2_f32_amd64.s: 4 rows by 24, 16 or 8 columns,
// the float64 kernels' register tiles with 8 lanes per register. A full float32 panel is
// nr32 = 48 columns, two 4×24 calls.

//go:noescape
func kern4x24s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)

//go:noescape
func kern4x16s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)

//go:noescape
func kern4x16su(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)

//go:noescape
func kern4x8s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)

//go:noescape
func kern8x48sRows(k int, a *float32, rsa, csa, anext int, b *float32, ldb int, c *float32, ldc, panels int, alpha, beta float32, betaZero int)

//go:noescape
func packTrans8AVX2s(dst *float32, dstStride int, src *float32, ld int, kc int)

// avx2PackTrans8s is packTrans8 for float32: 8×8 transposes, the last kc mod 8 columns
// in Go.
func avx2PackTrans8s(dst []float32, dstStride int, src []float32, ld, kc int) {
	if kc <= 0 {
		return
	}
	if (kc-1)*dstStride+8 > len(dst) || 7*ld+kc > len(src) {
		panic("gemm: packTrans8 out of range")
	}
	k8 := kc &^ 7
	if k8 > 0 {
		packTrans8AVX2s(&dst[0], dstStride, &src[0], ld, k8)
	}
	if k8 < kc {
		packTransRows(dst[k8*dstStride:], dstStride, src[k8:], ld, 8, kc-k8)
	}
}

// laneMasks32[8-v:] is the mask of the first v lanes of an 8-lane vector.
var laneMasks32 = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

var avx2Kernels32 = &kernels[float32]{name: "avx2", nr: nr32, panelOuter: true, row: avx2Row32, rows: rowsWith(nr32, kern8x48sRows), packCopy: avx2PackCopy[float32], packTrans8: avx2PackTrans8s}

// simdSets32: see kernel.go. The AVX-512 set gives the same bits as the AVX2 one
// (TestSIMDTiersSameBits), so which one a machine picks changes the speed only.
var simdSets32 = func() []*kernels[float32] {
	var sets []*kernels[float32]
	if cpu.X86.HasAVX512F {
		sets = append(sets, avx512Kernels32)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		sets = append(sets, avx2Kernels32)
	}
	return sets
}()

// avx2Row32 is avx2Row for float32: the 8-row tile as two 4-row halves; in each, two 4×24
// calls over the full 48-column panels, then the tail panel in 24-, 16- and 8-column
// pieces, the last one masked unless it is exactly 16 columns.
func avx2Row32(k int, a []float32, rsA, csA int, bp bPanels[float32], c []float32, ldc, n, mrows int, alpha, beta float32, betaZero bool) {
	if k <= 0 || n <= 0 || mrows <= 0 {
		return
	}
	checkRow(k, a, rsA, csA, bp, c, ldc, n, mrows, nr32)
	bz := 0
	if betaZero {
		bz = 1
	}
	full := n / nr32
	rem := n - full*nr32
	for h := 0; h < mrows; h += 4 {
		rows := min(4, mrows-h)
		ah, ch := &a[h*rsA], c[h*ldc:]
		if full > 0 {
			kern4x24s(k, ah, rsA, csA, &bp.b[0], bp.ld, bp.next, full, &ch[0], nr32, ldc, alpha, beta, rows, nil, bz)
			kern4x24s(k, ah, rsA, csA, &bp.b[24], bp.ld, bp.next, full, &ch[24], nr32, ldc, alpha, beta, rows, nil, bz)
		}
		j := 0
		for ; rem-j >= 24; j += 24 {
			kern4x24s(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr32+j], 0, ldc, alpha, beta, rows, nil, bz)
		}
		if r := rem - j; r >= 16 {
			kern4x16su(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr32+j], 0, ldc, alpha, beta, rows, nil, bz)
			if r == 16 {
				continue
			}
			kern4x8s(k, ah, rsA, csA, &bp.b[bp.tailOff+j+16], bp.tailLd, 0, 1, &ch[full*nr32+j+16], 0, ldc, alpha, beta, rows, &laneMasks32[24-r], bz)
		} else if r > 8 {
			kern4x16s(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr32+j], 0, ldc, alpha, beta, rows, &laneMasks32[16-r], bz)
		} else if r > 0 {
			kern4x8s(k, ah, rsA, csA, &bp.b[bp.tailOff+j], bp.tailLd, 0, 1, &ch[full*nr32+j], 0, ldc, alpha, beta, rows, &laneMasks32[8-r], bz)
		}
	}
}
