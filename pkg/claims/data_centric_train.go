package claims

import (
	"fmt"
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
// and reads its test accuracy at the best validation accuracy.
func dataCentricTrain(cfg DataCentricConfig, d nn.Data, nTrain int, hidden []int, test nn.Data, seed uint64, threads int) (DataCentricRun, error) {
	train, val := d.Slice(0, nTrain), d.Slice(nTrain, d.Len())
	r := DataCentricRun{Model: DataCentricModelName(d.Dim, hidden, d.Classes), Params: dataCentricParams(d.Dim, hidden, d.Classes), ValAccuracy: -1}
	net, err := dataCentricNet(d.Dim, hidden, d.Classes, seed)
	if err != nil {
		return r, err
	}
	net.Threads = threads
	stopping := nn.EarlyStopping{Patience: cfg.Patience}
	var evalErr error
	_, err = net.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(cfg.LR), BatchSize: cfg.Batch, Epochs: cfg.Epochs, Seed: seed,
		Eval: &val,
		OnEval: func(e nn.EvalInfo) bool {
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
		},
	})
	if err == nil {
		err = evalErr
	}
	r.FLOPs = net.FLOPs.Total()
	if err != nil {
		return r, fmt.Errorf("%s: %w", r.Model, err)
	}
	return r, nil
}
