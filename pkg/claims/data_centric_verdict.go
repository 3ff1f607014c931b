package claims

import (
	"fmt"
	"math"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// The verdict, fixed before the runs. Two criteria, on the data-centric lead: the
// data-centric path's gain over the original model on noisy labels minus the model-centric
// path's (the best of the larger and deeper candidates and the noise-robust loss, chosen on
// noisy validation labels), averaged over the noise rates:
//   - "fixing the data beats a bigger model": at the smallest size the lead exceeds
//     dataCentricMargin (one point of accuracy, above the seed-to-seed noise of a few
//     thousand test images), with no more training FLOPs;
//   - "above all when data are small": the lead shrinks as data grow, its least-squares
//     slope against log10 n having a 95% t-interval over seeds entirely below zero (a single
//     seed: its slope below zero).
//
// Both: reproduced. A positive lead at the smallest size with only one of them (or neither,
// but positive): partly. No lead at the smallest size: not reproduced.
const dataCentricMargin = 0.01

// dataCentricCriteria is the rule applied to one reading: the lead at the smallest size, the
// FLOPs of both paths there, and the upper end of the slope's interval.
func dataCentricJudge(leadSmall, dataFLOPs, modelFLOPs, slopeHigh float64) (o Outcome, wins, shrinks bool) {
	wins = leadSmall > dataCentricMargin && dataFLOPs <= modelFLOPs
	shrinks = slopeHigh < 0 // NaN (one size) is not below zero
	switch {
	case leadSmall <= 0:
		return NotReproduced, wins, shrinks
	case wins && shrinks:
		return Reproduced, wins, shrinks
	}
	return PartlyReproduced, wins, shrinks
}

// dataCentricSmallFLOPs is the mean over noise rates, at the smallest size, of each path's
// FLOPs (seed −1: the seed means; otherwise that seed's).
func dataCentricSmallFLOPs(r DataCentricResult, seed int) (data, model float64) {
	nr := len(r.Config.NoiseRates)
	for _, c := range r.Cells[:nr] {
		if seed < 0 {
			data += c.DataPath.FLOPs / float64(nr)
			model += c.ModelPath.FLOPs / float64(nr)
		} else {
			data += c.DataPath.SeedFLOPs[seed] / float64(nr)
			model += c.ModelPath.SeedFLOPs[seed] / float64(nr)
		}
	}
	return data, model
}

func dataCentricVerdict(r DataCentricResult) Verdict {
	cfg := r.Config
	t := r.Trend
	v := Verdict{
		Metric:   "data-centric gain minus model-centric gain at the smallest size, averaged over the noise rates (points of accuracy; interval: 95% t over seeds)",
		Expected: "positive (cleaning the labels gains more than a larger or deeper model or a noise-robust loss, at no more compute), and shrinking as the training set grows",
		Values:   map[string]float64{},
	}
	if len(r.Cells) == 0 || len(t.Lead) == 0 {
		v.Outcome, v.Reason = NotReproduced, "no cells were run"
		return v
	}
	lead := t.Lead[0]
	v.Measured, v.Low, v.High = 100*lead.Mean, 100*lead.Low, 100*lead.High
	dataF, modelF := dataCentricSmallFLOPs(r, -1)
	var shrinks, wins bool
	v.Outcome, wins, shrinks = dataCentricJudge(lead.Mean, dataF, modelF, t.Slope.High)
	v.SeedOutcomes = PerSeedOutcomes(cfg.Seeds, func(s int) Outcome {
		d, m := dataCentricSmallFLOPs(r, s)
		o, _, _ := dataCentricJudge(t.SeedLeads[s][0], d, m, t.SeedSlopes[s])
		return o
	})
	v.Values["lead_small"] = lead.Mean
	if !math.IsNaN(t.Slope.Mean) { // one size: no slope
		v.Values["lead_slope_per_decade"] = t.Slope.Mean
		v.Values["lead_slope_low"] = t.Slope.Low
		v.Values["lead_slope_high"] = t.Slope.High
	}
	v.Values["data_path_flops_small"] = dataF
	v.Values["model_path_flops_small"] = modelF
	for i, l := range t.Lead {
		v.Values[fmt.Sprintf("lead_n%d", int(t.Sizes[i]))] = l.Mean
	}
	for _, c := range r.Cells {
		k := fmt.Sprintf("n%d_noise%02.0f_", c.Samples, 100*c.NoiseRate)
		v.Values[k+"base_noisy_accuracy"] = c.BaseNoisy
		v.Values[k+"data_path_gain"] = c.DataPath.Gain
		v.Values[k+"model_path_gain"] = c.ModelPath.Gain
		v.Values[k+"robust_gain"] = c.RobustPath.Gain
		v.Values[k+"lead"] = c.DataPath.Gain - c.ModelPath.Gain
	}
	var prec, rec, before, after float64
	for _, f := range r.Fixes {
		k := float64(len(r.Fixes))
		prec += f.Score.Precision / k
		rec += f.Score.Recall / k
		before += f.Score.Before / k
		after += f.Score.LabelAccuracy / k
	}
	v.Values["fix_precision"] = prec
	v.Values["fix_recall"] = rec
	v.Values["label_accuracy_before"] = before
	v.Values["label_accuracy_after"] = after

	var cells []string
	for _, c := range r.Cells {
		cells = append(cells, fmt.Sprintf("n = %s, %.0f%% noise: base %.1f%%, data %+.1f, model %+.1f, GCE %+.1f",
			numfmt.Number(float64(c.Samples)), 100*c.NoiseRate, 100*c.BaseNoisy, 100*c.DataPath.Gain, 100*c.ModelPath.Gain, 100*c.RobustPath.Gain))
	}
	var leads []string
	for i, l := range t.Lead {
		leads = append(leads, fmt.Sprintf("%+.1f (%s) at n = %s", 100*l.Mean, dataCentricPoints(l), numfmt.Number(t.Sizes[i])))
	}
	h := r.DataCentricCell
	v.Reason = fmt.Sprintf("%s images with labels flipped to look-alike classes; gains in points of test accuracy over the original model %s on the noisy labels, per size and noise rate: %s. "+
		"The data-centric path (%d-fold cross-validated label check, confident suspects relabelled and the rest dropped, then the original model) against the model-centric one (the best on noisy validation of %d larger/deeper candidates and the GCE loss, Zhang & Sabuncu 2018). "+
		"Lead of the data path, averaged over the noise rates: %s [exceeds %.0f point at the smallest size with no more FLOPs (%s against %s): %s]; slope %+.1f points per tenfold n (%s) [shrinks as n grows: %s]. "+
		"At the headline cell (n = %s, %.0f%% noise) the fix's precision is %.0f%% and recall %.0f%% (labels %.0f%% → %.0f%% right), the original model on the true labels would reach %.1f%%, and the noise-robust loss was the model-centric choice in %d of %d seeds.",
		dataCentricDatasetName(cfg.Dataset), r.BaseModel, strings.Join(cells, "; "),
		cfg.Folds, len(cfg.Models),
		strings.Join(leads, ", "), 100*dataCentricMargin, numfmt.Number(dataF), numfmt.Number(modelF), yesNo(wins),
		100*t.Slope.Mean, dataCentricPoints(t.Slope), yesNo(shrinks),
		numfmt.Number(float64(h.Samples)), 100*h.NoiseRate, 100*prec, 100*rec, 100*before, 100*after, 100*h.BaseTrue, h.RobustChosen, cfg.Seeds)
	if len(t.Sizes) < 2 {
		v.Reason += " With one size the trend is not measured."
	}
	return v
}

// dataCentricPoints writes an interval of accuracy fractions in points.
func dataCentricPoints(iv SeedInterval) string {
	if math.IsNaN(iv.Low) {
		return "no interval"
	}
	return fmt.Sprintf("95%% interval %+.1f to %+.1f", 100*iv.Low, 100*iv.High)
}

// DataCentricRule states the data-centric rule from its constant.
func DataCentricRule() string {
	return fmt.Sprintf("The data-centric path (clean the labels, keep the original model) is compared with the model-centric path (keep the labels; the best on noisy validation of larger and deeper models and a noise-robust loss, GCE) by their test-accuracy gain over the original model, averaged over the noise rates. Reproduced when, at the smallest size, the data path's gain exceeds the model path's by more than %.0f point with no more training FLOPs, and that lead shrinks as the training set grows (its slope against log n has a 95%% t-interval over seeds below zero; for one seed, its slope below zero); partly when the lead at the smallest size is positive but not both; not reproduced otherwise. The same rule is applied to each seed alone.",
		100*dataCentricMargin)
}
