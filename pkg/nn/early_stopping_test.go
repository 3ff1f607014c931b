package nn

import (
	"math"
	"testing"
)

func TestEarlyStopping(t *testing.T) {
	type obs struct {
		step           int
		score          float64
		improved, goOn bool
	}
	for _, tc := range []struct {
		name string
		s    EarlyStopping
		obs  []obs
	}{
		{"patience 2: stops on the second evaluation without a new best", EarlyStopping{Patience: 2}, []obs{
			{1, 0.5, true, true}, {2, 0.4, true, true}, {3, 0.45, false, true}, {4, 0.4, false, false},
		}},
		{"patience 2: a new best resets the count", EarlyStopping{Patience: 2}, []obs{
			{1, 0.5, true, true}, {2, 0.6, false, true}, {3, 0.3, true, true}, {4, 0.6, false, true}, {5, 0.6, false, false},
		}},
		{"patience 1: stops at the first evaluation without a new best", EarlyStopping{Patience: 1}, []obs{
			{1, 0.5, true, true}, {2, 0.5, false, false},
		}},
		{"NaN is never a new best", EarlyStopping{Patience: 2}, []obs{
			{1, math.NaN(), false, true}, {2, 0.1, true, true},
		}},
		{"factor 1.5: stops once the step is 1.5× the best step's, after MinSteps", EarlyStopping{Factor: 1.5, MinSteps: 10}, []obs{
			{4, 0.5, true, true}, {6, 0.6, false, true}, {8, 0.4, true, true}, {11, 0.5, false, true}, {12, 0.5, false, false},
		}},
		{"factor: nothing stops before MinSteps", EarlyStopping{Factor: 1.5, MinSteps: 100}, []obs{
			{4, 0.5, true, true}, {50, 0.6, false, true}, {100, 0.6, false, false},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			for _, o := range tc.obs {
				improved, goOn := s.Observe(o.step, o.score)
				if improved != o.improved || goOn != o.goOn {
					t.Fatalf("step %d score %v: improved %v, go on %v; want %v, %v", o.step, o.score, improved, goOn, o.improved, o.goOn)
				}
			}
		})
	}
}
