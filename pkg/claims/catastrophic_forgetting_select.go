package claims

import (
	"math"
	"slices"
)

// forgettingSelectKeepsNew is how the penalty strength λ of EWC (and of the L2 pull) is
// chosen without looking at any old task's data, which a learner facing task B no longer has:
// the largest λ at which every task after A, right after training it, still reaches at least
// this share of plain fine-tuning's above-chance accuracy on that task's own held-out
// validation rows. The penalty is there to protect old tasks, and the only cost it can be
// charged with on current data is what it takes from the new task; 0.95 gives up at most 5%
// of it (the accuracy-drop margin of De Lange et al. 2021, "A continual learning survey:
// defying forgetting in classification tasks", IEEE TPAMI 44(7), §5.2, which likewise
// decays the stability weight until the new task is learnt well enough).
const forgettingSelectKeepsNew = 0.95

// ForgettingSelectKeepsNew is forgettingSelectKeepsNew for figures and notebooks.
const ForgettingSelectKeepsNew = forgettingSelectKeepsNew

// forgettingGridFactor is the step by which a λ grid grows at an end: one decade, the
// spacing of the grids themselves.
const forgettingGridFactor = 10

// forgettingNewTaskScore is a λ's selection score: the worst, over the tasks after A, of
// (mean val_t − chance)/(mean plain val_t − chance), where val_t is the accuracy on task t's
// validation rows right after training task t (seed means).
func forgettingNewTaskScore(runs, plain []ForgettingRun, chance float64) float64 {
	if len(runs) == 0 || len(plain) == 0 {
		return math.NaN()
	}
	score := math.Inf(1)
	for t := 1; t < len(runs[0].Val); t++ {
		var v, p float64
		for _, r := range runs {
			v += r.Val[t][t] / float64(len(runs))
		}
		for _, r := range plain {
			p += r.Val[t][t] / float64(len(plain))
		}
		score = min(score, (v-chance)/(p-chance))
	}
	return score
}

// forgettingSelectLambda returns the index of the chosen λ among points of one method sorted
// by ascending λ: the largest whose NewTask score reaches forgettingSelectKeepsNew, or the
// smallest when none does (then the grid must grow downward).
func forgettingSelectLambda(points []ForgettingSweepPoint) int {
	best := 0
	for i, p := range points {
		if p.NewTask >= forgettingSelectKeepsNew {
			best = i
		}
	}
	return best
}

// forgettingGrid returns, for one sequence's runs and a penalty method, the λ values run so
// far (ascending) and their selection scores.
func forgettingGrid(method string, chance float64, runs []ForgettingRun) []ForgettingSweepPoint {
	byLambda := map[float64][]ForgettingRun{}
	var plain []ForgettingRun
	for _, r := range runs {
		switch r.Method {
		case method:
			byLambda[r.Lambda] = append(byLambda[r.Lambda], r)
		case ForgettingPlain:
			plain = append(plain, r)
		}
	}
	var points []ForgettingSweepPoint
	for l, rs := range byLambda {
		points = append(points, ForgettingSweepPoint{Method: method, Lambda: l, NewTask: forgettingNewTaskScore(rs, plain, chance)})
	}
	slices.SortFunc(points, func(a, b ForgettingSweepPoint) int { return cmpFloat(a.Lambda, b.Lambda) })
	return points
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// forgettingGrowJobs lists the runs that grow each penalty grid by one decade at the end where
// its chosen λ sits (both ends when the grid has one value); none when every chosen λ is
// strictly inside its grid.
func forgettingGrowJobs(cfg CatastrophicForgettingConfig, seqs []forgettingSequenceData, jobs []forgettingJob, runs []ForgettingRun) []forgettingJob {
	var more []forgettingJob
	for s, seq := range seqs {
		if seq.plainOnly {
			continue
		}
		var mine []ForgettingRun
		for i, j := range jobs {
			if j.setup == s {
				mine = append(mine, runs[i])
			}
		}
		for _, method := range []string{ForgettingL2, ForgettingEWC} {
			points := forgettingGrid(method, seq.tasks[0].ChanceAccuracy, mine)
			if len(points) == 0 {
				continue
			}
			best := forgettingSelectLambda(points)
			var add []float64
			if best == 0 {
				add = append(add, points[0].Lambda/forgettingGridFactor)
			}
			if best == len(points)-1 {
				add = append(add, points[len(points)-1].Lambda*forgettingGridFactor)
			}
			for _, l := range add {
				for k := 0; k < cfg.Seeds; k++ {
					more = append(more, forgettingJob{setup: s, seed: k, method: method, lambda: l})
				}
			}
		}
	}
	return more
}

// forgettingSelection summarises how a method's λ was chosen from its final grid.
func forgettingSelection(method string, points []ForgettingSweepPoint, initial []float64) ForgettingSelection {
	best := forgettingSelectLambda(points)
	sel := ForgettingSelection{Method: method, Lambda: points[best].Lambda}
	for _, p := range points {
		if !slices.Contains(initial, p.Lambda) {
			sel.Grown++
		}
	}
	sel.AtEdge = best == 0 || best == len(points)-1
	return sel
}
