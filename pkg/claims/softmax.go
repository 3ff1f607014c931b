package claims

import (
	"math"
	"slices"
)

// softmaxInto writes softmax(z) into p (len(p) == len(z)), shifted by max(z) so that exp
// cannot overflow.
func softmaxInto(z, p []float64) {
	m := slices.Max(z)
	var s float64
	for j, v := range z {
		p[j] = math.Exp(v - m)
		s += p[j]
	}
	for j := range p {
		p[j] /= s
	}
}
