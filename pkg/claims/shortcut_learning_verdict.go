package claims

import (
	"fmt"
	"strings"
)

// Thresholds of the criteria reported beside the verdict (the verdict's own are in
// shortcut_controls.go).
const (
	// shortcutSaliencyBackground: the net "looks at the background" when the background
	// draws at least as much input gradient per pixel as the animal (a ratio of 1).
	shortcutSaliencyBackground = 1.0
)

func shortcutLearningVerdict(r ShortcutLearningResult) Verdict {
	cfg := r.Config
	v := Verdict{
		Metric:   fmt.Sprintf("accuracy on the broken-correlation test (cats outside, dogs inside) after training on %d images", cfg.Ns[len(cfg.Ns)-1]),
		Expected: "near or below chance (0.5) at every n, while in-distribution accuracy is high; the network looks at the background",
		Values:   map[string]float64{},
	}
	for _, c := range r.Curves {
		if c.Cue == ShortcutCueBackground && c.Test == ShortcutTestBroken {
			last := c.Accuracy[len(c.Accuracy)-1]
			v.Measured, v.Low, v.High = last.Mean, last.Low, last.High
		}
		key := strings.NewReplacer(", ", "_", " ", "_", "-", "_").Replace(c.Cue + "_" + c.Test)
		v.Values[key+"_smallest_n"] = c.Accuracy[0].Mean
		v.Values[key+"_largest_n"] = c.Accuracy[len(c.Accuracy)-1].Mean
	}
	bgOK, _, bgIn, bgBroken, bgGain := shortcutCueCheck(r, ShortcutCueBackground)
	sizeOK, sizePresent, sizeIn, sizeBroken, sizeGain := shortcutCueCheck(r, ShortcutCueSize)
	gOK, gPresent, gIn, gBroken, gGain := shortcutCueCheck(r, ShortcutCueGarments)
	s := r.Saliency
	looksAtBackground := s.ShortcutRatio.Mean >= shortcutSaliencyBackground
	v.Values["saliency_animal_share_shortcut"] = s.ShortcutShare.Mean
	v.Values["saliency_animal_share_diverse"] = s.DiverseShare.Mean
	v.Values["animal_area_share"] = s.AreaShare
	v.Values["saliency_background_per_animal_shortcut"] = s.ShortcutRatio.Mean
	v.Values["saliency_background_per_animal_diverse"] = s.DiverseRatio.Mean
	v.Values["train_flops"] = float64(r.TrainFLOPs)

	met, needed := 0, 0
	for _, c := range []struct{ ok, present bool }{{bgOK, true}, {sizeOK, sizePresent}, {gOK, gPresent}, {looksAtBackground, true}} {
		if c.present {
			needed++
			if c.ok {
				met++
			}
		}
	}
	v.Values["criteria_met"] = float64(met)
	v.Values["criteria"] = float64(needed)
	// The 100%-correlated criteria above are reported; the outcome rests on the controls and
	// the intermediate correlations (see ShortcutLearningRule).
	outcome, followed, controls := shortcutControlsOutcome(r.Controls)
	v.Outcome = outcome
	v.SeedOutcomes = PerSeedOutcomes(r.Controls.seeds(), func(i int) Outcome {
		o, _, _ := shortcutControlsOutcome(r.Controls.seed(i))
		return o
	})
	v.Values["correlations_following_background"] = float64(followed)
	v.Values["control_animal_only"] = r.Controls.AnimalOnly.Mean
	v.Values["control_background_only"] = r.Controls.BackgroundOnlyInDist.Mean
	v.Values["control_background_only_broken"] = r.Controls.BackgroundOnlyBroken.Mean
	highest := 0.0
	for _, x := range r.Controls.Correlations {
		v.Values[fmt.Sprintf("broken_at_match_%g", x.Match)] = x.Broken.Mean
		if x.Broken.Mean >= highest {
			highest = x.Broken.Mean
			v.Measured, v.Low, v.High = x.Broken.Mean, x.Broken.Low, x.Broken.High
		}
	}
	v.Metric = fmt.Sprintf("highest broken-correlation accuracy over training sets whose background matches the class in %s of %d images", shortcutPercents(r.Config.Matches), r.Controls.N)
	v.Expected = fmt.Sprintf("below %.1f at each: the net follows the background rather than the animal it can learn (animal-only control ≥ %.2f)", shortcutFollowsBackground, shortcutAnimalLearns)
	var b strings.Builder
	fmt.Fprintf(&b, "Background cue (animals), n = %d to %d: in-distribution accuracy ≥ %.3f, broken-correlation accuracy ≤ %.3f, change from smallest to largest n %+.3f [shortcut that more data does not fix: %s].",
		cfg.Ns[0], cfg.Ns[len(cfg.Ns)-1], bgIn, bgBroken, bgGain, yesNo(bgOK))
	if sizePresent {
		fmt.Fprintf(&b, " Size cue: in-distribution ≥ %.3f, broken ≤ %.3f, change %+.3f [%s].", sizeIn, sizeBroken, sizeGain, yesNo(sizeOK))
	}
	if gPresent {
		fmt.Fprintf(&b, " Garments on the same backgrounds: in-distribution ≥ %.3f, broken ≤ %.3f, change %+.3f [%s].", gIn, gBroken, gGain, yesNo(gOK))
	}
	fmt.Fprintf(&b, " Saliency at n = %d: %.0f%% on the animal, which covers %.0f%% of the pixels; a background pixel weighs %.2f× an animal pixel [looks at the background: %s] (network trained with %.0f%% decorrelated images: %.0f%% on the animal, %.2f×).",
		s.N, 100*s.ShortcutShare.Mean, 100*s.AreaShare, s.ShortcutRatio.Mean, yesNo(looksAtBackground), 100*cfg.DiverseFraction, 100*s.DiverseShare.Mean, s.DiverseRatio.Mean)
	v.Reason = controls + " Reported, not judged: " + b.String()
	return v
}

// shortcutPercents writes matches as "90%, 95% and 99%".
func shortcutPercents(ms []float64) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%g%%", 100*m))
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// Thresholds of the verdict. Chance is 0.5 (two balanced classes). A cue is "learned as a
// shortcut" when, at every training-set size, in-distribution accuracy is at least
// shortcutHigh (the network solved the task as posed) while broken-correlation accuracy is at
// most shortcutNearChance (chance plus 0.1: near or below chance), and broken-correlation
// accuracy gains at most shortcutStays from the smallest to the largest n (more images do not
// fix it). The saliency criterion: a background pixel moves the decision at least as much as
// an animal pixel (BackgroundPerAnimal ≥ 1, mean over seeds) for the shortcut network.
const (
	shortcutHigh       = 0.9
	shortcutNearChance = 0.6
	shortcutStays      = 0.1
)

// shortcutCueCheck applies the shortcut rule to one cue's curves.
func shortcutCueCheck(r ShortcutLearningResult, cue string) (ok, present bool, inLow, brokenHigh, gain float64) {
	var in, broken *ShortcutCurve
	for i := range r.Curves {
		c := &r.Curves[i]
		if c.Cue == cue && c.Test == ShortcutTestInDist {
			in = c
		}
		if c.Cue == cue && c.Test == ShortcutTestBroken {
			broken = c
		}
	}
	if in == nil || broken == nil || len(in.Accuracy) == 0 {
		return false, false, 0, 0, 0
	}
	inLow, brokenHigh = 1, 0
	for i := range in.Accuracy {
		inLow = min(inLow, in.Accuracy[i].Mean)
		brokenHigh = max(brokenHigh, broken.Accuracy[i].Mean)
	}
	gain = broken.Accuracy[len(broken.Accuracy)-1].Mean - broken.Accuracy[0].Mean
	ok = inLow >= shortcutHigh && brokenHigh <= shortcutNearChance && gain <= shortcutStays
	return ok, true, inLow, brokenHigh, gain
}
