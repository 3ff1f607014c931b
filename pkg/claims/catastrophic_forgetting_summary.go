package claims

import (
	"fmt"
	"math"
	"slices"
)

// forgettingSummarise picks each penalty method's λ on the current tasks' validation rows
// (forgettingSelectLambda) and summarises the runs of every method over seeds.
func forgettingSummarise(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, starts []forgettingStart, runs []ForgettingRun) (ForgettingSetup, error) {
	s := ForgettingSetup{Key: seq.key, Name: seq.name, LR: seq.lr, Runs: runs, Chance: seq.tasks[0].ChanceAccuracy}
	for _, t := range seq.tasks {
		s.Tasks = append(s.Tasks, t.Name)
		s.Heads = append(s.Heads, t.Head)
	}

	// From-scratch reference per task and seed; task 0's (and, for tasks as hard as A, every
	// task's) is task A's net after training it.
	scratch := make([][]float64, len(seq.tasks))
	for t := range scratch {
		scratch[t] = make([]float64, cfg.Seeds)
		for k, st := range starts {
			if t == 0 || seq.sameTasks {
				scratch[t][k] = st.test
			}
		}
	}
	for _, r := range runs {
		if r.Method == ForgettingScratch {
			scratch[r.Task][r.Seed] = r.Test[0][0]
		}
	}
	s.Scratch = make([]float64, len(seq.tasks))
	for t := range scratch {
		s.Scratch[t] = forgettingMean(scratch[t])
	}

	// Fisher information per layer after task A, mean over seeds.
	sizes := append(append([]int{seq.tasks[0].Train.Dim}, cfg.Hidden...), 10)
	for _, st := range starts {
		if st.fisher == nil {
			break
		}
		w, b, z := forgettingFisherLayers(sizes, st.fisher)
		if s.FisherWeights == nil {
			s.FisherWeights, s.FisherBiases, s.FisherZero = make([]float64, len(w)), make([]float64, len(b)), make([]float64, len(z))
		}
		for l := range w {
			s.FisherWeights[l] += w[l] / float64(len(starts))
			s.FisherBiases[l] += b[l] / float64(len(starts))
			s.FisherZero[l] += z[l] / float64(len(starts))
		}
	}

	summary := func(method string, lambda float64) (ForgettingSummary, error) {
		var group []ForgettingRun
		for _, r := range runs {
			if r.Method == method && r.Lambda == lambda {
				group = append(group, r)
			}
		}
		if len(group) != cfg.Seeds {
			return ForgettingSummary{}, fmt.Errorf("%s: %s λ %g has %d runs for %d seeds", seq.name, method, lambda, len(group), cfg.Seeds)
		}
		slices.SortFunc(group, func(a, b ForgettingRun) int { return a.Seed - b.Seed })
		return forgettingAverage(method, lambda, group, scratch, s.Chance), nil
	}
	methods := ForgettingMethods
	if seq.plainOnly {
		methods = []string{ForgettingPlain}
	}
	chosen := map[string]float64{}
	for _, method := range []string{ForgettingL2, ForgettingEWC} {
		if seq.plainOnly {
			break
		}
		initial := cfg.L2Lambdas
		if method == ForgettingEWC {
			initial = cfg.EWCLambdas
		}
		points := forgettingGrid(method, s.Chance, runs)
		sel := forgettingSelection(method, points, initial)
		chosen[method] = sel.Lambda
		s.Selections = append(s.Selections, sel)
		for _, p := range points {
			sum, err := summary(method, p.Lambda)
			if err != nil {
				return s, err
			}
			p.AAfterB, p.BAfterB, p.Retained, p.Learned = sum.Test[1][0], sum.Test[1][1], sum.Retained, sum.Learned
			p.Added = !slices.Contains(initial, p.Lambda)
			p.Selected = p.Lambda == sel.Lambda
			s.Sweep = append(s.Sweep, p)
		}
	}
	for _, method := range methods {
		sum, err := summary(method, chosen[method])
		if err != nil {
			return s, err
		}
		s.Methods = append(s.Methods, sum)
	}
	if !seq.plainOnly {
		s.PlainLosesMost, s.Testable, s.FrozenMitigates, s.EWCKeepsAndLearns = forgettingCriteria(forgettingSetupScores(s, -1))
	} else {
		s.PlainLosesMost = s.Methods[0].Retained < forgettingLosesMost
	}
	return s, nil
}

// forgettingAverage summarises the runs of one method (one per seed, in seed order) with
// 95% t-intervals over seeds; scratch[t][k] is seed k's from-scratch accuracy on task t.
func forgettingAverage(method string, lambda float64, runs []ForgettingRun, scratch [][]float64, chance float64) ForgettingSummary {
	sum := ForgettingSummary{Method: method, Lambda: lambda}
	first := runs[0]
	perSeed := func(f func(r ForgettingRun) float64) SeedInterval {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = f(r)
		}
		return NewSeedInterval(xs)
	}
	for k, row := range first.Test {
		mean, lo, hi := make([]float64, len(row)), make([]float64, len(row)), make([]float64, len(row))
		for s := range row {
			iv := perSeed(func(r ForgettingRun) float64 { return r.Test[k][s] })
			mean[s], lo[s], hi[s] = iv.Mean, iv.Low, iv.High
		}
		sum.Test, sum.Low, sum.High = append(sum.Test, mean), append(sum.Low, lo), append(sum.High, hi)
	}
	last := len(first.Test) - 1
	// A share of nothing is undefined: a task not learnt above chance keeps NaN.
	share := func(x, of float64) float64 {
		if !(of > chance) {
			return math.NaN()
		}
		return (x - chance) / (of - chance)
	}
	retained := func(test [][]float64, after int) float64 { return share(test[after][0], test[0][0]) }
	for _, r := range runs {
		sum.RetainedSeeds = append(sum.RetainedSeeds, retained(r.Test, last))
		learned := math.Inf(1)
		for t := 1; t <= last; t++ {
			learned = min(learned, share(r.Test[t][t], scratch[t][r.Seed]))
		}
		sum.LearnedSeeds = append(sum.LearnedSeeds, learned)
	}
	iv := NewSeedInterval(sum.RetainedSeeds)
	sum.Retained, sum.RetainedLow, sum.RetainedHigh = iv.Mean, iv.Low, iv.High
	sum.RetainedAfterB = perSeed(func(r ForgettingRun) float64 { return retained(r.Test, 1) }).Mean
	for k := range first.Test {
		sum.KeptAfter = append(sum.KeptAfter, perSeed(func(r ForgettingRun) float64 { return retained(r.Test, k) }))
		sum.AverageAfter = append(sum.AverageAfter, perSeed(func(r ForgettingRun) float64 { return forgettingMean(r.Test[k]) }))
	}
	sum.Learned = forgettingMean(sum.LearnedSeeds)
	for c, curve := range first.Curves {
		m := ForgettingCurve{Task: curve.Task, Epochs: curve.Epochs, Accuracy: make([]float64, len(curve.Accuracy)),
			AccLow: make([]float64, len(curve.Accuracy)), AccHigh: make([]float64, len(curve.Accuracy))}
		for i := range curve.Accuracy {
			iv := perSeed(func(r ForgettingRun) float64 { return r.Curves[c].Accuracy[i] })
			m.Accuracy[i], m.AccLow[i], m.AccHigh[i] = iv.Mean, iv.Low, iv.High
		}
		sum.Curves = append(sum.Curves, m)
	}
	return sum
}

func forgettingMean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
