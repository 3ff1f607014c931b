package gemm

import (
	"runtime"
	"testing"
)

// TestSplitChunks: a product split by columns takes one chunk per goroutine when op(A),
// which every column chunk reads in full, exceeds half of L2; otherwise up to 4 per
// goroutine, claimed as the goroutines come free. Row splits are not affected.
func TestSplitChunks(t *testing.T) {
	defer func(l2 int) { l2Bytes = l2 }(l2Bytes)
	l2Bytes = 1 << 20
	serialUntil.Store(0) // a backoff left by an earlier test would make every plan serial
	g := min(2, runtime.GOMAXPROCS(0))
	if g < 2 {
		t.Skip("needs GOMAXPROCS ≥ 2")
	}
	for _, tc := range []struct {
		name    string
		m, n, k int
		elem    int
		splitN  bool
		chunks  int
	}{
		{"wide forward, float32: op(A) 1 MiB", 256, 1024, 1024, 4, true, g},
		{"wide forward, float64: op(A) 2 MiB", 256, 1024, 1024, 8, true, g},
		{"op(A) just over half of L2", 128, 1024, 1025, 4, true, g},
		{"op(A) exactly half of L2", 128, 1024, 1024, 4, true, 4 * g},
		{"mnist input gradient: op(A) 128 KiB, 6 panels", 128, 256, 256, 4, true, min(6, 4*g)},
		{"row split with a large op(B)", 1024, 256, 1024, 4, false, 4 * g},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := split(tc.m, tc.n, tc.k, nr32, tc.elem, 2)
			if pl.splitN != tc.splitN || pl.goroutines != g || pl.chunks != tc.chunks {
				t.Errorf("plan %+v, want splitN %v, %d goroutines, %d chunks", pl, tc.splitN, g, tc.chunks)
			}
		})
	}
}
