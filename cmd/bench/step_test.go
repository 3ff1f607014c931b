package main

import (
	"slices"
	"testing"
)

// TestQuantile: nearest-rank quantiles of unsorted input, odd and even lengths, which the
// scaling table prints as the rounds' quartiles; the input is left as it was.
func TestQuantile(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		q    float64
		want float64
	}{
		{[]float64{5, 1, 4, 2, 3}, 0, 1},
		{[]float64{5, 1, 4, 2, 3}, 0.25, 2},
		{[]float64{5, 1, 4, 2, 3}, 0.5, 3},
		{[]float64{5, 1, 4, 2, 3}, 0.75, 4},
		{[]float64{5, 1, 4, 2, 3}, 1, 5},
		{[]float64{4, 3, 2, 1}, 0.25, 2},
		{[]float64{4, 3, 2, 1}, 0.75, 3},
		{[]float64{7}, 0.75, 7},
	} {
		in := slices.Clone(tc.x)
		if got := quantile(tc.x, tc.q); got != tc.want {
			t.Errorf("quantile(%v, %v) = %v, want %v", in, tc.q, got, tc.want)
		}
		if !slices.Equal(in, tc.x) {
			t.Errorf("quantile reordered its input: %v, was %v", tc.x, in)
		}
	}
}
