package costmodel

import (
	"math"
	"testing"
)

func TestSensitivityMovesEachOutputByTheFactor(t *testing.T) {
	a := DefaultAssumptions()
	base := a.Cost(1e28)
	rows := a.Sensitivity(1e28, 0.5, 2)
	if len(rows) != 2*len(Params()) {
		t.Fatalf("%d rows, want %d", len(rows), 2*len(Params()))
	}
	// How each output scales with each assumption: +1 proportional, -1 inverse, 0 not at all
	// (from the formulas in Cost).
	type powers struct{ usd, kwh, tonnes, nyc float64 }
	want := map[string]powers{
		"peak-flops":          {-1, -1, -1, -1},
		"utilisation":         {-1, -1, -1, -1},
		"price-per-hour":      {1, 0, 0, 0},
		"watts":               {0, 1, 1, 1},
		"pue":                 {0, 1, 1, 1},
		"kg-co2-per-kwh":      {0, 0, 1, 1},
		"nyc-tonnes-per-year": {0, 0, 0, -1},
	}
	for _, r := range rows {
		w, ok := want[r.Param]
		if !ok {
			t.Fatalf("unexpected assumption %s", r.Param)
		}
		for _, c := range []struct {
			name      string
			got, base float64
			power     float64
		}{
			{"USD", r.Cost.USD, base.USD, w.usd},
			{"kWh", r.Cost.KWh, base.KWh, w.kwh},
			{"tonnes", r.Cost.TonnesCO2, base.TonnesCO2, w.tonnes},
			{"NYC months", r.Cost.NYCMonths, base.NYCMonths, w.nyc},
		} {
			if ratio, exp := c.got/c.base, math.Pow(r.Factor, c.power); math.Abs(ratio-exp) > 1e-12 {
				t.Errorf("%s ×%v: %s moved ×%v, want ×%v", r.Param, r.Factor, c.name, ratio, exp)
			}
		}
		if r.Scaled != r.Value*r.Factor {
			t.Errorf("%s: scaled %v ≠ %v × %v", r.Param, r.Scaled, r.Value, r.Factor)
		}
	}
}

func TestSensitivityFlagsOutOfRangeValues(t *testing.T) {
	for _, r := range DefaultAssumptions().Sensitivity(1e20, 0.5, 2) {
		wantValid := !(r.Param == "pue" && r.Factor == 0.5) // 0.79 < 1
		if r.Valid != wantValid {
			t.Errorf("%s ×%v = %v: valid %v, want %v", r.Param, r.Factor, r.Scaled, r.Valid, wantValid)
		}
	}
}
