package figures

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// CostExtrapolation draws three figures: the extrapolated training cost against top-1 error
// with every assumption printed under it; the sensitivity of the first target's answer to
// each assumption and to the choice of fit (a tornado chart); and the error-vs-year trend.
func CostExtrapolation(r claims.CostExtrapolationResult) ([]*Figure, error) {
	if len(r.Targets) == 0 || len(r.CurveErrorPct) == 0 {
		return nil, fmt.Errorf("figure cost-extrapolation: the result holds no extrapolation")
	}
	figs := []*Figure{costExtrapolationCurve(r), costExtrapolationSensitivity(r)}
	if len(r.TrendYears) > 0 {
		figs = append(figs, costExtrapolationYear(r))
	}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

func costExtrapolationCurve(r claims.CostExtrapolationResult) *Figure {
	cfg := r.Config
	a := cfg.Assumptions
	f := New("cost-extrapolation", "What lower ImageNet error would cost, extrapolated",
		"top-1 error (%)", "training cost (US$)", LogX(), LogY())
	f.Curve(Series{Name: fmt.Sprintf("fit inverted (%s), 95%% band", r.Fit.Label()),
		X: r.CurveErrorPct, Y: r.CurveUSD, Low: r.CurveUSDLow, High: r.CurveUSDHigh}, 0)
	var models Series
	models.Name = "published models, their compute priced alike"
	for i, p := range r.Fit.Points {
		models.X = append(models.X, p.ErrorPct)
		models.Y = append(models.Y, r.ModelUSD[i])
	}
	f.Scatter(models, 1)
	var targets Series
	targets.Name = "targets"
	for _, t := range r.Targets {
		targets.X = append(targets.X, t.ErrorPct)
		targets.Y = append(targets.Y, t.Cost.USD)
		targets.Low = append(targets.Low, t.CostLow.USD)
		targets.High = append(targets.High, t.CostHigh.USD)
		f.Label(t.ErrorPct, t.Cost.USD, fmt.Sprintf("%g%%: %s FLOP, %s, %s NYC-months", t.ErrorPct,
			numfmt.Number(t.FLOPs), numfmt.Money(t.Cost.USD), numfmt.Number(t.Cost.NYCMonths)), -1)
	}
	f.Scatter(targets, 2)
	t0 := r.Targets[0]
	f.Reference(fmt.Sprintf("article: ~%s at %g%% (%s FLOP)", numfmt.Money(cfg.ClaimedUSD), t0.ErrorPct, numfmt.Number(cfg.ClaimedFLOPs)),
		[]float64{t0.ErrorPct / 1.25, t0.ErrorPct * 1.25}, []float64{cfg.ClaimedUSD, cfg.ClaimedUSD})

	f.Note("Assumptions (flags of cmd/reproduce and the notebook): %s.", costExtrapolationAssumptions(a))
	f.Note("Hardware burden is priced %s.", r.BurdenPricing())
	f.Note("US$ = FLOP / (peak × utilisation) / 3600 × price per hour; kWh = hours × W/1000 × PUE; CO2 = kWh × kg/kWh; NYC-month = %s Mt CO2e.", numfmt.Number(a.NYCTonnesPerYear/12/1e6))
	f.Note("The article's %s FLOP cost %s and %s NYC-months under these assumptions, %s and %s NYC-months under the companion website's constants (which price burden as peak × time).",
		numfmt.Number(cfg.ClaimedFLOPs), numfmt.Money(r.AtClaimedFLOPs.USD), numfmt.Number(r.AtClaimedFLOPs.NYCMonths),
		numfmt.Money(r.SiteUSDAtClaimed), numfmt.Number(r.SiteNYCAtClaimed))
	f.Note("Verdict: %s. (1) FLOPs: %s, %.1f orders off. (2) Conversion: %s.", r.Verdict.Outcome, r.FLOPsCheck.Outcome, r.FLOPsCheck.OrdersOff, r.ConversionCheck.Outcome)
	return f
}

// costExtrapolationAssumptions lists the assumptions as flag=value (unit).
func costExtrapolationAssumptions(a costmodel.Assumptions) string {
	var parts []string
	for _, p := range costmodel.Params() {
		parts = append(parts, fmt.Sprintf("%s=%g (%s)", p.Name, p.Get(&a), p.Unit)) // as typed on the command line
	}
	return strings.Join(parts, ", ")
}

func costExtrapolationSensitivity(r claims.CostExtrapolationResult) *Figure {
	t := r.Targets[0]
	f := New("cost-extrapolation-sensitivity", fmt.Sprintf("How the %g%%-error answer moves", t.ErrorPct),
		"answer, × the default (log scale)", "", LogX())
	// Widest swing on top, as tornado charts go.
	sens := slices.Clone(r.Sensitivity)
	width := func(s claims.CostExtrapolationFactor) float64 {
		return math.Max(math.Abs(math.Log(s.USDHigh/s.USDLow)), math.Abs(math.Log(s.NYCHigh/s.NYCLow)))
	}
	slices.SortStableFunc(sens, func(a, b claims.CostExtrapolationFactor) int { return cmp.Compare(width(b), width(a)) })
	var rows []string
	for _, s := range sens {
		rows = append(rows, costExtrapolationRow(s.Name))
	}
	f.Categories(rows...)
	usd := Bars{Name: fmt.Sprintf("US$ (default %s)", numfmt.Money(t.Cost.USD)), Slot: 0, Slots: 2}
	nyc := Bars{Name: fmt.Sprintf("NYC-months of CO2 (default %s)", numfmt.Number(t.Cost.NYCMonths)), Slot: 1, Slots: 2}
	lo, hi := 0.4, 2.5
	var notes []string
	for i, s := range sens {
		usd.Labels = append(usd.Labels, rows[i])
		usd.From, usd.To = append(usd.From, s.USDLow), append(usd.To, s.USDHigh)
		nyc.Labels = append(nyc.Labels, rows[i])
		nyc.From, nyc.To = append(nyc.From, s.NYCLow), append(nyc.To, s.NYCHigh)
		for _, v := range []float64{s.USDLow, s.USDHigh, s.NYCLow, s.NYCHigh} {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if s.Note != "" {
			notes = append(notes, s.Note)
		}
	}
	f.HBars(usd, 0)
	f.HBars(nyc, 1)
	n := float64(len(rows))
	f.VLine("the default answer", 1, -0.5, n-0.5)
	f.Plot.X.Min, f.Plot.X.Max = lo/1.5, hi*1.5
	f.Note("Each assumption halved and doubled, the others at their defaults: every conversion is a product or quotient of the assumptions, so an output moves ×½ or ×2 or not at all (peak-flops, utilisation and nyc-tonnes-per-year inversely). A bar of zero length: the assumption does not enter that output.")
	f.Note("The fit rows change the FLOPs themselves (%s FLOP by default): the 95%% bootstrap interval of the extrapolation, and the other compute definitions and samples. They move the answer far more than any assumption. The anchor row extrapolates from one model at the article's k = 9; the authors' 2022 row is their published regression.", numfmt.Number(t.FLOPs))
	f.Note("Hardware burden is priced %s; the 'as operations' row prices it at the utilisation flag (%s).", r.BurdenPricing(), numfmt.Number(r.Config.Assumptions.Utilisation))
	if len(notes) > 0 {
		f.Note("Shown although out of range: %s.", strings.Join(notes, "; "))
	}
	return f
}

// costExtrapolationRow shortens a sensitivity row's name for the y axis.
func costExtrapolationRow(name string) string {
	r := strings.NewReplacer("fit: ", "fit: ", "hardware burden (our table)", "burden", "hardware burden (authors' 2022 data)", "authors' burden",
		"published training compute", "training FLOPs", "all models", "all", "compute frontier", "frontier", "best of each year", "best/year")
	return r.Replace(name)
}

func costExtrapolationYear(r claims.CostExtrapolationResult) *Figure {
	f := New("cost-extrapolation-year", "When the best ImageNet error reaches the targets, on trend",
		"year", "top-1 error of the year's best model (%)", LogY())
	f.Curve(Series{Name: fmt.Sprintf("trend: error ×%.2f a year (95%% band)", math.Pow(10, r.YearSlope)),
		X: r.TrendYears, Y: r.TrendError, Low: r.TrendLow, High: r.TrendHigh}, 0)
	var best Series
	best.Name = "each year's best published model"
	for _, p := range r.YearModels {
		best.X = append(best.X, float64(p.Year))
		best.Y = append(best.Y, p.ErrorPct)
	}
	f.Scatter(best, 1)
	for i, p := range r.YearModels {
		if i%2 == 0 || i == len(r.YearModels)-1 {
			f.Label(float64(p.Year), p.ErrorPct, p.Name, -1)
		}
	}
	x0, x1 := r.TrendYears[0], r.TrendYears[len(r.TrendYears)-1]
	t := r.Targets[0]
	f.HLine(fmt.Sprintf("%g%% top-1 error", t.ErrorPct), t.ErrorPct, x0, x1)
	f.Scatter(Series{Name: fmt.Sprintf("trend reaches %g%%: %.0f [%.0f, %.0f]", t.ErrorPct, t.Year, t.YearLow, t.YearHigh),
		X: []float64{t.Year}, Y: []float64{t.ErrorPct}}, 2)
	f.Note("Fit: log10(error) linear in year over each year's best model in data/imagenet_compute.csv, whatever its compute. The article expected 5%% \"by 2025\"; the companion website and a 2024 talk by one of the authors put it in 2026 (and 3%% in 2029).")
	for _, tt := range r.Targets[1:] {
		if !math.IsNaN(tt.Year) {
			f.Note("The trend reaches %g%% in %.0f [%.0f, %.0f].", tt.ErrorPct, tt.Year, tt.YearLow, tt.YearHigh)
		}
	}
	return f
}
