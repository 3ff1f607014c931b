package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestRowsMatchesRow: a kernel set's row loop (kernels.rows) gives the same bits as its
// row kernel called once per row panel, in every transpose case (A packed, Aᵀ in place,
// row-major A in place), with beta 0 and not, ragged row and column tails, and k not a
// multiple of the unrolling.
func TestRowsMatchesRow(t *testing.T) {
	shapes := [][3]int{{64, 96, 128}, {37, 100, 33}, {256, 1024, 256}, {17, 48, 1}, {8, 47, 5}, {200, 256, 784}}
	forEachKernels32(t, func(t *testing.T) {
		if active32.Load().rows == nil {
			t.Skip("no row loop in this kernel set")
		}
		rng := rand.New(rand.NewPCG(35, 36))
		for _, s := range shapes {
			for tr := 0; tr < 4; tr++ {
				for _, beta := range []float32{0, 0.5} {
					o := newOperands32(rng, tr&1 != 0, tr&2 != 0, s[0], s[1], s[2], 1.5, beta, tr%2)
					t.Run(fmt.Sprint(o), func(t *testing.T) {
						useRows = false
						want := o.gemm(1)
						useRows = true
						got := o.gemm(1)
						if !sameBits32(got, want) {
							t.Errorf("row loop differs from the row kernel")
						}
						o.check(t, got)
					})
				}
			}
		}
	})
}
