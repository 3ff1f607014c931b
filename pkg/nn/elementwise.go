package nn

import (
	"math"

	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

// The elementwise work of a layer, each in one pass over memory the matrix product has just
// written: bias and activation together on the way forward, the activation's derivative and
// the bias gradient together on the way back. ReLU's derivative is applied without a
// branch: its pattern of zeros is data-dependent and a branch mispredicts about half the
// time, which made it a quarter of a 20-layer net's training step.

// biasActivate overwrites each row of out (rows × len(bias)) with act(row + bias).
func biasActivate(out, bias []Float, rows int, act Activation) {
	cols := len(bias)
	for r := 0; r < rows; r++ {
		row := out[r*cols : (r+1)*cols : (r+1)*cols]
		switch act {
		case ReLU:
			for j := reluBiasVec(row, bias); j < cols; j++ {
				row[j] = max(row[j]+bias[j], 0)
			}
		case Identity:
			for j := addBiasVec(row, bias); j < cols; j++ {
				row[j] += bias[j]
			}
		case Sigmoid:
			for j, b := range bias {
				row[j] = 1 / (1 + math.Exp(-(row[j] + b)))
			}
		case Tanh:
			for j, b := range bias {
				row[j] = math.Tanh(row[j] + b)
			}
		case LeakyReLU:
			for j, b := range bias {
				v := row[j] + b
				if v < 0 {
					v *= LeakySlope
				}
				row[j] = v
			}
		}
	}
}

// backpropBias turns d (the gradient with respect to a layer's output out, rows × cols) in
// place into the gradient with respect to its pre-activation and, if gb is not nil, sets gb
// to the column sums of the result: the bias gradient.
func backpropBias(d, out, gb []Float, rows, cols int, act Activation) {
	backpropBiasCols(d, out, gb, rows, cols, 0, cols, act)
}

// backpropBiasCols is backpropBias on columns [j0, j1) only: each column is summed in
// row order whichever range it falls in, so splitting the columns among goroutines gives
// the same bits.
func backpropBiasCols(d, out, gb []Float, rows, cols, j0, j1 int, act Activation) {
	if gb != nil {
		clear(gb[j0:j1])
	}
	for r := 0; r < rows; r++ {
		dr := d[r*cols+j0 : r*cols+j1 : r*cols+j1]
		ar := out[r*cols+j0 : r*cols+j1 : r*cols+j1]
		if act == ReLU && gb != nil {
			// The derivative and the bias gradient in one pass over the row.
			g := gb[j0:j1:j1]
			for j := reluBackBiasVec(dr, ar, g); j < len(g); j++ {
				x := int64(math.Float64bits(ar[j]))
				mask := uint64((x | -x) >> 63)
				v := math.Float64frombits(math.Float64bits(dr[j]) & mask)
				dr[j] = v
				g[j] += v
			}
			continue
		}
		switch act {
		case ReLU:
			for j := reluBackVec(dr, ar); j < len(ar); j++ {
				a := ar[j]
				// a = max(z, 0) ≥ 0, so a > 0 exactly when its bits are not zero: build an
				// all-ones or all-zeros mask from that without a branch.
				x := int64(math.Float64bits(a))
				mask := uint64((x | -x) >> 63)
				dr[j] = math.Float64frombits(math.Float64bits(dr[j]) & mask)
			}
		case Sigmoid:
			for j, a := range ar {
				dr[j] *= a * (1 - a)
			}
		case Tanh:
			for j, a := range ar {
				dr[j] *= 1 - a*a
			}
		case LeakyReLU:
			for j, a := range ar {
				if a < 0 {
					dr[j] *= LeakySlope
				}
			}
		}
		if gb != nil {
			g := gb[j0:j1:j1]
			for j := addToVec(g, dr); j < len(g); j++ {
				g[j] += dr[j]
			}
		}
	}
}

// sgdStep sets w -= lr·g: the plain SGD update, a tenth of an mnist step at one element per
// iteration. With AVX2 the assembly does whole vectors (elementwise_amd64.s); the rest, or
// all of it elsewhere, goes four elements per iteration without bounds checks (1.0 → 1.8
// billion float32 elements per second measured). The same operations, so the same bits.
func sgdStep[T gemm.Float](w, g []T, lr T) {
	w = w[:len(g)]
	i := sgdVec(w, g, lr)
	for ; i+4 <= len(g); i += 4 {
		gg := g[i : i+4 : i+4]
		ww := w[i : i+4 : i+4]
		ww[0] -= lr * gg[0]
		ww[1] -= lr * gg[1]
		ww[2] -= lr * gg[2]
		ww[3] -= lr * gg[3]
	}
	for ; i < len(g); i++ {
		w[i] -= lr * g[i]
	}
}
