package figures

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"gonum.org/v1/plot"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// CatastrophicForgetting draws: the share of task A each method keeps after the last task,
// per sequence (the verdict at a glance); the accuracy on every task through the permuted
// MNIST sequence, one figure per method (Kirkpatrick et al. 2017, fig. 2A); the same curves
// for the other sequences, methods side by side; the share of A kept task after task, per
// sequence; plain fine-tuning across learning rates; the choice of EWC's λ; split against
// permuted MNIST; the trade-off between keeping A and learning B as λ grows, per sequence;
// and the Fisher information per layer.
func CatastrophicForgetting(r claims.CatastrophicForgettingResult) ([]*Figure, error) {
	if len(r.Setups) == 0 {
		return nil, fmt.Errorf("figure catastrophic-forgetting: the result holds no sequence")
	}
	for _, s := range r.Setups {
		if len(s.Methods) != len(claims.ForgettingMethods) || len(s.Tasks) < 2 || len(s.Methods[0].KeptAfter) != len(s.Tasks) {
			return nil, fmt.Errorf("figure catastrophic-forgetting: sequence %q has %d methods, %d tasks and a task-by-task summary of the wrong length", s.Key, len(s.Methods), len(s.Tasks))
		}
	}
	figs := []*Figure{forgettingRetained(r)}
	for _, s := range r.Setups {
		if s.Key == claims.ForgettingPermuted {
			for _, m := range s.Methods {
				figs = append(figs, forgettingMethodCurves(r, s, m))
			}
		} else {
			figs = append(figs, forgettingSequenceCurves(s))
		}
	}
	hasSplit := false
	for _, s := range r.Setups {
		figs = append(figs, forgettingRetention(r, s))
		hasSplit = hasSplit || s.Key == claims.ForgettingSplit
	}
	if len(r.LRSweep) > 0 {
		figs = append(figs, forgettingLearningRates(r))
	}
	figs = append(figs, forgettingLambdaFigure(r))
	if hasSplit && r.Setups[0].Key == claims.ForgettingPermuted {
		figs = append(figs, forgettingSplitVsPermuted(r))
	}
	for _, s := range r.Setups {
		figs = append(figs, forgettingTradeoff(s))
	}
	figs = append(figs, forgettingFisherFigure(r))
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// forgettingRetained is the headline: for each method, the share of task A's above-chance
// accuracy kept after the last task, one series per sequence, with the verdict's thresholds.
func forgettingRetained(r claims.CatastrophicForgettingResult) *Figure {
	f := New("catastrophic-forgetting", "How much of task A each method keeps after the later tasks",
		"method (same net, same SGD budget per task)", "share of task A kept")
	n := len(claims.ForgettingMethods)
	f.HLine("verdict thresholds: loses most below 0.5, keeps most above 0.8", 0.5, -0.5, float64(n)-0.5)
	f.Reference("", []float64{-0.5, float64(n) - 0.5}, []float64{0.8, 0.8})
	var names []string
	for _, m := range claims.ForgettingMethods {
		names = append(names, forgettingShortLabel(m))
	}
	width := 0.5 / float64(len(r.Setups))
	top := 1.0
	for k, s := range r.Setups {
		var ser Series
		ser.Name = fmt.Sprintf("%s (%d tasks; A %.0f%% before)", s.Name, len(s.Tasks), 100*s.Scratch[0])
		for i, m := range s.Methods {
			ser.X = append(ser.X, float64(i)+width*(float64(k)-float64(len(r.Setups)-1)/2))
			ser.Y = append(ser.Y, m.Retained)
			ser.Low = append(ser.Low, m.RetainedLow)
			ser.High = append(ser.High, m.RetainedHigh)
			top = max(top, m.RetainedHigh)
		}
		f.Scatter(ser, k)
	}
	f.Plot.NominalX(names...)
	f.Plot.X.Min, f.Plot.X.Max = -0.5, float64(n)-0.5
	f.Plot.Y.Min, f.Plot.Y.Max = 0, math.Ceil(top*10)/10
	cfg := r.Config
	f.Note("Share kept = (accuracy on A after the last task − chance) / (accuracy on A after training it − chance): 1 = nothing forgotten, 0 = back to chance. Mean of %s; bars: 95%% t-intervals over seeds. Frozen: the lowest %d layer(s) fixed after task A, same steps. L2 and EWC at the largest λ whose new tasks keep %.0f%% of plain fine-tuning's accuracy on their own validation rows (no old task's data).",
		forgettingSeeds(cfg.Seeds), cfg.FrozenLayers, 100*claims.ForgettingSelectKeepsNew)
	f.Note("Each task: %d images, %d epochs of plain SGD (lr %g, batch %d), net %s. Verdict: %s.",
		cfg.TrainSamples, cfg.Epochs, cfg.LR, cfg.Batch, forgettingSizes(cfg), r.Verdict.Outcome)
	return f
}

// forgettingMethodCurves draws one method's accuracy on every task through a sequence, as
// in Kirkpatrick et al.'s figure 2A.
func forgettingMethodCurves(r claims.CatastrophicForgettingResult, s claims.ForgettingSetup, m claims.ForgettingSummary) *Figure {
	title := fmt.Sprintf("%s: %s", strings.ToUpper(s.Name[:1])+s.Name[1:], claims.ForgettingMethodLabel(m.Method))
	if m.Lambda > 0 {
		title += " (λ = " + forgettingLambda(m.Lambda) + ")"
	}
	f := New("catastrophic-forgetting-"+m.Method, title, "training epochs (one block per task)", "test accuracy")
	end := forgettingTaskBoundaries(f, s, r.Config.Epochs)
	for _, c := range m.Curves {
		f.Line(Series{Name: "task " + forgettingLetter(c.Task) + ": " + s.Tasks[c.Task], X: c.Epochs, Y: c.Accuracy, Low: c.AccLow, High: c.AccHigh}, c.Task)
	}
	f.HLine("chance", s.Chance, 0, end)
	f.Plot.Y.Min, f.Plot.Y.Max = 0, 1.08
	var after []string
	for t := range s.Tasks {
		after = append(after, fmt.Sprintf("%s %.1f%%", forgettingLetter(t), 100*m.Test[len(m.Test)-1][t]))
	}
	var scratch []string
	for t := 1; t < len(s.Tasks); t++ {
		scratch = append(scratch, fmt.Sprintf("%s %.1f%%", forgettingLetter(t), 100*s.Scratch[t]))
	}
	f.Note("Accuracy on the first %d test images of each task, mean of %s (band: 95%% t-interval). After the last task, on all %d test images: %s (from scratch: %s).",
		r.Config.MonitorSamples, forgettingSeeds(r.Config.Seeds), r.Config.TestSamples, strings.Join(after, ", "), strings.Join(scratch, ", "))
	f.Note("Kept of A: %.0f%% after task B, %.0f%% after the last task; new tasks learned to %.0f%% of from-scratch (above chance).",
		100*m.RetainedAfterB, 100*m.Retained, 100*m.Learned)
	return f
}

// forgettingSequenceCurves draws every method's accuracy on both tasks of a two-task
// sequence: methods as colours, task A solid, task B dashed.
func forgettingSequenceCurves(s claims.ForgettingSetup) *Figure {
	f := New("catastrophic-forgetting-curves-"+s.Key, "Accuracy through the sequence: "+s.Name, "training epochs (one block per task)", "test accuracy")
	var end float64
	for i, m := range s.Methods {
		for _, c := range m.Curves {
			name := "" // one legend entry per method, on its task-A curve
			if c.Task == 0 {
				name = claims.ForgettingMethodLabel(m.Method)
				if m.Lambda > 0 {
					name += " (λ = " + forgettingLambda(m.Lambda) + ")"
				}
			}
			f.Line(Series{Name: name, X: c.Epochs, Y: c.Accuracy, Dashed: c.Task > 0}, i)
			end = max(end, c.Epochs[len(c.Epochs)-1])
		}
	}
	epochs := 0.0
	if len(s.Tasks) > 0 {
		epochs = end / float64(len(s.Tasks))
	}
	forgettingTaskBoundaries(f, s, int(math.Round(epochs)))
	f.HLine("chance", s.Chance, 0, end)
	f.Plot.Y.Min, f.Plot.Y.Max = 0, 1.08
	head := "A head per task: the digits' output layer is kept aside while the garments train their own"
	if s.Heads[len(s.Heads)-1] == s.Heads[0] {
		head = "One shared head: label k means digit k, then garment k"
	}
	switch {
	case s.Key == claims.ForgettingSplit:
		head = "One shared head: each task's two digits are answered among all ten outputs (class-incremental)"
	case len(s.Tasks) > 2:
		head = "One shared head"
	}
	f.Note("Solid: task A (%s); dashed: the later tasks (%s). %s. Seed means.", s.Tasks[0], strings.Join(s.Tasks[1:], ", "), head)
	return f
}

// forgettingTaskBoundaries marks where each task's training starts, ticks the x axis at
// every epoch, and returns the end.
func forgettingTaskBoundaries(f *Figure, s claims.ForgettingSetup, epochs int) float64 {
	for t := range s.Tasks {
		x := float64(t * epochs)
		if t > 0 {
			f.Reference("", []float64{x, x}, []float64{0, 1.08})
		}
		f.Label(x+0.05*float64(epochs), 1.02, "train "+forgettingLetter(t), -1)
	}
	end := len(s.Tasks) * epochs
	var ticks plot.ConstantTicks
	for e := 0; e <= end; e++ {
		ticks = append(ticks, plot.Tick{Value: float64(e), Label: fmt.Sprint(e)})
	}
	f.Plot.X.Tick.Marker = ticks
	return float64(end)
}

// forgettingTradeoff draws accuracy on A after training B against accuracy on B, for every
// λ of L2 and EWC and for the methods without a penalty.
func forgettingTradeoff(s claims.ForgettingSetup) *Figure {
	f := New("catastrophic-forgetting-tradeoff-"+s.Key, "Keep A or learn B, as λ grows: "+s.Name,
		"accuracy on B right after training it", "accuracy on A after training B")
	lo, hi := 1.0, 0.0
	var labels []forgettingLabel
	var grids []string
	for k, method := range []string{claims.ForgettingL2, claims.ForgettingEWC} {
		var pts []claims.ForgettingSweepPoint
		for _, p := range s.Sweep {
			if p.Method == method {
				pts = append(pts, p)
			}
		}
		sort.Slice(pts, func(i, j int) bool { return pts[i].Lambda < pts[j].Lambda })
		var grid []string
		for _, p := range pts {
			grid = append(grid, forgettingLambda(p.Lambda))
		}
		grids = append(grids, claims.ForgettingMethodLabel(method)+" "+strings.Join(grid, ", "))
		var ser Series
		ser.Name = claims.ForgettingMethodLabel(method) + ", λ as labelled"
		style := 2 + k
		for _, p := range pts {
			ser.X = append(ser.X, p.BAfterB)
			ser.Y = append(ser.Y, p.AAfterB)
			lo, hi = min(lo, p.BAfterB, p.AAfterB), max(hi, p.BAfterB, p.AAfterB)
		}
		f.Line(ser, style)
		for _, p := range pts {
			label := "λ=" + forgettingLambda(p.Lambda)
			if p.Selected {
				label += " (chosen)"
			}
			labels = append(labels, forgettingLabel{p.BAfterB, p.AAfterB, label, style, p.Selected})
		}
	}
	for k, method := range []string{claims.ForgettingPlain, claims.ForgettingFrozen} {
		m := s.Method(method)
		f.Scatter(Series{Name: claims.ForgettingMethodLabel(method), X: []float64{m.Test[1][1]}, Y: []float64{m.Test[1][0]}}, k)
		lo, hi = min(lo, m.Test[1][1], m.Test[1][0]), max(hi, m.Test[1][1], m.Test[1][0])
	}
	lo, hi = min(lo, s.Scratch[1], s.Scratch[0]), max(hi, s.Scratch[1], s.Scratch[0])
	pad := 0.05 * (hi - lo + 0.05)
	lo, hi = max(0, lo-pad), min(1, hi+pad)
	right := min(1.05, hi+0.15*(hi-lo)) // room for the labels of the rightmost points
	f.VLine(fmt.Sprintf("B from scratch (%.1f%%) and A before B (%.1f%%)", 100*s.Scratch[1], 100*s.Scratch[0]), s.Scratch[1], lo, hi)
	f.Reference("", []float64{lo, right}, []float64{s.Scratch[0], s.Scratch[0]})
	f.Plot.X.Min, f.Plot.X.Max, f.Plot.Y.Min, f.Plot.Y.Max = lo, right, lo, hi
	// Label the chosen points first, then the others that do not crowd an earlier label.
	sort.SliceStable(labels, func(i, j int) bool { return labels[i].chosen && !labels[j].chosen })
	var placed []forgettingLabel
	skipped := 0
	for _, l := range labels {
		crowded := false
		for _, p := range placed {
			if math.Abs(l.x-p.x) < 0.12*(hi-lo) && math.Abs(l.y-p.y) < 0.04*(hi-lo) {
				crowded = true
			}
		}
		if crowded {
			skipped++
			continue
		}
		f.Label(l.x, l.y, l.text, l.style)
		placed = append(placed, l)
	}
	f.Note("Seed means, test images. Top right is the goal: A kept at its level and B learned as well as from scratch. λ chosen per method on the new tasks' own validation rows (see the λ figure).")
	if skipped > 0 {
		f.Note("%d crowded point(s) left unlabelled; along each line λ takes, in order: %s.", skipped, strings.Join(grids, "; "))
	}
	return f
}

// forgettingFisherFigure draws the mean Fisher information per layer after task A.
func forgettingFisherFigure(r claims.CatastrophicForgettingResult) *Figure {
	s := r.Setups[0]
	f := New("catastrophic-forgetting-fisher", "Which weights EWC protects: Fisher information per layer after task A",
		"layer (1 = input side; last = output head)", "mean diagonal Fisher information", LogY())
	x := make([]float64, len(s.FisherWeights))
	var ticks plot.ConstantTicks
	for i := range x {
		x[i] = float64(i + 1)
		ticks = append(ticks, plot.Tick{Value: x[i], Label: fmt.Sprint(i + 1)})
	}
	f.Line(Series{Name: "weights", X: x, Y: s.FisherWeights}, 0)
	f.Line(Series{Name: "biases", X: x, Y: s.FisherBiases}, 1)
	f.Plot.X.Min, f.Plot.X.Max = 0.7, float64(len(x))+0.3
	f.Plot.X.Tick.Marker = ticks
	f.Note("%s Fisher (%s), from %d training images of task A (%s), mean over parameters and %s. EWC's pull on a parameter is λ times its Fisher information.",
		strings.ToUpper(r.Config.Fisher.String()[:1])+r.Config.Fisher.String()[1:], forgettingEstimatorText(r.Config.Fisher), r.Config.FisherSamples, s.Tasks[0], forgettingSeeds(r.Config.Seeds))
	if len(s.FisherZero) == len(x) {
		var zero []string
		for l, z := range s.FisherZero {
			zero = append(zero, fmt.Sprintf("layer %d %.0f%%", l+1, 100*z))
		}
		f.Note("Parameters with exactly zero Fisher information (weights from pixels blank in every sampled image, units that never fire), which EWC leaves free: %s.", strings.Join(zero, ", "))
	}
	return f
}

func forgettingEstimatorText(e claims.ForgettingFisherEstimator) string {
	switch e {
	case claims.ForgettingFisherTrue:
		return "expectation over the model's own predicted labels, computed exactly"
	case claims.ForgettingFisherSampled:
		return "one label per image drawn from the model's predictive distribution"
	case claims.ForgettingFisherEmpirical:
		return "squared gradients at the data's labels"
	}
	return e.String()
}

// forgettingLabel is a point's label waiting to be placed.
type forgettingLabel struct {
	x, y   float64
	text   string
	style  int
	chosen bool
}

// forgettingShortLabel names a method under a category axis.
func forgettingShortLabel(method string) string {
	switch method {
	case claims.ForgettingPlain:
		return "plain"
	case claims.ForgettingFrozen:
		return "frozen layers"
	case claims.ForgettingL2:
		return "L2 pull"
	}
	return claims.ForgettingMethodLabel(method)
}

func forgettingSeeds(n int) string {
	if n == 1 {
		return "1 seed"
	}
	return fmt.Sprintf("%d seeds", n)
}

func forgettingLetter(t int) string { return string(rune('A' + t)) }

func forgettingLambda(l float64) string { return numfmt.Number(l) }

func forgettingSizes(cfg claims.CatastrophicForgettingConfig) string {
	parts := []string{"784"}
	for _, w := range cfg.Hidden {
		parts = append(parts, fmt.Sprint(w))
	}
	return strings.Join(append(parts, "10"), "-")
}
