package claims

import (
	"fmt"
	"math"
	"testing"
)

func TestSeedIntervalIsStudentT(t *testing.T) {
	// Five values with mean 3 and sample standard deviation √2.5: t(0.975, 4) = 2.776445.
	s := NewSeedInterval([]float64{1, 2, 3, 4, 5})
	half := 2.776445105 * math.Sqrt(2.5) / math.Sqrt(5)
	if s.Seeds != 5 || s.Mean != 3 || math.Abs(s.Low-(3-half)) > 1e-6 || math.Abs(s.High-(3+half)) > 1e-6 {
		t.Errorf("interval %+v, want 3 ± %.6f", s, half)
	}
	if one := NewSeedInterval([]float64{7}); one.Low != 7 || one.High != 7 {
		t.Errorf("one seed: %+v", one)
	}
	if none := NewSeedInterval(nil); !math.IsNaN(none.Mean) {
		t.Errorf("no seeds: %+v", none)
	}
}

func ExampleSeedStability() {
	fmt.Println(SeedStability(Reproduced, []Outcome{Reproduced, Reproduced, PartlyReproduced, Reproduced, Reproduced}))
	// Output: reproduced in 4 of 5 seeds (the verdict flips between seeds)
}

// Two seeds give a t-interval 12.7 standard errors wide: for an error rate it reaches below 0
// and above 1, where no error rate lies; Within keeps what is possible and the mean.
func TestSeedIntervalWithinThePossible(t *testing.T) {
	iv := NewSeedInterval([]float64{0.1, 0.9})
	if !(iv.Low < 0 && iv.High > 1) {
		t.Fatalf("the test needs an interval past [0, 1], have %+v", iv)
	}
	for _, c := range []struct {
		lo, hi, wantLow, wantHigh float64
	}{
		{0, 1, 0, 1},
		{-10, 10, iv.Low, iv.High},
		{0.2, 0.7, 0.2, 0.7},
	} {
		got := iv.Within(c.lo, c.hi)
		if got.Low != c.wantLow || got.High != c.wantHigh || got.Mean != iv.Mean || got.Seeds != 2 {
			t.Errorf("Within(%v, %v) = %+v, want [%v, %v] around the same mean", c.lo, c.hi, got, c.wantLow, c.wantHigh)
		}
	}
}
