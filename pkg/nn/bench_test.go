package nn

import (
	"fmt"
	"runtime"
	"testing"
)

// BenchmarkStep measures the reference workloads' training steps, reporting samples/s and the
// FLOP rate the exact counter implies. Compare runs with benchstat; cmd/bench prints the same
// next to PyTorch.
func BenchmarkStep(b *testing.B) {
	for _, w := range ReferenceWorkloads {
		for _, prec := range []Precision{Float64, Float32} {
			for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
				b.Run(fmt.Sprintf("%s/%s/threads=%d", w.Name, prec, threads), func(b *testing.B) {
					s, err := w.NewStepperIn(prec, 1, threads)
					if err != nil {
						b.Fatal(err)
					}
					s.Step() // allocate buffers
					start := s.FLOPs().Total()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if err := s.Step(); err != nil {
							b.Fatal(err)
						}
					}
					sec := b.Elapsed().Seconds()
					b.ReportMetric(float64(b.N*w.Batch)/sec, "samples/s")
					b.ReportMetric(float64(s.FLOPs().Total()-start)/sec/1e9, "GFLOP/s")
				})
			}
		}
	}
}

// BenchmarkFusedUpdate measures the reference workloads' steps with the weight updates fused
// into the gradient products (update_fused.go) and applied after the backward pass, in
// both precisions, on every thread: compare the fused=false and fused=true lines with
// benchstat (-count 10 or more; on a shared machine interleave the runs).
func BenchmarkFusedUpdate(b *testing.B) {
	defer func() { fuseUpdate = true }()
	threads := runtime.GOMAXPROCS(0)
	for _, w := range ReferenceWorkloads {
		for _, prec := range []Precision{Float64, Float32} {
			for _, fused := range []bool{false, true} {
				b.Run(fmt.Sprintf("%s/%s/threads=%d/fused=%v", w.Name, prec, threads, fused), func(b *testing.B) {
					fuseUpdate = fused
					s, err := w.NewStepperIn(prec, 1, threads)
					if err != nil {
						b.Fatal(err)
					}
					s.Step() // allocate buffers
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if err := s.Step(); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.N*w.Batch)/b.Elapsed().Seconds(), "samples/s")
				})
			}
		}
	}
}
