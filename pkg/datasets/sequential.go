package datasets

import (
	"fmt"
	"math/rand/v2"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// SequentialTask is one task of a continual-learning sequence (catastrophic forgetting): its
// training rows, held-out validation rows (drawn from the training images, for choosing
// hyperparameters) and test rows. Head says which output head the task uses: tasks that
// share a head share the label space (permuted MNIST: every task is "which digit"); tasks
// with different heads have their own output layer on a shared trunk.
type SequentialTask struct {
	Name              string
	Train, Val, Test  nn.Data
	Head              int
	Permutation       []int // pixel permutation applied to every image (nil: none)
	Classes           int
	ChanceAccuracy    float64 // 1/Classes
	SourceDescription string  // where the images come from, for notes and notebooks
}

// SequentialSizes is how many rows each task draws: training and validation rows from the
// training images (disjoint), test rows from the test images.
type SequentialSizes struct {
	Train, Val, Test int
}

func (s SequentialSizes) validate(trainTotal, testTotal int) error {
	switch {
	case s.Train < 1 || s.Val < 1 || s.Test < 1:
		return fmt.Errorf("datasets: task sizes train %d, val %d, test %d must all be positive", s.Train, s.Val, s.Test)
	case s.Train+s.Val > trainTotal:
		return fmt.Errorf("datasets: %d training + %d validation rows exceed the %d training images", s.Train, s.Val, trainTotal)
	case s.Test > testTotal:
		return fmt.Errorf("datasets: %d test rows exceed the %d test images", s.Test, testTotal)
	}
	return nil
}

// PermutedMNISTPermutation returns a seeded random permutation of dim pixel positions:
// pixel i of a permuted image is pixel perm[i] of the original.
func PermutedMNISTPermutation(dim int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	return rng.Perm(dim)
}

// PermutedMNISTApply returns a copy of d whose every row has its inputs permuted by perm
// (row'[i] = row[perm[i]]).
func PermutedMNISTApply(d nn.Data, perm []int) (nn.Data, error) {
	if len(perm) != d.Dim {
		return nn.Data{}, fmt.Errorf("datasets: permutation of %d positions for rows of %d inputs", len(perm), d.Dim)
	}
	seen := make([]bool, len(perm))
	for i, p := range perm {
		if p < 0 || p >= len(perm) || seen[p] {
			return nn.Data{}, fmt.Errorf("datasets: position %d of the permutation (%d) repeats or is out of range", i, p)
		}
		seen[p] = true
	}
	out := d
	out.X = make([]nn.Float, len(d.X))
	for r := 0; r < d.Len(); r++ {
		src, dst := d.Row(r), out.X[r*d.Dim:(r+1)*d.Dim]
		for i, p := range perm {
			dst[i] = src[p]
		}
	}
	return out, nil
}

// PermutedMNIST builds the permuted-MNIST sequence of Kirkpatrick et al. 2017 ("Overcoming
// catastrophic forgetting in neural networks", PNAS 114(13), fig. 2; after Goodfellow et al.
// 2013): task 1 is MNIST itself, every later task the same digits seen through its own fixed,
// seeded random permutation of the 784 pixels. Every task classifies the 10 digits with the
// same output head. All tasks use the same sampled images (the paper permutes all of MNIST
// for every task), so they are equally hard for a fully connected net, which ignores pixel
// order.
func PermutedMNIST(tasks int, sizes SequentialSizes, seed uint64) ([]SequentialTask, error) {
	if tasks < 1 {
		return nil, fmt.Errorf("datasets: permuted MNIST needs at least 1 task, asked for %d", tasks)
	}
	train, test, err := MNIST()
	if err != nil {
		return nil, err
	}
	if err := sizes.validate(train.N, test.N); err != nil {
		return nil, err
	}
	idx, err := SampleIndices(train.N, sizes.Train+sizes.Val, seed)
	if err != nil {
		return nil, err
	}
	base := [3]nn.Data{train.Data(idx[:sizes.Train]), train.Data(idx[sizes.Train:])}
	if base[2], err = test.Sample(sizes.Test, seed+1); err != nil {
		return nil, err
	}
	out := make([]SequentialTask, tasks)
	for t := range out {
		task := SequentialTask{
			Name: "MNIST", Train: base[0], Val: base[1], Test: base[2], Classes: 10, ChanceAccuracy: 0.1,
			SourceDescription: "MNIST digits (LeCun, Cortes & Burges)",
		}
		if t > 0 {
			task.Name = fmt.Sprintf("permutation %d", t)
			task.Permutation = PermutedMNISTPermutation(train.Dim(), seed*1000+uint64(t))
			var parts [3]nn.Data
			for i, d := range base {
				if parts[i], err = PermutedMNISTApply(d, task.Permutation); err != nil {
					return nil, err
				}
			}
			task.Train, task.Val, task.Test = parts[0], parts[1], parts[2]
			task.SourceDescription = "MNIST digits with a fixed random pixel permutation"
		}
		out[t] = task
	}
	return out, nil
}

// MNISTThenFashion builds a two-task sequence closer to Torrent 2020's story (a model that
// recognised traffic signs is retrained to recognise the colours of traffic lights): task 1
// classifies MNIST digits, task 2 Fashion-MNIST garments (Xiao, Rasul & Vollgraf 2017). Both
// are 28×28 greyscale images, so a net's input is the same; what the images show and what
// the labels mean differ. With sharedHead the garments reuse the digits' 10 outputs (label k
// means digit k in task 1 and garment k in task 2: the same model simply retrained on the
// new data); otherwise each task has its own head (Head 0 and 1) on a shared trunk.
func MNISTThenFashion(sizes SequentialSizes, sharedHead bool, seed uint64) ([]SequentialTask, error) {
	var out []SequentialTask
	for i, load := range []func() (*ImageSet, *ImageSet, error){MNIST, FashionMNIST} {
		head := i
		if sharedHead {
			head = 0
		}
		train, test, err := load()
		if err != nil {
			return nil, err
		}
		if err := sizes.validate(train.N, test.N); err != nil {
			return nil, err
		}
		idx, err := SampleIndices(train.N, sizes.Train+sizes.Val, seed+uint64(i)*7919)
		if err != nil {
			return nil, err
		}
		t := SequentialTask{
			Name: "MNIST digits", Train: train.Data(idx[:sizes.Train]), Val: train.Data(idx[sizes.Train:]),
			Head: head, Classes: 10, ChanceAccuracy: 0.1, SourceDescription: "MNIST digits (LeCun, Cortes & Burges)",
		}
		if t.Test, err = test.Sample(sizes.Test, seed+1+uint64(i)*7919); err != nil {
			return nil, err
		}
		if i == 1 {
			t.Name, t.SourceDescription = "Fashion-MNIST garments", "Fashion-MNIST garments (Xiao, Rasul & Vollgraf 2017)"
		}
		out = append(out, t)
	}
	return out, nil
}
