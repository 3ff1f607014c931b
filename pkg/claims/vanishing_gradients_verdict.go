package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// Thresholds of the verdict.
const (
	// vanishingShrinks: a per-layer factor at most this means the ratio shrinks geometrically
	// (halving per layer or faster).
	vanishingShrinks = 0.5
	// vanishingFlat: ReLU "keeps it near 1" when its factor is within [1/vanishingFlat,
	// vanishingFlat] ...
	vanishingFlat = 1.25
	// vanishingDrift: ... and its ratio changes by less than this factor from the shallowest
	// to the deepest net: the ratio itself sits near 3 at every depth because the first layer
	// sees 784 pixels and the last one 100 hidden units, an offset that depth does not change.
	vanishingDrift = 3.0
	// vanishingDeep: the training test is about deep stacks; a shallower deepest net cannot
	// show sigmoid stalling.
	vanishingDeep = 10
	// vanishingTrains and vanishingStalls: after the step budget "trains" is test accuracy
	// at least vanishingTrains and "stalls" at most vanishingStalls (chance is 0.1).
	vanishingTrains = 0.85
	vanishingStalls = 0.5
)

func vanishingVerdict(r VanishingGradientsResult) Verdict {
	cfg := r.Config
	// is reports whether setup s is the one act stands for: the subject (when it is named)
	// takes the sigmoid's place.
	is := func(s VanishingSetup, act nn.Activation) bool {
		if act == nn.Sigmoid && cfg.Subject != "" {
			return s.Name == cfg.Subject
		}
		return s.Act == act && (cfg.Subject == "" || s.Name != cfg.Subject)
	}
	find := func(act nn.Activation) (VanishingRatio, bool) {
		for i, s := range cfg.Setups {
			if is(s, act) {
				return r.Ratios[i], true
			}
		}
		return VanishingRatio{}, false
	}
	best := func(act nn.Activation, depth int) (VanishingRun, bool) {
		for i, s := range cfg.Setups {
			if is(s, act) {
				for j, d := range cfg.TrainDepths {
					if d == depth {
						return r.Best[i*len(cfg.TrainDepths)+j], true
					}
				}
			}
		}
		return VanishingRun{}, false
	}
	sig, okS := find(nn.Sigmoid)
	relu, okR := find(nn.ReLU)
	deep := cfg.TrainDepths[len(cfg.TrainDepths)-1]
	for _, d := range cfg.TrainDepths {
		deep = max(deep, d)
	}
	v := Verdict{
		Metric:   "sigmoid's per-layer gradient factor (first/last ratio ∝ factor^depth)",
		Expected: "≤ 1/4 per layer (σ′ ≤ 1/4): the ratio shrinks geometrically; ReLU with He init ≈ 1; deep ReLU trains, deep sigmoid stalls",
		Values:   map[string]float64{},
	}
	if !okS || !okR {
		v.Outcome, v.Reason = NotReproduced, "the comparison needs both a sigmoid and a ReLU setup"
		v.Measured, v.Low, v.High = 0, 0, 0
		return v
	}
	v.Measured, v.Low, v.High = sig.Factor, sig.FactorLow, sig.FactorHigh
	deepest := len(relu.Ratio) - 1
	v.Values["sigmoid_factor"] = sig.Factor
	v.Values["sigmoid_factor_low"] = sig.FactorLow
	v.Values["sigmoid_factor_high"] = sig.FactorHigh
	v.Values["relu_factor"] = relu.Factor
	v.Values["relu_factor_low"] = relu.FactorLow
	v.Values["relu_factor_high"] = relu.FactorHigh
	v.Values["relu_ratio_deepest"] = relu.Ratio[deepest]
	v.Values["sigmoid_ratio_deepest"] = sig.Ratio[len(sig.Ratio)-1]
	v.Values["deepest_depth"] = relu.Depths[deepest]
	if tanh, ok := find(nn.Tanh); ok {
		v.Values["tanh_factor"] = tanh.Factor
	}

	shrinks := sig.FactorHigh <= vanishingShrinks
	drift := relu.Ratio[deepest] / relu.Ratio[0]
	v.Values["relu_ratio_drift"] = drift
	flat := relu.Factor >= 1/vanishingFlat && relu.Factor <= vanishingFlat && drift >= 1/vanishingDrift && drift <= vanishingDrift
	sigDeep, _ := best(nn.Sigmoid, deep)
	reluDeep, _ := best(nn.ReLU, deep)
	v.Values["train_depth"] = float64(deep)
	v.Values["sigmoid_deep_test_accuracy"] = sigDeep.TestAccuracy
	v.Values["relu_deep_test_accuracy"] = reluDeep.TestAccuracy
	if shallow, ok := best(nn.Sigmoid, cfg.TrainDepths[0]); ok && cfg.TrainDepths[0] != deep {
		v.Values["sigmoid_shallow_test_accuracy"] = shallow.TestAccuracy
	}
	trains := deep >= vanishingDeep && reluDeep.TestAccuracy >= vanishingTrains && sigDeep.TestAccuracy <= vanishingStalls

	passed := countTrue(shrinks, flat, trains)
	v.Outcome = passedOf(passed, 3, 2)
	v.Values["criteria_met"] = float64(passed)
	v.Reason = fmt.Sprintf("At initialisation the first/last gradient ratio of sigmoid nets falls by a factor of %.2f per layer (95%% interval %.2f–%.2f; the derivative bound is 0.25) [geometric shrinkage: %s]; ReLU with He init keeps %.2f per layer, its ratio moving from %s at depth %.0f to %s at depth %.0f [near 1: %s]. After %d SGD steps at depth %d (best of %d learning rates each), ReLU reaches %.1f%% test accuracy and sigmoid %.1f%% [ReLU trains, sigmoid stalls: %s].",
		sig.Factor, sig.FactorLow, sig.FactorHigh, yesNo(shrinks), relu.Factor, numfmt.Number(relu.Ratio[0]), relu.Depths[0], numfmt.Number(relu.Ratio[deepest]), relu.Depths[deepest], yesNo(flat),
		cfg.Steps, deep, len(cfg.LearningRates), 100*reluDeep.TestAccuracy, 100*sigDeep.TestAccuracy, yesNo(trains))
	return v
}

// VanishingGradientsRule states the vanishing-gradients rule from its constants.
func VanishingGradientsRule() string {
	return fmt.Sprintf("Three criteria: the sigmoid's per-layer gradient factor has its 95%% interval at or below %g (the first/last ratio shrinks geometrically); ReLU with He init keeps its factor within [%.2f, %.2f] and its ratio within 3× from the shallowest to the deepest net; at the deepest trained depth (at least 10), ReLU reaches %.0f%% test accuracy and the sigmoid stays at or below %.0f%%, each at its best learning rate. All three: reproduced; two: partly; fewer: not reproduced.",
		vanishingShrinks, 1/vanishingFlat, vanishingFlat, 100*vanishingTrains, 100*vanishingStalls)
}
