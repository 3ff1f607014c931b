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

// TestElementwise32MatchesGo runs each float32 elementwise pass with and without the
// assembly and requires the same bits, for widths around the 8-float vector.
func TestElementwise32MatchesGo(t *testing.T) {
	if !simd32 {
		t.Skip("no assembly on this CPU")
	}
	defer func() { simd32 = true }()
	rng := rand.New(rand.NewPCG(3, 7))
	run := func(simd bool, f func()) { simd32 = simd; f() }
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
