package datasets

import (
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

func TestPermutedMNISTApply(t *testing.T) {
	d := nn.Data{X: []nn.Float{1, 2, 3, 4, 5, 6}, Dim: 3, Labels: []int{0, 1}, Classes: 2}
	p, err := PermutedMNISTApply(d, []int{2, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []nn.Float{3, 1, 2, 6, 4, 5}
	for i, v := range want {
		if p.X[i] != v {
			t.Fatalf("permuted rows %v, want %v", p.X, want)
		}
	}
	if d.X[0] != 1 || &p.Labels[0] != &d.Labels[0] {
		t.Error("the input was modified, or the labels copied needlessly")
	}
	for _, bad := range [][]int{{0, 1}, {0, 0, 1}, {0, 1, 3}} {
		if _, err := PermutedMNISTApply(d, bad); err == nil {
			t.Errorf("permutation %v accepted", bad)
		}
	}
}

// TestPermutedMNIST checks the sequence of Kirkpatrick et al.'s figure 2A: task 1 is MNIST
// as it is, later tasks show the same images through distinct fixed permutations (every
// pixel value kept, only moved), all with the digit labels and one head.
func TestPermutedMNIST(t *testing.T) {
	sizes := SequentialSizes{Train: 50, Val: 20, Test: 30}
	tasks, err := PermutedMNIST(3, sizes, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 3 || tasks[0].Permutation != nil {
		t.Fatalf("%d tasks; the first must be unpermuted", len(tasks))
	}
	train, _, _ := MNIST()
	idx, _ := SampleIndices(train.N, 70, 4)
	plain := train.Data(idx[:50])
	for i, v := range plain.X {
		if tasks[0].Train.X[i] != v {
			t.Fatal("task 1 is not the sampled MNIST images as they are")
		}
	}
	for k, task := range tasks {
		if task.Head != 0 || task.Classes != 10 || task.Train.Len() != 50 || task.Val.Len() != 20 || task.Test.Len() != 30 {
			t.Errorf("task %d: head %d, %d classes, sizes %d/%d/%d", k, task.Head, task.Classes, task.Train.Len(), task.Val.Len(), task.Test.Len())
		}
		for r := range task.Train.Labels {
			if task.Train.Labels[r] != tasks[0].Train.Labels[r] {
				t.Fatalf("task %d relabels row %d", k, r)
			}
		}
		if k == 0 {
			continue
		}
		moved := 0
		for i, p := range task.Permutation {
			if p != i {
				moved++
			}
			if task.Test.X[5*784+i] != tasks[0].Test.X[5*784+p] {
				t.Fatalf("task %d pixel %d is not pixel %d of the original", k, i, p)
			}
		}
		if moved < 700 {
			t.Errorf("task %d's permutation moves only %d of 784 pixels", k, moved)
		}
	}
	if tasks[1].Permutation[0] == tasks[2].Permutation[0] && tasks[1].Permutation[1] == tasks[2].Permutation[1] {
		t.Error("tasks 2 and 3 look like the same permutation")
	}
	again, _ := PermutedMNIST(3, sizes, 4)
	if again[2].Permutation[17] != tasks[2].Permutation[17] {
		t.Error("the same seed gave another permutation")
	}
	if _, err := PermutedMNIST(2, SequentialSizes{Train: 59990, Val: 20, Test: 10}, 1); err == nil || !strings.Contains(err.Error(), "exceed") {
		t.Errorf("oversized request: %v", err)
	}
}

func TestMNISTThenFashion(t *testing.T) {
	sizes := SequentialSizes{Train: 40, Val: 10, Test: 20}
	for _, shared := range []bool{true, false} {
		tasks, err := MNISTThenFashion(sizes, shared, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 2 || !strings.Contains(tasks[1].Name, "Fashion") {
			t.Fatalf("tasks %+v", tasks)
		}
		wantHead := 1
		if shared {
			wantHead = 0
		}
		if tasks[0].Head != 0 || tasks[1].Head != wantHead {
			t.Errorf("shared=%v: heads %d, %d", shared, tasks[0].Head, tasks[1].Head)
		}
		if tasks[1].Train.Dim != 784 || tasks[1].Train.Classes != 10 {
			t.Errorf("garments: %d inputs, %d classes", tasks[1].Train.Dim, tasks[1].Train.Classes)
		}
	}
}
