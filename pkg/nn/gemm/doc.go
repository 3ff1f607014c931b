// Package gemm computes the matrix products of the training loop,
//
//	C = alpha·op(A)·op(B) + beta·C
//
// on row-major float64 matrices (Gemm) or float32 ones (Gemm32), where op(X) is X or its
// transpose. The training loop uses
// three shapes: the forward product X·W (NoTrans, NoTrans), the weight gradient Xᵀ·dY
// (Trans, NoTrans) and the input gradient dY·Wᵀ (NoTrans, Trans).
//
// Results are deterministic: every element of C is summed over k in the same order whatever
// the number of threads, so the same inputs give the same bits on 1 or 32 cores.
//
// # Design
//
// The product is computed by one blocked driver (driver.go) around a register-blocked
// micro-kernel that updates an 8×24 tile of C held in 24 AVX-512 registers
// (kernel_amd64.s; narrower 8×16 and 8×8 variants, with masked loads and stores, take the
// last columns, so thin products such as n = 10 or n = 1 do not fall back to scalar code).
// Each C element is a single chain of FMAs in k order within a k block of at most 256
// (128 in float32), then added to C: the order depends on the shape and the element type
// only.
//
// The kernel reads A through two strides, so row-major A and Aᵀ are read in place when
// that is cheap, and packed 8-row panels otherwise; B is read in place or packed into
// 24-column panels (always for Bᵀ, with an AVX-512 8×8 transpose). See driver.go for the
// blocking and pack.go for the layouts. Small products therefore take the same code
// without any packing, goroutine or allocation.
//
// float32 uses the same driver (it is generic over the element type) with kernels of
// twice the width: an 8×48 AVX-512 tile (kernel_avx512_f32_amd64.s), 4×24 AVX2 tiles
// (kernel_avx2_f32_amd64.s) and the portable Go code. The width of the B blocks comes from
// the L2 cache size read at start-up (cache.go), so the blocking fits the machine. The
// AVX2 sets, whose tiles are 4 rows high, run every row panel against one B panel held in
// L1 rather than every B panel against one row panel (driver.go), all the full row panels
// in one assembly call (avx2_rows_loop.h).
//
// With threads ≥ 2, C is cut into strips of whole panels, claimed by the caller and by
// long-lived workers (parallel.go); k is never split. The operand every strip reads in full
// is packed once for all of them when it needs packing (shared_pack.go). Packing buffers
// and jobs are pooled, so steady-state calls do not allocate. Idle workers park unless a
// Burst is open. Gemm32Then also hands each strip, once final, to a callback on the
// goroutine that computed it (the training loop updates the weights that way while their
// gradient is still in that core's cache).
//
// The pure-Go kernels (kernel_go.go, pack.go) implement the same contract and are used on
// CPUs without AVX2 and FMA, on other architectures, when DLRETURNS_GEMM=portable is set in the
// environment, or after UsePortable(true).
package gemm
