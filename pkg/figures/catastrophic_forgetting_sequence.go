package figures

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// The figures of catastrophic-forgetting that follow a sequence task by task: how much of A
// each method keeps after every task, plain fine-tuning across learning rates, the choice of
// EWC's λ, and class-incremental split MNIST against permuted MNIST.

// forgettingTaskTicks ticks an axis of tasks trained, 1 (A alone) to n.
func forgettingTaskTicks(f *Figure, n int) {
	var ticks plot.ConstantTicks
	for k := 1; k <= n; k++ {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: fmt.Sprint(k)})
	}
	f.Plot.X.Tick.Marker = ticks
	f.Plot.X.Min, f.Plot.X.Max = 0.8, float64(n)+0.2
}

// forgettingKeptSeries is a share of A kept (or any per-task interval) after each task.
func forgettingKeptSeries(name string, ivs []claims.SeedInterval) Series {
	s := Series{Name: name}
	for k, iv := range ivs {
		s.X = append(s.X, float64(k+1))
		s.Y = append(s.Y, iv.Mean)
		s.Low = append(s.Low, iv.Low)
		s.High = append(s.High, iv.High)
	}
	return s
}

// forgettingRetention draws, for one sequence, the share of task A each method keeps after
// every task of the sequence.
func forgettingRetention(r claims.CatastrophicForgettingResult, s claims.ForgettingSetup) *Figure {
	f := New("catastrophic-forgetting-retention-"+s.Key, "Share of task A kept, task after task: "+s.Name,
		"tasks trained (1 = A alone)", "share of task A kept")
	lo := 0.0
	for i, m := range s.Methods {
		name := claims.ForgettingMethodLabel(m.Method)
		if m.Lambda > 0 {
			name += " (λ = " + forgettingLambda(m.Lambda) + ")"
		}
		f.Line(forgettingKeptSeries(name, m.KeptAfter), i)
		for _, iv := range m.KeptAfter {
			if !math.IsNaN(iv.Low) && !math.IsInf(iv.Low, 0) {
				lo = min(lo, iv.Low)
			}
		}
	}
	n := len(s.Tasks)
	forgettingTaskTicks(f, n)
	f.HLine("verdict: loses most below 0.5, keeps most above 0.8", 0.5, 0.8, float64(n)+0.2)
	f.Reference("", []float64{0.8, float64(n) + 0.2}, []float64{0.8, 0.8})
	f.Plot.Y.Min, f.Plot.Y.Max = math.Floor(lo*10)/10, 1.05
	f.Note("Share kept = (accuracy on A after task k − chance)/(accuracy on A after A − chance); below 0 the net does worse on A than a random guess (it answers with the later tasks' classes). Mean of %s; bands: 95%% t-intervals over seeds.",
		forgettingSeeds(r.Config.Seeds))
	f.Note("Every method takes the same SGD steps per task (%d epochs, lr %s, batch %d). L2 and EWC at the λ chosen on the current task's validation rows only.",
		r.Config.Epochs, numfmt.Number(s.LR), r.Config.Batch)
	return f
}

// forgettingLearningRates draws plain fine-tuning's share of A kept through the permuted
// sequence at every learning rate run, the same steps each.
func forgettingLearningRates(r claims.CatastrophicForgettingResult) *Figure {
	f := New("catastrophic-forgetting-learning-rates", "Plain fine-tuning on permuted MNIST: forgetting against the learning rate",
		"tasks trained (1 = A alone)", "share of task A kept")
	setups := append([]claims.ForgettingSetup{r.Setups[0]}, r.LRSweep...)
	lo, n := 0.0, 0
	var before []string
	for i, s := range setups {
		m := s.Method(claims.ForgettingPlain)
		f.Line(forgettingKeptSeries("lr "+numfmt.Number(s.LR), m.KeptAfter), i)
		for _, iv := range m.KeptAfter {
			if !math.IsNaN(iv.Low) && !math.IsInf(iv.Low, 0) {
				lo = min(lo, iv.Low)
			}
		}
		n = max(n, len(s.Tasks))
		before = append(before, fmt.Sprintf("lr %s: %.1f%%", numfmt.Number(s.LR), 100*s.Scratch[0]))
	}
	forgettingTaskTicks(f, n)
	f.HLine("verdict: loses most below 0.5", 0.5, 0.8, float64(n)+0.2)
	f.Plot.Y.Min, f.Plot.Y.Max = math.Floor(lo*10)/10, 1.05
	f.Note("Same steps at every rate (%d epochs of %d images per task, batch %d), mean of %s, bands 95%% t-intervals. Accuracy on A after training it: %s: a small rate moves the weights less per step, but also learns less in the same steps (Kirkpatrick et al. 2017 trained fig. 2A at 10⁻³ for 20 epochs of all 60,000 images).",
		r.Config.Epochs, r.Config.TrainSamples, r.Config.Batch, forgettingSeeds(r.Config.Seeds), strings.Join(before, ", "))
	return f
}

// forgettingLambdaFigure draws how EWC's λ is chosen on every sequence: the new tasks'
// validation accuracy relative to plain fine-tuning's (what chooses λ) and, dashed, the share
// of A kept (test rows; shown, never used to choose).
func forgettingLambdaFigure(r claims.CatastrophicForgettingResult) *Figure {
	f := New("catastrophic-forgetting-lambda", "Choosing EWC's λ on the current task alone",
		"EWC penalty strength λ", "share (1 = as plain fine-tuning / nothing forgotten)", LogX())
	lo, hi := 0.0, 1.05
	xlo, xhi := math.Inf(1), math.Inf(-1)
	var grown []string
	for i, s := range r.Setups {
		var score, kept Series
		score.Name = s.Name + ": new tasks learnt (validation)"
		kept.Name, kept.Dashed = s.Name+": A kept (test)", true
		for _, p := range s.Sweep {
			if p.Method != claims.ForgettingEWC {
				continue
			}
			score.X, score.Y = append(score.X, p.Lambda), append(score.Y, p.NewTask)
			kept.X, kept.Y = append(kept.X, p.Lambda), append(kept.Y, p.Retained)
			for _, v := range []float64{p.NewTask, p.Retained} {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
			xlo, xhi = min(xlo, p.Lambda), max(xhi, p.Lambda)
			if p.Selected {
				f.Label(p.Lambda, p.NewTask, "chosen λ = "+forgettingLambda(p.Lambda), i)
			}
		}
		f.Line(score, i)
		f.Line(kept, i)
		sel := s.Selection(claims.ForgettingEWC)
		text := fmt.Sprintf("%s: λ = %s, grid grown by %d", s.Name, forgettingLambda(sel.Lambda), sel.Grown)
		if sel.AtEdge {
			text += ", still at its edge"
		}
		grown = append(grown, text)
	}
	if xlo < xhi {
		f.HLine(fmt.Sprintf("bar for the new tasks: %.0f%% of plain fine-tuning", 100*claims.ForgettingSelectKeepsNew), claims.ForgettingSelectKeepsNew, xlo, xhi)
	}
	f.Plot.Y.Min, f.Plot.Y.Max = math.Floor(lo*10)/10, hi
	f.Note("λ is the largest at which every task after A, right after training it, keeps %.0f%% of plain fine-tuning's above-chance accuracy on its own validation rows: no old task's data is used. Where the chosen λ sat at an end of the grid, the grid grew by ×10 there (up to %d times). Seed means.",
		100*claims.ForgettingSelectKeepsNew, r.Config.GridExtensions)
	f.Note("%s.", strings.Join(grown, "; "))
	return f
}

// forgettingSplitVsPermuted draws the mean accuracy over the tasks seen so far after each
// task, for plain fine-tuning and EWC, on permuted MNIST (the same ten classes through new
// pixel orders) and class-incremental split MNIST (new classes in each task).
func forgettingSplitVsPermuted(r claims.CatastrophicForgettingResult) *Figure {
	f := New("catastrophic-forgetting-split-vs-permuted", "New pixel orders or new classes: permuted vs split MNIST",
		"tasks trained (1 = A alone)", "mean test accuracy over the tasks seen so far")
	n, style := 0, 0
	for _, key := range []string{claims.ForgettingPermuted, claims.ForgettingSplit} {
		for _, s := range r.Setups {
			if s.Key != key {
				continue
			}
			for _, method := range []string{claims.ForgettingPlain, claims.ForgettingEWC} {
				m := s.Method(method)
				ser := forgettingKeptSeries(s.Name+", "+claims.ForgettingMethodLabel(method), m.AverageAfter)
				ser.Dashed = key == claims.ForgettingSplit
				f.Line(ser, style)
				style++
			}
			n = max(n, len(s.Tasks))
		}
	}
	forgettingTaskTicks(f, n)
	f.HLine("chance", 0.1, 0.8, float64(n)+0.2)
	f.Plot.Y.Min, f.Plot.Y.Max = 0, 1.05
	f.Note("Split MNIST: task k holds digits 2k and 2k+1, all answered among the ten outputs of one head, so a net must keep old classes it no longer sees (van de Ven & Tolias 2019 found EWC barely better than fine-tuning there). Mean of %s, bands 95%% t-intervals.",
		forgettingSeeds(r.Config.Seeds))
	return f
}
