package costmodel

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestTheoryMultiples(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		// The article's numbers: a 10-fold improvement needs ≥ 100× data and ≥ 10,000× compute.
		{"data for 10-fold", TheoryDataMultiple(10), 100},
		{"compute for 10-fold", TheoryComputeMultiple(10), 10000},
		// Halving the error: 4× data, 16× compute; the article's ImageNet practice, 2⁹ = 512.
		{"data for halving", TheoryDataMultiple(2), 4},
		{"compute for halving", TheoryComputeMultiple(2), 16},
		{"ninth power for halving", TheoryMultiple(2, 9), 512},
		{"no improvement costs nothing more", TheoryComputeMultiple(1), 1},
		{"10,000× compute buys 10-fold", TheoryImprovement(10000, TheoryComputeExponent), 10},
		{"100× data buys 10-fold", TheoryImprovement(100, TheoryDataExponent), 10},
		{"slope −1/2 is exponent 2", TheoryImprovementExponent(TheoryDataSlope), 2},
		{"slope −1/4 is exponent 4", TheoryImprovementExponent(TheoryComputeSlope), 4},
		{"params ∝ n doubles the exponent", TheoryComputeExponentFor(2, 1), TheoryComputeExponent},
		{"a fixed model keeps it", TheoryComputeExponentFor(2.7, 0), 2.7},
		{"measured data exponent, params ∝ n", TheoryComputeExponentFor(2.5, 1), 5},
	} {
		if math.Abs(tc.got-tc.want) > 1e-9*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	for _, slope := range []float64{0, 0.3, math.NaN()} {
		if e := TheoryImprovementExponent(slope); !math.IsInf(e, 1) {
			t.Errorf("slope %v: exponent %v, want +Inf (error does not fall)", slope, e)
		}
	}
}

// TestTheoryErrorIsThePowerLaw checks that the theory curve is the law it states: dividing the
// error by k takes k^exponent times the resource, and a power-law fit of the curve returns
// the slope −1/exponent.
func TestTheoryErrorIsThePowerLaw(t *testing.T) {
	for _, exponent := range []float64{TheoryDataExponent, TheoryComputeExponent, 9} {
		const x0, e0 = 1000.0, 0.2
		for _, k := range []float64{2, 10} {
			x := x0 * TheoryMultiple(k, exponent)
			if got := TheoryError(x, x0, e0, exponent); math.Abs(got-e0/k) > 1e-12 {
				t.Errorf("exponent %v: error at %v× the resource is %v, want %v", exponent, x/x0, got, e0/k)
			}
		}
		x := []float64{1e3, 1e4, 1e5, 1e6}
		f, err := FitPowerLaw(x, TheoryErrorCurve(x, x0, e0, exponent), FitOptions{Bootstrap: 50, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(f.Slope+1/exponent) > 1e-12 || math.Abs(TheoryImprovementExponent(f.Slope)-exponent) > 1e-9 {
			t.Errorf("exponent %v: fitted slope %v", exponent, f.Slope)
		}
	}
}

// TestTheoryExponentFromNoisyLearningCurve: noisy 1/√n learning curves, fitted as the claims
// fit them, give improvement-exponent intervals (the slope's interval mapped through
// −1/slope) that contain 2 about as often as their level says.
func TestTheoryExponentFromNoisyLearningCurve(t *testing.T) {
	const trials = 100
	hits := 0
	for trial := uint64(0); trial < trials; trial++ {
		rng := rand.New(rand.NewPCG(trial, 5))
		var n, e []float64
		for i := 0; i < 10; i++ {
			for s := 0; s < 5; s++ {
				ni := 100 * math.Pow(2, float64(i))
				n = append(n, ni)
				e = append(e, TheoryError(ni, 100, 0.3, TheoryDataExponent)*math.Exp(0.1*rng.NormFloat64()))
			}
		}
		f, err := FitPowerLaw(n, e, FitOptions{Bootstrap: 300, Seed: trial})
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := TheoryImprovementExponent(f.SlopeLow), TheoryImprovementExponent(f.SlopeHigh)
		if lo > hi {
			t.Fatalf("interval [%v, %v] is reversed", lo, hi)
		}
		if lo <= TheoryDataExponent && TheoryDataExponent <= hi {
			hits++
		}
	}
	if cov := float64(hits) / trials; cov < 0.85 {
		t.Errorf("95%% intervals of the data exponent contained 2 in only %.0f%% of %d learning curves", 100*cov, trials)
	}
}
