package gemm

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// TestSharedPacking checks when a parallel product packs its shared operand once
// (shared_pack.go), and that doing so changes no bit: against every chunk packing for
// itself, and against one thread. The shapes include ragged tails (m and n not multiples of
// the panels, k not a multiple of the k block) in both precisions.
func TestSharedPacking(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	defer func(a, b int, d time.Duration) { parMinFMA, chunkMinFMA, backoffTime = a, b, d }(parMinFMA, chunkMinFMA, backoffTime)
	parMinFMA, chunkMinFMA, backoffTime = 0, 1, 0
	serialUntil.Store(0)
	tests := []struct {
		name           string
		transA, transB bool
		m, n, k        int
		want           string // "A", "B" or "" (each chunk packs for itself)
	}{
		{"weight gradient, split by columns", true, false, 300, 520, 256, "A"},
		{"weight gradient, split by rows (ldb 1031)", true, false, 1100, 1030, 150, "B"},
		{"Bᵀ split by rows", false, true, 300, 100, 70, "B"},
		{"Aᵀ with ragged tails", true, false, 37, 500, 131, "A"},
		{"row-major A split by columns", false, false, 100, 300, 600, ""},
		{"B with a short stride", false, false, 300, 100, 70, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(31, 32))
			o := newOperands32(rng, tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, 0.5, 1)
			kern := active32.Load()
			p := problem[float32]{transA: tc.transA, transB: tc.transB, m: tc.m, n: tc.n, k: tc.k,
				a: o.a, lda: o.lda, b: o.b, ldb: o.ldb, c: o.c, ldc: o.ldc, kern: kern}
			var buf []float32
			pieces := p.prepareShared(&buf, split(tc.m, tc.n, tc.k, kern.nr, 4, 2))
			got := ""
			switch {
			case p.sharedA != nil:
				got = "A"
			case p.sharedB != nil:
				got = "B"
			}
			if got != tc.want || (got == "") != (pieces == 0) {
				t.Fatalf("shared operand %q with %d pieces, want %q", got, pieces, tc.want)
			}

			ref32 := o.gemm(1)
			o.check(t, ref32)
			o64 := newOperands(rand.New(rand.NewPCG(33, 34)), tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, 0.5, 1)
			ref64 := o64.gemm(1)
			for _, share := range []bool{true, false} {
				sharePacking = share
				for _, threads := range []int{2, 3, 8} {
					if got := o.gemm(threads); !sameBits32(got, ref32) {
						t.Errorf("float32, sharing %v, threads=%d: differs from threads=1", share, threads)
					}
					if got := o64.gemm(threads); !sameBits64(got, ref64) {
						t.Errorf("float64, sharing %v, threads=%d: differs from threads=1", share, threads)
					}
				}
			}
			sharePacking = true
		})
	}
}

func sameBits32(x, y []float32) bool {
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return false
		}
	}
	return len(x) == len(y)
}

func sameBits64(x, y []float64) bool {
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return len(x) == len(y)
}
