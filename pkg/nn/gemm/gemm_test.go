package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

// forEachKernels runs f once per kernel set: each assembly set this CPU supports (avx512,
// avx2) and the portable one.
func forEachKernels(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, kern := range append(append([]*kernels[float64](nil), simdSets...), portable) {
		t.Run(kern.name, func(t *testing.T) {
			active.Store(kern)
			defer UsePortable(false)
			f(t)
		})
	}
}

// operands holds one random product: matrices with row strides ld ≥ columns and minimal
// slice lengths, so any read or write past the last element is a panic.
type operands struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float64
	a, b, c        []float64
	lda, ldb, ldc  int
}

const sentinel = 12345.678

func newOperands(rng *rand.Rand, transA, transB bool, m, n, k int, alpha, beta float64, pad int) *operands {
	o := &operands{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	mat := func(rows, cols int) ([]float64, int) {
		ld := max(1, cols) + pad
		size := 0
		if rows > 0 && cols > 0 {
			size = (rows-1)*ld + cols
		}
		x := make([]float64, size)
		for i := range x {
			if i%ld < cols {
				x[i] = rng.Float64()*2 - 1
			} else {
				x[i] = sentinel // stride padding: never read into the product
			}
		}
		return x, ld
	}
	if transA {
		o.a, o.lda = mat(k, m)
	} else {
		o.a, o.lda = mat(m, k)
	}
	if transB {
		o.b, o.ldb = mat(n, k)
	} else {
		o.b, o.ldb = mat(k, n)
	}
	o.c, o.ldc = mat(m, n)
	if beta == 0 {
		for i := range o.c {
			if i%o.ldc < n {
				o.c[i] = math.NaN() // beta = 0 must ignore C
			}
		}
	}
	return o
}

func (o *operands) gemm(threads int) []float64 {
	c := append([]float64(nil), o.c...)
	Gemm(o.transA, o.transB, o.m, o.n, o.k, o.alpha, o.a, o.lda, o.b, o.ldb, o.beta, c, o.ldc, threads)
	return c
}

// check compares got with Naive: the tolerance is 1e-12·(k+2) relative to the sum of the
// magnitudes of the terms, since blocking and FMA reorder and fuse the roundings. For large
// products only some row bands are recomputed (first, middle and last rows, which cover the
// first, a full and the ragged last row panel); the stride padding is checked everywhere.
func (o *operands) check(t *testing.T, got []float64) {
	t.Helper()
	for i := range got {
		if i%o.ldc >= o.n && got[i] != sentinel {
			t.Errorf("%s: C stride padding [%d] overwritten: %v", o, i, got[i])
			return
		}
	}
	if float64(o.m)*float64(o.n)*float64(o.k) <= 2e7 {
		o.checkRows(t, got, 0, o.m)
		return
	}
	for _, i0 := range []int{0, o.m/2 - 5, o.m - 11} {
		i0 = max(i0, 0)
		o.checkRows(t, got, i0, min(i0+11, o.m))
	}
}

// checkRows compares rows [i0, i1) of got with Naive on the matching rows of op(A).
func (o *operands) checkRows(t *testing.T, got []float64, i0, i1 int) {
	t.Helper()
	if i0 >= i1 {
		return
	}
	m := i1 - i0
	var a []float64
	if o.transA {
		a = o.a[i0:] // columns of the stored k×m matrix …
	} else {
		a = o.a[i0*o.lda:] // … or rows of the m×k one
	}
	c := o.c[i0*o.ldc:]
	want := append([]float64(nil), c...)
	Naive(o.transA, o.transB, m, o.n, o.k, o.alpha, a, o.lda, o.b, o.ldb, o.beta, want, o.ldc)
	abs := func(x []float64) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = math.Abs(v)
		}
		return y
	}
	mag := abs(c)
	Naive(o.transA, o.transB, m, o.n, o.k, math.Abs(o.alpha), abs(a), o.lda, abs(o.b), o.ldb, math.Abs(o.beta), mag, o.ldc)
	bad := 0
	for i := 0; i < m; i++ {
		for j := 0; j < o.n; j++ {
			g, w := got[(i0+i)*o.ldc+j], want[i*o.ldc+j]
			tol := 1e-12 * float64(o.k+2) * mag[i*o.ldc+j]
			if d := math.Abs(g - w); !(d <= tol) {
				if bad++; bad <= 3 {
					t.Errorf("%s: C[%d][%d] = %v, want %v (diff %g, tol %g)", o, i0+i, j, g, w, d, tol)
				}
			}
		}
	}
}

func (o *operands) String() string {
	return fmt.Sprintf("trans=%v,%v %dx%dx%d alpha=%v beta=%v ld=%d,%d,%d",
		o.transA, o.transB, o.m, o.n, o.k, o.alpha, o.beta, o.lda, o.ldb, o.ldc)
}

var (
	alphas = []float64{1, 0.5, -2}
	betas  = []float64{0, 1, 0.3}
)

// TestSmallShapes sweeps each dimension over 0…37 with the other two fixed, cycling
// through the transposes, alpha, beta and stride padding.
func TestSmallShapes(t *testing.T) {
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		i := 0
		try := func(m, n, k int) {
			tA, tB := i&1 != 0, i&2 != 0
			o := newOperands(rng, tA, tB, m, n, k, alphas[i%3], betas[(i/3)%3], (i/9)%2*3)
			o.check(t, o.gemm(1))
			i++
		}
		for d := 0; d <= 37; d++ {
			for rep := 0; rep < 4; rep++ { // all four transposes for each size
				try(d, 13, 29)
				try(13, d, 29)
				try(13, 7, d)
				try(d, d, d)
			}
		}
	})
}

// TestAllCombinations runs every transpose × alpha × beta × padding on a few odd and
// block-crossing shapes.
func TestAllCombinations(t *testing.T) {
	shapes := [][3]int{{13, 7, 29}, {1, 1, 1}, {8, 24, 8}, {9, 25, 3}, {37, 50, 31}, {17, 530, 300}, {70, 10, 600}, {300, 61, 77}}
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, s := range shapes {
			for tr := 0; tr < 4; tr++ {
				for _, alpha := range alphas {
					for _, beta := range betas {
						for _, pad := range []int{0, 5} {
							o := newOperands(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], alpha, beta, pad)
							o.check(t, o.gemm(1))
						}
					}
				}
			}
		}
	})
}

// TestRandomShapes checks random shapes up to 100 on each side, single and multithreaded.
func TestRandomShapes(t *testing.T) {
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for i := 0; i < 300; i++ {
			m, n, k := rng.IntN(100), rng.IntN(100), rng.IntN(100)
			o := newOperands(rng, rng.IntN(2) == 0, rng.IntN(2) == 0, m, n, k, alphas[rng.IntN(3)], betas[rng.IntN(3)], rng.IntN(3))
			o.check(t, o.gemm(1+rng.IntN(3)))
		}
	})
}

// TestTrainingShapes checks the products of the training loop, in their own transposes,
// on 1 and 2 threads.
func TestTrainingShapes(t *testing.T) {
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for i, s := range trainingShapes {
			if testing.Short() && s.flops() > 1e8 {
				continue
			}
			o := newOperands(rng, s.transA, s.transB, s.m, s.n, s.k, 1, betas[i%3], 0)
			o.check(t, o.gemm(1+i%2))
		}
	})
}

// TestDeterminism checks that the thread count does not change a single bit, with the
// parallel thresholds lowered so that even small products are split into many parts.
func TestDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	defer func(a, b int, t time.Duration) { parMinFMA, chunkMinFMA, backoffTime = a, b, t }(parMinFMA, chunkMinFMA, backoffTime)
	parMinFMA, chunkMinFMA, backoffTime = 0, 1, 0 // split everything, never fall back to serial
	serialUntil.Store(0)
	shapes := [][3]int{{37, 50, 31}, {100, 300, 600}, {300, 100, 70}, {128, 10, 256}, {128, 256, 10}, {9, 1000, 5}}
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, s := range shapes {
			for tr := 0; tr < 4; tr++ {
				o := newOperands(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], 0.5, 0.3, 1)
				ref := o.gemm(1)
				o.check(t, ref)
				for _, threads := range []int{2, 3, 8} {
					got := o.gemm(threads)
					for i := range ref {
						if math.Float64bits(got[i]) != math.Float64bits(ref[i]) {
							t.Fatalf("%s: threads=%d differs from threads=1 at %d: %v vs %v", o, threads, i, got[i], ref[i])
						}
					}
				}
			}
		}
	})
}

// TestConcurrentCalls runs parallel products from several goroutines at once (the worker
// pool is shared).
func TestConcurrentCalls(t *testing.T) {
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		o := newOperands(rng, false, true, 128, 256, 100, 1, 0, 0)
		want := o.gemm(1)
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := 0; r < 5; r++ {
					got := o.gemm(2)
					for i := range want {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Errorf("concurrent call differs at %d", i)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
	})
}

// TestNoAllocs checks that steady-state products do not allocate, single and
// multithreaded (the workers and packing buffers are pooled).
func TestNoAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumented build")
	}
	forEachKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		for _, s := range trainingShapes {
			if s.flops() > 2e7 {
				continue
			}
			o := newOperands(rng, s.transA, s.transB, s.m, s.n, s.k, 1, 0, 0)
			for _, threads := range []int{1, 2} {
				allocs := testing.AllocsPerRun(20, func() {
					Gemm(o.transA, o.transB, o.m, o.n, o.k, o.alpha, o.a, o.lda, o.b, o.ldb, o.beta, o.c, o.ldc, threads)
				})
				if allocs > 0 {
					t.Errorf("%v threads=%d: %v allocations per call", s, threads, allocs)
				}
			}
		}
	})
}

// TestPackTrans8 compares the kernel set's transposing pack with the portable one.
func TestPackTrans8(t *testing.T) {
	forEachKernels(t, func(t *testing.T) {
		kern := active.Load()
		for kc := 1; kc <= 40; kc++ {
			const ld, stride = 45, 11
			src := make([]float64, 7*ld+kc)
			for i := range src {
				src[i] = float64(i)
			}
			got := make([]float64, (kc-1)*stride+8)
			want := make([]float64, len(got))
			kern.packTrans8(got, stride, src, ld, kc)
			goPackTrans8(want, stride, src, ld, kc)
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("kc=%d: dst[%d] = %v, want %v", kc, i, got[i], want[i])
				}
			}
		}
	})
}

// TestPackCopy compares the kernel set's copying pack with the portable one, including
// the zero padding of the last vector.
func TestPackCopy(t *testing.T) {
	forEachKernels(t, func(t *testing.T) { testPackCopy(t, active.Load()) })
}

// testPackCopy checks kern.packCopy against goPackCopy for every width up to a full panel
// (whole vectors and zero-padded tails), with a source row stride that is not a multiple
// of a vector.
func testPackCopy[T Float](t *testing.T, kern *kernels[T]) {
	for width := 1; width <= kern.nr; width++ {
		const rows, ld = 5, 61
		src := make([]T, (rows-1)*ld+width)
		for i := range src {
			src[i] = T(i + 1)
		}
		w := roundUp(width, 8)
		got := make([]T, rows*w)
		want := make([]T, rows*w)
		for i := range got {
			got[i] = T(math.NaN())
		}
		kern.packCopy(got, src, ld, rows, width)
		goPackCopy(want, src, ld, rows, width)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("width=%d: dst[%d] = %v, want %v", width, i, got[i], want[i])
			}
		}
	}
}

func TestCheckArgsPanics(t *testing.T) {
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		f()
	}
	a, b, c := make([]float64, 6), make([]float64, 6), make([]float64, 4)
	mustPanic("short A", func() { Gemm(false, false, 2, 2, 4, 1, a, 4, b, 2, 0, c, 2, 1) })
	mustPanic("small lda", func() { Gemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2, 1) })
	mustPanic("negative m", func() { Gemm(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, c, 2, 1) })
}

// TestZeroK checks k = 0 and alpha = 0: C = beta·C, with NaNs ignored when beta = 0.
func TestZeroK(t *testing.T) {
	for _, beta := range betas {
		c := []float64{math.NaN(), 2, 3, 4}
		if beta != 0 {
			c[0] = 1
		}
		want := []float64{beta * c[0], beta * c[1], beta * c[2], beta * c[3]}
		if beta == 0 {
			want = []float64{0, 0, 0, 0}
		}
		Gemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, beta, c, 2, 1)
		for i := range c {
			if c[i] != want[i] {
				t.Errorf("beta=%v: c = %v, want %v", beta, c, want)
			}
		}
	}
}
