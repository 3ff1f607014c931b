package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestForwardByRowsSameBits: the forward pass cut into row blocks (forward_rows.go) gives
// the same bits as the pass on one thread, in float64 and float32, for batches that are
// and are not multiples of the 8-row panel, and cuts the batch only in whole panels.
func TestForwardByRowsSameBits(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5))
	for _, batch := range []int{8, 61, 163, 512} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(batch), 5))
			const in = 300
			x, _, _ := randomBatch(rng, batch, in, 10)
			n, err := MLP([]int{in, 200, 100, 10}, Tanh, InitGlorotUniform, 3)
			if err != nil {
				t.Fatal(err)
			}
			n32 := n.Float32()
			x32 := toFloat32(x)
			var ref []Float
			var ref32 []float32
			for _, threads := range []int{1, 2, 3, 5} {
				n.Threads, n32.Threads = threads, threads
				fma, inputs := fmaPerRow(n.In, n.rowLayers())
				if b := forwardBlocks(threads, batch, fma, inputs); threads > 1 && batch >= 64 && b < 2 {
					t.Fatalf("threads=%d: %d block(s), want the pass cut", threads, b)
				}
				out, err := n.Forward(x, batch)
				if err != nil {
					t.Fatal(err)
				}
				out32, err := n32.Forward(x32, batch)
				if err != nil {
					t.Fatal(err)
				}
				if threads == 1 {
					ref, ref32 = append([]Float(nil), out...), append([]float32(nil), out32...)
					continue
				}
				for i := range ref {
					if math.Float64bits(out[i]) != math.Float64bits(ref[i]) {
						t.Fatalf("float64, threads=%d: output %d is %v, %v on 1 thread", threads, i, out[i], ref[i])
					}
					if math.Float32bits(out32[i]) != math.Float32bits(ref32[i]) {
						t.Fatalf("float32, threads=%d: output %d is %v, %v on 1 thread", threads, i, out32[i], ref32[i])
					}
				}
			}
		})
	}
}

func TestBlockRowsWholePanels(t *testing.T) {
	for _, c := range []struct{ blocks, batch int }{{2, 128}, {3, 128}, {2, 61}, {4, 163}, {16, 512}} {
		next := 0
		for b := 0; b < c.blocks; b++ {
			lo, hi := blockRows(b, c.blocks, c.batch)
			if lo != next || hi < lo || (hi != c.batch && hi%rowPanel != 0) {
				t.Fatalf("%d blocks of %d rows: block %d is [%d, %d), want it to start at %d and end on a panel", c.blocks, c.batch, b, lo, hi, next)
			}
			next = hi
		}
		if next != c.batch {
			t.Errorf("%d blocks of %d rows cover %d", c.blocks, c.batch, next)
		}
	}
}

// TestRowCutsCovered: the layers of TestParallelPassesDeterministic (in 40, 300, 300, 10;
// batch 160) are cut by rows in the forward pass and in the input gradient of the middle
// layer on 2 and 3 threads, so that test checks the cut's bits too.
func TestRowCutsCovered(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	n, err := MLP([]int{40, 300, 300, 10}, ReLU, InitHeNormal, 9)
	if err != nil {
		t.Fatal(err)
	}
	fma, inputs := fmaPerRow(n.In, n.rowLayers())
	for _, threads := range []int{2, 3} {
		if b := forwardBlocks(threads, 160, fma, inputs); b != blocksPerThread*threads {
			t.Errorf("forward on %d threads: %d blocks, want %d", threads, b, blocksPerThread*threads)
		}
		if b := inputGradBlocks(threads, 160, 300, 300); b != threads {
			t.Errorf("input gradient on %d threads: %d blocks", threads, b)
		}
	}
}
