package gemm

import (
	"fmt"
)

// Float is the element type of a product: float64, or float32 for Gemm32.
type Float interface{ float32 | float64 }

// Gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices: op(A) is m×k, op(B) is
// k×n and C is m×n; lda, ldb and ldc are the row strides. When beta is 0, C need not be
// initialised (NaNs in it are ignored). threads bounds the goroutines used (≤ 1: the calling
// goroutine only).
func Gemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, threads int) {
	gemm(active.Load(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads)
}

// Gemm32 is Gemm in float32: the same blocking, threads and determinism, with float32
// kernels that do twice as many multiply-adds per instruction.
func Gemm32(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, threads int) {
	gemm(active32.Load(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads)
}

// GemmThen is Gemm that also calls then for each block of C once it is final, as
// Gemm32Then.
func GemmThen(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, threads int, then func(i0, i1, j0, j1 int)) {
	gemmThen(active.Load(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, then)
}

// Gemm32Then is Gemm32 that also calls then(i0, i1, j0, j1) for each block of C, rows
// [i0, i1) × columns [j0, j1), as soon as that block is final, on the goroutine that
// computed it, while the block is still in its core's cache. The blocks are disjoint and
// cover C; calls may run concurrently, in any order. The training loop applies the
// optimizer to each block of a weight gradient this way (nn's fused update).
func Gemm32Then(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, threads int, then func(i0, i1, j0, j1 int)) {
	gemmThen(active32.Load(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, then)
}

func gemm[T Float](kern *kernels[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, threads int) {
	gemmThen(kern, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, nil)
}

func gemmThen[T Float](kern *kernels[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, threads int, then func(i0, i1, j0, j1 int)) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		if then != nil {
			then(0, m, 0, n)
		}
		return
	}
	p := problem[T]{
		transA: transA, transB: transB,
		m: m, n: n, k: k,
		alpha: alpha, beta: beta,
		a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
		kern: kern, then: then,
	}
	if pl := split(m, n, k, kern.nr, p.elemSize(), threads); pl.goroutines > 1 {
		runParallel(&p, pl)
		return
	}
	var ws *workspace[T]
	p.block(&ws, 0, m, 0, n)
	putWorkspace(ws)
	if then != nil {
		then(0, m, 0, n)
	}
}

// scaleC sets C = beta·C, the whole product when op(A)·op(B) contributes nothing. As in
// the kernels, beta = 0 writes zeros without reading C.
func scaleC[T Float](m, n int, beta T, c []T, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// checkArgs panics with a message naming the bad argument; shape errors are programming
// errors of the caller, like an index out of range.
func checkArgs[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	check := func(name string, x []T, rows, cols, ld int) {
		if ld < max(1, cols) {
			panic(fmt.Sprintf("gemm: %s stride %d < %d columns", name, ld, cols))
		}
		if rows > 0 && cols > 0 && len(x) < (rows-1)*ld+cols {
			panic(fmt.Sprintf("gemm: %s has %d elements, need %d for %d×%d with stride %d", name, len(x), (rows-1)*ld+cols, rows, cols, ld))
		}
	}
	check("A", a, rowsA, colsA, lda)
	check("B", b, rowsB, colsB, ldb)
	check("C", c, m, n, ldc)
}

// Naive is the reference product: three loops, sums in k order. Tests compare every kernel
// with it.
func Naive[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s T
			for p := 0; p < k; p++ {
				ia, ib := i*lda+p, p*ldb+j
				if transA {
					ia = p*lda + i
				}
				if transB {
					ib = j*ldb + p
				}
				av, bv := a[ia], b[ib]
				s += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}
