package figures

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// VanishingGradients draws the claim's figures: the gradient norm of every layer of the
// deepest nets at initialisation; the first/last ratio against depth with the 0.25^depth
// bound; validation accuracy during training; the contrasts that separate activation,
// initialisation and optimiser; the per-layer gradient norms during training; and the
// forward signal (each layer's output spread and saturation).
func VanishingGradients(r claims.VanishingGradientsResult) ([]*Figure, error) {
	cfg := r.Config
	if len(cfg.Setups) == 0 || len(r.Profiles) == 0 || len(r.Trained) != len(cfg.Setups)*len(cfg.TrainDepths) {
		return nil, fmt.Errorf("figure vanishing-gradients: empty result")
	}
	deepest := cfg.Depths[len(cfg.Depths)-1]

	byLayer := New("vanishing-gradients", fmt.Sprintf("Gradient norm by layer at initialisation, %d-layer nets on MNIST", deepest),
		"layer (1 = input side)", "‖∂loss/∂W‖ of the layer", LogY())
	for s, setup := range cfg.Setups {
		for _, p := range r.Profiles {
			if p.Setup != setup.Name || p.Depth != deepest {
				continue
			}
			byLayer.Line(Series{Name: setup.Name, X: layerAxis(len(p.Norms)), Y: p.Norms, Low: p.Low, High: p.High}, s)
		}
	}
	for _, s := range cfg.Setups {
		if s.Adam {
			byLayer.Note("%s is the same net as its SGD twin until it trains: its line lies under the twin's.", s.Name)
		}
	}
	byLayer.Note("Width %d, batches of %d MNIST images, %d nets per setup: geometric mean, band its 95%% t-interval over seeds. Verdict: %s.",
		cfg.Width, cfg.Batch, cfg.Seeds, r.Verdict.Outcome)

	ratio := New("vanishing-gradients-ratio", "First-layer / last-layer gradient ratio against depth",
		"depth (weight layers)", "gradient norm, first layer / last layer", LogY())
	for s, rt := range r.Ratios {
		ratio.Line(Series{Name: fmt.Sprintf("%s: ×%.2f per layer", rt.Setup, rt.Factor), X: rt.Depths, Y: rt.Ratio, Low: rt.Low, High: rt.High}, s)
	}
	if start, ok := subjectStart(r); ok {
		// The bound's curve starts from the subject's measured ratio at the shallowest depth.
		var bx, by []float64
		d0 := float64(cfg.Depths[0])
		for d := d0; d <= float64(deepest); d++ {
			bx = append(bx, d)
			by = append(by, start*math.Pow(0.25, d-d0))
		}
		ratio.Reference("0.25^depth (sigmoid's derivative bound)", bx, by)
	}
	ratio.Note("Per-layer factors fitted by least squares on log ratio against depth over every net; sigmoid (Glorot): %.3f (95%% bootstrap interval %.3f–%.3f). Band: 95%% t-interval over %d seeds.",
		r.Verdict.Measured, r.Verdict.Low, r.Verdict.High, cfg.Seeds)

	train := New("vanishing-gradients-training", "Validation accuracy while training (best rate per setup and depth)",
		"training steps", "validation accuracy (mean over seeds)")
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
	train.Note("Dashed: depth %d; solid: deeper. %d training images, batches of %d; learning rate chosen per setup and depth on seed 1's validation accuracy, from %v for SGD and %v for Adam; curves are means over the %d seeds at that rate.",
		shallow, cfg.TrainSamples, cfg.TrainBatch, cfg.LearningRates, cfg.AdamRates, cfg.Seeds)

	figs := []*Figure{byLayer, ratio, train, vanishingContrasts(r), vanishingDuringTraining(r), vanishingForward(r)}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// subjectStart is the subject's (else the first setup's) ratio at the shallowest depth.
func subjectStart(r claims.VanishingGradientsResult) (float64, bool) {
	for i, s := range r.Config.Setups {
		if s.Role == claims.VanishingSubject {
			return r.Ratios[i].Ratio[0], true
		}
	}
	if len(r.Ratios) > 0 {
		return r.Ratios[0].Ratio[0], true
	}
	return 0, false
}

func layerAxis(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

func setupIndex(cfg claims.VanishingGradientsConfig, name string) int {
	for i, s := range cfg.Setups {
		if s.Name == name {
			return i
		}
	}
	return len(cfg.Setups)
}
