package claims

import (
	"context"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// expertHeldOut draws the validation and test rows, from their own seeds, shared by every
// point of one task.
func expertHeldOut(cfg ExpertVsFlexibleConfig, task *datasets.XRayTask) (val, test nn.Data, err error) {
	if val, err = task.Sample(cfg.ValSamples, cfg.Seed*1_000_003+1); err != nil {
		return val, test, err
	}
	test, err = task.Sample(cfg.TestSamples, cfg.Seed*1_000_003+2)
	return val, test, err
}

// expertView is what one model sees of the rows: the columns it uses, through the true
// form's features when it knows the form.
func expertView(task *datasets.XRayTask, m expertModel, d nn.Data) (nn.Data, error) {
	switch {
	case m.cols == nil:
		return d, nil
	case m.form:
		return task.XRayTrueForm(d, m.cols)
	}
	return datasets.XRayColumns(d, m.cols)
}

// expertPoint draws one training set and trains every model on it.
func expertPoint(ctx context.Context, cfg ExpertVsFlexibleConfig, task *datasets.XRayTask, models []expertModel, n, seed int, val, test nn.Data, threads int) ([]ExpertVsFlexibleRun, error) {
	rowSeed := cfg.Seed*1_000_003 + 1000 + uint64(seed)
	train, err := task.Sample(n, rowSeed)
	if err != nil {
		return nil, err
	}
	var runs []ExpertVsFlexibleRun
	for m, model := range models {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var tr, va, te nn.Data
		if tr, err = expertView(task, model, train); err != nil {
			return nil, err
		}
		if va, err = expertView(task, model, val); err != nil {
			return nil, err
		}
		if te, err = expertView(task, model, test); err != nil {
			return nil, err
		}
		var net *nn.Network
		lr, wd := cfg.FlexibleLR, cfg.WeightDecay
		netSeed := rowSeed*31 + uint64(m)
		if model.cols != nil {
			// Logistic regression: one linear layer into the two logits.
			net, err = nn.New(tr.Dim, []nn.LayerSpec{{Out: 2, Act: nn.Identity, Init: nn.InitGlorotUniform}}, netSeed)
			lr, wd = cfg.ExpertLR, 0
		} else {
			net, err = nn.MLP(append(append([]int{cfg.Variables}, cfg.Hidden...), 2), nn.ReLU, nn.InitHeNormal, netSeed)
		}
		if err != nil {
			return nil, err
		}
		net.Threads = threads
		r, err := expertTrain(cfg, net, tr, va, te, lr, wd, rowSeed)
		if err != nil {
			return nil, fmt.Errorf("%s, %d rows, seed %d: %w", model.name, n, seed, err)
		}
		r.Model, r.Missing, r.N, r.Seed = model.name, model.missing, n, seed
		runs = append(runs, r)
	}
	return runs, nil
}

// expertTrain trains net with early stopping and returns the test error and FLOPs at the
// best validation error.
func expertTrain(cfg ExpertVsFlexibleConfig, net *nn.Network, train, val, test nn.Data, lr, wd float64, seed uint64) (ExpertVsFlexibleRun, error) {
	r := ExpertVsFlexibleRun{Params: net.NumParams(), ValError: math.Inf(1)}
	batch := min(cfg.Batch, train.Len())
	steps := max(cfg.MinSteps, cfg.Epochs*((train.Len()+batch-1)/batch))
	opt := nn.Adam(lr)
	opt.WeightDecay = wd
	stopping := nn.EarlyStopping{Patience: cfg.Patience}
	var evalErr error
	_, err := net.Train(train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: batch, Steps: steps, Seed: seed,
		Precision: cfg.Precision, Eval: &val, EvalEvery: max(1, steps/cfg.Evals),
		OnEval: func(e nn.EvalInfo) bool {
			v := 1 - e.Accuracy
			improved, goOn := stopping.Observe(e.Step, v)
			if improved {
				_, acc, err := net.Evaluate(test, nn.SoftmaxCrossEntropy)
				if err != nil {
					evalErr = err
					return false
				}
				r.ValError, r.TestError, r.FLOPs, r.Steps = v, 1-acc, e.FLOPs, e.Step
			}
			return goOn
		},
	})
	if err == nil {
		err = evalErr
	}
	r.TotalFLOPs = net.FLOPs.Total()
	return r, err
}
