package costmodel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// errorLawData draws n models with compute spread over decades decades and error
// 0.8·(compute/1e17)^(−1/k), scattered by noise (log10 standard deviation).
func errorLawData(k, noise float64, n int, seed uint64) (compute, errs []float64) {
	rng := rand.New(rand.NewPCG(seed, 5))
	for i := 0; i < n; i++ {
		c := 1e17 * math.Pow(10, 6*float64(i)/float64(n-1))
		compute = append(compute, c)
		errs = append(errs, 0.8*math.Pow(c/1e17, -1/k)*math.Pow(10, noise*rng.NormFloat64()))
	}
	return compute, errs
}

func TestErrorComputeLawRecoversK(t *testing.T) {
	for _, tc := range []struct {
		name  string
		k     float64
		noise float64
	}{
		{"theory k=2 (data only)", 2, 0.02},
		{"theory k=4 (overparameterised)", 4, 0.02},
		{"the article's k=9", 9, 0.02},
		{"k=9, ImageNet-like scatter", 9, 0.04},
	} {
		t.Run(tc.name, func(t *testing.T) {
			compute, errs := errorLawData(tc.k, tc.noise, 30, 11)
			law, err := FitErrorComputeLaw(compute, errs, FitOptions{Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := law.KInterval()
			if !(lo <= tc.k && tc.k <= hi) {
				t.Errorf("k = %v outside its interval [%v, %v] (point %v)", tc.k, lo, hi, law.K())
			}
			if hi/lo > 1.6 {
				t.Errorf("interval [%v, %v] is implausibly wide for 30 points with little scatter", lo, hi)
			}
			if !(lo <= law.K() && law.K() <= hi) {
				t.Errorf("point estimate %v outside its own interval [%v, %v]", law.K(), lo, hi)
			}
			hlo, hhi := law.HalvingInterval()
			if want := math.Pow(2, tc.k); !(hlo <= want && want <= hhi) {
				t.Errorf("halving multiple 2^k = %v outside [%v, %v]", want, hlo, hhi)
			}
			if math.Abs(law.HalvingMultiple()-math.Pow(2, law.K())) > 1e-9*law.HalvingMultiple() {
				t.Errorf("HalvingMultiple %v is not 2^K", law.HalvingMultiple())
			}
			// Extrapolate two halvings below the data's smallest error: the truth must be
			// inside the interval.
			target := 0.8 * math.Pow(1e6, -1/tc.k) / 4
			truth := 1e17 * math.Pow(0.8/target, tc.k)
			clo, chi := law.ComputeForInterval(target)
			if !(clo <= truth && truth <= chi) {
				t.Errorf("compute for error %.3g: truth %.3g outside [%.3g, %.3g] (point %.3g)", target, truth, clo, chi, law.ComputeFor(target))
			}
			if got := law.ErrorAt(law.ComputeFor(0.1)); math.Abs(got-0.1) > 1e-9 {
				t.Errorf("ErrorAt(ComputeFor(0.1)) = %v", got)
			}
			elo, ehi := law.ErrorAtInterval(1e20)
			if e := law.ErrorAt(1e20); !(elo <= e && e <= ehi) {
				t.Errorf("ErrorAt(1e20) = %v outside its interval [%v, %v]", e, elo, ehi)
			}
		})
	}
}

func TestErrorComputeLawExactData(t *testing.T) {
	// Noise-free data: every derived number is exact.
	compute, errs := errorLawData(9, 0, 10, 1)
	law, err := FitErrorComputeLaw(compute, errs, FitOptions{Bootstrap: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"k", law.K(), 9},
		{"a", law.ErrorExponent(), 1.0 / 9},
		{"halving", law.HalvingMultiple(), 512},
		{"10× improvement", law.ComputeMultiple(10), 1e9},
		{"compute for 0.4", law.ComputeFor(0.4), 1e17 * 512},
	} {
		if math.Abs(c.got-c.want) > 1e-9*c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestErrorComputeLawRejectsRisingError(t *testing.T) {
	_, err := FitErrorComputeLaw([]float64{1, 10, 100}, []float64{0.1, 0.2, 0.4}, FitOptions{})
	if err == nil || !strings.Contains(err.Error(), "does not fall") {
		t.Fatalf("got %v", err)
	}
}
