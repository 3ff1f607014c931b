package nn_test

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// Train a small ReLU network on XOR (the problem a single perceptron cannot solve), then
// count what the training cost in floating-point operations.
func ExampleNetwork_Train() {
	xor := nn.Data{
		X:      []nn.Float{0, 0, 0, 1, 1, 0, 1, 1},
		Dim:    2,
		Labels: []int{0, 1, 1, 0}, Classes: 2,
	}
	net, err := nn.MLP([]int{2, 16, 2}, nn.ReLU, nn.InitHeNormal, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := net.Train(xor, nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(0.05), BatchSize: 4, Epochs: 300, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, acc, err := net.Evaluate(xor, nn.SoftmaxCrossEntropy)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d steps, accuracy %.0f%%, %d parameters, %.3g training FLOPs\n", h.Steps, 100*acc, net.NumParams(), float64(net.FLOPs.Total()))
	// Output:
	// 300 steps, accuracy 100%, 82 parameters, 7.84e+05 training FLOPs
}

// Stop training once the validation error has not improved for Patience evaluations in a
// row, keeping the best checkpoint's numbers.
func ExampleEarlyStopping() {
	stopping := nn.EarlyStopping{Patience: 2}
	for step, valError := range []float64{0.30, 0.20, 0.15, 0.16, 0.15, 0.17} {
		improved, goOn := stopping.Observe(step, valError)
		fmt.Printf("step %d: error %.2f, new best %v, go on %v\n", step, valError, improved, goOn)
		if !goOn {
			break
		}
	}
	fmt.Printf("best %.2f at step %d\n", stopping.Best, stopping.BestStep)
	// Output:
	// step 0: error 0.30, new best true, go on true
	// step 1: error 0.20, new best true, go on true
	// step 2: error 0.15, new best true, go on true
	// step 3: error 0.16, new best false, go on true
	// step 4: error 0.15, new best false, go on false
	// best 0.15 at step 2
}
