package claims

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
