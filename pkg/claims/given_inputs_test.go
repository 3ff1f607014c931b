package claims

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// Issue 14, case 6: a carbon-free grid (kg-co2-per-kwh 0, in the documented range) gives a
// result with zero CO₂, not a failed run.
func TestCostExtrapolationZeroCarbon(t *testing.T) {
	cfg := CostExtrapolation.Config(Quick)
	cfg.Assumptions.KgCO2PerKWh = 0
	r, err := CostExtrapolation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatalf("verdict: %v", err)
	}
	if c := r.Targets[0].Cost; c.TonnesCO2 != 0 || c.NYCMonths != 0 || !(c.USD > 0) {
		t.Errorf("cost %+v, want zero CO₂ and positive dollars", c)
	}
	for _, f := range r.Sensitivity {
		for _, v := range []float64{f.USDLow, f.USDHigh, f.NYCLow, f.NYCHigh} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("sensitivity %s: %+v is not finite", f.Name, f)
			}
		}
	}
}

// Issue 14, case 8: NaN or negative compute in a table passed in Config is an error, not a
// row dropped in silence.
func TestGivenModelTableIsChecked(t *testing.T) {
	models, err := datasets.LoadImageNetModels()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(*datasets.ImageNetModel)
		want   string
	}{
		{"NaN burden", func(m *datasets.ImageNetModel) { m.HardwareBurdenFLOP = math.NaN() }, "HardwareBurdenFLOP = NaN"},
		{"negative compute", func(m *datasets.ImageNetModel) { m.TrainComputeFLOP = -1e18 }, "TrainComputeFLOP = -1e+18"},
		{"infinite error", func(m *datasets.ImageNetModel) { m.Top1ErrorPct = math.Inf(1) }, "Top1ErrorPct = +Inf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			given := append([]datasets.ImageNetModel(nil), models...)
			tc.mutate(&given[2])
			cfg := CostExtrapolation.Config(Quick)
			cfg.Models = given
			_, err := CostExtrapolation.Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), "row 3") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error naming row 3 and %q", err, tc.want)
			}
		})
	}
}
