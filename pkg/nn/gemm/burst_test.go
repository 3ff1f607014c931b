package gemm

import (
	"runtime"
	"testing"
	"time"
)

// TestWorkersPark checks that idle workers sleep: after a parallel product and idleSpin,
// with no burst open, no goroutine of the pool is left running (they are blocked on the
// job channel), while inside a burst they keep polling.
func TestWorkersPark(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS ≥ 2")
	}
	serialUntil.Store(0)
	a, b, c := make([]float64, 256*256), make([]float64, 256*256), make([]float64, 256*256)
	Gemm(false, false, 256, 256, 256, 1, a, 256, b, 256, 0, c, 256, 2)
	if workers.Load() == 0 {
		t.Fatal("no worker started")
	}
	waitIdle := func() bool {
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			if polling.Load() == 0 {
				return true
			}
			time.Sleep(time.Millisecond)
		}
		return false
	}
	if !waitIdle() {
		t.Fatalf("%d workers still polling 2 s after the last product", polling.Load())
	}
	end := Burst(2)
	serialUntil.Store(0)
	Gemm(false, false, 256, 256, 256, 1, a, 256, b, 256, 0, c, 256, 2)
	// The product handed a job to a worker: having done it, the worker polls for the next
	// one for as long as the burst lasts, well past idleSpin.
	var inBurst int32
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && inBurst == 0; {
		time.Sleep(10 * idleSpin)
		inBurst = polling.Load()
	}
	end()
	if !waitIdle() {
		t.Fatalf("%d workers still polling after the burst ended", polling.Load())
	}
	if inBurst == 0 {
		t.Errorf("no worker polling inside a burst")
	}
	noop := Burst(1)
	if bursts.Load() != 0 {
		t.Errorf("Burst(1) opened a burst")
	}
	noop()
}
