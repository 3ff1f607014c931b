package claims

import "fmt"

// Thresholds of the verdict. "About zero training error" is a mean training 0-1 error of at
// most 5%; "test error at chance" is within 5 points of 1 − 1/10 = 90%. The true-label
// control must fit too (≤ 5%) and generalise (test error ≤ 50%). The training loss counts as
// fitted, for the steps-to-fit figure, once below 0.1 nats.
const (
	randomLabelsFitted  = 0.05
	randomLabelsChance  = 0.9
	randomLabelsNear    = 0.05
	randomLabelsLearns  = 0.5
	randomLabelsFitLoss = 0.1
)

// randomLabelsVerdict reads the widest width: reproduced when both random variants are fitted
// (training error ≤ 5%) with test error at chance (≥ 85%) and the true-label control fits and
// generalises; partly reproduced when only one random variant qualifies (or both do but the
// control fails); not reproduced when neither does.
func randomLabelsVerdict(r RandomLabelsResult) Verdict {
	w := len(r.Config.Widths) - 1
	get := func(name string) RandomLabelsVariant {
		for _, v := range r.Variants {
			if v.Name == name {
				return v
			}
		}
		return RandomLabelsVariant{}
	}
	tru, shuf, pix := get(RandomLabelsTrue), get(RandomLabelsShuffled), get(RandomLabelsPixels)
	qualifies := func(v RandomLabelsVariant) bool {
		return v.TrainError[w] <= randomLabelsFitted && v.TestError[w] >= randomLabelsChance-randomLabelsNear
	}
	okShuf, okPix := qualifies(shuf), qualifies(pix)
	control := tru.TrainError[w] <= randomLabelsFitted && tru.TestError[w] <= randomLabelsLearns
	v := Verdict{
		Metric:   fmt.Sprintf("training 0-1 error on shuffled labels at width %d", r.Config.Widths[w]),
		Measured: shuf.TrainError[w], Low: shuf.TrainErrorLow[w], High: shuf.TrainErrorHigh[w],
		Expected: "≈ 0 (the net fits any labels), with test error at chance (90%) for shuffled labels and random pixels (Zhang et al. 2017)",
		Values: map[string]float64{
			"widest_width":             float64(r.Config.Widths[w]),
			"widest_params_per_sample": r.Params[w] / float64(r.Config.TrainSamples),
			"training_tflop":           float64(r.FLOPs) / 1e12,
		},
	}
	keys := map[string]string{RandomLabelsTrue: "true", RandomLabelsShuffled: "shuffled", RandomLabelsPixels: "pixels"}
	for _, x := range []RandomLabelsVariant{tru, shuf, pix} {
		k := keys[x.Name]
		v.Values[k+"_train_error"] = x.TrainError[w]
		v.Values[k+"_test_error"] = x.TestError[w]
		if x.Fitted {
			v.Values[k+"_steps_to_fit"] = x.StepsToFit
		}
	}
	switch {
	case okShuf && okPix && control:
		v.Outcome = Reproduced
	case okShuf || okPix:
		v.Outcome = PartlyReproduced
	default:
		v.Outcome = NotReproduced
	}
	fit := func(x RandomLabelsVariant) string {
		if !x.Fitted {
			return fmt.Sprintf("training loss never below %.1f", randomLabelsFitLoss)
		}
		return fmt.Sprintf("training loss below %.1f after %.0f steps", randomLabelsFitLoss, x.StepsToFit)
	}
	v.Reason = fmt.Sprintf("At width %d (%.0f parameters per sample, n = %d, %d Adam steps): shuffled labels reach %.1f%% training and %.1f%% test error (%s) [fits, at chance: %s]; random pixels %.1f%% and %.1f%% (%s) [%s]; true labels %.1f%% and %.1f%% (%s) [control fits and generalises: %s]. Chance is 90%%.",
		r.Config.Widths[w], v.Values["widest_params_per_sample"], r.Config.TrainSamples, r.Config.Steps,
		100*shuf.TrainError[w], 100*shuf.TestError[w], fit(shuf), yesNo(okShuf),
		100*pix.TrainError[w], 100*pix.TestError[w], fit(pix), yesNo(okPix),
		100*tru.TrainError[w], 100*tru.TestError[w], fit(tru), yesNo(control))
	return v
}

// RandomLabelsRule states the random-labels rule from its constants.
func RandomLabelsRule() string {
	return fmt.Sprintf("At the widest net, shuffled labels and random pixels each reach a training 0-1 error of at most %.0f%% with a test error within %.0f points of chance (%.0f%%), and the true-label control fits (≤ %.0f%%) and generalises (test error ≤ %.0f%%): reproduced; one of the two random variants: partly; neither: not reproduced.",
		100*randomLabelsFitted, 100*randomLabelsNear, 100*randomLabelsChance, 100*randomLabelsFitted, 100*randomLabelsLearns)
}
