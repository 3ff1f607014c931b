package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// rowsShapes cover every transpose case (A packed, Aᵀ in place, row-major A in place) with
// ragged row and column tails, k not a multiple of the unrolling, and training shapes.
var rowsShapes = [][3]int{{64, 96, 128}, {37, 100, 33}, {256, 1024, 256}, {17, 48, 1}, {8, 47, 5}, {200, 256, 784}}

// TestRowsMatchesRow: a kernel set's row loop (kernels.rows) gives the same bits as its
// row kernel called once per row panel, in both precisions, in every transpose case, with
// beta 0 and not.
func TestRowsMatchesRow(t *testing.T) {
	defer func() { useRows = true }()
	// each runs one product with the row loop off, then on, and says whether the bits agree.
	each := func(t *testing.T, hasRows bool, same func(rng *rand.Rand, s [3]int, tr int, beta float64) (string, bool)) {
		if !hasRows {
			t.Skip("no row loop in this kernel set")
		}
		rng := rand.New(rand.NewPCG(35, 36))
		for _, s := range rowsShapes {
			for tr := range 4 {
				for _, beta := range []float64{0, 0.5} {
					if name, ok := same(rng, s, tr, beta); !ok {
						t.Errorf("%s: row loop differs from the row kernel", name)
					}
				}
			}
		}
	}
	t.Run("float32", func(t *testing.T) {
		forEachKernels32(t, func(t *testing.T) {
			each(t, active32.Load().rows != nil, func(rng *rand.Rand, s [3]int, tr int, beta float64) (string, bool) {
				o := newOperands32(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], 1.5, float32(beta), tr%2)
				useRows = false
				want := o.gemm(1)
				useRows = true
				return fmt.Sprint(o), sameBits32(o.gemm(1), want)
			})
		})
	})
	t.Run("float64", func(t *testing.T) {
		forEachKernels(t, func(t *testing.T) {
			each(t, active.Load().rows != nil, func(rng *rand.Rand, s [3]int, tr int, beta float64) (string, bool) {
				o := newOperands(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], 1.5, beta, tr%2)
				useRows = false
				want := o.gemm(1)
				useRows = true
				got := o.gemm(1)
				o.check(t, got)
				return fmt.Sprint(o), sameBits64(got, want)
			})
		})
	})
}
