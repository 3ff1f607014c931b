package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// The float32 products (Gemm32) against the float64 reference on the same float32 inputs:
// every product of two float32 values is exact in float64, so the reference is the exact
// sum to about 1e-16, and Gemm32 may differ by float32 rounding, at most about
// 2⁻²⁴·(k+2) relative to the sum of the magnitudes of the terms.

// forEachKernels32 runs f once per float32 kernel set: each assembly set this CPU supports
// and the portable one.
func forEachKernels32(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, kern := range append(append([]*kernels[float32](nil), simdSets32...), portable32) {
		t.Run(kern.name, func(t *testing.T) {
			active32.Store(kern)
			defer UsePortable(false)
			f(t)
		})
	}
}

type operands32 struct {
	*operands // the float64 copy of the same values
	a, b, c   []float32
}

func newOperands32(rng *rand.Rand, transA, transB bool, m, n, k int, alpha, beta float32, pad int) *operands32 {
	o := newOperands(rng, transA, transB, m, n, k, float64(alpha), float64(beta), pad)
	conv := func(x []float64) []float32 {
		y := make([]float32, len(x))
		for i, v := range x {
			y[i] = float32(v)
			x[i] = float64(y[i]) // the reference sees exactly the float32 values
		}
		return y
	}
	return &operands32{operands: o, a: conv(o.a), b: conv(o.b), c: conv(o.c)}
}

func (o *operands32) gemm(threads int) []float32 {
	c := append([]float32(nil), o.c...)
	Gemm32(o.transA, o.transB, o.m, o.n, o.k, float32(o.alpha), o.a, o.lda, o.b, o.ldb, float32(o.beta), c, o.ldc, threads)
	return c
}

// check compares got with the float64 reference: the stride padding must be untouched and
// every element within 4·2⁻²⁴·(k+2) of the magnitudes of its terms.
func (o *operands32) check(t *testing.T, got []float32) {
	t.Helper()
	want := append([]float64(nil), o.operands.c...)
	Naive(o.transA, o.transB, o.m, o.n, o.k, o.alpha, o.operands.a, o.lda, o.operands.b, o.ldb, o.beta, want, o.ldc)
	abs := func(x []float64) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = math.Abs(v)
		}
		return y
	}
	mag := abs(o.operands.c)
	Naive(o.transA, o.transB, o.m, o.n, o.k, math.Abs(o.alpha), abs(o.operands.a), o.lda, abs(o.operands.b), o.ldb, math.Abs(o.beta), mag, o.ldc)
	bad := 0
	for i := range got {
		if i%o.ldc >= o.n {
			if float64(got[i]) != float64(float32(sentinel)) {
				t.Errorf("%s: C stride padding [%d] overwritten: %v", o, i, got[i])
				return
			}
			continue
		}
		tol := 4 * 0x1p-24 * float64(o.k+2) * mag[i]
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol) {
			if bad++; bad <= 3 {
				t.Errorf("%s: C[%d] = %v, want %v (diff %g, tol %g)", o, i, got[i], want[i], d, tol)
			}
		}
	}
}

func TestGemm32SmallShapes(t *testing.T) {
	forEachKernels32(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		i := 0
		try := func(m, n, k int) {
			tA, tB := i&1 != 0, i&2 != 0
			o := newOperands32(rng, tA, tB, m, n, k, float32(alphas[i%3]), float32(betas[(i/3)%3]), (i/9)%2*3)
			o.check(t, o.gemm(1))
			i++
		}
		for d := 0; d <= 61; d++ { // past one 48-column panel and its 24-, 16-, 8-column tails
			for rep := 0; rep < 4; rep++ {
				try(d, 13, 29)
				try(13, d, 29)
				try(13, 7, d)
				try(d, d, d)
			}
		}
	})
}

func TestGemm32AllCombinations(t *testing.T) {
	shapes := [][3]int{{13, 7, 29}, {1, 1, 1}, {8, 48, 8}, {9, 49, 3}, {37, 100, 31}, {17, 1030, 300}, {70, 10, 600}, {300, 61, 77}}
	forEachKernels32(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(23, 24))
		for _, s := range shapes {
			for tr := 0; tr < 4; tr++ {
				for _, alpha := range alphas {
					for _, beta := range betas {
						for _, pad := range []int{0, 5} {
							o := newOperands32(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], float32(alpha), float32(beta), pad)
							o.check(t, o.gemm(1))
						}
					}
				}
			}
		}
	})
}

func TestGemm32TrainingShapes(t *testing.T) {
	forEachKernels32(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(25, 26))
		for i, s := range trainingShapes {
			if s.flops() > 2e8 || (testing.Short() && s.flops() > 1e8) {
				continue
			}
			o := newOperands32(rng, s.transA, s.transB, s.m, s.n, s.k, 1, float32(betas[i%3]), 0)
			o.check(t, o.gemm(1+i%2))
		}
	})
}

// TestGemm32Determinism: the thread count does not change a bit of a float32 product.
func TestGemm32Determinism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	defer func(a, b int, t time.Duration) { parMinFMA, chunkMinFMA, backoffTime = a, b, t }(parMinFMA, chunkMinFMA, backoffTime)
	parMinFMA, chunkMinFMA, backoffTime = 0, 1, 0
	serialUntil.Store(0)
	shapes := [][3]int{{37, 50, 31}, {100, 300, 600}, {300, 100, 70}, {128, 10, 256}, {9, 1000, 5}}
	forEachKernels32(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(27, 28))
		for _, s := range shapes {
			for tr := 0; tr < 4; tr++ {
				o := newOperands32(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], 0.5, 0.3, 1)
				ref := o.gemm(1)
				o.check(t, ref)
				for _, threads := range []int{2, 3, 8} {
					got := o.gemm(threads)
					for i := range ref {
						if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
							t.Fatalf("%s: threads=%d differs from threads=1 at %d: %v vs %v", o, threads, i, got[i], ref[i])
						}
					}
				}
			}
		}
	})
}

func TestGemm32NoAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumented build")
	}
	forEachKernels32(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(29, 30))
		for _, s := range trainingShapes {
			if s.flops() > 2e7 {
				continue
			}
			o := newOperands32(rng, s.transA, s.transB, s.m, s.n, s.k, 1, 0, 0)
			for _, threads := range []int{1, 2} {
				allocs := testing.AllocsPerRun(20, func() {
					Gemm32(o.transA, o.transB, o.m, o.n, o.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc, threads)
				})
				if allocs > 0 {
					t.Errorf("%v threads=%d: %v allocations per call", s, threads, allocs)
				}
			}
		}
	})
}

func TestParseCacheSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{{"512K", 512 << 10}, {"2048K", 2 << 20}, {"1M", 1 << 20}, {"32", 32}, {"", 0}, {"xK", 0}, {"-4K", 0}} {
		t.Run(fmt.Sprintf("%q", c.in), func(t *testing.T) {
			if got := parseCacheSize(c.in); got != c.want {
				t.Errorf("parseCacheSize(%q) = %d, want %d", c.in, got, c.want)
			}
		})
	}
}

// TestNCBlock: the column block is whole panels and keeps the B block within half of L2.
func TestNCBlock(t *testing.T) {
	defer func(l2 int) { l2Bytes = l2 }(l2Bytes)
	for _, l2 := range []int{256 << 10, 512 << 10, 1 << 20, 2 << 20, 32 << 20} {
		l2Bytes = l2
		for _, c := range []struct{ nr, size int }{{nr, 8}, {nr32, 4}} {
			nc := ncBlock(c.nr, kcBlock(1<<20, c.size), c.size)
			if nc%c.nr != 0 || nc < 2*c.nr || nc > 32*c.nr {
				t.Errorf("L2 %d: nc = %d for panels of %d", l2, nc, c.nr)
			}
			if nc > 2*c.nr && kcBlock(1<<20, c.size)*nc*c.size > l2/2 {
				t.Errorf("L2 %d: B block %d bytes exceeds half of L2", l2, kcBlock(1<<20, c.size)*nc*c.size)
			}
		}
	}
}

// TestPackTrans8Float32 compares each float32 kernel set's transposing pack with the
// portable one.
func TestPackTrans8Float32(t *testing.T) {
	forEachKernels32(t, func(t *testing.T) {
		kern := active32.Load()
		for kc := 1; kc <= 40; kc++ {
			const ld, stride = 45, 11
			src := make([]float32, 7*ld+kc)
			for i := range src {
				src[i] = float32(i)
			}
			got := make([]float32, (kc-1)*stride+8)
			want := make([]float32, len(got))
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

// TestPackCopyFloat32 is TestPackCopy for each float32 kernel set.
func TestPackCopyFloat32(t *testing.T) {
	forEachKernels32(t, func(t *testing.T) { testPackCopy(t, active32.Load()) })
}
