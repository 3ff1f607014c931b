package nn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// TestElementwiseMatchesGo runs each elementwise pass, float32 and float64, with and
// without the assembly and requires the same bits, for widths around the vector sizes.
func TestElementwiseMatchesGo(t *testing.T) {
	if !simd {
		t.Skip("no assembly on this CPU")
	}
	t.Run("float32", func(t *testing.T) { testElementwise(t, biasActivate32, backpropBiasCols32, 41) })
	t.Run("float64", func(t *testing.T) { testElementwise(t, biasActivate, backpropBiasCols, 21) })
}

func testElementwise[T gemm.Float](t *testing.T,
	biasAct func(out, bias []T, rows int, act Activation),
	backCols func(d, out, gb []T, rows, cols, j0, j1 int, act Activation), maxCols int) {
	defer func() { simd = true }()
	rng := rand.New(rand.NewPCG(3, 7))
	run := func(on bool, f func()) { simd = on; f() }
	for cols := 0; cols <= maxCols; cols++ {
		const rows = 5
		for _, act := range []Activation{ReLU, Identity, Sigmoid} {
			out := specialFloats[T](rng, rows*cols)
			bias := specialFloats[T](rng, cols)
			got, want := slices.Clone(out), slices.Clone(out)
			run(true, func() { biasAct(got, bias, rows, act) })
			run(false, func() { biasAct(want, bias, rows, act) })
			if !sameBits(got, want) {
				t.Fatalf("bias and %v, cols=%d: %v, want %v", act, cols, got, want)
			}

			d := specialFloats[T](rng, rows*cols)
			for _, withBias := range []bool{true, false} {
				for j0 := 0; j0 <= min(cols, 9); j0 += 3 {
					gd, wd := slices.Clone(d), slices.Clone(d)
					var gg, wg []T
					if withBias {
						gg, wg = make([]T, cols), make([]T, cols)
					}
					run(true, func() { backCols(gd, want, gg, rows, cols, j0, cols, act) })
					run(false, func() { backCols(wd, want, wg, rows, cols, j0, cols, act) })
					if !sameBits(gd, wd) || !sameBits(gg, wg) {
						t.Fatalf("backprop of %v, cols=%d j0=%d bias=%v: d %v g %v, want d %v g %v", act, cols, j0, withBias, gd, gg, wd, wg)
					}
				}
			}
		}
		w, g := specialFloats[T](rng, cols), specialFloats[T](rng, cols)
		gw, ww := slices.Clone(w), slices.Clone(w)
		run(true, func() { sgdStep(gw, g, T(0.037)) })
		run(false, func() { sgdStep(ww, g, T(0.037)) })
		if !sameBits(gw, ww) {
			t.Fatalf("sgdStep cols=%d: %v, want %v", cols, gw, ww)
		}
	}
}

// specialFloats returns n random values among which NaN, ±0 and ±Inf appear, so the
// comparison covers the cases where max, masks and sums differ most easily (Inf − Inf
// makes the negative NaN whose sign Go's max clears).
func specialFloats[T gemm.Float](rng *rand.Rand, n int) []T {
	x := make([]T, n)
	for i := range x {
		switch rng.IntN(10) {
		case 0:
			x[i] = T(math.NaN())
		case 1:
			x[i] = T(math.Copysign(0, -1))
		case 2:
			x[i] = 0
		case 3:
			x[i] = T(math.Inf(1 - 2*rng.IntN(2)))
		default:
			x[i] = T(rng.NormFloat64())
		}
	}
	return x
}

// sameBits compares bit patterns (float32 → float64 keeps NaN signs and payloads apart).
func sameBits[T gemm.Float](a, b []T) bool {
	return slices.EqualFunc(a, b, func(x, y T) bool { return math.Float64bits(float64(x)) == math.Float64bits(float64(y)) })
}
