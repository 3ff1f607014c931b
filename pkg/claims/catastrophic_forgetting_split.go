package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// forgettingSplitTasks is the length of split MNIST: the ten digits in five pairs.
const forgettingSplitTasks = 5

// forgettingSplitMNIST builds class-incremental split MNIST (Zenke, Poole & Ganguli 2017,
// "Continual learning through synaptic intelligence", ICML; the class-incremental scenario of
// van de Ven & Tolias 2019, "Three scenarios for continual learning", arXiv:1904.07734): task
// k shows only the digits 2k and 2k+1, every task through one shared 10-way output layer, and
// the net is tested on each task's digits among all ten outputs, so it must tell a 0 from a 3
// without ever having seen them together. van de Ven & Tolias report that EWC there is barely
// better than plain fine-tuning (their Table 4), the harder benchmark for the claim.
//
// The training and validation rows are the images of each pair among sizes.Train + sizes.Val
// rows sampled from MNIST's training images (so each task gets about a fifth of them); the
// test rows are up to sizes.Test of MNIST's test images of the pair.
func forgettingSplitMNIST(sizes datasets.SequentialSizes, seed uint64) ([]datasets.SequentialTask, error) {
	train, test, err := datasets.MNIST()
	if err != nil {
		return nil, err
	}
	if sizes.Train < 1 || sizes.Val < 1 || sizes.Test < 1 || sizes.Train+sizes.Val > train.N {
		return nil, fmt.Errorf("split MNIST: sizes train %d, val %d, test %d for %d training images", sizes.Train, sizes.Val, sizes.Test, train.N)
	}
	idx, err := datasets.SampleIndices(train.N, sizes.Train+sizes.Val, seed+17)
	if err != nil {
		return nil, err
	}
	order, err := datasets.SampleIndices(test.N, test.N, seed+18)
	if err != nil {
		return nil, err
	}
	pairOf := func(label byte) int { return int(label) / 2 }
	out := make([]datasets.SequentialTask, forgettingSplitTasks)
	for k := range out {
		var tr, va, te []int
		for i, r := range idx {
			if pairOf(train.Labels[r]) != k {
				continue
			}
			if i < sizes.Train {
				tr = append(tr, r)
			} else {
				va = append(va, r)
			}
		}
		for _, r := range order {
			if pairOf(test.Labels[r]) == k && len(te) < sizes.Test {
				te = append(te, r)
			}
		}
		if len(tr) == 0 || len(va) == 0 || len(te) == 0 {
			return nil, fmt.Errorf("split MNIST: digits %d and %d get %d training, %d validation and %d test rows; sample more", 2*k, 2*k+1, len(tr), len(va), len(te))
		}
		out[k] = datasets.SequentialTask{
			Name:  fmt.Sprintf("digits %d/%d", 2*k, 2*k+1),
			Train: train.Data(tr), Val: train.Data(va), Test: test.Data(te),
			Classes: 10, ChanceAccuracy: 0.1,
			SourceDescription: fmt.Sprintf("MNIST digits %d and %d (LeCun, Cortes & Burges), answered among all ten", 2*k, 2*k+1),
		}
	}
	return out, nil
}
