package nn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// specialFloats32 fills x with random values among which NaN, ±0 and ±Inf appear, so the
// comparison covers the cases where max, masks and sums differ most easily.
func specialFloats32(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch rng.IntN(10) {
		case 0:
			x[i] = float32(math.NaN())
		case 1:
			x[i] = float32(math.Copysign(0, -1))
		case 2:
			x[i] = 0
		case 3:
			x[i] = float32(math.Inf(1 - 2*rng.IntN(2)))
		default:
			x[i] = float32(rng.NormFloat64())
		}
	}
	return x
}

func sameBits32(a, b []float32) bool {
	return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
}

// TestElementwiseMatchesGo runs each elementwise pass, float32 and float64, with and
// without the assembly and requires the same bits, for widths around the vector sizes.
func TestElementwiseMatchesGo(t *testing.T) {
	if !simd {
		t.Skip("no assembly on this CPU")
	}
	t.Run("float32", testElementwise32)
	t.Run("float64", testElementwise64)
}

func testElementwise32(t *testing.T) {
	defer func() { simd = true }()
	rng := rand.New(rand.NewPCG(3, 7))
	run := func(on bool, f func()) { simd = on; f() }
	for cols := 0; cols <= 41; cols++ {
		const rows = 5
		for _, act := range []Activation{ReLU, Identity, Sigmoid} {
			out := specialFloats32(rng, rows*cols)
			bias := specialFloats32(rng, cols)
			got, want := slices.Clone(out), slices.Clone(out)
			run(true, func() { biasActivate32(got, bias, rows, act) })
			run(false, func() { biasActivate32(want, bias, rows, act) })
			if !sameBits32(got, want) {
				t.Fatalf("biasActivate32 %v cols=%d: %v, want %v", act, cols, got, want)
			}

			d := specialFloats32(rng, rows*cols)
			for _, withBias := range []bool{true, false} {
				for j0 := 0; j0 <= min(cols, 9); j0 += 3 {
					gd, wd := slices.Clone(d), slices.Clone(d)
					var gg, wg []float32
					if withBias {
						gg, wg = make([]float32, cols), make([]float32, cols)
					}
					run(true, func() { backpropBiasCols32(gd, want, gg, rows, cols, j0, cols, act) })
					run(false, func() { backpropBiasCols32(wd, want, wg, rows, cols, j0, cols, act) })
					if !sameBits32(gd, wd) || !sameBits32(gg, wg) {
						t.Fatalf("backpropBiasCols32 %v cols=%d j0=%d bias=%v: d %v g %v, want d %v g %v", act, cols, j0, withBias, gd, gg, wd, wg)
					}
				}
			}
		}
		w, g := specialFloats32(rng, cols), specialFloats32(rng, cols)
		gw, ww := slices.Clone(w), slices.Clone(w)
		run(true, func() { sgdStep(gw, g, float32(0.037)) })
		run(false, func() { sgdStep(ww, g, float32(0.037)) })
		if !sameBits32(gw, ww) {
			t.Fatalf("sgdStep cols=%d: %v, want %v", cols, gw, ww)
		}
	}
}

func specialFloats64(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i, v := range specialFloats32(rng, n) {
		x[i] = float64(v)
		if !math.IsNaN(x[i]) && !math.IsInf(x[i], 0) && x[i] != 0 {
			x[i] = rng.NormFloat64()
		}
	}
	return x
}

func sameBits64(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func testElementwise64(t *testing.T) {
	defer func() { simd = true }()
	rng := rand.New(rand.NewPCG(5, 9))
	run := func(on bool, f func()) { simd = on; f() }
	for cols := 0; cols <= 21; cols++ {
		const rows = 5
		for _, act := range []Activation{ReLU, Identity, Sigmoid} {
			out := specialFloats64(rng, rows*cols)
			bias := specialFloats64(rng, cols)
			got, want := slices.Clone(out), slices.Clone(out)
			run(true, func() { biasActivate(got, bias, rows, act) })
			run(false, func() { biasActivate(want, bias, rows, act) })
			if !sameBits64(got, want) {
				t.Fatalf("biasActivate %v cols=%d: %v, want %v", act, cols, got, want)
			}
			d := specialFloats64(rng, rows*cols)
			for _, withBias := range []bool{true, false} {
				for j0 := 0; j0 <= min(cols, 5); j0 += 2 {
					gd, wd := slices.Clone(d), slices.Clone(d)
					var gg, wg []float64
					if withBias {
						gg, wg = make([]float64, cols), make([]float64, cols)
					}
					run(true, func() { backpropBiasCols(gd, want, gg, rows, cols, j0, cols, act) })
					run(false, func() { backpropBiasCols(wd, want, wg, rows, cols, j0, cols, act) })
					if !sameBits64(gd, wd) || !sameBits64(gg, wg) {
						t.Fatalf("backpropBiasCols %v cols=%d j0=%d bias=%v: d %v g %v, want d %v g %v", act, cols, j0, withBias, gd, gg, wd, wg)
					}
				}
			}
		}
		w, g := specialFloats64(rng, cols), specialFloats64(rng, cols)
		gw, ww := slices.Clone(w), slices.Clone(w)
		run(true, func() { sgdStep(gw, g, 0.037) })
		run(false, func() { sgdStep(ww, g, 0.037) })
		if !sameBits64(gw, ww) {
			t.Fatalf("sgdStep cols=%d: %v, want %v", cols, gw, ww)
		}
	}
}
