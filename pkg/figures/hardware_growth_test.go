package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// fixedHardwareResult is a hand-made result, so the golden image tests the drawing alone.
func fixedHardwareResult() claims.HardwareGrowthResult {
	r := claims.HardwareGrowthResult{
		Config:    claims.HardwareGrowthConfig{FromYear: 1958, ToYear: 2009, ClaimedRatio: 1e7},
		Slope:     0.13,
		Intercept: 4.5 - 0.13*1954,
		Ratio:     4.4e6, RatioLow: 1e6, RatioHigh: 1.7e7,
		DoublingYears: 2.3,
		Verdict:       claims.Verdict{Outcome: claims.Reproduced, Values: map[string]float64{"rule_roughly_orders": 0.5}},
		Sensitivity: []claims.HardwareSeriesRatio{
			{Series: "fastest", Machines: 16, Ratio: 3.1e9, RatioLow: 2.6e8, RatioHigh: 1.7e10, Outcome: claims.NotReproduced},
			{Series: "landmarks", Machines: 12, Ratio: 4.7e6, RatioLow: 9e5, RatioHigh: 1.8e7, Outcome: claims.Reproduced},
		},
	}
	for i, m := range []struct {
		year int
		kind string
		peak float64
	}{{1954, "mainframe", 1.2e4}, {1964, "supercomputer", 3e6}, {1976, "supercomputer", 1.6e8}, {2008, "GPU", 9.3e11}, {2016, "GPU", 9.5e12}} {
		r.Machines = append(r.Machines, datasets.Machine{Year: m.year, Name: []string{"IBM 704", "CDC 6600", "Cray-1", "NVIDIA GeForce GTX 280", "NVIDIA Tesla P100"}[i], Kind: m.kind, PeakFLOPS: m.peak})
	}
	for y := 1954.0; y <= 2016; y += 2 {
		v := math.Pow(10, r.Intercept+r.Slope*y)
		r.TrendYears = append(r.TrendYears, y)
		r.Trend = append(r.Trend, v)
		r.TrendLow = append(r.TrendLow, v/3)
		r.TrendHigh = append(r.TrendHigh, v*3)
	}
	return r
}

func TestHardwareGrowthGolden(t *testing.T) {
	figs, err := HardwareGrowth(fixedHardwareResult())
	checkGolden(t, figs, err)
}

func TestHardwareGrowthData(t *testing.T) {
	figs, err := HardwareGrowth(fixedHardwareResult())
	if err != nil {
		t.Fatal(err)
	}
	d := figs[0].Data
	// 32 trend points + 5 machines + 2 reference points.
	if len(d.Rows) != 32+5+2 {
		t.Errorf("data table has %d rows, want 39", len(d.Rows))
	}
}
