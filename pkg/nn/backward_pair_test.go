package nn

import (
	"math"
	"runtime"
	"testing"
)

// TestGradientsSideBySideSameBits: the deep workload, whose layers take their two gradient
// products side by side on 2 or more threads (pairGradients), trains to the same bits and
// counts the same FLOPs as on one thread, in both precisions.
func TestGradientsSideBySideSameBits(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	w, err := WorkloadByName("deep")
	if err != nil {
		t.Fatal(err)
	}
	if !pairGradients(2, w.Batch, 64, 64) || pairGradients(1, w.Batch, 64, 64) {
		t.Fatal("deep's hidden layers should pair their gradients on 2 threads and not on 1")
	}
	params := func(s *Stepper) []float64 {
		var p []float64
		if s.Net32 != nil {
			for _, l := range s.Net32.Layers {
				for _, v := range append(append([]float32(nil), l.W...), l.B...) {
					p = append(p, float64(v))
				}
			}
			return p
		}
		for _, l := range s.Net.Layers {
			p = append(append(p, l.W...), l.B...)
		}
		return p
	}
	for _, prec := range []Precision{Float64, Float32} {
		t.Run(prec.String(), func(t *testing.T) {
			var ref []float64
			var refFLOPs Counter
			for _, threads := range []int{1, 2, 3} {
				s, err := w.NewStepperIn(prec, 3, threads)
				if err != nil {
					t.Fatal(err)
				}
				for range 3 {
					if err := s.Step(); err != nil {
						t.Fatal(err)
					}
				}
				p := params(s)
				if ref == nil {
					ref, refFLOPs = p, s.FLOPs()
					continue
				}
				if got := s.FLOPs(); got != refFLOPs {
					t.Errorf("threads=%d: FLOPs %+v, %+v on 1 thread", threads, got, refFLOPs)
				}
				for i := range ref {
					if math.Float64bits(p[i]) != math.Float64bits(ref[i]) {
						t.Fatalf("threads=%d: parameter %d is %v, %v on 1 thread", threads, i, p[i], ref[i])
					}
				}
			}
		})
	}
}
