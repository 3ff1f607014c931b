// Package gemm computes the matrix products of the training loop,
//
//	C = alpha·op(A)·op(B) + beta·C
//
// on row-major float64 matrices, where op(X) is X or its transpose. The training loop uses
// three shapes: the forward product X·W (NoTrans, NoTrans), the weight gradient Xᵀ·dY
// (Trans, NoTrans) and the input gradient dY·Wᵀ (NoTrans, Trans).
//
// Results are deterministic: every element of C is summed over k in the same order whatever
// the number of threads, so the same inputs give the same bits on 1 or 32 cores.
package gemm
