package claims

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// forgettingHandRuns builds runs of one method at λ whose new task (B) reaches val on its
// validation rows right after training it, for two seeds.
func forgettingHandRuns(method string, lambda, val float64) []ForgettingRun {
	var out []ForgettingRun
	for k := 0; k < 2; k++ {
		out = append(out, ForgettingRun{Method: method, Lambda: lambda, Seed: k, Val: [][]float64{{0.9}, {0.5, val}}})
	}
	return out
}

// TestForgettingLambdaSelection checks the choice of λ on current-task data: the largest λ
// whose new task keeps 95% of plain fine-tuning's above-chance accuracy, and a grid grown at
// whichever end that λ sits, until it is inside.
func TestForgettingLambdaSelection(t *testing.T) {
	plain := forgettingHandRuns(ForgettingPlain, 0, 0.9) // above chance: 0.8
	grid := func(vals map[float64]float64) []ForgettingRun {
		runs := append([]ForgettingRun(nil), plain...)
		for l, v := range vals {
			runs = append(runs, forgettingHandRuns(ForgettingEWC, l, v)...)
		}
		return runs
	}
	for _, tc := range []struct {
		name      string
		vals      map[float64]float64
		want      float64
		grow      []float64
		wantInner bool
	}{
		// 0.1 + 0.95·0.8 = 0.86 is the bar.
		{"inside", map[float64]float64{1: 0.9, 10: 0.87, 100: 0.5}, 10, nil, true},
		{"every λ learns: grow upward", map[float64]float64{1: 0.9, 10: 0.9}, 10, []float64{100}, false},
		{"none learns: grow downward", map[float64]float64{1: 0.8, 10: 0.5}, 1, []float64{0.1}, false},
		{"the smallest is chosen: grow downward", map[float64]float64{1: 0.88, 10: 0.5}, 1, []float64{0.1}, false},
	} {
		runs := grid(tc.vals)
		points := forgettingGrid(ForgettingEWC, 0.1, runs)
		sel := forgettingSelection(ForgettingEWC, points, []float64{1, 10, 100})
		if sel.Lambda != tc.want || sel.AtEdge == tc.wantInner {
			t.Errorf("%s: chose λ %g (at edge %v), want %g (inside %v)", tc.name, sel.Lambda, sel.AtEdge, tc.want, tc.wantInner)
		}
		seqs := []forgettingSequenceData{{tasks: []datasets.SequentialTask{{ChanceAccuracy: 0.1}, {ChanceAccuracy: 0.1}}}}
		var jobs []forgettingJob
		for _, r := range runs {
			jobs = append(jobs, forgettingJob{method: r.Method, lambda: r.Lambda, seed: r.Seed})
		}
		var grown []float64
		for _, j := range forgettingGrowJobs(CatastrophicForgettingConfig{Seeds: 2}, seqs, jobs, runs) {
			if j.method == ForgettingEWC && j.seed == 0 {
				grown = append(grown, j.lambda)
			}
		}
		if len(grown) != len(tc.grow) || (len(grown) == 1 && grown[0] != tc.grow[0]) {
			t.Errorf("%s: grid grows by %v, want %v", tc.name, grown, tc.grow)
		}
	}
}

// TestForgettingSplitMNIST checks the class-incremental tasks: task k holds only the digits
// 2k and 2k+1, in training, validation and test rows, with a 10-way chance level.
func TestForgettingSplitMNIST(t *testing.T) {
	tasks, err := forgettingSplitMNIST(datasets.SequentialSizes{Train: 1000, Val: 200, Test: 50}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 5 {
		t.Fatalf("%d tasks, want 5", len(tasks))
	}
	rows := 0
	for k, task := range tasks {
		for part, d := range map[string][]int{"train": task.Train.Labels, "val": task.Val.Labels, "test": task.Test.Labels} {
			if len(d) == 0 {
				t.Errorf("task %d has no %s rows", k, part)
			}
			for _, y := range d {
				if y/2 != k {
					t.Fatalf("task %d's %s rows hold digit %d", k, part, y)
				}
			}
		}
		if task.Head != 0 || task.ChanceAccuracy != 0.1 || task.Test.Len() > 50 {
			t.Errorf("task %d: head %d, chance %v, %d test rows", k, task.Head, task.ChanceAccuracy, task.Test.Len())
		}
		rows += task.Train.Len()
	}
	if rows != 1000 {
		t.Errorf("the tasks share %d training rows, want all 1000", rows)
	}
}
