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

// costExtrapolationVerdict: the claim is about orders of magnitude, and has two parts, each a
// sub-verdict (costExtrapolationChecks): (1) the FLOPs at the first target; (2) the conversion
// of the article's FLOPs into dollars and NYC-months.
//   - reproduced when both sub-verdicts hold and our FLOPs' dollars and NYC-months are also
//     within a factor of 10 of the article's;
//   - partly reproduced when the FLOPs hold but the rest does not;
//   - not reproduced when our FLOPs are more than a factor of 10 from the article's, whatever
//     the conversion gives: the conversion alone is arithmetic, not the claim.
func costExtrapolationVerdict(r CostExtrapolationResult) Verdict {
	cfg := r.Config
	t := r.Targets[0]
	off := func(x, y float64) float64 { return math.Abs(math.Log10(x / y)) }
	offFLOPs, offUSD, offNYC := off(t.FLOPs, cfg.ClaimedFLOPs), off(t.Cost.USD, cfg.ClaimedUSD), off(t.Cost.NYCMonths, cfg.ClaimedNYCMonths)
	flopsCheck, convCheck := costExtrapolationChecks(r)
	inInterval := 0.0
	if t.FLOPsLow <= cfg.ClaimedFLOPs && cfg.ClaimedFLOPs <= t.FLOPsHigh {
		inInterval = 1
	}
	v := Verdict{
		Metric:   fmt.Sprintf("training compute for %g%% top-1 error, extrapolated from %s (FLOP)", t.ErrorPct, r.Fit.Label()),
		Measured: t.FLOPs, Low: t.FLOPsLow, High: t.FLOPsHigh,
		Expected: fmt.Sprintf("about %s FLOP, %s and %s New York City-month(s) of CO₂", numfmt.Number(cfg.ClaimedFLOPs), numfmt.Money(cfg.ClaimedUSD), numfmt.Number(cfg.ClaimedNYCMonths)),
		Values: map[string]float64{
			"k":                                         r.Fit.K,
			"orders_off_flops":                          offFLOPs,
			"orders_off_usd":                            offUSD,
			"orders_off_nyc_months":                     offNYC,
			"claimed_flops_in_interval":                 inInterval,
			"usd_at_claimed_flops":                      r.AtClaimedFLOPs.USD,
			"nyc_months_at_claimed_flops":               r.AtClaimedFLOPs.NYCMonths,
			"site_usd_at_claimed_flops":                 r.SiteUSDAtClaimed,
			"site_nyc_months_at_claimed":                r.SiteNYCAtClaimed,
			"year_trend_slope_log10_per_y":              r.YearSlope,
			"flops_subverdict_reproduced":               boolValue(flopsCheck.Outcome == Reproduced),
			"conversion_subverdict_reproduced":          boolValue(convCheck.Outcome == Reproduced),
			"conversion_orders_off":                     convCheck.OrdersOff,
			"priced_utilisation":                        r.PricedUtilisation,
			"usd_at_claimed_flops_as_operations":        r.AtClaimedAsOperations.USD,
			"nyc_months_at_claimed_flops_as_operations": r.AtClaimedAsOperations.NYCMonths,
		},
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
	if a := r.Anchor; a.FLOPs > 0 {
		v.Values["anchor_error_pct"], v.Values["anchor_flops"] = a.ErrorPct, a.FLOPs
		v.Values["implied_local_k_from_anchor"] = a.ImpliedK
		v.Values["flops_from_anchor_at_k9"] = a.AtClaimedK
	}
	if r.Authors2022FLOPs > 0 {
		v.Values["authors2022_flops"], v.Values["authors2022_k"] = r.Authors2022FLOPs, r.Authors2022K
	}
	switch {
	case flopsCheck.Outcome != Reproduced:
		v.Outcome = NotReproduced
	case convCheck.Outcome == Reproduced && offUSD <= costExtrapolationOrders && offNYC <= costExtrapolationOrders:
		v.Outcome = Reproduced
	default:
		v.Outcome = PartlyReproduced
	}
	// A zero (a carbon-free grid gives zero CO₂) is infinitely many orders off: the tests
	// above then fail, and the value is left out of Values, which hold finite numbers only.
	for k, x := range v.Values {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			delete(v.Values, k)
		}
	}
	var alts string
	for _, alt := range r.Alternatives {
		alts += fmt.Sprintf(" %s: %s;", ImageNetDefinitionName(alt.Definition)+", "+ImageNetSampleName(alt.Sample), numfmt.Number(alt.FLOPs))
	}
	one := r.Targets[len(r.Targets)-1]
	a := cfg.Assumptions
	n, usd := numfmt.Number, numfmt.Money
	v.Reason = fmt.Sprintf("(1) FLOPs: %s. %s. "+
		"(2) Conversion: %s. %s. "+
		"Our %g%% FLOPs under the assumptions (%s FLOP/s peak, priced at utilisation %s; %s per accelerator-hour, %s W, PUE %s, %s kg CO₂/kWh) cost %s, %s kWh, %s t CO₂ = %s NYC-months. "+
		"Other fits put %g%% at:%s the spread is the extrapolation's real uncertainty. "+
		"%g%% error would take %s FLOP (%s). The error-vs-year trend of each year's best model reaches %g%% in %.0f [%.0f, %.0f] (the article: 2025).",
		flopsCheck.Outcome, imagenetCapitalise(flopsCheck.Reason), convCheck.Outcome, imagenetCapitalise(convCheck.Reason),
		t.ErrorPct, n(a.PeakFLOPS), n(r.PricedUtilisation), usd(a.PricePerHour), n(a.Watts), n(a.PUE), n(a.KgCO2PerKWh), usd(t.Cost.USD), n(t.Cost.KWh), n(t.Cost.TonnesCO2), n(t.Cost.NYCMonths),
		t.ErrorPct, alts,
		one.ErrorPct, n(one.FLOPs), usd(one.Cost.USD), t.ErrorPct, t.Year, t.YearLow, t.YearHigh)
	return v
}

// boolValue is 1 for true, 0 for false: how results.json's Values record a yes/no.
func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// CostExtrapolationRule states the cost-extrapolation rule.
func CostExtrapolationRule() string {
	return fmt.Sprintf("Two sub-verdicts, each within %g order(s) of magnitude of the article: (1) the headline fit's FLOPs at 5%% error against its 10^28; (2) the article's 10^28 FLOPs of hardware burden, priced at utilisation 1 (peak × time), against its US$10^11 and one New York City-month of CO₂. Reproduced when both hold and our FLOPs' dollars and NYC-months do too; partly when (1) holds but the rest does not; not reproduced when (1) does not, whatever (2) gives.", costExtrapolationOrders)
}
