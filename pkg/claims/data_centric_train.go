package claims

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

func dataCentricParams(in int, hidden []int, out int) int {
	p, prev := 0, in
	for _, h := range append(slices.Clone(hidden), out) {
		p += prev*h + h
		prev = h
	}
	return p
}

func dataCentricNet(in int, hidden []int, out int, seed uint64) (*nn.Network, error) {
	return nn.MLP(append(append([]int{in}, hidden...), out), nn.ReLU, nn.InitHeNormal, seed)
}

// dataCentricTrain trains one model on the first nTrain rows of d, stopping on the rest,
// and reads its test accuracy at the best validation accuracy. With q > 0 the loss is the
// generalised cross-entropy of that q (dataCentricTrainGCE) instead of the cross-entropy.
func dataCentricTrain(cfg DataCentricConfig, d nn.Data, nTrain int, hidden []int, test nn.Data, seed uint64, threads int, q float64) (DataCentricRun, error) {
	train, val := d.Slice(0, nTrain), d.Slice(nTrain, d.Len())
	r := DataCentricRun{Model: DataCentricModelName(d.Dim, hidden, d.Classes), Params: dataCentricParams(d.Dim, hidden, d.Classes), ValAccuracy: -1}
	net, err := dataCentricNet(d.Dim, hidden, d.Classes, seed)
	if err != nil {
		return r, err
	}
	net.Threads = threads
	stopping := nn.EarlyStopping{Patience: cfg.Patience}
	var evalErr error
	onEval := func(e nn.EvalInfo) bool {
		improved, goOn := stopping.Observe(e.Step, -e.Accuracy)
		if improved {
			_, acc, err := net.Evaluate(test, nn.SoftmaxCrossEntropy)
			if err != nil {
				evalErr = err
				return false
			}
			r.ValAccuracy, r.TestAccuracy, r.Epochs = e.Accuracy, acc, e.Epoch
		}
		return goOn
	}
	if q > 0 {
		err = dataCentricTrainGCE(net, train, val, q, cfg, seed, onEval)
	} else {
		_, err = net.Train(train, nn.TrainConfig{
			Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(cfg.LR), BatchSize: cfg.Batch, Epochs: cfg.Epochs, Seed: seed,
			Precision: cfg.Precision, Eval: &val, OnEval: onEval,
		})
	}
	if err == nil {
		err = evalErr
	}
	r.FLOPs = net.FLOPs.Total()
	if err != nil {
		return r, fmt.Errorf("%s: %w", r.Model, err)
	}
	return r, nil
}

// dataCentricTrainGCE trains net by Adam on the generalised cross-entropy
//
//	L_q = (1 − p_y^q) / q
//
// of Zhang & Sabuncu (2018, eq. 6), p_y the softmax probability of the observed label: q → 0
// is the cross-entropy, q = 1 the mean absolute error, which ignores how wrong a confident
// mistake is and so resists flipped labels. Its gradient with respect to the logits is
// p_y^q·(p − e_y), the cross-entropy's weighted by p_y^q: rows the net finds implausible (the
// flipped ones, once it has learnt) weigh little. The loop is Train's (shuffled epochs of
// cfg.Batch rows from seed, an evaluation on val after each epoch given to onEval); the loss
// and its gradient are computed here and handed to the net by SetOutputGrad, so their few
// FLOPs per row are not in the count (the products are).
func dataCentricTrainGCE(net *nn.Network, train, val nn.Data, q float64, cfg DataCentricConfig, seed uint64, onEval func(nn.EvalInfo) bool) error {
	rows, k := train.Len(), net.Out()
	batch := min(cfg.Batch, rows)
	opt := nn.Adam(cfg.LR)
	bx := make([]nn.Float, batch*train.Dim)
	bl := make([]int, batch)
	grad := make([]nn.Float, batch*k)
	order := make([]int, rows)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	step := 0
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rng.Shuffle(rows, func(i, j int) { order[i], order[j] = order[j], order[i] })
		var sum float64
		for lo := 0; lo < rows; lo += batch {
			b := min(batch, rows-lo)
			for r, idx := range order[lo : lo+b] {
				copy(bx[r*train.Dim:(r+1)*train.Dim], train.Row(idx))
				bl[r] = train.Labels[idx]
			}
			out, err := net.Forward(bx[:b*train.Dim], b)
			if err != nil {
				return err
			}
			for r := 0; r < b; r++ {
				z, g := out[r*k:(r+1)*k], grad[r*k:(r+1)*k]
				softmaxInto(z, g)
				py := g[bl[r]]
				w := math.Pow(py, q)
				sum += (1 - w) / q
				for j := range g {
					g[j] *= w / float64(b)
				}
				g[bl[r]] -= w / float64(b)
			}
			if err := net.SetOutputGrad(grad[:b*k]); err != nil {
				return err
			}
			if _, err := net.Backward(false); err != nil {
				return err
			}
			if err := opt.Step(net); err != nil {
				return err
			}
			step++
		}
		if math.IsNaN(sum) || math.IsInf(sum, 0) {
			return fmt.Errorf("epoch %d: %w: generalised cross-entropy is %v", epoch, nn.ErrDiverged, sum)
		}
		loss, acc, err := net.Evaluate(val, nn.SoftmaxCrossEntropy)
		if err != nil {
			return err
		}
		nb := (rows + batch - 1) / batch
		if !onEval(nn.EvalInfo{Step: step, Epoch: epoch, TrainLoss: sum / float64(nb), Loss: loss, Accuracy: acc, FLOPs: net.FLOPs.Total()}) {
			return nil
		}
	}
	return nil
}
