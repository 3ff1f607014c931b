package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

func expertVerdict(r ExpertVsFlexibleResult) Verdict {
	v := Verdict{
		Metric:   "data multiple at which the flexible MLP overtakes the missing-variable expert (crossing size / size at which that expert reached its plateau)",
		Expected: "the expert wins at small data and compute and the missing-variable expert stalls; the flexible model needs far more data and compute (a multiple > 1) and then ends up better",
		Values:   map[string]float64{},
	}
	if len(r.Crossings) < 2 {
		v.Outcome, v.Reason = NotReproduced, "the comparison needs at least one missing-variable expert"
		return v
	}
	complete := r.Crossings[0]
	missing := r.Crossings[1:]
	small, plateau, cross := true, true, true
	for _, x := range r.Crossings {
		small = small && x.ExpertFirst < x.FlexibleFirst && x.ExpertFirstFLOPs < x.FlexibleFirstFLOPs
	}
	for _, x := range missing {
		plateau = plateau && x.PlateauRatio >= expertPlateaued
		cross = cross && x.Crosses
		k := fmt.Sprintf("missing_%d_", x.Missing)
		v.Values[k+"plateau_ratio"] = x.PlateauRatio
		v.Values[k+"final_error"] = x.ExpertLast
		v.Values[k+"first_error"] = x.ExpertFirst
		v.Values[k+"crossing_n"] = x.N
		v.Values[k+"crossing_n_low"] = x.NLow
		v.Values[k+"crossing_n_high"] = x.NHigh
		v.Values[k+"crossing_flops"] = x.FLOPs
		v.Values[k+"crossing_flops_low"] = x.FLOPsLow
		v.Values[k+"crossing_flops_high"] = x.FLOPsHigh
		v.Values[k+"plateau_n"] = x.PlateauN
		v.Values[k+"plateau_flops"] = x.PlateauFLOPs
		v.Values[k+"data_multiple"] = x.DataMultiple
		v.Values[k+"compute_multiple"] = x.ComputeMultiple
		v.Values[k+"crosses"] = expertBool(x.Crosses)
	}
	v.Values["complete_final_error"] = complete.ExpertLast
	v.Values["complete_first_error"] = complete.ExpertFirst
	v.Values["complete_plateau_ratio"] = complete.PlateauRatio
	v.Values["flexible_beats_complete"] = expertBool(complete.Crosses)
	v.Values["complete_crossing_n"] = complete.N
	v.Values["complete_crossing_flops"] = complete.FLOPs
	v.Values["complete_data_multiple"] = complete.DataMultiple
	v.Values["complete_compute_multiple"] = complete.ComputeMultiple
	v.Values["flexible_first_error"] = complete.FlexibleFirst
	v.Values["flexible_first_flops"] = complete.FlexibleFirstFLOPs
	v.Values["complete_first_flops"] = complete.ExpertFirstFLOPs
	v.Values["flexible_final_error"] = complete.FlexibleLast

	// The headline is the best of the imperfect experts: the one that left out the fewest.
	head := missing[0]
	for _, x := range missing {
		if x.Missing < head.Missing {
			head = x
		}
	}
	v.Measured, v.Low, v.High = head.DataMultiple, head.NLow/head.PlateauN, head.NHigh/head.PlateauN
	passed := countTrue(small, plateau, cross)
	v.Values["criteria_met"] = float64(passed)
	v.Outcome = passedOf(passed, 3, 2)
	cfg := r.Config
	reason := fmt.Sprintf("At %d rows the experts' test error is %.1f%% (complete) and %.1f%% (missing %d), for %s FLOPs, against %.1f%% for the flexible MLP, for %s FLOPs [expert wins small: %s]. ",
		cfg.Sizes[0], 100*complete.ExpertFirst, 100*head.ExpertFirst, head.Missing, numfmt.Number(head.ExpertFirstFLOPs), 100*head.FlexibleFirst, numfmt.Number(head.FlexibleFirstFLOPs), yesNo(small))
	for _, x := range missing {
		reason += fmt.Sprintf("The expert missing %d variables goes from %.1f%% to %.1f%% over the last 8× of data (ratio %.2f) and ",
			x.Missing, 100*x.ExpertLast/x.PlateauRatio, 100*x.ExpertLast, x.PlateauRatio)
		if x.Crosses {
			reason += fmt.Sprintf("the MLP overtakes it at %s rows (seeds %s) and %s FLOPs: %s× the data and %s× the compute at which the expert reached its plateau. ",
				numfmt.Number(x.N), numfmt.Range(x.NLow, x.NHigh), numfmt.Number(x.FLOPs), numfmt.Number(x.DataMultiple), numfmt.Number(x.ComputeMultiple))
		} else {
			reason += "the MLP does not overtake it within the grid. "
		}
	}
	reason += fmt.Sprintf("[missing-variable experts plateau: %s; flexible crosses below them: %s.] At %d rows the MLP reaches %.1f%% against the complete expert's %.1f%%",
		yesNo(plateau), yesNo(cross), cfg.Sizes[len(cfg.Sizes)-1], 100*complete.FlexibleLast, 100*complete.ExpertLast)
	if complete.Crosses {
		reason += fmt.Sprintf(", having overtaken it too at %.0f rows.", complete.N)
	} else {
		reason += ": it has not overtaken the complete expert within the grid."
	}
	v.Reason = reason
	return v
}

// Thresholds of the verdict.
//   - The expert "wins at small data and compute" when, at the smallest size, every expert's
//     mean test error is below the flexible model's and it spent fewer FLOPs.
//   - A missing-variable expert "plateaus" when its error at the largest size is at least
//     expertPlateaued of its error at an eighth of that size: eight times the data buys it
//     less than a 10% relative improvement.
//   - The flexible model "crosses below it" when its mean error falls below that expert's
//     within the grid of sizes.
//
// All three, for every missing-variable expert: reproduced; two: partly. Whether the flexible
// model also overtakes the complete expert is reported, not required (the article's expert
// is one who missed some of the details).
const (
	expertPlateaued   = 0.9
	expertPlateauBand = 1.1 // "reached its plateau": within 10% of the final error
)

func expertBool(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// ExpertVsFlexibleRule states the expert-vs-flexible rule from its constants.
func ExpertVsFlexibleRule() string {
	return fmt.Sprintf("Three criteria, for every missing-variable expert: at the smallest size every expert has a lower error than the flexible MLP and spent fewer FLOPs; the missing-variable expert plateaus (its error at the largest size is at least %.0f%% of its error at an eighth of it); and the flexible MLP's mean error falls below it within the sizes run. All three: reproduced; two: partly; fewer: not reproduced.",
		100*expertPlateaued)
}
