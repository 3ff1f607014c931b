package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// TestLossInRowBlocksSameBits: a float32 step whose forward pass is cut by rows takes the
// softmax cross-entropy inside the row blocks (loss32.go). It must give the loss, weights,
// gradients and FLOP counts of the forward pass, LossGrad, Backward and Update run apart,
// on 1 to 3 threads, for batches whose blocks do and do not end on the batch's last row
// panel.
func TestLossInRowBlocksSameBits(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	sizes := []int{196, 64, 64, 10}
	for _, batch := range []int{128, 100} {
		rng := rand.New(rand.NewPCG(3, uint64(batch)))
		x := make([]float32, batch*sizes[0])
		for i := range x {
			x[i] = float32(rng.Float64())
		}
		labels := make([]int, batch)
		for i := range labels {
			labels[i] = rng.IntN(sizes[len(sizes)-1])
		}
		for _, threads := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("batch=%d/threads=%d", batch, threads), func(t *testing.T) {
				n, err := MLP(sizes, ReLU, InitHeNormal, 7)
				if err != nil {
					t.Fatal(err)
				}
				n.Threads = threads
				inBlocks, apart := n.Float32(), n.Float32()
				fma, inputs := fmaPerRow(sizes[0], inBlocks.rowLayers())
				if blocks := forwardBlocks(threads, batch, fma, inputs); (blocks > 1) != (threads > 1) {
					t.Fatalf("%d row blocks on %d threads: the test shape should be cut by rows exactly when threads > 1", blocks, threads)
				}
				stepsSameBits32(t, 3, inBlocks, apart, x, labels, batch, SGD(0.05), SGD(0.05))
			})
		}
	}
}

// TestStepLossErrors: with bad labels a float32 step reports what LossGrad reports, on any
// thread count (the loss in the row blocks checks the labels before the forward pass), and
// leaves no labels behind for a later Forward.
func TestStepLossErrors(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const batch = 64
	x := make([]float32, batch*196)
	for _, tc := range []struct {
		name   string
		labels []int
		want   string
	}{
		{"label out of range", append(make([]int, 40), append([]int{10}, make([]int, 23)...)...), "label 10 of row 40 is outside 0..9"},
		{"negative label", append([]int{-1}, make([]int, batch-1)...), "label -1 of row 0 is outside 0..9"},
		{"too few labels", make([]int, batch-1), "63 labels for a batch of 64"},
	} {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", tc.name, threads), func(t *testing.T) {
				n, err := MLP([]int{196, 64, 64, 10}, ReLU, InitHeNormal, 7)
				if err != nil {
					t.Fatal(err)
				}
				n.Threads = threads
				c := n.Float32()
				_, err = c.Step(x, tc.labels, nil, batch, SoftmaxCrossEntropy, SGD(0.1))
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v, want one containing %q", err, tc.want)
				}
				if c.rowLabels != nil || c.lossDone {
					t.Errorf("after the failed step: rowLabels %v, lossDone %v; want nil, false", c.rowLabels, c.lossDone)
				}
			})
		}
	}
}

// TestSoftmaxLossMatchesReference: LossGrad's softmax cross-entropy, per-row losses summed
// after, gives the bits of the plain loop that accumulates the loss row by row (the form it
// had before the rows' losses were kept apart, so the claims' float32 results stay as
// they were).
func TestSoftmaxLossMatchesReference(t *testing.T) {
	const batch, out = 301, 10
	rng := rand.New(rand.NewPCG(8, 1))
	n, err := MLP([]int{5, out}, Identity, InitHeNormal, 3)
	if err != nil {
		t.Fatal(err)
	}
	c := n.Float32()
	x := make([]float32, batch*5)
	for i := range x {
		x[i] = float32(4 * rng.NormFloat64())
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(out)
	}
	z, err := c.Forward(x, batch)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.LossGrad(SoftmaxCrossEntropy, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, d := 0.0, make([]float32, batch*out)
	invB := 1 / float64(batch)
	for r := 0; r < batch; r++ {
		row, drow := z[r*out:(r+1)*out], d[r*out:(r+1)*out]
		m := row[0]
		for _, v := range row[1:] {
			m = max(m, v)
		}
		var s float64
		for j, v := range row {
			e := math.Exp(float64(v - m))
			s += e
			drow[j] = float32(e)
		}
		want += math.Log(s) + float64(m) - float64(row[labels[r]])
		scale := float32(1 / (s * float64(batch)))
		for j := range drow {
			drow[j] *= scale
		}
		drow[labels[r]] -= float32(invB)
	}
	want *= invB
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("loss %v, reference %v", got, want)
	}
	sameBits32(t, 0, "output gradient", c.Layers[0].d[:batch*out], d)
}
