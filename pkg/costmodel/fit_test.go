package costmodel

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestFitPowerLawRecoversExponent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		k     float64
		noise float64
	}{
		{"data exponent -1/2", -0.5, 0.05},
		{"compute exponent -1/4", -0.25, 0.05},
		{"growth exponent 9", 9, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var x, y []float64
			for i := 0; i < 40; i++ {
				xi := math.Pow(10, 1+4*float64(i)/39)
				x = append(x, xi)
				y = append(y, 3*math.Pow(xi, tc.k)*math.Pow(10, tc.noise*rng.NormFloat64()))
			}
			f, err := FitPowerLaw(x, y, FitOptions{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			if !(f.SlopeLow <= tc.k && tc.k <= f.SlopeHigh) {
				t.Errorf("true exponent %v outside the 95%% interval [%v, %v] (point %v)", tc.k, f.SlopeLow, f.SlopeHigh, f.Exponent())
			}
			if w := f.SlopeHigh - f.SlopeLow; w <= 0 || w > 0.2*math.Abs(tc.k)+0.1 {
				t.Errorf("interval width %v is implausible", w)
			}
			if got := f.Solve(f.At(100)); math.Abs(got-100) > 1e-6 {
				t.Errorf("Solve(At(100)) = %v", got)
			}
		})
	}
}

func TestBootstrapCoverage(t *testing.T) {
	// Over many noisy data sets a 90% interval should contain the true slope about 90% of
	// the time; a broken bootstrap is usually far off (too narrow: ~30%, too wide: 100%).
	const trials = 200
	hits := 0
	for s := uint64(0); s < trials; s++ {
		rng := rand.New(rand.NewPCG(s, 99))
		var x, y []float64
		for i := 0; i < 30; i++ {
			xi := float64(i)
			x = append(x, xi)
			y = append(y, 1+0.5*xi+rng.NormFloat64())
		}
		f, err := FitLine(x, y, FitOptions{Bootstrap: 400, Level: 0.9, Seed: s})
		if err != nil {
			t.Fatal(err)
		}
		if f.SlopeLow <= 0.5 && 0.5 <= f.SlopeHigh {
			hits++
		}
	}
	if cov := float64(hits) / trials; cov < 0.8 || cov > 0.97 {
		t.Errorf("90%% interval covered the true slope in %.0f%% of trials", 100*cov)
	}
}

func TestFitIsDeterministic(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{2.1, 3.9, 6.2, 7.8, 10.1, 12.2}
	a, _ := FitLine(x, y, FitOptions{Seed: 3})
	b, _ := FitLine(x, y, FitOptions{Seed: 3})
	if a.SlopeLow != b.SlopeLow || a.SlopeHigh != b.SlopeHigh {
		t.Fatal("same seed, different intervals")
	}
}

func TestFitRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float64
		log  bool
	}{
		{"too few", []float64{1, 2}, []float64{1, 2}, false},
		{"length mismatch", []float64{1, 2, 3}, []float64{1, 2}, false},
		{"NaN", []float64{1, 2, math.NaN()}, []float64{1, 2, 3}, false},
		{"constant x", []float64{2, 2, 2}, []float64{1, 2, 3}, false},
		{"zero on log axis", []float64{1, 2, 3}, []float64{1, 0, 3}, true},
		{"negative on log axis", []float64{1, -2, 3}, []float64{1, 2, 3}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.log {
				_, err = FitPowerLaw(tc.x, tc.y, FitOptions{})
			} else {
				_, err = FitLine(tc.x, tc.y, FitOptions{})
			}
			if err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestExponentialDoublingTime(t *testing.T) {
	// Doubling every 2 years exactly.
	var x, y []float64
	for yr := 1960.0; yr <= 2020; yr += 5 {
		x = append(x, yr)
		y = append(y, math.Pow(2, (yr-1960)/2))
	}
	e, err := FitExponential(x, y, FitOptions{Bootstrap: 50})
	if err != nil {
		t.Fatal(err)
	}
	if d := e.DoublingTime(); math.Abs(d-2) > 1e-9 {
		t.Errorf("doubling time %v, want 2", d)
	}
	if r := e.Ratio(1960, 2000); math.Abs(r/math.Pow(2, 20)-1) > 1e-9 {
		t.Errorf("ratio %v, want 2^20", r)
	}
}
