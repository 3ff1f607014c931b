package nn

import (
	"errors"
	"fmt"
	"math"
)

// The float32 network's loss. In a training step whose forward pass is cut into row blocks
// (forward_rows.go), the softmax cross-entropy of each block's rows is taken by the thread
// that computed them, at the end of the block, instead of by one thread after the pass: each
// row's loss and gradient depend on that row's outputs and label only. On 2 threads the
// serial loss held one core for about 38 µs of an mnist float32 step of about 1.7 ms, while
// the other waited; on more threads its share grows.
//
// The bits do not change: every row gets the same operations, each row's loss is kept apart
// (rowLoss) and the rows' losses are summed in row order after the pass, as LossGrad sums
// them. Mean squared error stays after the pass: its sum runs over elements, not rows.

// softmaxRows32 writes rows [lo, hi) of the softmax cross-entropy gradient of outputs z
// (batch × out) into d, and each row's loss (log Σ exp − z[label]) into rowLoss. The labels
// must be in range.
func softmaxRows32(z, d []float32, labels []int, out, batch, lo, hi int, rowLoss []float64) {
	invB := 1 / float64(batch)
	for r := lo; r < hi; r++ {
		c := labels[r]
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
		rowLoss[r] = math.Log(s) + float64(m) - float64(row[c])
		scale := float32(1 / (s * float64(batch)))
		for j := range drow {
			drow[j] *= scale
		}
		drow[c] -= float32(invB)
	}
}

// checkSoftmax returns the error LossGrad gives for softmax cross-entropy on this network
// and these labels, or nil.
func (n *Network32) checkSoftmax(labels []int, batch int) error {
	last := n.Layers[len(n.Layers)-1]
	if last.Act != Identity {
		return fmt.Errorf("nn: softmax cross-entropy needs a linear output layer, the last layer is %s", last.Act)
	}
	if len(labels) < batch {
		return fmt.Errorf("nn: %d labels for a batch of %d", len(labels), batch)
	}
	for r, c := range labels[:batch] {
		if c < 0 || c >= last.Out {
			return fmt.Errorf("nn: label %d of row %d is outside 0..%d", c, r, last.Out-1)
		}
	}
	return nil
}

// softmaxTotal sums the rows' losses in row order and counts the loss's FLOPs: the mean
// cross-entropy of the batch.
func (n *Network32) softmaxTotal(batch, out int) float64 {
	var total float64
	for _, l := range n.rowLoss[:batch] {
		total += l
	}
	n.FLOPs.Other += int64(batch)*(5*int64(out)+7) + 2
	return total * (1 / float64(batch))
}

// LossGrad computes the loss of the latest forward pass (in float64 from the float32
// outputs) and writes its gradient with respect to the outputs, as Network.LossGrad.
func (n *Network32) LossGrad(loss Loss, labels []int, y []float32) (float64, error) {
	if n.batch == 0 {
		return 0, errors.New("nn: loss before a forward pass")
	}
	last := n.Layers[len(n.Layers)-1]
	batch, out := n.batch, last.Out
	z, d := last.a[:batch*out], last.d[:batch*out]
	switch loss {
	case SoftmaxCrossEntropy:
		if err := n.checkSoftmax(labels, batch); err != nil {
			return 0, err
		}
		softmaxRows32(z, d, labels, out, batch, 0, batch, n.rowLoss)
		return n.softmaxTotal(batch, out), nil
	case MSE:
		if len(y) < batch*out {
			return 0, fmt.Errorf("nn: %d targets for a batch of %d rows of %d outputs", len(y), batch, out)
		}
		var total float64
		scale := float32(2 / float64(batch*out))
		for i, v := range z {
			diff := v - y[i]
			total += float64(diff * diff)
			d[i] = scale * diff
		}
		total /= float64(batch * out)
		n.FLOPs.Other += 4*int64(len(z)) + 3
		return total, nil
	default:
		return 0, fmt.Errorf("nn: unknown loss %d", int(loss))
	}
}

// forwardLoss runs the forward pass and the loss of a step, leaving the output gradient for
// the backward pass; it returns the loss, or an error wrapping ErrDiverged if the loss is
// not finite (o only names the optimizer in that error). Step and Network.Train in float32
// (train32.go) share it. The softmax cross-entropy is taken inside the forward pass's row
// blocks when it is cut by rows.
func (n *Network32) forwardLoss(x []float32, labels []int, y []float32, batch int, loss Loss, o *Optimizer) (float64, error) {
	if loss == SoftmaxCrossEntropy && batch > 0 && n.checkSoftmax(labels, batch) == nil {
		n.rowLabels = labels
	}
	_, err := n.Forward(x, batch)
	inBlocks := n.lossDone
	n.rowLabels, n.lossDone = nil, false
	if err != nil {
		return 0, err
	}
	var l float64
	if inBlocks {
		l = n.softmaxTotal(batch, n.Layers[len(n.Layers)-1].Out)
	} else if l, err = n.LossGrad(loss, labels, y); err != nil {
		return 0, err
	}
	if math.IsNaN(l) || math.IsInf(l, 0) {
		return l, fmt.Errorf("%w: loss is %v (%s, float32)", ErrDiverged, l, o)
	}
	return l, nil
}

// lossBlock is the forward pass's end-of-block work while forwardLoss has set rowLabels:
// the softmax cross-entropy of rows [lo, hi).
func (n *Network32) lossBlock(lo, hi int) {
	last := n.Layers[len(n.Layers)-1]
	out := last.Out
	softmaxRows32(last.a[:n.batch*out], last.d[:n.batch*out], n.rowLabels, out, n.batch, lo, hi, n.rowLoss)
}
