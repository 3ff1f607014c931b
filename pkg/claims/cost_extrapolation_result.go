package claims

import "github.com/dlreturns/dlreturns/pkg/costmodel"

// The measurements of cost-extrapolation: its targets, alternative fits, sensitivity and result.

// CostExtrapolationTarget is what one target error takes.
type CostExtrapolationTarget struct {
	ErrorPct                   float64
	FLOPs, FLOPsLow, FLOPsHigh float64 // the inverted fit and its 95% interval
	// Cost converts FLOPs under the Assumptions; CostLow and CostHigh convert the interval's ends.
	Cost, CostLow, CostHigh costmodel.Cost
	// SiteUSD and SiteNYCMonths use the companion website's constants instead.
	SiteUSD, SiteNYCMonths float64
	// Year is when the error-vs-year trend of each year's best model reaches ErrorPct.
	Year, YearLow, YearHigh float64
}

// CostExtrapolationAlternative is the first target's compute under another fit.
type CostExtrapolationAlternative struct {
	Definition, Sample         string
	N                          int
	K                          float64
	FLOPs, FLOPsLow, FLOPsHigh float64
}

// CostExtrapolationFactor is one bar of the sensitivity chart: the first target's answer
// when one input is set low and high, as multiples of the default answer.
type CostExtrapolationFactor struct {
	Name   string // the input: an assumption's flag name, or the fit's
	Detail string // the values tried
	// USD and NYC-months at the low and high setting, × the default answer.
	USDLow, USDHigh, NYCLow, NYCHigh float64
	Note                             string // e.g. a value outside the assumption's allowed range
}

// CostExtrapolationResult holds the extrapolation, its costs and the verdict.
type CostExtrapolationResult struct {
	Config  CostExtrapolationConfig
	Fit     ImageNetFit
	Targets []CostExtrapolationTarget
	// The extrapolated curve from the published errors down to the last target: compute
	// (FLOP) and cost (US$) with their 95% bands, at CurveErrorPct.
	CurveErrorPct                             []float64
	CurveFLOPs, CurveFLOPsLow, CurveFLOPsHigh []float64
	CurveUSD, CurveUSDLow, CurveUSDHigh       []float64
	// ModelUSD is each fitted model's compute converted under the same assumptions.
	ModelUSD []float64
	// The error-vs-year trend: each year's best published model (all rows with an error),
	// log10(error %) = YearIntercept + YearSlope·year, and the trend with its band.
	YearModels                                  []ImageNetPoint
	YearSlope, YearIntercept                    float64
	TrendYears, TrendError, TrendLow, TrendHigh []float64
	// AtClaimedFLOPs converts the article's own FLOPs under the Assumptions; SiteUSDAtClaimed
	// and SiteNYCAtClaimed under the companion website's constants.
	AtClaimedFLOPs                     costmodel.Cost
	SiteUSDAtClaimed, SiteNYCAtClaimed float64
	// PricedUtilisation is the utilisation the fit's FLOPs and the article's were priced at
	// (1 for hardware burden, see BurdenUtilisation); AtClaimedAsOperations prices the
	// article's FLOPs at Assumptions.Utilisation instead, as if they were operations performed.
	PricedUtilisation     float64
	AtClaimedAsOperations costmodel.Cost
	// Anchor reads the article's FLOPs against one published model (see AnchorModel).
	Anchor CostExtrapolationAnchor
	// Authors2022FLOPs is the first target's compute under the authors' 2022 fit, and
	// Authors2022K its exponent, 1/slope.
	Authors2022FLOPs, Authors2022K float64
	// FLOPsCheck and ConversionCheck are the two sub-verdicts: our FLOPs against the
	// article's, and the article's FLOPs converted against its dollars and NYC-month.
	FLOPsCheck, ConversionCheck CostExtrapolationCheck
	Alternatives                []CostExtrapolationAlternative
	Sensitivity                 []CostExtrapolationFactor
	Verdict                     Verdict
}
