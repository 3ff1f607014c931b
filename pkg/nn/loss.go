package nn

import (
	"fmt"
	"math"
)

// Loss is a training objective on the network's outputs.
type Loss int

const (
	// MSE is the mean over rows and outputs of (output − target)².
	MSE Loss = iota
	// SoftmaxCrossEntropy is the mean over rows of −log softmax(output)[label]; the last
	// layer must be linear (its outputs are the logits).
	SoftmaxCrossEntropy
)

func (l Loss) String() string {
	switch l {
	case MSE:
		return "mse"
	case SoftmaxCrossEntropy:
		return "softmax-cross-entropy"
	}
	return fmt.Sprintf("Loss(%d)", int(l))
}

// LossGrad computes the loss of the latest forward pass against the targets (labels for
// SoftmaxCrossEntropy, y for MSE, batch×Out) and writes its gradient with respect to the
// outputs, ready for Backward.
func (n *Network) LossGrad(loss Loss, labels []int, y []Float) (float64, error) {
	return n.loss(loss, labels, y, true)
}

// LossValue computes the loss of the latest forward pass without its gradient.
func (n *Network) LossValue(loss Loss, labels []int, y []Float) (float64, error) {
	return n.loss(loss, labels, y, false)
}

func (n *Network) loss(loss Loss, labels []int, y []Float, grad bool) (float64, error) {
	if n.batch == 0 {
		return 0, fmt.Errorf("nn: loss before a forward pass")
	}
	last := n.Layers[len(n.Layers)-1]
	batch, out := n.batch, last.Out
	z := last.a[:batch*out]
	d := last.d[:batch*out]
	t := n.clock()
	var total float64
	var flops int64
	switch loss {
	case SoftmaxCrossEntropy:
		if last.Act != Identity {
			return 0, fmt.Errorf("nn: softmax cross-entropy needs a linear output layer, the last layer is %s", last.Act)
		}
		if len(labels) < batch {
			return 0, fmt.Errorf("nn: %d labels for a batch of %d", len(labels), batch)
		}
		invB := 1 / float64(batch)
		flops++ // invB
		for r := 0; r < batch; r++ {
			c := labels[r]
			if c < 0 || c >= out {
				return 0, fmt.Errorf("nn: label %d of row %d is outside 0..%d", c, r, out-1)
			}
			row := z[r*out : (r+1)*out]
			m := row[0]
			for _, v := range row[1:] {
				m = max(m, v)
			}
			var s float64
			var drow []Float
			if grad {
				drow = d[r*out : (r+1)*out]
			}
			for j, v := range row {
				e := math.Exp(v - m)
				s += e
				if grad {
					drow[j] = e
				}
			}
			total += math.Log(s) + m - row[c]
			flops += 4*int64(out) + 4 // max, sub/exp/add per class; log, add, sub, accumulate
			if grad {
				scale := 1 / (s * float64(batch))
				for j := range drow {
					drow[j] *= scale
				}
				drow[c] -= invB
				flops += int64(out) + 3 // multiply per class; s·B, 1/x, subtract
			}
		}
		total *= invB
		flops++
	case MSE:
		if len(y) < batch*out {
			return 0, fmt.Errorf("nn: %d targets for a batch of %d rows of %d outputs", len(y), batch, out)
		}
		scale := 2 / float64(batch*out)
		flops += 2 // scale
		for i, v := range z {
			diff := v - y[i]
			total += diff * diff
			if grad {
				d[i] = scale * diff
			}
		}
		flops += 3 * int64(len(z)) // subtract, square, accumulate
		if grad {
			flops += int64(len(z)) // scale
		}
		total /= float64(batch * out)
		flops++
	default:
		return 0, fmt.Errorf("nn: unknown loss %d", int(loss))
	}
	n.other(t, flops)
	return total, nil
}

// Accuracy is the fraction of rows of the latest forward pass whose largest output is the
// label. It is bookkeeping, not counted as FLOPs.
func (n *Network) Accuracy(labels []int) float64 {
	last := n.Layers[len(n.Layers)-1]
	batch, out := n.batch, last.Out
	correct := 0
	for r := 0; r < batch; r++ {
		row := last.a[r*out : (r+1)*out]
		if argmax(row) == labels[r] {
			correct++
		}
	}
	return float64(correct) / float64(batch)
}

func argmax(x []Float) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}
