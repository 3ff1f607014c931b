package gemm

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Benchmarks of the training-loop shapes, named shape/threads=N so that benchstat can
// compare runs:
//
//	go test -run '^$' -bench . -count 5 ./pkg/nn/gemm
//
// BenchmarkGemm uses the fastest kernels of the CPU, BenchmarkGemmAVX2 the AVX2 tier,
// BenchmarkGemmPortable the pure-Go ones, BenchmarkGonum gonum's Dgemm (which is parallel on its own: its threads=N runs with
// GOMAXPROCS=N). Each reports GFLOP/s counting 2·m·n·k FLOPs (see report).

func BenchmarkGemm(b *testing.B) { benchShapes(b, simd) }

func BenchmarkGemmPortable(b *testing.B) { benchShapes(b, portable) }

// BenchmarkGemmAVX2 runs the AVX2 tier even on an AVX-512 CPU.
func BenchmarkGemmAVX2(b *testing.B) {
	for _, kern := range simdSets {
		if kern.name == "avx2" {
			benchShapes(b, kern)
			return
		}
	}
	b.Skip("no AVX2+FMA")
}

func benchShapes(b *testing.B, kern *kernels[float64]) {
	if kern == nil {
		kern = portable
	}
	active.Store(kern)
	defer UsePortable(false)
	for _, s := range trainingShapes {
		o := newOperands(rand.New(rand.NewPCG(1, 1)), s.transA, s.transB, s.m, s.n, s.k, 1, 0, 0)
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%v/threads=%d", s, threads), func(b *testing.B) {
				cpu0 := cpuTime()
				for b.Loop() {
					Gemm(o.transA, o.transB, o.m, o.n, o.k, o.alpha, o.a, o.lda, o.b, o.ldb, o.beta, o.c, o.ldc, threads)
				}
				report(b, s, cpuTime()-cpu0)
			})
		}
	}
}

func BenchmarkGonum(b *testing.B) {
	var impl gonum.Implementation
	tr := func(t bool) blas.Transpose {
		if t {
			return blas.Trans
		}
		return blas.NoTrans
	}
	for _, s := range trainingShapes {
		o := newOperands(rand.New(rand.NewPCG(1, 1)), s.transA, s.transB, s.m, s.n, s.k, 1, 0, 0)
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%v/threads=%d", s, threads), func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
				cpu0 := cpuTime()
				for b.Loop() {
					impl.Dgemm(tr(o.transA), tr(o.transB), o.m, o.n, o.k, o.alpha, o.a, o.lda, o.b, o.ldb, o.beta, o.c, o.ldc)
				}
				report(b, s, cpuTime()-cpu0)
			})
		}
	}
}

// report adds GFLOP/s (wall clock) and, where measured, GFLOP/cpu-s: FLOPs per second of
// process CPU time. With one thread the second is the speed while running, robust to
// other processes sharing the machine; with more it also counts the workers' spinning.
func report(b *testing.B, s shape, cpu time.Duration) {
	flops := s.flops() * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu > 0 {
		b.ReportMetric(flops/cpu.Seconds()/1e9, "GFLOP/cpu-s")
	}
}

// BenchmarkGemm32 runs the training-loop shapes in float32 with the fastest kernels of the
// CPU (GFLOP/s: compare with twice the float64 peak).
func BenchmarkGemm32(b *testing.B) {
	kern := simd32
	if kern == nil {
		kern = portable32
	}
	active32.Store(kern)
	defer UsePortable(false)
	for _, s := range trainingShapes {
		o := newOperands32(rand.New(rand.NewPCG(1, 1)), s.transA, s.transB, s.m, s.n, s.k, 1, 0, 0)
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%v/threads=%d", s, threads), func(b *testing.B) {
				cpu0 := cpuTime()
				for b.Loop() {
					Gemm32(o.transA, o.transB, o.m, o.n, o.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc, threads)
				}
				report(b, s, cpuTime()-cpu0)
			})
		}
	}
}
