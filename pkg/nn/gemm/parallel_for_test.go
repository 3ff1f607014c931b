package gemm

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestParallelFor checks that the ranges cover [0, n) exactly once, whatever the thread
// count and chunk size.
func TestParallelFor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, c := range []struct{ threads, n, minChunk int }{{1, 100, 1}, {2, 100, 1}, {4, 1000, 7}, {3, 5, 10}, {8, 1 << 16, 1024}, {2, 0, 1}} {
		hits := make([]atomic.Int32, c.n)
		ParallelFor(c.threads, c.n, c.minChunk, func(lo, hi int) {
			if lo >= hi || (hi-lo < c.minChunk && hi-lo != c.n) {
				t.Errorf("%+v: range [%d, %d)", c, lo, hi)
			}
			for i := lo; i < hi; i++ {
				hits[i].Add(1)
			}
		})
		for i := range hits {
			if h := hits[i].Load(); h != 1 {
				t.Fatalf("%+v: element %d visited %d times", c, i, h)
			}
		}
	}
}
