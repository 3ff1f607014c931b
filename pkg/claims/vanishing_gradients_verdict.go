package claims

import (
	"fmt"
	"strings"

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
	// sees 784 pixels and the last one a few dozen hidden units, an offset depth does not change.
	vanishingDrift = 3.0
	// vanishingDeep: the training test is about deep stacks; a shallower deepest net cannot
	// show sigmoid stalling.
	vanishingDeep = 10
	// vanishingTrains and vanishingStalls: after the step budget "trains" is test accuracy
	// at least vanishingTrains (a linear classifier's level on MNIST is about 0.92) and
	// "stalls" at most vanishingStalls (chance is 0.1).
	vanishingTrains = 0.85
	vanishingStalls = 0.5
	// vanishingRescued: the optimiser control asks whether the stall is the gradient's scale.
	// Adam divides each parameter's step by its gradient's running RMS (Kingma & Ba 2015), so
	// a stall caused by tiny gradients alone ends under Adam: the deep sigmoid net leaves the
	// stalled range, above vanishingStalls.
	vanishingRescued = vanishingStalls
)

// vanishingEvidence is what the rule reads: the pooled numbers, or one seed's alone.
type vanishingEvidence struct {
	subjectFactor, subjectFactorHigh float64 // the sigmoid's per-layer factor and its interval's top
	fixFactor, fixDrift              float64 // ReLU (He)'s factor and its ratio's drift with depth
	deep                             int     // the deepest trained depth
	fixDeep, subjectDeep             float64 // test accuracy at that depth
	// optimiser is the deep test accuracy of the sigmoid under Adam (judged if hasOptimiser);
	// saturating that of each saturating control (judged if any).
	optimiser    float64
	hasOptimiser bool
	saturating   map[string]float64
}

// vanishingCriteria are the rule's five criteria; judged says which apply (the last two need
// their controls in the run).
type vanishingCriteria struct {
	shrinks, flat, stalls, rescued, reluNeeded bool
	judgedRescued, judgedNeeded                bool
}

func (e vanishingEvidence) judge() (vanishingCriteria, Outcome) {
	c := vanishingCriteria{
		shrinks: e.subjectFactorHigh <= vanishingShrinks,
		flat:    e.fixFactor >= 1/vanishingFlat && e.fixFactor <= vanishingFlat && e.fixDrift >= 1/vanishingDrift && e.fixDrift <= vanishingDrift,
		stalls:  e.deep >= vanishingDeep && e.fixDeep >= vanishingTrains && e.subjectDeep <= vanishingStalls,
	}
	c.judgedRescued, c.rescued = e.hasOptimiser, e.hasOptimiser && e.optimiser > vanishingRescued
	c.judgedNeeded = len(e.saturating) > 0
	c.reluNeeded = c.judgedNeeded
	for _, acc := range e.saturating {
		c.reluNeeded = c.reluNeeded && acc < vanishingTrains
	}
	judged := 3 + countTrue(c.judgedRescued, c.judgedNeeded)
	met := countTrue(c.shrinks, c.flat, c.stalls, c.rescued, c.reluNeeded)
	// Without (a) there is no vanishing gradient to speak of, whatever else holds: a world
	// whose subject's gradients do not shrink (the identity in the sigmoid's place, the
	// negative control) met (b) and (c), its deep linear net stalling too, and came out
	// partly reproduced under "more than half" alone.
	if !c.shrinks {
		return c, NotReproduced
	}
	// All judged criteria: reproduced; more than half: partly.
	return c, passedOf(met, judged, judged/2+1)
}

// vanishingEvidenceOf gathers the evidence, pooled over seeds (seed < 0) or of one seed.
func vanishingEvidenceOf(r VanishingGradientsResult, seed int) (vanishingEvidence, bool) {
	cfg := r.Config
	subject, fix := vanishingRoleIndex(cfg, VanishingSubject), vanishingRoleIndex(cfg, VanishingFix)
	if subject < 0 || fix < 0 || len(r.Ratios) != len(cfg.Setups) || len(r.Trained) != len(cfg.Setups)*len(cfg.TrainDepths) {
		return vanishingEvidence{}, false
	}
	d := 0
	for i, depth := range cfg.TrainDepths {
		if depth > cfg.TrainDepths[d] {
			d = i
		}
	}
	acc := func(s int) float64 {
		t := r.Trained[s*len(cfg.TrainDepths)+d]
		if seed < 0 {
			return t.Test.Mean
		}
		return t.SeedTest[seed]
	}
	sub, fx := r.Ratios[subject], r.Ratios[fix]
	last := len(fx.Ratio) - 1
	e := vanishingEvidence{
		subjectFactor: sub.Factor, subjectFactorHigh: sub.FactorHigh,
		fixFactor: fx.Factor, fixDrift: fx.Ratio[last] / fx.Ratio[0],
		deep: cfg.TrainDepths[d], fixDeep: acc(fix), subjectDeep: acc(subject),
		saturating: map[string]float64{},
	}
	if seed >= 0 {
		e.subjectFactor, e.subjectFactorHigh = sub.SeedFactor[seed], sub.SeedFactor[seed]
		e.fixFactor, e.fixDrift = fx.SeedFactor[seed], fx.SeedRatio[seed][last]/fx.SeedRatio[seed][0]
	}
	for s, setup := range cfg.Setups {
		switch setup.Role {
		case VanishingOptimiser:
			e.optimiser, e.hasOptimiser = acc(s), true
		case VanishingSaturating:
			e.saturating[setup.Name] = acc(s)
		}
	}
	return e, true
}

func vanishingVerdict(r VanishingGradientsResult) Verdict {
	cfg := r.Config
	v := Verdict{
		Metric:   "sigmoid's per-layer gradient factor (first/last ratio ∝ factor^depth)",
		Expected: "≤ 1/4 per layer (σ′ ≤ 1/4): the ratio shrinks geometrically; ReLU with He init ≈ 1; deep ReLU trains, deep sigmoid stalls; and ReLU, not the initialisation or the optimiser, is what lets deep nets train",
		Values:   map[string]float64{},
	}
	e, ok := vanishingEvidenceOf(r, -1)
	if !ok {
		v.Outcome, v.Reason = NotReproduced, "the comparison needs a sigmoid subject and a ReLU fix, measured at initialisation and trained"
		return v
	}
	c, outcome := e.judge()
	v.Outcome = outcome
	v.SeedOutcomes = PerSeedOutcomes(cfg.Seeds, func(k int) Outcome {
		ek, _ := vanishingEvidenceOf(r, k)
		_, o := ek.judge()
		return o
	})
	sub, fix := r.Ratios[vanishingRoleIndex(cfg, VanishingSubject)], r.Ratios[vanishingRoleIndex(cfg, VanishingFix)]
	v.Measured, v.Low, v.High = sub.Factor, sub.FactorLow, sub.FactorHigh
	for name, x := range map[string]float64{
		"sigmoid_factor": sub.Factor, "sigmoid_factor_low": sub.FactorLow, "sigmoid_factor_high": sub.FactorHigh,
		"relu_factor": fix.Factor, "relu_factor_low": fix.FactorLow, "relu_factor_high": fix.FactorHigh,
		"relu_ratio_drift": e.fixDrift, "deepest_depth": fix.Depths[len(fix.Depths)-1], "train_depth": float64(e.deep),
		"relu_deep_test_accuracy": e.fixDeep, "sigmoid_deep_test_accuracy": e.subjectDeep,
		"criteria_met":    float64(countTrue(c.shrinks, c.flat, c.stalls, c.rescued, c.reluNeeded)),
		"criteria_judged": float64(3 + countTrue(c.judgedRescued, c.judgedNeeded)),
	} {
		v.Values[name] = x
	}
	for i, s := range cfg.Setups {
		key := vanishingKey(s.Name)
		v.Values[key+"_factor"] = r.Ratios[i].Factor
		t := r.Trained[i*len(cfg.TrainDepths)+len(cfg.TrainDepths)-1]
		if t.Depth == e.deep {
			v.Values[key+"_deep_accuracy"], v.Values[key+"_deep_accuracy_low"], v.Values[key+"_deep_accuracy_high"] = t.Test.Mean, t.Test.Low, t.Test.High
		}
	}
	var contrasts []string
	for _, ct := range r.Contrasts {
		if ct.Depth != e.deep {
			continue
		}
		key := "contrast_" + vanishingKey(ct.A) + "_minus_" + vanishingKey(ct.B)
		v.Values[key], v.Values[key+"_low"], v.Values[key+"_high"] = ct.Diff.Mean, ct.Diff.Low, ct.Diff.High
		contrasts = append(contrasts, fmt.Sprintf("%s (%s) %s points", ct.Name(), ct.Changes, signedPoints(ct.Diff)))
	}
	judged := func(j, ok bool) string {
		if !j {
			return "not judged: no such control in the run"
		}
		return yesNo(ok)
	}
	var sat []string
	for _, s := range cfg.Setups { // in the config's order, not the map's
		if acc, ok := e.saturating[s.Name]; ok {
			sat = append(sat, fmt.Sprintf("%s %.1f%%", s.Name, 100*acc))
		}
	}
	// A control the run did not have is said to be missing, not quoted at 0%.
	adam := fmt.Sprintf("the sigmoid under Adam reaches %.1f%% [Adam ends the stall, so the gradient's scale was the cause: %s]", 100*e.optimiser, judged(c.judgedRescued, c.rescued))
	if !c.judgedRescued {
		adam = "the sigmoid under Adam was not in the run [Adam ends the stall: " + judged(false, false) + "]"
	}
	v.Reason = fmt.Sprintf("At initialisation the first/last gradient ratio of sigmoid nets falls by a factor of %.2f per layer (95%% interval %.2f–%.2f; the derivative bound is 0.25) [geometric shrinkage: %s]; ReLU with He init keeps %.2f per layer, its ratio moving %s× from depth %.0f to %.0f [near 1: %s]. After %d steps at depth %d (rate chosen on seed 1's validation accuracy; means over %d seeds), ReLU (He) reaches %.1f%% test accuracy and sigmoid (Glorot, SGD) %.1f%% [ReLU trains, sigmoid stalls: %s]; %s; saturating activations with a matched initialisation reach %s [none trains, so ReLU was needed: %s]. Contrasts at depth %d, test accuracy A − B with 95%% t-intervals over seeds: %s.",
		sub.Factor, sub.FactorLow, sub.FactorHigh, yesNo(c.shrinks), fix.Factor, numfmt.Number(e.fixDrift), fix.Depths[0], fix.Depths[len(fix.Depths)-1], yesNo(c.flat),
		cfg.Steps, e.deep, cfg.Seeds, 100*e.fixDeep, 100*e.subjectDeep, yesNo(c.stalls),
		adam, orNone(strings.Join(sat, ", ")), judged(c.judgedNeeded, c.reluNeeded),
		e.deep, orNone(strings.Join(contrasts, "; ")))
	return v
}

// signedPoints writes an accuracy difference in percentage points with its interval.
func signedPoints(s SeedInterval) string {
	return fmt.Sprintf("%+.1f [%+.1f, %+.1f]", 100*s.Mean, 100*s.Low, 100*s.High)
}

// vanishingKey turns a setup's name into a results.json key: "sigmoid (Glorot ×4)" →
// "sigmoid_glorot_x4".
func vanishingKey(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.ReplaceAll(name, "×", "x")) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

func orNone(s string) string {
	if s == "" {
		return "(none in the run)"
	}
	return s
}

// VanishingGradientsRule states the vanishing-gradients rule from its constants.
func VanishingGradientsRule() string {
	return fmt.Sprintf("Five criteria: (a) the sigmoid's per-layer gradient factor at initialisation has its 95%% interval at or below %g (the first/last ratio shrinks geometrically); (b) ReLU with He init keeps its factor within [%.2f, %.2f] and its ratio within %g× from the shallowest to the deepest net; (c) at the deepest trained depth (at least %d), ReLU (He) reaches %.0f%% test accuracy and the sigmoid (Glorot, SGD) stays at or below %.0f%%, each at its best learning rate (means over seeds); (d) the same sigmoid net trained by Adam rises above %.0f%% (the gradient's scale caused the stall); (e) no saturating activation with a matched initialisation (tanh with Glorot, the sigmoid with Glorot ×%d) reaches %.0f%% there under SGD (ReLU was needed). (d) and (e) are judged when the run has those controls. All judged criteria: reproduced; (a) and more than half of them: partly; otherwise (always without (a), the claim's mechanism): not reproduced. Each seed's verdict applies the same rule to that seed's numbers alone (its own factor fit in place of the interval).",
		vanishingShrinks, 1/vanishingFlat, vanishingFlat, vanishingDrift, vanishingDeep, 100*vanishingTrains, 100*vanishingStalls, 100*vanishingRescued, vanishingSigmoidGlorotScale, 100*vanishingTrains)
}
