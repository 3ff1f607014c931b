package claims

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// costExtrapolationOrders is how far, in orders of magnitude, a number may be from the
// article's and still count: its "~10^28", "~$100 billion" and "a month" are orders of
// magnitude, so a factor of 10 either way.
const costExtrapolationOrders = 1.0

// costExtrapolationVerdict: the claim is about orders of magnitude.
//   - reproduced when the fit's compute at the first target, and its dollars and NYC-months
//     under the Assumptions, are each within a factor of 10 of the article's;
//   - partly reproduced when the conversion alone reproduces (the article's own 10^28 FLOPs,
//     converted under the Assumptions, land within a factor of 10 of its dollars and of its
//     NYC-month) but our extrapolated compute does not;
//   - not reproduced otherwise.
func costExtrapolationVerdict(r CostExtrapolationResult) Verdict {
	cfg := r.Config
	t := r.Targets[0]
	off := func(x, y float64) float64 { return math.Abs(math.Log10(x / y)) }
	offFLOPs, offUSD, offNYC := off(t.FLOPs, cfg.ClaimedFLOPs), off(t.Cost.USD, cfg.ClaimedUSD), off(t.Cost.NYCMonths, cfg.ClaimedNYCMonths)
	convUSD, convNYC := off(r.AtClaimedFLOPs.USD, cfg.ClaimedUSD), off(r.AtClaimedFLOPs.NYCMonths, cfg.ClaimedNYCMonths)
	inInterval := 0.0
	if t.FLOPsLow <= cfg.ClaimedFLOPs && cfg.ClaimedFLOPs <= t.FLOPsHigh {
		inInterval = 1
	}
	v := Verdict{
		Metric:   fmt.Sprintf("training compute for %g%% top-1 error, extrapolated from %s (FLOP)", t.ErrorPct, r.Fit.Label()),
		Measured: t.FLOPs, Low: t.FLOPsLow, High: t.FLOPsHigh,
		Expected: fmt.Sprintf("about %s FLOP, %s and %s New York City-month(s) of CO₂", numfmt.Number(cfg.ClaimedFLOPs), numfmt.Money(cfg.ClaimedUSD), numfmt.Number(cfg.ClaimedNYCMonths)),
		Values:   map[string]float64{},
	}
	// A zero (a carbon-free grid gives zero CO₂) is infinitely many orders off: the tests
	// below then fail, and the value is left out of Values, which hold finite numbers only.
	for name, val := range map[string]float64{
		"k":                            r.Fit.K,
		"orders_off_flops":             offFLOPs,
		"orders_off_usd":               offUSD,
		"orders_off_nyc_months":        offNYC,
		"claimed_flops_in_interval":    inInterval,
		"usd_at_claimed_flops":         r.AtClaimedFLOPs.USD,
		"nyc_months_at_claimed_flops":  r.AtClaimedFLOPs.NYCMonths,
		"site_usd_at_claimed_flops":    r.SiteUSDAtClaimed,
		"site_nyc_months_at_claimed":   r.SiteNYCAtClaimed,
		"year_trend_slope_log10_per_y": r.YearSlope,
	} {
		if !math.IsNaN(val) && !math.IsInf(val, 0) {
			v.Values[name] = val
		}
	}
	for _, x := range r.Targets {
		p := fmt.Sprintf("%gpct_", x.ErrorPct)
		for name, val := range map[string]float64{
			"flops": x.FLOPs, "flops_low": x.FLOPsLow, "flops_high": x.FLOPsHigh,
			"usd": x.Cost.USD, "usd_low": x.CostLow.USD, "usd_high": x.CostHigh.USD,
			"kwh": x.Cost.KWh, "tonnes_co2": x.Cost.TonnesCO2, "nyc_months": x.Cost.NYCMonths,
			"accelerator_hours": x.Cost.AcceleratorHours,
			"site_usd":          x.SiteUSD, "site_nyc_months": x.SiteNYCMonths,
			"year": x.Year, "year_low": x.YearLow, "year_high": x.YearHigh,
		} {
			if !math.IsNaN(val) && !math.IsInf(val, 0) {
				v.Values[p+name] = val
			}
		}
	}
	for _, alt := range r.Alternatives {
		v.Values["flops_"+slug(alt.Definition+" "+alt.Sample)] = alt.FLOPs
	}
	switch {
	case offFLOPs <= costExtrapolationOrders && offUSD <= costExtrapolationOrders && offNYC <= costExtrapolationOrders:
		v.Outcome = Reproduced
	case convUSD <= costExtrapolationOrders && convNYC <= costExtrapolationOrders:
		v.Outcome = PartlyReproduced
	default:
		v.Outcome = NotReproduced
	}
	var alts string
	for _, alt := range r.Alternatives {
		alts += fmt.Sprintf(" %s: %s;", ImageNetDefinitionName(alt.Definition)+", "+ImageNetSampleName(alt.Sample), numfmt.Number(alt.FLOPs))
	}
	one := r.Targets[len(r.Targets)-1]
	a := cfg.Assumptions
	n, usd := numfmt.Number, numfmt.Money
	v.Reason = fmt.Sprintf("Inverting the fit (k = %.1f over %d models) at %g%% error gives %s FLOP [%s], %.1f orders of magnitude from the article's %s; "+
		"under the assumptions (%s FLOP/s peak at %s utilisation, %s per accelerator-hour, %s W, PUE %s, %s kg CO₂/kWh) that is %s, %s kWh, %s t CO₂ = %s NYC-months. "+
		"Other fits put %g%% at:%s the spread is the extrapolation's real uncertainty. "+
		"The article's own %s FLOP convert to %s and %s NYC-months under the same assumptions (the companion website's constants: %s, %s NYC-months), so the conversion reproduces its orders of magnitude; "+
		"the gap is in the FLOPs. %g%% error would take %s FLOP (%s). The error-vs-year trend of each year's best model reaches %g%% in %.0f [%.0f, %.0f] (the article: 2025).",
		r.Fit.K, r.Fit.N, t.ErrorPct, n(t.FLOPs), numfmt.Range(t.FLOPsLow, t.FLOPsHigh), offFLOPs, n(cfg.ClaimedFLOPs),
		n(a.PeakFLOPS), n(a.Utilisation), usd(a.PricePerHour), n(a.Watts), n(a.PUE), n(a.KgCO2PerKWh), usd(t.Cost.USD), n(t.Cost.KWh), n(t.Cost.TonnesCO2), n(t.Cost.NYCMonths),
		t.ErrorPct, alts,
		n(cfg.ClaimedFLOPs), usd(r.AtClaimedFLOPs.USD), n(r.AtClaimedFLOPs.NYCMonths), usd(r.SiteUSDAtClaimed), n(r.SiteNYCAtClaimed),
		one.ErrorPct, n(one.FLOPs), usd(one.Cost.USD), t.ErrorPct, t.Year, t.YearLow, t.YearHigh)
	return v
}

// CostExtrapolationRule states the cost-extrapolation rule.
func CostExtrapolationRule() string {
	return "The headline fit is inverted at 5% error: reproduced when its FLOPs, dollars and New York City-months of CO₂ are each within one order of magnitude of the article's; partly when only the conversion holds (the article's own FLOPs convert to within an order of magnitude of its dollars and CO₂); not reproduced otherwise."
}
