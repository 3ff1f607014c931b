package figures

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// vanishingContrasts draws the difference in deep test accuracy between pairs of setups that
// differ in one ingredient (or in the claim's two), with 95% t-intervals over seeds: what the
// activation, the initialisation and the optimiser each contribute.
func vanishingContrasts(r claims.VanishingGradientsResult) *Figure {
	cfg := r.Config
	deep := slices.Max(cfg.TrainDepths)
	f := New("vanishing-gradients-contrasts", fmt.Sprintf("What each change adds: test accuracy A − B at depth %d", deep),
		"difference in test accuracy (percentage points)", "")
	var rows []string
	bars := Bars{Name: fmt.Sprintf("mean and 95%% t-interval over %d seeds (paired by seed)", cfg.Seeds)}
	seeds := Series{Name: "each seed"}
	var cs []claims.VanishingContrast
	for _, c := range r.Contrasts {
		if c.Depth == deep {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		f.fail(fmt.Errorf("figure vanishing-gradients-contrasts: no contrasts at depth %d", deep))
		return f
	}
	for i, c := range cs {
		row := fmt.Sprintf("%s [%s]", c.Name(), shortChanges(c.Changes))
		rows = append(rows, row)
		bars.Labels = append(bars.Labels, row)
		bars.From, bars.To, bars.Mark = append(bars.From, 100*c.Diff.Low), append(bars.To, 100*c.Diff.High), append(bars.Mark, 100*c.Diff.Mean)
		for _, v := range c.SeedDif {
			seeds.X, seeds.Y = append(seeds.X, 100*v), append(seeds.Y, float64(len(cs)-1-i))
		}
	}
	f.Categories(rows...)
	f.HBars(bars, 0)
	f.Scatter(seeds, 1)
	f.VLine("no difference", 0, -0.5, float64(len(rows))-0.5)
	lo, hi := 0.0, 0.0
	for i := range bars.From {
		lo, hi = min(lo, bars.From[i]), max(hi, bars.To[i])
	}
	for _, x := range seeds.X {
		lo, hi = min(lo, x), max(hi, x)
	}
	pad := max(2, 0.05*(hi-lo))
	f.Plot.X.Min, f.Plot.X.Max = lo-pad, hi+pad
	f.Note("Brackets: what differs between the two setups (act: activation; init: initialisation; opt: optimiser). Each row compares two setups trained for %d steps at their own best rate; the article credits the activation (ReLU) alone. Verdict: %s.", cfg.Steps, r.Verdict.Outcome)
	return f
}

// vanishingDuringTraining draws each layer's gradient norm at the first and the last recorded
// step of the deep nets: whether the profile at initialisation persists while they train.
func vanishingDuringTraining(r claims.VanishingGradientsResult) *Figure {
	cfg := r.Config
	deep := slices.Max(cfg.TrainDepths)
	f := New("vanishing-gradients-during-training", fmt.Sprintf("Gradient norm by layer during training, %d-layer nets", deep),
		"layer (1 = input side)", "‖∂loss/∂W‖ of the layer", LogY())
	first, last := 0, 0
	for _, t := range r.Trained {
		if t.Depth != deep || len(t.Snapshots) == 0 {
			continue
		}
		s := setupIndex(cfg, t.Setup)
		a, b := t.Snapshots[0], t.Snapshots[len(t.Snapshots)-1]
		first, last = a.Step, b.Step
		f.Line(Series{Name: fmt.Sprintf("%s, step %d", t.Setup, a.Step), X: layerAxis(len(a.GradNorm)), Y: a.GradNorm, Dashed: true}, s)
		f.Line(Series{Name: fmt.Sprintf("%s, step %d", t.Setup, b.Step), X: layerAxis(len(b.GradNorm)), Y: b.GradNorm}, s)
	}
	f.Note("Dashed: step %d; solid: step %d (one training batch each, at the setup's chosen rate; geometric mean over seeds, those that diverged left out). Snapshots at steps %v are in the result.", first, last, snapshotSteps(r, deep))
	if note := adamEpsilonNote(r, deep); note != "" {
		f.Note("%s", note)
	}
	return f
}

// adamEpsilonNote says in how many layers of the Adam-trained nets the gradient of one weight
// is below Adam's ε at the last snapshot. There Adam's step is lr·m/(√v + ε) ≈ (lr/ε)·m: it
// is proportional to the gradient, as SGD's is, so Adam is immune to the gradient's scale
// only above ε (Kingma & Ba 2015, Algorithm 1).
func adamEpsilonNote(r claims.VanishingGradientsResult, depth int) string {
	eps := nn.Adam(1).Eps
	var parts []string
	for _, t := range r.Trained {
		s := r.Config.Setups[setupIndex(r.Config, t.Setup)]
		if !s.Adam || t.Depth != depth || len(t.Snapshots) == 0 {
			continue
		}
		last := t.Snapshots[len(t.Snapshots)-1]
		below := 0
		for _, g := range last.GradRMS {
			if g < eps {
				below++
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %d of %d layers have an RMS gradient per weight below Adam's ε = %s at step %d, where Adam's step is about (lr/ε)·gradient: proportional to the gradient, like SGD's at rate lr/ε, so not immune to its scale", t.Setup, below, len(last.GradRMS), strconv.FormatFloat(eps, 'g', -1, 64), last.Step))
	}
	if len(parts) == 0 {
		return ""
	}
	// The exponent is written 1e-08, not with a superscript minus, which the PNG's font lacks.
	return strings.Join(parts, "; ") + "."
}

func snapshotSteps(r claims.VanishingGradientsResult, depth int) []int {
	for _, t := range r.Trained {
		if t.Depth == depth && len(t.Snapshots) > 0 {
			var out []int
			for _, s := range t.Snapshots {
				out = append(out, s.Step)
			}
			return out
		}
	}
	return nil
}

// vanishingForward draws the forward signal at initialisation: each hidden layer's output
// spread in the deepest nets, beside the backward signal of the main figure. A spread that
// collapses means every image gives nearly the same representation, whatever the gradient.
func vanishingForward(r claims.VanishingGradientsResult) *Figure {
	cfg := r.Config
	deepest := cfg.Depths[len(cfg.Depths)-1]
	f := New("vanishing-gradients-forward", fmt.Sprintf("Forward signal at initialisation, %d-layer nets", deepest),
		"hidden layer (1 = input side)", "standard deviation of the layer's outputs", LogY())
	var notes []string
	for s, setup := range cfg.Setups {
		for _, p := range r.Profiles {
			if p.Setup != setup.Name || p.Depth != deepest {
				continue
			}
			hidden := len(p.ActStd) - 1
			f.Line(Series{Name: setup.Name, X: layerAxis(hidden), Y: p.ActStd[:hidden]}, s)
			frac, what := p.Saturated, "saturated"
			if setup.Act == nn.ReLU || setup.Act == nn.LeakyReLU {
				frac, what = p.Zero, "zero"
			}
			notes = append(notes, fmt.Sprintf("%s %.0f%% %s", setup.Name, 100*slices.Max(frac[:hidden]), what))
		}
	}
	f.Note("Spread: the standard deviation over every output of a batch (images × units), so it shows the signal's scale, not whether different images stay apart. Means over %d seeds. Largest fraction of a hidden layer's outputs saturated (within 1e-3 of a sigmoid or tanh bound) or exactly zero (ReLU): %s.", cfg.Seeds, strings.Join(notes, ", "))
	if deep := slices.Max(cfg.TrainDepths); len(r.Trained) > 0 {
		var end []string
		for _, t := range r.Trained {
			if t.Depth != deep || len(t.Snapshots) == 0 {
				continue
			}
			b := t.Snapshots[len(t.Snapshots)-1]
			h := len(b.ActStd) - 1
			frac, what := b.Saturated, "saturated"
			if cfg.Setups[setupIndex(cfg, t.Setup)].Act == nn.ReLU {
				frac, what = b.Zero, "zero"
			}
			end = append(end, fmt.Sprintf("%s: last hidden layer's spread %s, up to %.0f%% of a layer %s", t.Setup, numfmt.Number(b.ActStd[h-1]), 100*slices.Max(frac[:h]), what))
		}
		f.Note("At the last step of training at depth %d: %s.", deep, strings.Join(end, "; "))
	}
	return f
}

// shortChanges abbreviates a contrast's changes for a row label.
func shortChanges(c string) string {
	return strings.NewReplacer("activation", "act", "initialisation", "init", "optimiser", "opt", " + ", "+").Replace(c)
}
