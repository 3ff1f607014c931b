package claims

import (
	"math"
	"testing"
)

// softmaxInto sums to one, keeps the order of its inputs, ignores a common shift and does
// not overflow on large logits.
func TestSoftmaxInto(t *testing.T) {
	z := []float64{1, 3, 2}
	p := make([]float64, 3)
	softmaxInto(z, p)
	if s := p[0] + p[1] + p[2]; math.Abs(s-1) > 1e-15 {
		t.Errorf("sums to %v", s)
	}
	if !(p[1] > p[2] && p[2] > p[0]) {
		t.Errorf("order lost: %v", p)
	}
	if want := math.Exp(1) / (math.Exp(1) + math.Exp(3) + math.Exp(2)); math.Abs(p[0]-want) > 1e-15 {
		t.Errorf("p[0] = %v, want %v", p[0], want)
	}
	q := make([]float64, 3)
	softmaxInto([]float64{1001, 1003, 1002}, q)
	for i := range p {
		if math.Abs(p[i]-q[i]) > 1e-15 || math.IsNaN(q[i]) {
			t.Errorf("shifted by 1000: %v, want %v", q, p)
		}
	}
}
