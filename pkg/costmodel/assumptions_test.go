package costmodel

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
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

// Issue 14, case 6: every value in an assumption's documented range, its ends included, gives
// finite costs for any FLOP count a claim converts (a zero carbon intensity gives zero CO₂),
// and every value outside is refused by the flag parser with the flag's name.
func TestAssumptionRanges(t *testing.T) {
	for _, p := range Params() {
		for _, v := range []float64{p.Min, p.Max, math.Sqrt(math.Max(p.Min, 1e-300) * p.Max)} {
			if p.MinOpen && v == p.Min {
				continue
			}
			t.Run(fmt.Sprintf("%s=%g", p.Name, v), func(t *testing.T) {
				a := DefaultAssumptions()
				fs := flag.NewFlagSet("x", flag.ContinueOnError)
				fs.SetOutput(io.Discard)
				a.RegisterFlags(fs)
				if err := fs.Parse([]string{"-" + p.Name, strconv.FormatFloat(v, 'g', -1, 64)}); err != nil {
					t.Fatalf("in-range value refused: %v", err)
				}
				if err := a.Validate(); err != nil {
					t.Fatal(err)
				}
				for _, flops := range []float64{1, 1e28, 1e40} {
					c := a.Cost(flops)
					for name, x := range map[string]float64{"hours": c.AcceleratorHours, "usd": c.USD, "kwh": c.KWh, "t": c.TonnesCO2, "nyc": c.NYCMonths} {
						zeroOK := (name == "t" || name == "nyc") && a.KgCO2PerKWh == 0
						if math.IsNaN(x) || math.IsInf(x, 0) || (x <= 0 && !zeroOK) {
							t.Errorf("%g FLOP: %s = %v", flops, name, x)
						}
					}
				}
			})
		}
	}
	a := DefaultAssumptions()
	a.KgCO2PerKWh = 0
	if c := a.Cost(1e28); c.TonnesCO2 != 0 || c.NYCMonths != 0 || !(c.USD > 0) {
		t.Errorf("zero carbon intensity: %+v, want zero CO₂ and positive dollars", c)
	}
	for _, tc := range []struct{ flag, value, want string }{
		{"price-per-hour", "1e309", `invalid value "1e309" for flag -price-per-hour: "1e309" is out of range`},
		{"price-per-hour", "1e300", "-price-per-hour: assumption price-per-hour = 1e+300: must be at most 1e+06"},
		{"peak-flops", "1e300", "-peak-flops"},
		{"utilisation", "1e-300", "-utilisation"},
		{"watts", "NaN", "-watts"},
		{"pue", "Inf", "-pue"},
		{"kg-co2-per-kwh", "-1e-300", "-kg-co2-per-kwh"},
		{"kg-co2-per-kwh", "1e300", "-kg-co2-per-kwh"},
		{"nyc-tonnes-per-year", "0", "-nyc-tonnes-per-year"},
		{"price-per-hour", "cheap", `"cheap" is not a number`},
	} {
		a := DefaultAssumptions()
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		a.RegisterFlags(fs)
		err := fs.Parse([]string{"-" + tc.flag + "=" + tc.value})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-%s=%s: got %v, want %q", tc.flag, tc.value, err, tc.want)
		}
	}
}
