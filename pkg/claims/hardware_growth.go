package claims

import (
	"cmp"
	"context"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// HardwareGrowth is the claim that computers got about 10-million-fold faster between
// Rosenblatt's perceptron (1958) and deep learning's return in the late 2000s.
//
// The Spectrum 2021 article: "decades of Moore's Law and other improvements in computer
// hardware yielded a roughly 10-million-fold increase in the number of computations that a
// computer could do in a second. So when researchers returned to deep learning in the late
// 2000s, they wielded tools equal to the challenge."
var HardwareGrowth hardwareGrowth

type hardwareGrowth struct{}

// HardwareGrowthConfig sets the machines and the years compared.
type HardwareGrowthConfig struct {
	// Series names the embedded series fitted (datasets.MachinesFastest, the default, or
	// datasets.MachinesLandmarks); Machines, when not nil, replaces it with a table of one's own.
	Series   string
	Machines []datasets.Machine
	// FromYear is the perceptron's year, 1958; ToYear is "the late 2000s", 2009 (the year of
	// Raina, Madhavan & Ng's GPU deep-learning paper).
	FromYear, ToYear float64
	// ClaimedRatio is the article's "roughly 10-million-fold".
	ClaimedRatio float64
	// Bootstrap resamples for the intervals, and their seed.
	Bootstrap int
	Seed      uint64
}

// HardwareGrowthResult holds the fitted trend and the verdict.
type HardwareGrowthResult struct {
	Config   HardwareGrowthConfig
	Machines []datasets.Machine
	// Slope and Intercept of log10(peak FLOP/s) = Intercept + Slope·year.
	Slope, Intercept float64
	// Trend is the fitted line with its 95% band, evaluated at TrendYears.
	TrendYears, Trend, TrendLow, TrendHigh []float64
	// Ratio is the fitted growth from FromYear to ToYear, with its interval.
	Ratio, RatioLow, RatioHigh float64
	// DoublingYears is the trend's doubling time.
	DoublingYears, DoublingLow, DoublingHigh float64
	// YearClaimReached is when the trend reaches ClaimedRatio × its FromYear value.
	YearClaimReached float64
	// DirectRatios are each machine's peak over the earliest machine's.
	DirectRatios []float64
	// Sensitivity is the fitted growth under every embedded series, in the order of
	// datasets.MachineSeriesNames: how much the answer depends on the choice of machines.
	Sensitivity []HardwareSeriesRatio
	Verdict     Verdict
}

// HardwareSeriesRatio is the fitted FromYear→ToYear growth of one series of machines.
type HardwareSeriesRatio struct {
	Series                     string
	Machines                   int
	Ratio, RatioLow, RatioHigh float64
	OrdersOff                  float64 // |log10(Ratio / ClaimedRatio)|
	Outcome                    Outcome // what the rule concludes from this series alone
}

func (hardwareGrowth) Info() Info {
	return Info{
		ID:       "hardware-growth",
		Title:    "Hardware grew about 10-million-fold since the perceptron",
		Source:   Spectrum2021,
		Claim:    "Decades of Moore's law yielded a roughly 10-million-fold increase in the computations a computer can do per second between Rosenblatt's perceptron (1958) and deep learning's return in the late 2000s.",
		Notebook: "09-hardware-growth.ipynb",
		Tiers: Tiers{
			Quick: "400 bootstrap resamples; < 1 s",
			Full:  "4,000 bootstrap resamples; ~1 s",
			Paper: "20,000 bootstrap resamples; ~3 s",
		},
		Measure:    "an exponential fit over one consistent series of machines (by default the fastest computer of each record year, `data/`), with its doubling time; the answer under every series beside it",
		Reproduced: "the fitted 1958–2009 growth rounds to 10⁷ (within half an order of magnitude; within one: partly)",
	}
}

func (hardwareGrowth) Config(s Scale) HardwareGrowthConfig {
	c := HardwareGrowthConfig{Series: datasets.MachinesFastest, FromYear: 1958, ToYear: 2009, ClaimedRatio: 1e7, Bootstrap: 4000, Seed: 1}
	switch s {
	case Quick:
		c.Bootstrap = 400
	case Paper: // the same fits; tighter interval ends
		c.Bootstrap = 20000
	}
	return c
}

func (hardwareGrowth) Run(ctx context.Context, cfg HardwareGrowthConfig) (HardwareGrowthResult, error) {
	if !(cfg.ToYear > cfg.FromYear) {
		return HardwareGrowthResult{}, fmt.Errorf("hardware-growth: ToYear %v must be after FromYear %v", cfg.ToYear, cfg.FromYear)
	}
	if !(cfg.ClaimedRatio > 1) {
		return HardwareGrowthResult{}, fmt.Errorf("hardware-growth: ClaimedRatio %v must be above 1", cfg.ClaimedRatio)
	}
	machines := cfg.Machines
	if machines == nil {
		var err error
		if machines, err = datasets.LoadMachineSeries(cmp.Or(cfg.Series, datasets.MachinesFastest)); err != nil {
			return HardwareGrowthResult{}, fmt.Errorf("hardware-growth: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return HardwareGrowthResult{}, err
	}
	var sensitivity []HardwareSeriesRatio
	for _, name := range datasets.MachineSeriesNames {
		ms, err := datasets.LoadMachineSeries(name)
		if err != nil {
			return HardwareGrowthResult{}, fmt.Errorf("hardware-growth: %w", err)
		}
		x := HardwareSeriesRatio{Series: name, Machines: len(ms)}
		if x.Ratio, x.RatioLow, x.RatioHigh, err = hardwareGrowthRatio(ms, cfg); err != nil {
			return HardwareGrowthResult{}, fmt.Errorf("hardware-growth: series %s: %w", name, err)
		}
		x.OrdersOff, x.Outcome = hardwareGrowthOutcome(x.Ratio, cfg.ClaimedRatio)
		sensitivity = append(sensitivity, x)
	}
	years := make([]float64, len(machines))
	peaks := make([]float64, len(machines))
	first := 0
	for i, m := range machines {
		years[i], peaks[i] = float64(m.Year), m.PeakFLOPS
		if m.Year < machines[first].Year {
			first = i
		}
	}
	trend, err := costmodel.FitExponential(years, peaks, costmodel.FitOptions{Bootstrap: cfg.Bootstrap, Seed: cfg.Seed})
	if err != nil {
		return HardwareGrowthResult{}, fmt.Errorf("hardware-growth: %w", err)
	}
	Progress(ctx, "fit", 1, 1)

	span := cfg.ToYear - cfg.FromYear
	r := HardwareGrowthResult{
		Config:        cfg,
		Machines:      machines,
		Slope:         trend.Slope,
		Intercept:     trend.Intercept,
		Ratio:         trend.Ratio(cfg.FromYear, cfg.ToYear),
		DoublingYears: trend.DoublingTime(),
		Sensitivity:   sensitivity,
	}
	r.RatioLow, r.RatioHigh = trend.Interval(func(l costmodel.Line) float64 { return math.Pow(10, l.Slope*span) })
	r.DoublingLow, r.DoublingHigh = trend.Interval(costmodel.DoublingTime)
	r.YearClaimReached = cfg.FromYear + math.Log10(cfg.ClaimedRatio)/trend.Slope
	lo, hi := years[0], years[0]
	for _, y := range years {
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	for y := lo; y <= hi+1e-9; y += (hi - lo) / 60 {
		r.TrendYears = append(r.TrendYears, y)
		r.Trend = append(r.Trend, trend.At(y))
		l, h := trend.Interval(func(l costmodel.Line) float64 { return math.Pow(10, l.At(y)) })
		r.TrendLow = append(r.TrendLow, l)
		r.TrendHigh = append(r.TrendHigh, h)
	}
	for _, m := range machines {
		r.DirectRatios = append(r.DirectRatios, m.PeakFLOPS/machines[first].PeakFLOPS)
	}
	r.Verdict = hardwareGrowthVerdict(r, machines[first])
	return r, nil
}

// slug turns a name into a lower-case key: "NVIDIA GeForce GTX 280" → "nvidia_geforce_gtx_280".
func slug(s string) string {
	out := make([]rune, 0, len(s))
	under := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			out = append(out, c)
			under = false
		case c >= 'A' && c <= 'Z':
			out = append(out, c-'A'+'a')
			under = false
		default:
			if !under && len(out) > 0 {
				out = append(out, '_')
				under = true
			}
		}
	}
	for len(out) > 0 && out[len(out)-1] == '_' {
		out = out[:len(out)-1]
	}
	return string(out)
}

// hardwareGrowthRatio fits one table and returns its FromYear→ToYear growth with the
// interval.
func hardwareGrowthRatio(ms []datasets.Machine, cfg HardwareGrowthConfig) (ratio, low, high float64, err error) {
	years := make([]float64, len(ms))
	peaks := make([]float64, len(ms))
	for i, m := range ms {
		years[i], peaks[i] = float64(m.Year), m.PeakFLOPS
	}
	trend, err := costmodel.FitExponential(years, peaks, costmodel.FitOptions{Bootstrap: cfg.Bootstrap, Seed: cfg.Seed})
	if err != nil {
		return 0, 0, 0, err
	}
	span := cfg.ToYear - cfg.FromYear
	low, high = trend.Interval(func(l costmodel.Line) float64 { return math.Pow(10, l.Slope*span) })
	return trend.Ratio(cfg.FromYear, cfg.ToYear), low, high, nil
}
