package figures

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// VanishingGradients draws three figures: the gradient norm of every layer of the deepest
// nets at initialisation, the first/last ratio against depth with the 0.25^depth bound, and
// validation accuracy during training for a shallow and a deep net of each activation.
func VanishingGradients(r claims.VanishingGradientsResult) ([]*Figure, error) {
	cfg := r.Config
	if len(cfg.Setups) == 0 || len(r.Profiles) == 0 {
		return nil, fmt.Errorf("figure vanishing-gradients: empty result")
	}
	deepest := cfg.Depths[len(cfg.Depths)-1]

	byLayer := New("vanishing-gradients", fmt.Sprintf("Gradient norm by layer at initialisation, %d-layer nets on MNIST", deepest),
		"layer (1 = input side)", "mean ‖∂loss/∂W‖ of the layer", LogY())
	for s, setup := range cfg.Setups {
		for _, p := range r.Profiles {
			if p.Setup != setup.Name || p.Depth != deepest {
				continue
			}
			x := make([]float64, len(p.Norms))
			for i := range x {
				x[i] = float64(i + 1)
			}
			byLayer.Line(Series{Name: setup.Name, X: x, Y: p.Norms, Low: p.Low, High: p.High}, s)
		}
	}
	byLayer.Note("Width %d, batches of %d MNIST images, %d nets per activation (band: smallest and largest net). Verdict: %s.",
		cfg.Width, cfg.Batch, cfg.Seeds, r.Verdict.Outcome)

	ratio := New("vanishing-gradients-ratio", "First-layer / last-layer gradient ratio against depth",
		"depth (weight layers)", "gradient norm, first layer / last layer", LogY())
	for s, rt := range r.Ratios {
		ratio.Line(Series{Name: fmt.Sprintf("%s: ×%.2f per layer", rt.Setup, rt.Factor), X: rt.Depths, Y: rt.Ratio, Low: rt.Low, High: rt.High}, s)
	}
	if len(r.Ratios) > 0 {
		// The bound's curve starts from sigmoid's measured ratio at the shallowest depth.
		var start float64
		for _, rt := range r.Ratios {
			if rt.Setup == cfg.Setups[0].Name {
				start = rt.Ratio[0]
			}
		}
		var bx, by []float64
		d0 := float64(cfg.Depths[0])
		for d := d0; d <= float64(deepest); d++ {
			bx = append(bx, d)
			by = append(by, start*math.Pow(0.25, d-d0))
		}
		ratio.Reference("0.25^depth (sigmoid's derivative bound)", bx, by)
	}
	ratio.Note("Per-layer factors fitted by least squares on log ratio against depth over every net; sigmoid: %.3f (95%% interval %.3f–%.3f).",
		r.Verdict.Measured, r.Verdict.Low, r.Verdict.High)

	train := New("vanishing-gradients-training", "Validation accuracy while training (plain SGD, best learning rate)",
		"SGD steps", "validation accuracy")
	shallow := cfg.TrainDepths[0]
	for _, b := range r.Trained {
		s := setupIndex(cfg, b.Setup)
		name := fmt.Sprintf("%s, depth %d (lr %g)", b.Setup, b.Depth, b.LR)
		if b.Diverged == len(b.SeedTest) {
			name = fmt.Sprintf("%s, depth %d: every rate diverged", b.Setup, b.Depth)
		}
		train.Line(Series{Name: name, X: b.Steps, Y: b.ValAccuracy, Dashed: b.Depth == shallow && len(cfg.TrainDepths) > 1}, s)
	}
	train.HLine("chance (10 classes)", 0.1, 0, float64(cfg.Steps))
	train.Note("Dashed: depth %d; solid: deeper. %d training images, batches of %d; learning rate chosen per activation and depth from %v by final validation accuracy.",
		shallow, cfg.TrainSamples, cfg.TrainBatch, cfg.LearningRates)
	figs := []*Figure{byLayer, ratio, train}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

func setupIndex(cfg claims.VanishingGradientsConfig, name string) int {
	for i, s := range cfg.Setups {
		if s.Name == name {
			return i
		}
	}
	return len(cfg.Setups)
}
