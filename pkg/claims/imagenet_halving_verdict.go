package claims

import (
	"fmt"
	"math"
	"strings"
)

func imagenetHalvingVerdict(r ImageNetHalvingResult) Verdict {
	cfg := r.Config
	h := r.Fits[r.Headline]
	v := Verdict{
		Metric:   fmt.Sprintf("improvement exponent k (compute ∝ (1/error)^k), %s", h.Label()),
		Measured: h.K, Low: h.KLow, High: h.KHigh,
		Expected: fmt.Sprintf("at least %g (halving error costs 2^%g = %.0f×, \"more than %.0f×\")", cfg.ClaimedK, cfg.ClaimedK, math.Exp2(cfg.ClaimedK), cfg.ClaimedHalving),
		Values:   map[string]float64{},
	}
	consistent, fitted := r.FitsReachingClaim()
	for _, f := range r.Fits {
		if f.Skipped != "" {
			continue
		}
		key := slug(f.Definition + " " + f.Sample)
		for name, x := range map[string]float64{
			"k": f.K, "k_low": f.KLow, "k_high": f.KHigh, "halving": f.Halving,
			"halving_low": f.HalvingLow, "halving_high": f.HalvingHigh, "k_reverse": f.KReverse,
			"r2": f.R2, "models": float64(f.N),
		} {
			v.Values[name+"_"+key] = x
		}
	}
	v.Values["fits_consistent_with_claim"] = float64(consistent)
	v.Values["fits"] = float64(fitted)
	switch {
	case h.KHigh >= cfg.ClaimedK && h.KLow > cfg.TheoryK:
		v.Outcome = Reproduced
	case h.KHigh < cfg.ClaimedK && h.KLow > cfg.TheoryK:
		v.Outcome = PartlyReproduced
	default:
		v.Outcome = NotReproduced
	}
	var others []string
	for _, f := range r.Fits {
		if f.Skipped != "" || f.Sample != ImageNetAllModels || f.Definition == h.Definition {
			continue
		}
		others = append(others, fmt.Sprintf("%s gives k = %.1f [%.1f, %.1f] over %d models", ImageNetDefinitionName(f.Definition), f.K, f.KLow, f.KHigh, f.N))
	}
	var frontier []string
	for _, f := range r.Fits {
		if f.Skipped == "" && f.Sample != ImageNetAllModels {
			frontier = append(frontier, fmt.Sprintf("%.1f (%s)", f.K, f.Label()))
		}
	}
	v.Reason = fmt.Sprintf("Over the %d models with a %s, top-1 error falls as compute^(−%.3f): k = %.1f [%.1f, %.1f], so halving the error takes %.0f× the compute [%.0f, %.0f] (article: 9, >500×). "+
		"%s. The selective samples give k = %s. Regressing log compute on log error instead gives k = %.1f for the headline fit (= R²·k with R² = %.2f; scatter pulls the two regressions apart and the trend lies between them). "+
		"%d of %d fits have an interval reaching 9.",
		h.N, ImageNetDefinitionName(h.Definition), -h.Slope, h.K, h.KLow, h.KHigh, h.Halving, h.HalvingLow, h.HalvingHigh,
		imagenetCapitalise(strings.Join(others, "; ")), strings.Join(frontier, ", "), h.KReverse, h.R2, consistent, fitted)
	return v
}

// ImageNetHalvingRule states the imagenet-halving rule (its thresholds are Config fields: the
// claimed 9 and theory's 4).
func ImageNetHalvingRule() string {
	c := ImageNetHalving.Config(false)
	return fmt.Sprintf("The headline fit (hardware burden, every model) gives k with a 95%% bootstrap interval: reproduced when the interval reaches %g and lies above theory's %g; partly when it lies above %g but below %g; not reproduced otherwise.",
		c.ClaimedK, c.TheoryK, c.TheoryK, c.ClaimedK)
}
