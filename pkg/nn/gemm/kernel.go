package gemm

import (
	"os"
	"sync/atomic"
)

// Register tile of the micro-kernels: mr rows of C by up to nr columns. The driver, the
// packed layouts and all kernel sets share these numbers.
const (
	mr   = 8  // rows of C per micro-tile (one broadcast A element per row and k step)
	nr   = 24 // float64 columns of C per full micro-tile (three 8-wide AVX-512 vectors)
	nr32 = 48 // float32 columns per full micro-tile (three 16-wide AVX-512 vectors)
)

// bPanels says where the driver left op(B) for one block of columns: full panels of nr
// columns, then one narrower tail panel. Element (p, j) of full panel q is
// b[q·next + p·ld + j], and of the tail panel b[tailOff + p·tailLd + j]. Packed B has
// ld = nr, next = kc·nr; B read in place has ld = tailLd = ldb, next = nr.
type bPanels[T Float] struct {
	b               []T
	ld, next        int
	tailOff, tailLd int
}

// kernels is one implementation of the three primitives the blocked driver needs; the
// portable set is pure Go (kernel_go.go, pack.go), the AVX-512 and AVX2 sets are Go
// assembly (kernel_amd64.go, kernel_avx2_amd64.go).
type kernels[T Float] struct {
	name string
	// nr is the width of a full B panel: nr for float64, nr32 for float32.
	nr int
	// panelOuter: the driver runs every row panel against one B panel before the next
	// (driver.go), rather than one row panel against every B panel.
	panelOuter bool

	// row computes C[i][j] = alpha·Σp A[i][p]·B[p][j] + beta·C[i][j] for i < mrows, j < n,
	// with A element (i, p) at a[i·rsA + p·csA] and B given by bp. C row i starts at
	// c[i·ldc]. When betaZero, C is only written. All 8 rows of A must be readable
	// (mrows < 8 only with a zero-padded packed panel); B and C are touched only within
	// their n valid columns.
	row func(k int, a []T, rsA, csA int, bp bPanels[T], c []T, ldc, n, mrows int, alpha, beta T, betaZero bool)

	// rows, if set (panelOuter sets only), does what row does with n = nr and mrows = mr
	// for panels row panels in one call: panel t reads A at a[t·aNext:] and writes C at
	// c[t·mr·ldc:], against one full B panel (nr columns, row stride ldb). It saves a Go
	// call per tile in the driver's innermost loop, with the same bits as row.
	rows func(k int, a []T, rsA, csA, aNext int, b []T, ldb int, c []T, ldc, panels int, alpha, beta T, betaZero bool)

	// packCopy copies rows × width elements (row r at src[r·ld]) to dst with row stride
	// roundUp(width, 8), zero-padding each row. width ≤ nr.
	packCopy func(dst, src []T, ld, rows, width int)

	// packTrans8 transposes 8 source rows of kc elements (row j at src[j·ld]) into dst:
	// dst[p·dstStride + j] = src[j·ld + p].
	packTrans8 func(dst []T, dstStride int, src []T, ld, kc int)
}

// portable is the pure-Go kernel set; it runs everywhere and is the reference for the
// assembly ones.
var portable = &kernels[float64]{
	name:       "portable",
	nr:         nr,
	row:        goRow[float64],
	packCopy:   goPackCopy[float64],
	packTrans8: goPackTrans8[float64],
}

// portable32 is the pure-Go float32 set.
var portable32 = &kernels[float32]{
	name:       "portable",
	nr:         nr32,
	row:        goRow[float32],
	packCopy:   goPackCopy[float32],
	packTrans8: goPackTrans8[float32],
}

// simdSets are the assembly kernel sets this CPU supports, fastest first (set by the
// architecture files, kernel_amd64.go and kernel_other.go, as package variables, so before
// any init function runs); simd is the first of them, nil if none. simdSets32 and simd32
// are the float32 ones.
var (
	simd   = first(simdSets)
	simd32 = first(simdSets32)
)

func first[T Float](sets []*kernels[T]) *kernels[T] {
	if len(sets) == 0 {
		return nil
	}
	return sets[0]
}

// active is the kernel set Gemm uses: simd unless forced portable; active32 Gemm32's.
var (
	active   atomic.Pointer[kernels[float64]]
	active32 atomic.Pointer[kernels[float32]]
)

// startup is the kernel set chosen at start-up, kept for TestSIMDSelected.
var startup *kernels[float64]

func init() {
	UsePortable(os.Getenv("DLRETURNS_GEMM") == "portable")
	startup = active.Load()
}

// UsePortable forces the pure-Go kernels (true) or restores the fastest kernels this CPU
// supports (false). The environment variable DLRETURNS_GEMM=portable sets it at start-up.
// It is meant for tests and comparisons; it is safe to call concurrently with Gemm, and a
// product already running finishes with the kernels it started with.
func UsePortable(on bool) {
	if on || simd32 == nil {
		active32.Store(portable32)
	} else {
		active32.Store(simd32)
	}
	if on || simd == nil {
		active.Store(portable)
		return
	}
	active.Store(simd)
}

// Implementation names the kernel set Gemm uses now: "avx512", "avx2" or "portable".
func Implementation() string { return active.Load().name }

// Implementation32 names the kernel set Gemm32 uses now.
func Implementation32() string { return active32.Load().name }
