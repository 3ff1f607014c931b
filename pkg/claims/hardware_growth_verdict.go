package claims

import (
	"cmp"
	"fmt"
	"math"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// The rule, fixed before the numbers.
const (
	// hardwareRoughlyOrders: "roughly 10-million-fold" is a round power of ten, so a growth
	// that rounds to 10^7 on a log scale (within half an order of magnitude, a factor √10 ≈
	// 3.2) reproduces it.
	hardwareRoughlyOrders = 0.5
	// hardwarePartlyOrders: within one order of magnitude (the next power of ten either way)
	// is partly reproduced; further is not.
	hardwarePartlyOrders = 1.0
)

// HardwareGrowthRule states the verdict rule in words, from the same constants.
func HardwareGrowthRule() string {
	return fmt.Sprintf("An exponential trend is fitted to one consistent series of machines (by default the fastest computer of each record year); its growth from 1958 to 2009 is compared with the article's 10^7 on a log scale: within %.1f orders of magnitude (it rounds to 10^7), reproduced; within %.0f, partly; further, not reproduced. The answer under every other series is reported beside it.",
		hardwareRoughlyOrders, hardwarePartlyOrders)
}

// hardwareGrowthOutcome applies the rule to one growth ratio.
func hardwareGrowthOutcome(ratio, claimed float64) (off float64, o Outcome) {
	off = math.Abs(math.Log10(ratio) - math.Log10(claimed))
	switch {
	case off <= hardwareRoughlyOrders:
		return off, Reproduced
	case off <= hardwarePartlyOrders:
		return off, PartlyReproduced
	}
	return off, NotReproduced
}

func hardwareGrowthVerdict(r HardwareGrowthResult, base datasets.Machine) Verdict {
	cfg := r.Config
	off, outcome := hardwareGrowthOutcome(r.Ratio, cfg.ClaimedRatio)
	v := Verdict{
		Metric:   fmt.Sprintf("fitted growth in peak FLOP/s, %.0f→%.0f (×)", cfg.FromYear, cfg.ToYear),
		Measured: r.Ratio,
		Low:      r.RatioLow,
		High:     r.RatioHigh,
		Expected: fmt.Sprintf("roughly %s×", numfmt.Number(cfg.ClaimedRatio)),
		Values: map[string]float64{
			"fitted_ratio":            r.Ratio,
			"fitted_ratio_low":        r.RatioLow,
			"fitted_ratio_high":       r.RatioHigh,
			"doubling_time_years":     r.DoublingYears,
			"year_claim_reached":      r.YearClaimReached,
			"orders_of_magnitude_off": off,
			"machines":                float64(len(r.Machines)),
		},
	}
	var direct string
	for i, m := range r.Machines {
		if m.Year >= int(cfg.ToYear)-2 && m.Year <= int(cfg.ToYear) {
			v.Values["direct_ratio_"+slug(m.Name)] = r.DirectRatios[i]
			direct += fmt.Sprintf("; the %s (%d) is %s× the %s", m.Name, m.Year, numfmt.Number(r.DirectRatios[i]), base.Name)
		}
	}
	v.Outcome = outcome
	v.Values["rule_roughly_orders"] = hardwareRoughlyOrders
	var sens []string
	for _, x := range r.Sensitivity {
		v.Values["series_ratio_"+x.Series] = x.Ratio
		sens = append(sens, fmt.Sprintf("%s (%d machines): %s×, %s", x.Series, x.Machines, numfmt.Interval(x.Ratio, x.RatioLow, x.RatioHigh), x.Outcome))
	}
	series := cmp.Or(cfg.Series, datasets.MachinesFastest)
	if cfg.Machines != nil {
		series = "a table given in the Config"
	}
	v.Reason = fmt.Sprintf("Series: %s. Across %d machines the peak rate doubled every %.1f years (95%% interval %.1f–%.1f), a %s× rise from %.0f to %.0f, %.1f orders of magnitude from the article's %s; the trend reaches %s× in %.0f%s.",
		series, len(r.Machines), r.DoublingYears, r.DoublingLow, r.DoublingHigh, numfmt.Number(r.Ratio), cfg.FromYear, cfg.ToYear, off, numfmt.Number(cfg.ClaimedRatio), numfmt.Number(cfg.ClaimedRatio), r.YearClaimReached, direct)
	v.Reason += " Under each series: " + strings.Join(sens, "; ") + "."
	return v
}
