//go:build amd64

package nn

import "golang.org/x/sys/cpu"

// The AVX2 elementwise passes of elementwise_amd64.s, float32 and float64. In the mnist
// float32 step the scalar Go loops took a sixth of the time (the ReLU derivative with the
// bias gradient 7.5%, the SGD update 6%, the forward bias and ReLU 2.5%; pprof at 2
// threads); eight or four lanes per instruction make them a small share. Same operations
// in the same order: same bits (TestElementwiseMatchesGo).

//go:noescape
func reluBias8(row, bias *float32, n int)

//go:noescape
func addBias8(row, bias *float32, n int)

//go:noescape
func reluBackBias8(dd, out, grad *float32, n int)

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
func addTo4d(grad, dd *float64, n int)

//go:noescape
func sgd4d(wt, grad *float64, lr float64, n int)

// simd says whether the assembly runs; tests turn it off to compare with the Go loops.
var simd = cpu.X86.HasAVX2

// vec8 returns the length of the whole 8-float vectors the assembly does, 0 without AVX2.
func vec8(n int) int {
	if !simd {
		return 0
	}
	return n &^ 7
}

// vec4 is vec8 for 4-double vectors.
func vec4(n int) int {
	if !simd {
		return 0
	}
	return n &^ 3
}

func reluBiasVec(row, bias []float32) int {
	n := vec8(len(bias))
	if n > 0 {
		_ = row[n-1]
		reluBias8(&row[0], &bias[0], n)
	}
	return n
}

func addBiasVec(row, bias []float32) int {
	n := vec8(len(bias))
	if n > 0 {
		_ = row[n-1]
		addBias8(&row[0], &bias[0], n)
	}
	return n
}

func reluBackBiasVec(d, out, g []float32) int {
	n := vec8(len(g))
	if n > 0 {
		_, _ = d[n-1], out[n-1]
		reluBackBias8(&d[0], &out[0], &g[0], n)
	}
	return n
}

func addToVec(g, d []float32) int {
	n := vec8(len(g))
	if n > 0 {
		_ = d[n-1]
		addTo8(&g[0], &d[0], n)
	}
	return n
}

func sgdVec(w, g []float32, lr float32) int {
	n := vec8(len(g))
	if n > 0 {
		_ = w[n-1]
		sgd8(&w[0], &g[0], lr, n)
	}
	return n
}

func reluBiasVec64(row, bias []float64) int {
	n := vec4(len(bias))
	if n > 0 {
		_ = row[n-1]
		reluBias4d(&row[0], &bias[0], n)
	}
	return n
}

func addBiasVec64(row, bias []float64) int {
	n := vec4(len(bias))
	if n > 0 {
		_ = row[n-1]
		addBias4d(&row[0], &bias[0], n)
	}
	return n
}

func reluBackBiasVec64(d, out, g []float64) int {
	n := vec4(len(g))
	if n > 0 {
		_, _ = d[n-1], out[n-1]
		reluBackBias4d(&d[0], &out[0], &g[0], n)
	}
	return n
}

func addToVec64(g, d []float64) int {
	n := vec4(len(g))
	if n > 0 {
		_ = d[n-1]
		addTo4d(&g[0], &d[0], n)
	}
	return n
}

func sgdVec64(w, g []float64, lr float64) int {
	n := vec4(len(g))
	if n > 0 {
		_ = w[n-1]
		sgd4d(&w[0], &g[0], lr, n)
	}
	return n
}
