package claims

import (
	"fmt"
	"math"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// Thresholds of the verdict, one for each part of Zhang et al.'s (2017) Figure 1, fixed
// before the sweep was run.
const (
	// A net has fitted its training labels once its training 0-1 error is at most 1%: Zhang
	// et al. train to 100% training accuracy; the last 1% (ten images of a thousand) is a
	// tail whose length is noise, not corruption.
	randomLabelsFitError = 0.01
	// "Time to fit grows with corruption" (Figure 1b): fully random labels take at least
	// twice the epochs of the true labels (the paper's nets take about 2–4× longer), and the
	// rank correlation between corruption and epochs to fit is at least 0.8 (the growth is
	// steady, not one outlier level).
	randomLabelsSlowdown = 2.0
	randomLabelsRank     = 0.8
	// "Test error rises to chance" (Figure 1c): at 100% corruption the test error is within
	// 5 points of chance (1 − 1/10 = 90%), at 0% the net generalises (test error ≤ 50%), and
	// the rank correlation between corruption and test error is at least 0.8.
	randomLabelsChance = 0.9
	randomLabelsNear   = 0.05
	randomLabelsLearns = 0.5
)

// randomLabelsMeasures is what the rule reads: per corruption level (increasing, 0 first
// and 1 last) the training and test error and the epochs trained, whether the net fitted,
// and the same for random pixels (if run). Pooled, these are seed means; per seed, one
// seed's values.
type randomLabelsMeasures struct {
	corruption, trainError, testError, epochs []float64
	fitted                                    []bool
	pixels                                    bool
	pixTrainError, pixTestError               float64
	pixFitted                                 bool
}

// randomLabelsCriteria are the three parts of the rule.
type randomLabelsCriteria struct {
	fitsRandom, slower, toChance bool
	slowdown, epochsRank         float64
	testRank                     float64
}

// randomLabelsJudge applies the rule to one set of measurements: reproduced when the net
// fits fully random labels (and random pixels), takes longer the more labels are random,
// and generalises less, down to chance; not reproduced when it cannot fit random labels;
// partly otherwise.
func randomLabelsJudge(m randomLabelsMeasures) (Outcome, randomLabelsCriteria) {
	last := len(m.corruption) - 1
	var c randomLabelsCriteria
	c.fitsRandom = m.fitted[last] && m.trainError[last] <= randomLabelsFitError && (!m.pixels || (m.pixFitted && m.pixTrainError <= randomLabelsFitError))
	c.slowdown = m.epochs[last] / math.Max(m.epochs[0], 1)
	c.epochsRank = spearman(m.corruption, m.epochs)
	c.testRank = spearman(m.corruption, m.testError)
	c.slower = c.slowdown >= randomLabelsSlowdown && c.epochsRank >= randomLabelsRank
	c.toChance = m.testError[last] >= randomLabelsChance-randomLabelsNear && m.testError[0] <= randomLabelsLearns && c.testRank >= randomLabelsRank
	switch {
	case c.fitsRandom && c.slower && c.toChance:
		return Reproduced, c
	case !c.fitsRandom:
		return NotReproduced, c
	}
	return PartlyReproduced, c
}

// spearman is the rank correlation of x and y (ties get their mean rank); 0 when either
// is constant.
func spearman(x, y []float64) float64 {
	rank := func(v []float64) []float64 {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
		r := make([]float64, len(v))
		for i := 0; i < len(idx); {
			j := i
			for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
				j++
			}
			for k := i; k <= j; k++ {
				r[idx[k]] = float64(i+j) / 2
			}
			i = j + 1
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	var mx, my float64
	for i := range rx {
		mx += rx[i] / float64(len(rx))
		my += ry[i] / float64(len(ry))
	}
	var sxy, sxx, syy float64
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sxx += (rx[i] - mx) * (rx[i] - mx)
		syy += (ry[i] - my) * (ry[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// randomLabelsMeasuresOf collects the rule's inputs from the result: seed means when seed
// is negative, else that seed's values.
func randomLabelsMeasuresOf(r RandomLabelsResult, seed int) randomLabelsMeasures {
	var m randomLabelsMeasures
	val := func(iv SeedInterval, per []float64) float64 {
		if seed < 0 {
			return iv.Mean
		}
		return per[seed]
	}
	for _, s := range r.Sets {
		fitted := val(s.TrainError, s.PerSeedTrainError) <= randomLabelsFitError
		if seed >= 0 {
			fitted = s.PerSeedFitted[seed]
		}
		if s.Pixels {
			m.pixels, m.pixFitted = true, fitted
			m.pixTrainError, m.pixTestError = val(s.TrainError, s.PerSeedTrainError), val(s.TestError, s.PerSeedTestError)
			continue
		}
		m.corruption = append(m.corruption, s.Corruption)
		m.trainError = append(m.trainError, val(s.TrainError, s.PerSeedTrainError))
		m.testError = append(m.testError, val(s.TestError, s.PerSeedTestError))
		m.epochs = append(m.epochs, val(s.Epochs, s.PerSeedEpochs))
		m.fitted = append(m.fitted, fitted)
	}
	return m
}

// randomLabelsVerdict applies randomLabelsJudge to the seed means and to every seed alone.
func randomLabelsVerdict(r RandomLabelsResult) Verdict {
	m := randomLabelsMeasuresOf(r, -1)
	outcome, c := randomLabelsJudge(m)
	last := len(m.corruption) - 1
	sets := len(r.Sets)
	random, tru := r.Sets[last], r.Sets[0]
	slow := make([]float64, r.Config.Seeds)
	for s := range slow {
		slow[s] = random.PerSeedEpochs[s] / math.Max(tru.PerSeedEpochs[s], 1)
	}
	slowIv := NewSeedInterval(slow)
	v := Verdict{
		Outcome:  outcome,
		Metric:   fmt.Sprintf("training 0-1 error on 100%% random labels (width %d, n = %d)", r.Config.Width, r.Config.TrainSamples),
		Measured: random.TrainError.Mean, Low: random.TrainError.Low, High: random.TrainError.High,
		Expected: "≈ 0: the net fits random labels, takes longer the more labels are random, and its test error rises to chance (Zhang et al. 2017, Figure 1)",
		Values: map[string]float64{
			"params_per_sample":       float64(r.Params) / float64(r.Config.TrainSamples),
			"training_samples":        float64(r.Config.TrainSamples),
			"random_train_error":      random.TrainError.Mean,
			"random_test_error":       random.TestError.Mean,
			"random_test_error_low":   random.TestError.Low,
			"random_test_error_high":  random.TestError.High,
			"true_test_error":         tru.TestError.Mean,
			"true_epochs_to_fit":      tru.Epochs.Mean,
			"random_epochs_to_fit":    random.Epochs.Mean,
			"slowdown":                slowIv.Mean,
			"slowdown_low":            slowIv.Low,
			"slowdown_high":           slowIv.High,
			"epochs_rank_correlation": c.epochsRank,
			"training_tflop":          float64(r.FLOPs) / 1e12,
		},
	}
	v.Values["test_error_rank_correlation"] = c.testRank
	if m.pixels {
		pix := r.Sets[sets-1]
		v.Values["pixels_train_error"] = pix.TrainError.Mean
		v.Values["pixels_test_error"] = pix.TestError.Mean
		v.Values["pixels_epochs_to_fit"] = pix.Epochs.Mean
	}
	v.SeedOutcomes = PerSeedOutcomes(r.Config.Seeds, func(i int) Outcome {
		o, _ := randomLabelsJudge(randomLabelsMeasuresOf(r, i))
		return o
	})
	pct := func(iv SeedInterval) string {
		return numfmt.Interval(100*iv.Mean, 100*iv.Low, 100*iv.High) + "%"
	}
	pixels := ""
	if m.pixels {
		pix := r.Sets[sets-1]
		pixels = fmt.Sprintf(" Random pixels: %s training and %s test error after %s epochs (%d of %d seeds fitted).",
			pct(pix.TrainError), pct(pix.TestError), numfmt.Number(pix.Epochs.Mean), pix.Fitted(), r.Config.Seeds)
	}
	v.Reason = fmt.Sprintf("Width %d (%s parameters per image, n = %d, Adam until the training error is ≤ %s%% or %d epochs; 95%% t-intervals over %d seeds): 100%% random labels reach %s training error in %s epochs (%d of %d seeds fitted) [fits random labels: %s]; that is %s× the %s epochs of the true labels, rank correlation of epochs with corruption %s [slower with corruption: %s]; test error %s at 0%% and %s at 100%% (chance 90%%), rank correlation %s [rises to chance: %s].%s",
		r.Config.Width, numfmt.Number(v.Values["params_per_sample"]), r.Config.TrainSamples, numfmt.Number(100*randomLabelsFitError), r.Config.MaxEpochs, r.Config.Seeds,
		pct(random.TrainError), numfmt.Interval(random.Epochs.Mean, random.Epochs.Low, random.Epochs.High), random.Fitted(), r.Config.Seeds, yesNo(c.fitsRandom),
		numfmt.Interval(slowIv.Mean, slowIv.Low, slowIv.High), numfmt.Number(tru.Epochs.Mean), numfmt.Sig(c.epochsRank, 2), yesNo(c.slower),
		pct(tru.TestError), pct(random.TestError), numfmt.Sig(c.testRank, 2), yesNo(c.toChance), pixels)
	return v
}

// RandomLabelsRule states the random-labels rule from its constants.
func RandomLabelsRule() string {
	return fmt.Sprintf("Zhang et al. (2017), Figure 1, in three parts: (a) the net fits 100%% random labels and random pixels (training 0-1 error ≤ %s%%); (b) fitting 100%% random labels takes at least %s× the epochs of the true labels, and the rank correlation of epochs with corruption is at least %s; (c) test error is within %s points of chance (%s%%) at 100%% corruption, at most %s%% at 0%%, with rank correlation at least %s. All three: reproduced; (a) failing: not reproduced; otherwise partly. Applied to seed means and to each seed alone.",
		numfmt.Number(100*randomLabelsFitError), numfmt.Number(randomLabelsSlowdown), numfmt.Number(randomLabelsRank), numfmt.Number(100*randomLabelsNear),
		numfmt.Number(100*randomLabelsChance), numfmt.Number(100*randomLabelsLearns), numfmt.Number(randomLabelsRank))
}
