package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// TestGemm32Then: the blocks handed to then are disjoint, cover C, and hold their final
// values when handed over (the values Gemm32 computes), whether the product is split by
// rows, by columns or not at all, including k = 0 and alpha = 0.
func TestGemm32Then(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	rng := rand.New(rand.NewPCG(21, 4))
	cases := []struct {
		name    string
		tA, tB  bool
		m, n, k int
		alpha   float32
	}{
		{"split by rows", true, false, 784, 256, 128, 1},
		{"split by columns", true, false, 300, 512, 64, 1},
		{"two k blocks", false, true, 200, 300, 300, 0.5},
		{"small", false, false, 9, 13, 5, 1},
		{"k = 0", false, false, 30, 20, 0, 1},
		{"alpha = 0", false, false, 30, 20, 7, 0},
	}
	for _, c := range cases {
		for _, threads := range []int{1, 2, 3, 4} {
			t.Run(fmt.Sprintf("%s/threads=%d", c.name, threads), func(t *testing.T) {
				o := newOperands32(rng, c.tA, c.tB, c.m, c.n, c.k, c.alpha, 0.25, 3)
				want := o.gemm(1)
				got := append([]float32(nil), o.c...)
				var mu sync.Mutex
				seen := make([]int, c.m*c.n)
				var bad []string
				then := func(i0, i1, j0, j1 int) {
					mu.Lock()
					defer mu.Unlock()
					for i := i0; i < i1; i++ {
						for j := j0; j < j1; j++ {
							seen[i*c.n+j]++
							if v := got[i*o.ldc+j]; math.Float32bits(v) != math.Float32bits(want[i*o.ldc+j]) && len(bad) < 3 {
								bad = append(bad, fmt.Sprintf("C[%d,%d] = %v when handed over, %v at the end", i, j, v, want[i*o.ldc+j]))
							}
						}
					}
				}
				Gemm32Then(c.tA, c.tB, c.m, c.n, c.k, c.alpha, o.a, o.lda, o.b, o.ldb, 0.25, got, o.ldc, threads, then)
				for _, b := range bad {
					t.Error(b)
				}
				for i, s := range seen {
					if s != 1 {
						t.Fatalf("C[%d,%d] handed over %d times", i/c.n, i%c.n, s)
					}
				}
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("C element %d = %v, %v from Gemm32", i, got[i], want[i])
					}
				}
			})
		}
	}
}
