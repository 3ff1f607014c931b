package claims

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// Orders of magnitude from the claimed growth that still count.
const (
	// hardwareGrowthReproducedOrders: "roughly 10-million-fold" names an order of magnitude,
	// so within a factor of ten of 10^7 is what it says.
	hardwareGrowthReproducedOrders = 1.0
	// hardwareGrowthPartlyOrders: within a factor of 100 the growth is of the same kind but
	// the number is off.
	hardwareGrowthPartlyOrders = 2.0
)

// hardwareGrowthVerdict: "roughly 10-million-fold" is read as "within a factor of ten of 10^7";
// within a factor of 100 counts as partly reproduced.
func hardwareGrowthVerdict(r HardwareGrowthResult, base datasets.Machine) Verdict {
	cfg := r.Config
	off := math.Abs(math.Log10(r.Ratio) - math.Log10(cfg.ClaimedRatio))
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
	switch {
	case off <= hardwareGrowthReproducedOrders:
		v.Outcome = Reproduced
	case off <= hardwareGrowthPartlyOrders:
		v.Outcome = PartlyReproduced
	default:
		v.Outcome = NotReproduced
	}
	v.Reason = fmt.Sprintf("Across %d machines the peak rate doubled every %.1f years (95%% interval %.1f–%.1f), a %s× rise from %.0f to %.0f, %.1f orders of magnitude from the article's %s; the trend reaches %s× in %.0f%s.",
		len(r.Machines), r.DoublingYears, r.DoublingLow, r.DoublingHigh, numfmt.Number(r.Ratio), cfg.FromYear, cfg.ToYear, off, numfmt.Number(cfg.ClaimedRatio), numfmt.Number(cfg.ClaimedRatio), r.YearClaimReached, direct)
	return v
}
