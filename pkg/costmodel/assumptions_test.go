package costmodel

import (
	"flag"
	"io"
	"math"
	"strings"
	"testing"
)

func TestDefaultsAreValid(t *testing.T) {
	if err := DefaultAssumptions().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesTheBadAssumption(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Assumptions)
		want   string
	}{
		{"negative price", func(a *Assumptions) { a.PricePerHour = -1 }, "price-per-hour"},
		{"zero utilisation", func(a *Assumptions) { a.Utilisation = 0 }, "utilisation"},
		{"utilisation above one", func(a *Assumptions) { a.Utilisation = 1.5 }, "utilisation"},
		{"PUE below one", func(a *Assumptions) { a.PUE = 0.9 }, "pue"},
		{"NaN watts", func(a *Assumptions) { a.Watts = math.NaN() }, "watts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := DefaultAssumptions()
			tc.mutate(&a)
			err := a.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

func TestFlagsSetAndReject(t *testing.T) {
	a := DefaultAssumptions()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	a.RegisterFlags(fs)
	if err := fs.Parse([]string{"-price-per-hour=1.5"}); err != nil {
		t.Fatal(err)
	}
	if a.PricePerHour != 1.5 {
		t.Fatalf("price %v, want 1.5", a.PricePerHour)
	}
	err := fs.Parse([]string{"-price-per-hour=-2"})
	if err == nil || !strings.Contains(err.Error(), "price-per-hour") {
		t.Fatalf("negative price accepted: %v", err)
	}
}

func TestCostArithmetic(t *testing.T) {
	a := Assumptions{PeakFLOPS: 1e12, Utilisation: 0.5, PricePerHour: 2, Watts: 250, PUE: 1.5, KgCO2PerKWh: 0.4, NYCTonnesPerYear: 1.2e6}
	c := a.Cost(3.6e15) // 3.6e15 / 5e11 = 7200 s = 2 h
	for _, chk := range []struct {
		name      string
		got, want float64
	}{
		{"hours", c.AcceleratorHours, 2},
		{"USD", c.USD, 4},
		{"kWh", c.KWh, 2 * 0.25 * 1.5},
		{"tonnes", c.TonnesCO2, 0.75 * 0.4 / 1000},
		{"NYC months", c.NYCMonths, 0.75 * 0.4 / 1000 / 1e5},
	} {
		if math.Abs(chk.got-chk.want) > 1e-12*math.Abs(chk.want) {
			t.Errorf("%s = %v, want %v", chk.name, chk.got, chk.want)
		}
	}
}
