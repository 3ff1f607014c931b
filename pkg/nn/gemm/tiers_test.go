package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// tierShapes cover every tile tail of both precisions (48-, 24-, 16-, 8-column panels and
// masked rest), k below and above one k block (128 in float32, 256 in float64), thin
// outputs, and products big enough to be cut into strips on 3 threads.
var tierShapes = [][3]int{{13, 7, 29}, {8, 47, 5}, {17, 48, 1}, {37, 100, 33}, {61, 61, 61}, {70, 10, 600}, {128, 256, 256}, {200, 130, 300}}

// tierScales are (alpha, beta) pairs: beta 0 (C not read), 1, and neither.
var tierScales = [][2]float64{{1, 0}, {0.5, 1}, {-2, 0.3}}

// TestSIMDTiersSameBits: every assembly kernel set this CPU has gives the same bits as the
// last (most widely supported) one, in both precisions, every transpose case, on 1 and 3
// threads. doc.go promises that the order of the sums depends on the shape and the element
// type only, so a figure computed on an AVX-512 machine is the one computed on an AVX2
// machine. With one SIMD set (an AVX2-only CPU) there is nothing to compare, and the test
// skips; it first ran on an Ice Lake Xeon.
func TestSIMDTiersSameBits(t *testing.T) {
	defer UsePortable(false)
	t.Run("float32", func(t *testing.T) {
		compareTiers(t, simdSets32, &active32, func(rng *rand.Rand, s [3]int, tr int, scale [2]float64) (fmt.Stringer, func(threads int) []float32) {
			o := newOperands32(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], float32(scale[0]), float32(scale[1]), tr%2*3)
			return o, o.gemm
		}, sameBits32)
	})
	t.Run("float64", func(t *testing.T) {
		compareTiers(t, simdSets, &active, func(rng *rand.Rand, s [3]int, tr int, scale [2]float64) (fmt.Stringer, func(threads int) []float64) {
			o := newOperands(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], scale[0], scale[1], tr%2*3)
			return o, o.gemm
		}, sameBits64)
	})
}

// compareTiers runs each product of tierShapes × transposes × tierScales × {1, 3} threads
// with every set in sets (stored into active in turn) and compares the bits with the last.
func compareTiers[T Float](t *testing.T, sets []*kernels[T], active interface{ Store(*kernels[T]) },
	product func(rng *rand.Rand, s [3]int, tr int, scale [2]float64) (fmt.Stringer, func(threads int) []T),
	same func(x, y []T) bool) {
	var names []string
	for _, k := range sets {
		names = append(names, k.name)
	}
	if len(sets) < 2 {
		t.Skipf("kernel sets on this CPU: %v; the tiers are compared where there are two or more", names)
	}
	ref := len(sets) - 1
	rng := rand.New(rand.NewPCG(41, 42))
	for _, s := range tierShapes {
		for tr := range 4 {
			for _, scale := range tierScales {
				o, gemm := product(rng, s, tr, scale)
				for _, threads := range []int{1, 3} {
					active.Store(sets[ref])
					want := gemm(threads)
					for i := range ref {
						active.Store(sets[i])
						if got := gemm(threads); !same(got, want) {
							t.Errorf("%v on %d threads: %s differs from %s", o, threads, names[i], names[ref])
						}
					}
				}
			}
		}
	}
}
