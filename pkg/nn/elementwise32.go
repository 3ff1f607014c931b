package nn

import "math"

// The elementwise passes of elementwise.go in float32 (for Network32), with the same
// fusion and the same branch-free ReLU derivative.

func biasActivate32(out, bias []float32, rows int, act Activation) {
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
				row[j] = float32(1 / (1 + math.Exp(-float64(row[j]+b))))
			}
		case Tanh:
			for j, b := range bias {
				row[j] = float32(math.Tanh(float64(row[j] + b)))
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

func backpropBias32(d, out, gb []float32, rows, cols int, act Activation) {
	backpropBiasCols32(d, out, gb, rows, cols, 0, cols, act)
}

// backpropBiasCols32 is backpropBias32 on columns [j0, j1) only: each column is summed in
// row order whichever range it falls in, so splitting the columns among goroutines gives
// the same bits.
func backpropBiasCols32(d, out, gb []float32, rows, cols, j0, j1 int, act Activation) {
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
				x := int32(math.Float32bits(ar[j]))
				mask := uint32((x | -x) >> 31)
				v := math.Float32frombits(math.Float32bits(dr[j]) & mask)
				dr[j] = v
				g[j] += v
			}
			continue
		}
		switch act {
		case ReLU:
			for j := reluBackVec(dr, ar); j < len(ar); j++ {
				a := ar[j]
				x := int32(math.Float32bits(a))
				mask := uint32((x | -x) >> 31)
				dr[j] = math.Float32frombits(math.Float32bits(dr[j]) & mask)
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
