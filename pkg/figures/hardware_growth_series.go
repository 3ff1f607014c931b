package figures

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// HardwareGrowthSeries draws the fitted 1958→2009 growth under every series of machines, with
// its 95% interval, against the article's 10^7: how much the answer depends on which
// machines one counts.
func HardwareGrowthSeries(r claims.HardwareGrowthResult) (*Figure, error) {
	if len(r.Sensitivity) == 0 {
		return nil, fmt.Errorf("figure hardware-growth-series: the result holds no series")
	}
	cfg := r.Config
	f := New("hardware-growth-series", fmt.Sprintf("Growth %.0f→%.0f under each series of machines", cfg.FromYear, cfg.ToYear),
		"fitted growth in peak rate (×, log scale)", "", LogX())
	rows := make([]string, len(r.Sensitivity))
	b := Bars{Name: "fitted growth, 95% interval (dot: estimate)"}
	lo, hi := cfg.ClaimedRatio/10, cfg.ClaimedRatio*10
	for i, x := range r.Sensitivity {
		rows[i] = fmt.Sprintf("%s (%d machines): %s", x.Series, x.Machines, x.Outcome)
		b.Labels = append(b.Labels, rows[i])
		b.From, b.To, b.Mark = append(b.From, x.RatioLow), append(b.To, x.RatioHigh), append(b.Mark, x.Ratio)
		lo, hi = math.Min(lo, x.RatioLow), math.Max(hi, x.RatioHigh)
	}
	f.Categories(rows...)
	f.HBars(b, 0)
	n := float64(len(rows))
	f.VLine(fmt.Sprintf("article: ×%s", numfmt.Number(cfg.ClaimedRatio)), cfg.ClaimedRatio, -0.5, n-0.5)
	band := math.Pow(10, r.Verdict.Values["rule_roughly_orders"])
	if band > 1 {
		f.VLine("rounds to the article's power of ten", cfg.ClaimedRatio/band, -0.5, n-0.5)
		f.VLine("", cfg.ClaimedRatio*band, -0.5, n-0.5)
	}
	f.Plot.X.Min, f.Plot.X.Max = lo/3, hi*3
	f.Note("Each series fitted alone: log10(FLOP/s) linear in year, 95%% bootstrap interval. fastest: the fastest computer of each record year (data/hardware_fastest.csv); landmarks: a hand-picked mix of mainframes, supercomputers, desktop CPUs and GPUs (data/hardware_growth.csv).")
	return f, f.Err()
}
