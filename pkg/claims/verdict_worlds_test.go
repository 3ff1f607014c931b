package claims

import (
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// The configurations and synthetic tables the verdict controls build their worlds from.

// vanishingControlConfig is the quick setting with the subject (sigmoid, Glorot) and the fix
// (ReLU, He) only, trained at depth 10 alone with one learning rate, for long enough that
// ReLU gets somewhere. Without the controls the rule judges its first three criteria.
func vanishingControlConfig() VanishingGradientsConfig {
	cfg := VanishingGradients.Config(Quick)
	var setups []VanishingSetup
	for _, s := range cfg.Setups {
		if s.Role == VanishingSubject || s.Role == VanishingFix {
			setups = append(setups, s)
		}
	}
	cfg.Setups = setups
	cfg.TrainDepths, cfg.LearningRates, cfg.Steps = []int{10}, []float64{0.1}, 600
	return cfg
}

func computeControlConfig() ComputeScalingConfig {
	return ComputeScaling.Config(Quick)
}

// shortcutControlConfig is the quick setting without the garments and with one seed.
func shortcutControlConfig() ShortcutLearningConfig {
	cfg := ShortcutLearning.Config(Quick)
	cfg.Ns, cfg.GarmentNs, cfg.Seeds, cfg.SaliencyImages = []int{250, 1000}, nil, 1, 100
	return cfg
}

// diversityControlConfig is the quick setting with the smallest grid the Config accepts and no
// size cue: the verdict rests on the equal-cost comparison.
func diversityControlConfig() DataDiversityConfig {
	cfg := DataDiversity.Config(Quick)
	cfg.Ns, cfg.Fractions, cfg.SizeN = []int{200, 400}, []float64{0, 0.5}, 0
	return cfg
}

// dataCentricControlConfig is the quick setting at 40% noise with one seed and two models.
func dataCentricControlConfig() DataCentricConfig {
	cfg := DataCentric.Config(Quick)
	cfg.Seeds, cfg.Models, cfg.Folds, cfg.NoiseRates = 1, [][]int{{64}, {256}}, 3, []float64{0.4}
	return cfg
}

func forgettingControlConfig() CatastrophicForgettingConfig {
	return CatastrophicForgetting.Config(Quick)
}

// imagenetControlTable is a synthetic ImageNet table of 14 models, 2012–2020, whose top-1
// error follows compute ∝ (1/error)^k exactly up to a ±3% deterministic wobble: error =
// anchorPct × (burden/anchorFLOP)^(−1/k), the burdens log-spaced over 10^18–10^21.5.
func imagenetControlTable(k, anchorPct, anchorFLOP float64) []datasets.ImageNetModel {
	var out []datasets.ImageNetModel
	for i := 0; i < 14; i++ {
		burden := math.Pow(10, 18+3.5*float64(i)/13)
		wobble := 1 + 0.03*math.Sin(float64(3*i+1))
		e := anchorPct * math.Pow(burden/anchorFLOP, -1/k) * wobble
		out = append(out, datasets.ImageNetModel{
			Name: "model " + string(rune('A'+i)), Year: 2012 + i*8/13,
			Top1ErrorPct: e, Top5ErrorPct: e / 3, ParamsMillions: 10,
			TrainComputeFLOP: burden / 3, ForwardGFLOPs: 1,
			Chips: 8, Chip: "chip", ChipPeakFLOPS: burden / (8 * 86400 * 5), DaysUsed: 5, ChipDays: 40,
			HardwareBurdenFLOP: burden,
		})
	}
	return out
}

// alexnetControlTable is AlexNet's row as published (36.7%, 2 GTX 580 for 5.5 days) and a
// NASNet-A row with the given error, chips (for 4 days) and chip speed relative to AlexNet's;
// NASNet-A's forward cost is forward × AlexNet's 0.75 G mult-adds.
func alexnetControlTable(nasnetErrPct, chips, speed, forward float64) []datasets.ImageNetModel {
	a := alexnetNASNetRow("AlexNet", 36.7, 2, 1.5811e12, 5.5)
	b := alexnetNASNetRow("NASNet-A", nasnetErrPct, chips, speed*1.5811e12, 4)
	a.ForwardGFLOPs, b.ForwardGFLOPs = 0.75, forward*0.75
	return []datasets.ImageNetModel{a, b}
}
