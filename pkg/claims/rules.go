package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// Rule states the verdict rule of the claim with the given id, in words written from the
// same named thresholds the rule's code uses, so that the report's text and the code cannot
// drift; "" for an unknown id.
func Rule(id string) string {
	if f, ok := rules[id]; ok {
		return f()
	}
	return ""
}

var rules = map[string]func() string{
	"vanishing-gradients":              VanishingGradientsRule,
	"data-scaling":                     DataScalingRule,
	"compute-scaling":                  ComputeScalingRule,
	"imagenet-halving":                 ImageNetHalvingRule,
	"alexnet-nasnet":                   AlexNetNASNetRule,
	"cost-extrapolation":               CostExtrapolationRule,
	"overparameterised-generalisation": OverparameterisedGeneralisationRule,
	"random-labels":                    RandomLabelsRule,
	"expert-vs-flexible":               ExpertVsFlexibleRule,
	"shortcut-learning":                ShortcutLearningRule,
	"data-diversity":                   DataDiversityRule,
	"catastrophic-forgetting":          CatastrophicForgettingRule,
	"data-centric":                     DataCentricRule,
	"linear-algebra-burden":            LinearAlgebraRule,
	"hardware-growth":                  HardwareGrowthRule,
}

// VanishingGradientsRule states the vanishing-gradients rule from its constants.
func VanishingGradientsRule() string {
	return fmt.Sprintf("Three criteria: the sigmoid's per-layer gradient factor has its 95%% interval at or below %g (the first/last ratio shrinks geometrically); ReLU with He init keeps its factor within [%.2f, %.2f] and its ratio within 3× from the shallowest to the deepest net; at the deepest trained depth (at least 10), ReLU reaches %.0f%% test accuracy and the sigmoid stays at or below %.0f%%, each at its best learning rate. All three: reproduced; two: partly; fewer: not reproduced.",
		vanishingShrinks, 1/vanishingFlat, vanishingFlat, 100*vanishingTrains, 100*vanishingStalls)
}

// ComputeScalingRule states the compute-scaling rule from its constants.
func ComputeScalingRule() string {
	return fmt.Sprintf("The proportional schedule's test error is fitted as a power of its training FLOPs; reproduced when the error falls (at the largest n at least %.0f%% below the smallest) and the compute exponent's 95%% interval reaches %g (a k-fold improvement costs at least k^%g compute), not reproduced otherwise.",
		100*dataScalingMinFall, costmodel.TheoryComputeExponent, costmodel.TheoryComputeExponent)
}

// ImageNetHalvingRule states the imagenet-halving rule (its thresholds are Config fields: the
// claimed 9 and theory's 4).
func ImageNetHalvingRule() string {
	c := ImageNetHalving.Config(false)
	return fmt.Sprintf("The headline fit (hardware burden, every model) gives k with a 95%% bootstrap interval: reproduced when the interval reaches %g and lies above theory's %g; partly when it lies above %g but below %g; not reproduced otherwise.",
		c.ClaimedK, c.TheoryK, c.TheoryK, c.ClaimedK)
}

// CostExtrapolationRule states the cost-extrapolation rule.
func CostExtrapolationRule() string {
	return "The headline fit is inverted at 5% error: reproduced when its FLOPs, dollars and New York City-months of CO₂ are each within one order of magnitude of the article's; partly when only the conversion holds (the article's own FLOPs convert to within an order of magnitude of its dollars and CO₂); not reproduced otherwise."
}

// OverparameterisedGeneralisationRule states the overparameterised-generalisation rule from
// its constants.
func OverparameterisedGeneralisationRule() string {
	return fmt.Sprintf("Four criteria: for the random-feature model and for the MLP, the widest model (at least %d parameters per sample) has a test error at most %.0f point above the best under-parameterised one; and each curve has a clear peak (at least %.0f points above both sides) within a factor %g of its interpolation threshold (training error ≤ %.0f%%). All four: reproduced; neither widest model generalising: not reproduced; otherwise partly.",
		overparamWide, 100*overparamTolerance, 100*overparamPeakMargin, overparamNear, 100*overparamInterpolated)
}

// RandomLabelsRule states the random-labels rule from its constants.
func RandomLabelsRule() string {
	return fmt.Sprintf("At the widest net, shuffled labels and random pixels each reach a training 0-1 error of at most %.0f%% with a test error within %.0f points of chance (%.0f%%), and the true-label control fits (≤ %.0f%%) and generalises (test error ≤ %.0f%%): reproduced; one of the two random variants: partly; neither: not reproduced.",
		100*randomLabelsFitted, 100*randomLabelsNear, 100*randomLabelsChance, 100*randomLabelsFitted, 100*randomLabelsLearns)
}

// ExpertVsFlexibleRule states the expert-vs-flexible rule from its constants.
func ExpertVsFlexibleRule() string {
	return fmt.Sprintf("Three criteria, for every missing-variable expert: at the smallest size every expert has a lower error than the flexible MLP and spent fewer FLOPs; the missing-variable expert plateaus (its error at the largest size is at least %.0f%% of its error at an eighth of it); and the flexible MLP's mean error falls below it within the sizes run. All three: reproduced; two: partly; fewer: not reproduced.",
		100*expertPlateaued)
}

// CatastrophicForgettingRule states the catastrophic-forgetting rule from its constants.
func CatastrophicForgettingRule() string {
	return fmt.Sprintf("Three statements, each checked on every sequence: plain fine-tuning keeps less than %.0f%% of task A's above-chance accuracy; freezing the lower layers keeps at least %.0f points more but does not solve it (less than %.0f%% of A, or the new tasks learnt to less than %.0f%% of a from-scratch net); EWC keeps at least %.0f%% of A and learns every new task to at least %.0f%%. Statements 2 and 3 are tested only where plain fine-tuning keeps less than %.0f%%. Each statement is reproduced when it holds in every sequence tested, partly when in some; the verdict is reproduced when all three are, not reproduced when none is, partly otherwise.",
		100*forgettingLosesMost, 100*forgettingMitigates, 100*forgettingKeepsMost, 100*forgettingLearns, 100*forgettingKeepsMost, 100*forgettingLearns, 100*forgettingKeepsMost)
}

// DataCentricRule states the data-centric rule from its constant.
func DataCentricRule() string {
	return fmt.Sprintf("The data-centric path (clean the labels, keep the base model) is compared with the model-centric path (keep the labels, pick the best larger model) by their mean test-accuracy gain over the base model: reproduced when the data path's gain exceeds the model path's by more than %.0f point with no more training FLOPs; partly when it leads by less, or with more FLOPs; not reproduced otherwise.",
		100*dataCentricMargin)
}
