package claims

import (
	"errors"
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// OverparamMLPParams is the parameter count of the one-hidden-layer MLP the two claims train:
// in·width + width weights and biases into the hidden layer, width·out + out into the output.
func OverparamMLPParams(in, width, out int) int { return in*width + width + width*out + out }

// overparamMLPSpec is how one MLP is trained.
type overparamMLPSpec struct {
	Width     int
	Loss      nn.Loss // MSE trains on the one-hot Y, cross-entropy on the labels
	LR        float64 // Adam's step size
	BatchSize int
	Steps     int
	// CurveEvery, if positive, records the mean training loss every that many steps.
	CurveEvery int
	// TestEvery, if positive, records the test 0-1 error every that many steps.
	TestEvery int
	Seed      uint64
	Threads   int
	Precision nn.Precision
}

// overparamMLPRun is one trained MLP.
type overparamMLPRun struct {
	TrainError, TestError float64 // 0-1 error on the labels it was trained on, and on the test labels
	TrainLoss, TestLoss   float64
	CurveSteps, Curve     []float64 // mean training loss over each CurveEvery steps
	TestSteps, TestCurve  []float64 // test 0-1 error every TestEvery steps
	FLOPs                 int64     // training FLOPs counted by the loop
}

// overparamTrainMLP trains a one-hidden-layer ReLU MLP (He initialisation, linear output)
// with Adam and scores it. A diverged run is an error: with Adam at the rates used here it
// means the configuration is wrong, not that the net is too wide.
func overparamTrainMLP(s overparamMLPSpec, train, test nn.Data) (overparamMLPRun, error) {
	var r overparamMLPRun
	n, err := nn.MLP([]int{train.Dim, s.Width, train.Classes}, nn.ReLU, nn.InitHeNormal, s.Seed)
	if err != nil {
		return r, err
	}
	n.Threads = s.Threads
	var sum float64
	var count int
	cfg := nn.TrainConfig{
		Loss: s.Loss, Optimizer: nn.Adam(s.LR), BatchSize: s.BatchSize, Steps: s.Steps, Seed: s.Seed, Precision: s.Precision,
		OnStep: func(st nn.StepInfo) bool {
			if s.CurveEvery > 0 {
				sum += st.Loss
				count++
				if st.Step%s.CurveEvery == 0 {
					r.CurveSteps = append(r.CurveSteps, float64(st.Step))
					r.Curve = append(r.Curve, sum/float64(count))
					sum, count = 0, 0
				}
			}
			return true
		},
	}
	if s.TestEvery > 0 {
		cfg.Eval, cfg.EvalEvery = &test, s.TestEvery
		cfg.OnEval = func(e nn.EvalInfo) bool {
			r.TestSteps = append(r.TestSteps, float64(e.Step))
			r.TestCurve = append(r.TestCurve, 1-e.Accuracy)
			return true
		}
	}
	if _, err := n.Train(train, cfg); err != nil {
		if errors.Is(err, nn.ErrDiverged) {
			return r, fmt.Errorf("width %d: %w (lower the learning rate %g)", s.Width, err, s.LR)
		}
		return r, fmt.Errorf("width %d: %w", s.Width, err)
	}
	r.FLOPs = n.FLOPs.Total()
	var acc float64
	if r.TrainLoss, acc, err = n.Evaluate(train, s.Loss); err != nil {
		return r, err
	}
	r.TrainError = 1 - acc
	if r.TestLoss, acc, err = n.Evaluate(test, s.Loss); err != nil {
		return r, err
	}
	r.TestError = 1 - acc
	return r, nil
}
