//go:build amd64

package nn

import (
	"unsafe"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
	"golang.org/x/sys/cpu"
)

// The AVX2 elementwise passes of elementwise_amd64.s, float32 and float64. In the mnist
// float32 step the scalar Go loops took a sixth of the time (the ReLU derivative with the
// bias gradient 7.5%, the SGD update 6%, the forward bias and ReLU 2.5%; pprof at 2
// threads); eight or four lanes per instruction make them a small share. The ReLU
// derivative alone (reluBack8), which the input gradient cut by rows (backward_rows.go)
// applies before the bias gradient is summed by columns, held a third of that cut's time
// as a Go loop: mnist's 128 × 256 × 256 input gradient on 2 threads took 182 µs with it and
// 115 µs with the assembly (paired rounds). Same operations in the same order: same bits
// (TestElementwiseMatchesGo).

//go:noescape
func reluBias8(row, bias *float32, n int)

//go:noescape
func addBias8(row, bias *float32, n int)

//go:noescape
func reluBackBias8(dd, out, grad *float32, n int)

//go:noescape
func reluBack8(dd, out *float32, n int)

//go:noescape
func addTo8(grad, dd *float32, n int)

//go:noescape
func sgd8(wt, grad *float32, lr float32, n int)

//go:noescape
func reluBias4d(row, bias *float64, n int)

//go:noescape
func addBias4d(row, bias *float64, n int)

//go:noescape
func reluBackBias4d(dd, out, grad *float64, n int)

//go:noescape
func reluBack4d(dd, out *float64, n int)

//go:noescape
func addTo4d(grad, dd *float64, n int)

//go:noescape
func sgd4d(wt, grad *float64, lr float64, n int)

// simd says whether the assembly runs; tests turn it off to compare with the Go loops.
var simd = cpu.X86.HasAVX2

// The ...Vec functions run the assembly of T's precision on the longest prefix of whole
// vectors (8 floats or 4 doubles) and return its length, for the Go loop to finish; 0
// without AVX2.

func vecLen[T gemm.Float](n int) int {
	if !simd {
		return 0
	}
	if is32[T]() {
		return n &^ 7
	}
	return n &^ 3
}

func is32[T gemm.Float]() bool {
	var z T
	return unsafe.Sizeof(z) == 4
}

// f32 and f64 are the first element of s as the assembly takes it (s is []float32 or
// []float64 as is32 says).
func f32[T gemm.Float](s []T) *float32 { return (*float32)(unsafe.Pointer(&s[0])) }
func f64[T gemm.Float](s []T) *float64 { return (*float64)(unsafe.Pointer(&s[0])) }

func reluBiasVec[T gemm.Float](row, bias []T) int {
	n := vecLen[T](len(bias))
	if n == 0 {
		return 0
	}
	_ = row[n-1]
	if is32[T]() {
		reluBias8(f32(row), f32(bias), n)
	} else {
		reluBias4d(f64(row), f64(bias), n)
	}
	return n
}

func addBiasVec[T gemm.Float](row, bias []T) int {
	n := vecLen[T](len(bias))
	if n == 0 {
		return 0
	}
	_ = row[n-1]
	if is32[T]() {
		addBias8(f32(row), f32(bias), n)
	} else {
		addBias4d(f64(row), f64(bias), n)
	}
	return n
}

func reluBackBiasVec[T gemm.Float](d, out, g []T) int {
	n := vecLen[T](len(g))
	if n == 0 {
		return 0
	}
	_, _ = d[n-1], out[n-1]
	if is32[T]() {
		reluBackBias8(f32(d), f32(out), f32(g), n)
	} else {
		reluBackBias4d(f64(d), f64(out), f64(g), n)
	}
	return n
}

func reluBackVec[T gemm.Float](d, out []T) int {
	n := vecLen[T](len(d))
	if n == 0 {
		return 0
	}
	_ = out[n-1]
	if is32[T]() {
		reluBack8(f32(d), f32(out), n)
	} else {
		reluBack4d(f64(d), f64(out), n)
	}
	return n
}

func addToVec[T gemm.Float](g, d []T) int {
	n := vecLen[T](len(g))
	if n == 0 {
		return 0
	}
	_ = d[n-1]
	if is32[T]() {
		addTo8(f32(g), f32(d), n)
	} else {
		addTo4d(f64(g), f64(d), n)
	}
	return n
}

func sgdVec[T gemm.Float](w, g []T, lr T) int {
	n := vecLen[T](len(g))
	if n == 0 {
		return 0
	}
	_ = w[n-1]
	if is32[T]() {
		sgd8(f32(w), f32(g), float32(lr), n)
	} else {
		sgd4d(f64(w), f64(g), float64(lr), n)
	}
	return n
}
