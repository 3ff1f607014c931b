package gemm

// The portable micro-kernel: the same contract as the assembly ones (kernels.row), in Go.
// The Go compiler keeps about 14 float64 values in registers on amd64 and spills the rest,
// so the tile is computed in 4×2 blocks: 8 accumulators, 2 B values and one A value at a
// time (measured: 7.3 GFLOP/s, against 4.8 for 2×4 and 4.0 for 4×4 blocks, which spill).
// Each element is still one sum in p order, so the result does not depend on the blocking.

func goRow[T Float](k int, a []T, rsA, csA int, bp bPanels[T], c []T, ldc, n, mrows int, alpha, beta T, betaZero bool) {
	nr := nr
	if isFloat32[T]() {
		nr = nr32
	}
	for q, j := 0, 0; j < n; q, j = q+1, j+nr {
		w := min(nr, n-j)
		b, ldb := bp.b[q*bp.next:], bp.ld
		if w < nr {
			b, ldb = bp.b[bp.tailOff:], bp.tailLd
		}
		goTile(k, a, rsA, csA, b, ldb, c[j:], ldc, mrows, w, alpha, beta, betaZero)
	}
}

// goTile computes the mrows × w tile of C at c from A (as in goRow) and B element (p, j)
// at b[p·ldb + j].
func goTile[T Float](k int, a []T, rsA, csA int, b []T, ldb int, c []T, ldc, mrows, w int, alpha, beta T, betaZero bool) {
	i := 0
	for ; i+4 <= mrows; i += 4 {
		a0, a1, a2, a3 := a[i*rsA:], a[(i+1)*rsA:], a[(i+2)*rsA:], a[(i+3)*rsA:]
		j := 0
		for ; j+2 <= w; j += 2 {
			var s00, s01, s10, s11, s20, s21, s30, s31 T
			bj := b[j:]
			for p := 0; p < k; p++ {
				bv := bj[p*ldb : p*ldb+2 : p*ldb+2]
				b0, b1 := bv[0], bv[1]
				o := p * csA
				x := a0[o]
				s00 += x * b0
				s01 += x * b1
				x = a1[o]
				s10 += x * b0
				s11 += x * b1
				x = a2[o]
				s20 += x * b0
				s21 += x * b1
				x = a3[o]
				s30 += x * b0
				s31 += x * b1
			}
			store2(c[i*ldc+j:], s00, s01, alpha, beta, betaZero)
			store2(c[(i+1)*ldc+j:], s10, s11, alpha, beta, betaZero)
			store2(c[(i+2)*ldc+j:], s20, s21, alpha, beta, betaZero)
			store2(c[(i+3)*ldc+j:], s30, s31, alpha, beta, betaZero)
		}
		if j < w {
			var s0, s1, s2, s3 T
			for p := 0; p < k; p++ {
				bv, o := b[p*ldb+j], p*csA
				s0 += a0[o] * bv
				s1 += a1[o] * bv
				s2 += a2[o] * bv
				s3 += a3[o] * bv
			}
			for r, s := range [4]T{s0, s1, s2, s3} {
				ci := (i+r)*ldc + j
				c[ci] = scale(c[ci], s, alpha, beta, betaZero)
			}
		}
	}
	for ; i < mrows; i++ {
		ai := a[i*rsA:]
		for j := 0; j < w; j++ {
			var s T
			for p := 0; p < k; p++ {
				s += ai[p*csA] * b[p*ldb+j]
			}
			ci := i*ldc + j
			c[ci] = scale(c[ci], s, alpha, beta, betaZero)
		}
	}
}

func store2[T Float](c []T, s0, s1, alpha, beta T, betaZero bool) {
	c = c[:2]
	c[0] = scale(c[0], s0, alpha, beta, betaZero)
	c[1] = scale(c[1], s1, alpha, beta, betaZero)
}

// scale is the final update of one element: alpha·s + beta·c, without reading c (which
// may be NaN) when beta is 0.
func scale[T Float](c, s, alpha, beta T, betaZero bool) T {
	if betaZero {
		return alpha * s
	}
	return alpha*s + beta*c
}

// isFloat32 reports whether T is float32.
func isFloat32[T Float]() bool {
	var z T
	_, ok := any(z).(float32)
	return ok
}
