package figures

import (
	"cmp"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/numfmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// HardwareGrowth draws peak FLOP/s by year with the fitted exponential trend and the
// article's 10-million-fold claim as a reference segment.
func HardwareGrowth(r claims.HardwareGrowthResult) ([]*Figure, error) {
	if len(r.Machines) == 0 {
		return nil, fmt.Errorf("figure hardware-growth: the result holds no machines")
	}
	first, last := r.Machines[0].Year, r.Machines[0].Year
	for _, m := range r.Machines {
		first, last = min(first, m.Year), max(last, m.Year)
	}
	f := New("hardware-growth", fmt.Sprintf("Peak computations per second, %d–%d", first, last),
		"year of introduction", "peak rate (FLOP/s)", LogY())

	f.Curve(Series{Name: fmt.Sprintf("fitted trend: ×2 every %.1f years (95%% band)", r.DoublingYears),
		X: r.TrendYears, Y: r.Trend, Low: r.TrendLow, High: r.TrendHigh}, 0)

	kinds := []string{}
	seen := map[string]bool{}
	for _, m := range r.Machines {
		if !seen[m.Kind] {
			seen[m.Kind] = true
			kinds = append(kinds, m.Kind)
		}
	}
	for k, kind := range kinds {
		var s Series
		s.Name = kind
		for _, m := range r.Machines {
			if m.Kind == kind {
				s.X = append(s.X, float64(m.Year))
				s.Y = append(s.Y, m.PeakFLOPS)
			}
		}
		f.Scatter(s, k+1)
	}
	// Label machines that stand apart; in crowded stretches (the GPUs) label every other one.
	var labelled []datasets.Machine
	for _, m := range r.Machines {
		crowded := false
		for _, l := range labelled {
			if math.Abs(float64(m.Year-l.Year)) < 4 && math.Abs(math.Log10(m.PeakFLOPS/l.PeakFLOPS)) < 0.8 {
				crowded = true
			}
		}
		if !crowded {
			f.Label(float64(m.Year), m.PeakFLOPS, shortName(m.Name), -1)
			labelled = append(labelled, m)
		}
	}

	cfg := r.Config
	start := math.Pow(10, r.Intercept+r.Slope*cfg.FromYear)
	f.Reference(fmt.Sprintf("article: ×%s from %.0f to the late 2000s", numfmt.Number(cfg.ClaimedRatio), cfg.FromYear),
		[]float64{cfg.FromYear, cfg.ToYear}, []float64{start, start * cfg.ClaimedRatio})
	f.Note("Fit: log10(FLOP/s) linear in year. Measured %.0f→%.0f: ×%s (95%% interval %s). Verdict: %s.",
		cfg.FromYear, cfg.ToYear, numfmt.Number(r.Ratio), numfmt.Range(r.RatioLow, r.RatioHigh), r.Verdict.Outcome)
	f.Note("Rates as published (Linpack or peak, FP32 or the machine's native float; tensor-core rates excluded). Series: %s (sources on every row under data/).", cmp.Or(cfg.Series, "given"))
	if len(r.Sensitivity) == 0 {
		return []*Figure{f}, f.Err()
	}
	s, err := HardwareGrowthSeries(r)
	if err != nil {
		return nil, err
	}
	return []*Figure{f, s}, f.Err()
}

// shortName keeps labels readable: "NVIDIA GeForce GTX 280" → "GTX 280".
func shortName(s string) string {
	for _, prefix := range []string{"NVIDIA GeForce ", "NVIDIA Tesla ", "NVIDIA ", "Intel "} {
		if len(s) > len(prefix) && s[:len(prefix)] == prefix {
			return s[len(prefix):]
		}
	}
	return s
}
