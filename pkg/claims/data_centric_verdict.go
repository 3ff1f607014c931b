package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

func dataCentricVerdict(r DataCentricResult) Verdict {
	cfg := r.Config
	m, d := r.ModelPath, r.DataPath
	v := Verdict{
		Metric:   "test-accuracy gain of the data-centric path minus that of the model-centric path (points of accuracy; interval: smallest and largest seed)",
		Measured: 100 * (d.Gain - m.Gain),
		Expected: "positive: cleaning the labels gains more than a larger or deeper model, at no more compute",
		Values: map[string]float64{
			"base_noisy_accuracy":  r.BaseNoisy,
			"model_path_accuracy":  m.Accuracy,
			"model_path_gain":      m.Gain,
			"model_path_gain_low":  m.GainLow,
			"model_path_gain_high": m.GainHigh,
			"model_path_flops":     m.FLOPs,
			"data_path_accuracy":   d.Accuracy,
			"data_path_gain":       d.Gain,
			"data_path_gain_low":   d.GainLow,
			"data_path_gain_high":  d.GainHigh,
			"data_path_flops":      d.FLOPs,
			"model_ceiling_gain":   r.BestModelByTest.Gain,
			"noise_rate":           cfg.NoiseRate,
			"samples":              float64(cfg.Samples),
		},
	}
	v.Low, v.High = 100*r.LeadLow, 100*r.LeadHigh
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
	lead := d.Gain - m.Gain
	cheaper := d.FLOPs <= m.FLOPs
	switch {
	case lead > dataCentricMargin && cheaper:
		v.Outcome = Reproduced
	case lead > 0:
		v.Outcome = PartlyReproduced
	default:
		v.Outcome = NotReproduced
	}
	v.Reason = fmt.Sprintf("On %d %s images with %.0f%% of labels flipped to look-alike classes, the original model %s reaches %.1f%% test accuracy. "+
		"Model-centric (best of %d larger/deeper candidates on noisy validation): %.1f%%, gain %+.1f points (seeds %+.1f to %+.1f) for %s training FLOPs. "+
		"Data-centric (%d-fold cross-validated label check, confident suspects relabelled and the rest dropped, precision %.0f%%, recall %.0f%%, labels %.0f%% → %.0f%% right, then the original model): %.1f%%, gain %+.1f points (seeds %+.1f to %+.1f) for %s FLOPs. "+
		"Even the candidate with the best test accuracy gains only %+.1f points; the original model on the true labels would reach %.1f%%.",
		cfg.Samples, dataCentricDatasetName(cfg.Dataset), 100*cfg.NoiseRate, r.BaseModel, 100*r.BaseNoisy,
		len(cfg.Models), 100*m.Accuracy, 100*m.Gain, 100*m.GainLow, 100*m.GainHigh, numfmt.Number(m.FLOPs),
		cfg.Folds, 100*prec, 100*rec, 100*before, 100*after, 100*d.Accuracy, 100*d.Gain, 100*d.GainLow, 100*d.GainHigh, numfmt.Number(d.FLOPs),
		100*r.BestModelByTest.Gain, 100*r.BaseTrue)
	if !cheaper {
		v.Reason += " The data-centric path used more FLOPs than the model search."
	}
	return v
}

// The verdict: the data fix "gives the larger gain" when the data-centric path's mean gain
// over the base model on noisy labels exceeds the model-centric path's by more than
// dataCentricMargin (one point of accuracy, above the seed-to-seed noise of a few thousand
// test images), with no more training FLOPs. Reproduced when it does; partly when it does
// but with more FLOPs than the model search, or when the lead is positive but within the
// margin; not reproduced otherwise.
const dataCentricMargin = 0.01

// DataCentricRule states the data-centric rule from its constant.
func DataCentricRule() string {
	return fmt.Sprintf("The data-centric path (clean the labels, keep the base model) is compared with the model-centric path (keep the labels, pick the best larger model) by their mean test-accuracy gain over the base model: reproduced when the data path's gain exceeds the model path's by more than %.0f point with no more training FLOPs; partly when it leads by less, or with more FLOPs; not reproduced otherwise.",
		100*dataCentricMargin)
}
