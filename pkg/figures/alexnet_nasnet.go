package figures

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// AlexNetNASNet draws the AlexNet → NASNet-A comparison as factors on a log axis: the error
// ratio, then the compute ratio and the three factors it is the product of (faster chips,
// more chips, run time), with the article's ">1,000×" and "six-fold" as references.
func AlexNetNASNet(r claims.AlexNetNASNetResult) ([]*Figure, error) {
	if r.ComputeRatio <= 0 || r.ErrorRatio <= 0 {
		return nil, fmt.Errorf("figure alexnet-nasnet: the result holds no ratios")
	}
	cfg := r.Config
	a, b := r.From, r.To
	f := New("alexnet-nasnet", fmt.Sprintf("%s → %s: where the compute came from", cfg.From, cfg.To),
		fmt.Sprintf("factor, %s over %s (log scale)", cfg.To, cfg.From), "", LogX())

	rows := []struct {
		label      string
		value      float64
		annotation string
	}{
		{"top-1 error, lower by", r.ErrorRatio,
			fmt.Sprintf("%s%% → %s%%: ×%s", numfmt.Number(a.Top1ErrorPct), numfmt.Number(b.Top1ErrorPct), numfmt.Number(r.ErrorRatio))},
		{"compute (hardware burden)", r.ComputeRatio,
			fmt.Sprintf("×%s (%s for %s–%s days)", numfmt.Number(r.ComputeRatio), numfmt.Range(r.ComputeRatioLow, r.ComputeRatioHigh), numfmt.Number(cfg.FromDaysLow), numfmt.Number(cfg.FromDaysHigh))},
		{"= faster chips (peak FLOP/s)", r.ChipSpeedRatio,
			fmt.Sprintf("%s → %s GFLOP/s: ×%s", numfmt.Number(a.ChipPeakFLOPS/1e9), numfmt.Number(b.ChipPeakFLOPS/1e9), numfmt.Number(r.ChipSpeedRatio))},
		{"× more chips", r.ChipCountRatio,
			fmt.Sprintf("%s → %s: ×%s", numfmt.Number(a.Chips), numfmt.Number(b.Chips), numfmt.Number(r.ChipCountRatio))},
		{"× run time", r.TimeRatio,
			fmt.Sprintf("%s → %s days: ×%s", numfmt.Number(r.FromDays), numfmt.Number(b.DaysUsed), numfmt.Number(r.TimeRatio))},
	}
	var labels []string
	for _, row := range rows {
		labels = append(labels, row.label)
	}
	f.Categories(labels...)
	bars := Bars{Name: fmt.Sprintf("measured factor, %s over %s (bar from 1)", cfg.To, cfg.From)}
	for _, row := range rows {
		bars.Labels = append(bars.Labels, row.label)
		bars.From = append(bars.From, 1)
		bars.To = append(bars.To, row.value)
	}
	f.HBars(bars, 0)
	n := float64(len(rows))
	for i, row := range rows {
		f.Label(row.value, n-1-float64(i)+0.12, row.annotation, -1)
	}
	// One legend entry for the article's three numbers; each dashed line sits by its row.
	f.VLine(fmt.Sprintf("article: error ×%.0f lower, ~×%.0f from hardware, >×%.0f compute", cfg.ClaimedErrorRatio, cfg.ClaimedHardwareRatio, cfg.ClaimedComputeRatio),
		cfg.ClaimedComputeRatio, n-2.5, n-1.5)
	f.VLine("", cfg.ClaimedHardwareRatio, n-3.5, n-2.5)
	f.VLine("", cfg.ClaimedErrorRatio, n-1.5, n-0.5)
	f.Plot.X.Min, f.Plot.X.Max = 0.5, 1e4

	f.Note("Compute = processors × peak FLOP/s × time (hardware burden), so its factor is exactly faster chips × more chips × run time. Faster chips explain %.0f%% of the growth in orders of magnitude; more chips × run time give ×%.0f. One pair implies k = %.1f.",
		100*r.HardwareShare, r.MoreChipsLongerRatio, r.ImpliedK)
	f.Note("Verdict: %s. %s", r.Verdict.Outcome, r.EnsembleNote)
	f.Note("Rows from data/imagenet_compute.csv: %s (%d) and %s (%d); chip peaks from the Computer-Progress database (Thompson et al.).", cfg.From, a.Year, cfg.To, b.Year)
	return []*Figure{f}, f.Err()
}
