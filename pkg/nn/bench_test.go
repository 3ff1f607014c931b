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
