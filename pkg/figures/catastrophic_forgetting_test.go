package figures

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// forgettingHandCurves builds curves for a sequence of tasks of 2 epochs each, measured at
// the start and end of every epoch: task t starts at chance, rises to top[t] while it
// trains, then moves toward keep[t]·top[t] over each later task.
func forgettingHandCurves(top, keep []float64) []claims.ForgettingCurve {
	var out []claims.ForgettingCurve
	for t := range top {
		c := claims.ForgettingCurve{Task: t}
		acc := 0.1
		for stage := t; stage < len(top); stage++ {
			for e := 0; e <= 2; e++ {
				c.Epochs = append(c.Epochs, float64(2*stage+e))
				switch {
				case stage == t:
					acc = 0.1 + (top[t]-0.1)*float64(e)/2
				case e > 0:
					acc -= (1 - keep[t]) * top[t] / float64(2*(len(top)-1-t))
				}
				c.Accuracy = append(c.Accuracy, acc)
				c.AccLow = append(c.AccLow, acc-0.01)
				c.AccHigh = append(c.AccHigh, acc+0.01)
			}
		}
		out = append(out, c)
	}
	return out
}

// forgettingHandSetup is a sequence where plain fine-tuning keeps plainKeep of A and EWC 0.95.
func forgettingHandSetup(key, name string, tasks []string, heads []int, plainKeep float64) claims.ForgettingSetup {
	s := claims.ForgettingSetup{Key: key, Name: name, Tasks: tasks, Heads: heads, Chance: 0.1,
		FisherWeights: []float64{3e-4, 2.5e-4, 4e-3}, FisherBiases: []float64{2e-3, 1e-3, 1.2e-2}, FisherZero: []float64{0.3, 0.05, 0}}
	top := make([]float64, len(tasks))
	for t := range top {
		top[t] = 0.95 - 0.1*float64(t%2)
	}
	s.Scratch = top
	keeps := map[string]float64{claims.ForgettingPlain: plainKeep, claims.ForgettingFrozen: plainKeep * 0.8, claims.ForgettingL2: 0.7, claims.ForgettingEWC: 0.95}
	lambdas := map[string]float64{claims.ForgettingL2: 0.1, claims.ForgettingEWC: 1000}
	for _, m := range claims.ForgettingMethods {
		keep := make([]float64, len(tasks))
		for t := range keep {
			keep[t] = keeps[m]
		}
		sum := claims.ForgettingSummary{Method: m, Lambda: lambdas[m], Curves: forgettingHandCurves(top, keep),
			Retained: keeps[m], RetainedLow: keeps[m] - 0.03, RetainedHigh: keeps[m] + 0.03, RetainedAfterB: (1 + keeps[m]) / 2, Learned: 0.97}
		for k := range tasks {
			var row []float64
			for t := 0; t <= k; t++ {
				row = append(row, sum.Curves[t].Accuracy[len(sum.Curves[t].Accuracy)-1-2*(len(tasks)-1-k)])
			}
			sum.Test = append(sum.Test, row)
			kept := 1 - (1-keeps[m])*float64(k)/float64(max(1, len(tasks)-1))
			sum.KeptAfter = append(sum.KeptAfter, claims.SeedInterval{Seeds: 2, Mean: kept, Low: kept - 0.04, High: kept + 0.04})
			avg := (0.95 + 0.1 + 0.8*kept) / 2
			sum.AverageAfter = append(sum.AverageAfter, claims.SeedInterval{Seeds: 2, Mean: avg, Low: avg - 0.02, High: avg + 0.02})
		}
		s.Methods = append(s.Methods, sum)
	}
	s.LR = 0.1
	s.Selections = []claims.ForgettingSelection{{Method: claims.ForgettingL2, Lambda: 0.1}, {Method: claims.ForgettingEWC, Lambda: 1000, Grown: 1}}
	for i, l := range []float64{0.01, 0.1, 1} {
		s.Sweep = append(s.Sweep, claims.ForgettingSweepPoint{Method: claims.ForgettingL2, Lambda: l, AAfterB: 0.6 + 0.15*float64(i), BAfterB: 0.85 - 0.2*float64(i), NewTask: 1 - 0.1*float64(i), Selected: i == 1})
	}
	for i, l := range []float64{10, 100, 1000, 10000, 100000} {
		s.Sweep = append(s.Sweep, claims.ForgettingSweepPoint{Method: claims.ForgettingEWC, Lambda: l, AAfterB: 0.6 + 0.08*float64(i), BAfterB: 0.85 - 0.02*float64(i),
			Retained: 0.5 + 0.1*float64(i), NewTask: 1.01 - 0.015*float64(i*i), Added: i == 4, Selected: i == 3})
	}
	return s
}

func fixedForgettingResult() claims.CatastrophicForgettingResult {
	cfg := claims.CatastrophicForgetting.Config(claims.Full)
	cfg.Seeds = 2
	r := claims.CatastrophicForgettingResult{Config: cfg, Verdict: claims.Verdict{Outcome: claims.PartlyReproduced}}
	r.Setups = []claims.ForgettingSetup{
		forgettingHandSetup(claims.ForgettingPermuted, "permuted MNIST", []string{"MNIST", "permutation 1", "permutation 2"}, []int{0, 0, 0}, 0.9),
		forgettingHandSetup(claims.ForgettingSplit, "split MNIST, class-incremental", []string{"digits 0/1", "digits 2/3", "digits 4/5", "digits 6/7", "digits 8/9"}, []int{0, 0, 0, 0, 0}, 0.1),
		forgettingHandSetup(claims.ForgettingDomainShared, "digits → garments, one shared head", []string{"MNIST digits", "Fashion-MNIST garments"}, []int{0, 0}, 0.35),
		forgettingHandSetup(claims.ForgettingDomainHeads, "digits → garments, a head per task", []string{"MNIST digits", "Fashion-MNIST garments"}, []int{0, 1}, 0.97),
	}
	lr := forgettingHandSetup(claims.ForgettingLRKey(0.01), "permuted MNIST at learning rate 0.01", []string{"MNIST", "permutation 1", "permutation 2"}, []int{0, 0, 0}, 0.97)
	lr.LR, lr.Methods = 0.01, lr.Methods[:1]
	r.LRSweep = []claims.ForgettingSetup{lr}
	return r
}

func TestCatastrophicForgettingGolden(t *testing.T) {
	figs, err := CatastrophicForgetting(fixedForgettingResult())
	if len(figs) != 20 {
		t.Fatalf("%d figures, want 20 (kept, 4 methods, 3 sequence curves, 4 retentions, learning rates, λ, split vs permuted, 4 trade-offs, Fisher)", len(figs))
	}
	checkGolden(t, figs, err)
}

func TestCatastrophicForgettingRejectsEmpty(t *testing.T) {
	if _, err := CatastrophicForgetting(claims.CatastrophicForgettingResult{}); err == nil {
		t.Error("an empty result drew figures")
	}
	r := fixedForgettingResult()
	r.Setups[1].Methods = r.Setups[1].Methods[:2]
	if _, err := CatastrophicForgetting(r); err == nil {
		t.Error("a sequence with missing methods drew figures")
	}
}
