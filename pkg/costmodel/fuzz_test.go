package costmodel

import (
	"flag"
	"io"
	"math"
	"strings"
	"testing"
)

// FuzzAssumptionFlag: whatever value a flag is given, it is either refused with an error
// naming the flag, or accepted into the documented range, where every conversion gives
// finite costs (zero CO₂ only for a zero, or denormal, carbon intensity).
func FuzzAssumptionFlag(f *testing.F) {
	for i, v := range []string{"0", "1e309", "1e300", "-1", "NaN", "Inf", "0x1p-1074", "3.06", "1e-300", " 2 ", "1_0", "+Inf", "4.9e-324"} {
		f.Add(uint8(i), v)
	}
	params := Params()
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		p := params[int(which)%len(params)]
		a := DefaultAssumptions()
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		a.RegisterFlags(fs)
		if err := fs.Parse([]string{"-" + p.Name + "=" + value}); err != nil {
			if !strings.Contains(err.Error(), "-"+p.Name) {
				t.Fatalf("error %q does not name -%s", err, p.Name)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("-%s=%q accepted but invalid: %v", p.Name, value, err)
		}
		for _, flops := range []float64{1, 1e28, 1e40} {
			c := a.Cost(flops)
			for _, x := range []float64{c.AcceleratorHours, c.USD, c.KWh, c.TonnesCO2, c.NYCMonths} {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
					t.Fatalf("-%s=%q: %g FLOP cost %+v", p.Name, value, flops, c)
				}
			}
			// A denormal carbon intensity may underflow to zero CO₂, which the claims handle
			// as a carbon-free grid.
			if !(c.USD > 0) || (a.KgCO2PerKWh > 1e-100 && !(c.NYCMonths > 0)) {
				t.Fatalf("-%s=%q: %g FLOP cost %+v", p.Name, value, flops, c)
			}
		}
	})
}
