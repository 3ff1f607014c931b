package figures

import (
	"math"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

func fixedCostExtrapolationResult() claims.CostExtrapolationResult {
	a := costmodel.DefaultAssumptions()
	r := claims.CostExtrapolationResult{
		Config: claims.CostExtrapolationConfig{Assumptions: a, BurdenUtilisation: 1, TargetErrorsPct: []float64{5, 1},
			ClaimedFLOPs: 1e28, ClaimedUSD: 1e11, ClaimedNYCMonths: 1},
		Fit:              fixedImageNetFit(claims.ImageNetHardwareBurden, claims.ImageNetAllModels, 9, fixedImageNetPoints(1)...),
		AtClaimedFLOPs:   a.Cost(1e28),
		SiteUSDAtClaimed: 1.45e11, SiteNYCAtClaimed: 2.8,
		YearSlope:         -0.066,
		Verdict:           claims.Verdict{Outcome: claims.NotReproduced},
		PricedUtilisation: 1,
		FLOPsCheck:        claims.CostExtrapolationCheck{Outcome: claims.NotReproduced, OrdersOff: 2.4},
		ConversionCheck:   claims.CostExtrapolationCheck{Outcome: claims.Reproduced},
	}
	flops := func(e float64) float64 { return 1.5e18 * math.Pow(36.7/e, 9) }
	for _, e := range []float64{5, 1} {
		f := flops(e)
		r.Targets = append(r.Targets, claims.CostExtrapolationTarget{ErrorPct: e, FLOPs: f, FLOPsLow: f / 3, FLOPsHigh: f * 3,
			Cost: a.Cost(f), CostLow: a.Cost(f / 3), CostHigh: a.Cost(f * 3), Year: 2025 + 2.5*(5-e), YearLow: 2024 + 2.5*(5-e), YearHigh: 2026 + 3*(5-e)})
	}
	for i := 0; i <= 10; i++ {
		e := 36.7 * math.Pow(1/36.7, float64(i)/10)
		f := flops(e)
		r.CurveErrorPct = append(r.CurveErrorPct, e)
		r.CurveFLOPs = append(r.CurveFLOPs, f)
		r.CurveFLOPsLow = append(r.CurveFLOPsLow, f/3)
		r.CurveFLOPsHigh = append(r.CurveFLOPsHigh, f*3)
		r.CurveUSD = append(r.CurveUSD, a.Cost(f).USD)
		r.CurveUSDLow = append(r.CurveUSDLow, a.Cost(f/3).USD)
		r.CurveUSDHigh = append(r.CurveUSDHigh, a.Cost(f*3).USD)
	}
	for _, p := range r.Fit.Points {
		r.ModelUSD = append(r.ModelUSD, a.Cost(p.ComputeFLOP).USD)
	}
	rows := a.Sensitivity(r.Targets[0].FLOPs, 0.5, 2)
	base := r.Targets[0].Cost
	for i := 0; i+1 < len(rows); i += 2 {
		lo, hi := rows[i], rows[i+1]
		r.Sensitivity = append(r.Sensitivity, claims.CostExtrapolationFactor{Name: lo.Param,
			USDLow: lo.Cost.USD / base.USD, USDHigh: hi.Cost.USD / base.USD, NYCLow: lo.Cost.NYCMonths / base.NYCMonths, NYCHigh: hi.Cost.NYCMonths / base.NYCMonths})
	}
	r.Sensitivity = append(r.Sensitivity,
		claims.CostExtrapolationFactor{Name: "fit: 95% interval", USDLow: 1.0 / 3, USDHigh: 3, NYCLow: 1.0 / 3, NYCHigh: 3},
		claims.CostExtrapolationFactor{Name: "fit: hardware burden (our table), compute frontier", USDLow: 0.2, USDHigh: 1, NYCLow: 0.2, NYCHigh: 1},
		claims.CostExtrapolationFactor{Name: "burden priced as operations", USDLow: 1, USDHigh: 3.03, NYCLow: 1, NYCHigh: 3.03},
		claims.CostExtrapolationFactor{Name: "fit: authors' 2022 regression", USDLow: 1, USDHigh: 3.3, NYCLow: 1, NYCHigh: 3.3})
	for y := 2012; y <= 2021; y++ {
		r.YearModels = append(r.YearModels, claims.ImageNetPoint{Name: "m", Year: y, ErrorPct: 36.7 * math.Pow(10, -0.066*float64(y-2012))})
	}
	for y := 2012.0; y <= 2031; y += 0.5 {
		e := 36.7 * math.Pow(10, -0.066*(y-2012))
		r.TrendYears = append(r.TrendYears, y)
		r.TrendError = append(r.TrendError, e)
		r.TrendLow = append(r.TrendLow, e*0.85)
		r.TrendHigh = append(r.TrendHigh, e*1.15)
	}
	return r
}

func TestCostExtrapolationGolden(t *testing.T) {
	figs, err := CostExtrapolation(fixedCostExtrapolationResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want curve, sensitivity and year", len(figs))
	}
	checkGolden(t, figs, err)
}

// The assumptions must be printed on the cost figure, so that a changed flag shows.
func TestCostExtrapolationPrintsTheAssumptions(t *testing.T) {
	r := fixedCostExtrapolationResult()
	r.Config.Assumptions.PricePerHour = 1.5
	figs, err := CostExtrapolation(r)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(figs[0].Notes, " ")
	for _, p := range costmodel.Params() {
		if !strings.Contains(notes, p.Name+"=") {
			t.Errorf("the cost figure's notes do not show %s", p.Name)
		}
	}
	if !strings.Contains(notes, "price-per-hour=1.5 ") {
		t.Errorf("the changed price is not printed: %s", notes)
	}
	// Sensitivity: one row per assumption and per fit alternative, two bars each.
	if n, want := len(figs[1].Data.Rows), 2*len(r.Sensitivity)+2; n != want {
		t.Errorf("sensitivity figure has %d data rows, want %d", n, want)
	}
}
