package claims

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// SeedInterval is a number measured once per seed: its mean and 95% Student-t confidence
// interval over the seeds, mean ± t(0.975, n−1)·s/√n (the seeds are independent repetitions
// of the whole experiment). With one seed the interval is the value itself.
type SeedInterval struct {
	Seeds           int
	Mean, Low, High float64
}

// NewSeedInterval summarises one value per seed.
func NewSeedInterval(perSeed []float64) SeedInterval {
	n := len(perSeed)
	if n == 0 {
		return SeedInterval{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
	}
	mean, sd := stat.MeanStdDev(perSeed, nil)
	if n == 1 {
		return SeedInterval{Seeds: 1, Mean: mean, Low: mean, High: mean}
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	half := t * sd / math.Sqrt(float64(n))
	return SeedInterval{Seeds: n, Mean: mean, Low: mean - half, High: mean + half}
}

// Within is the interval clipped to [lo, hi], the values the quantity can take (an error rate
// in [0, 1], an accuracy difference in [−1, 1], a count from 0): a t-interval over two or
// three seeds can reach past them, and what lies beyond says only that the seeds leave the
// quantity undetermined there. No verdict moves, as every rule's thresholds lie inside.
func (s SeedInterval) Within(lo, hi float64) SeedInterval {
	s.Low, s.High = max(s.Low, lo), min(s.High, hi)
	return s
}

// SeedStability counts how often each seed alone would give the pooled outcome, as REPORT.md
// says it: "reproduced in 5 of 5 seeds".
func SeedStability(pooled Outcome, perSeed []Outcome) string {
	same := 0
	for _, o := range perSeed {
		if o == pooled {
			same++
		}
	}
	s := fmt.Sprintf("%s in %d of %d seeds", pooled, same, len(perSeed))
	if same < len(perSeed) {
		s += " (the verdict flips between seeds)"
	}
	return s
}

// PerSeedOutcomes applies a claim's rule to each seed's measurements alone: judge(i) is the
// outcome of the rule on seed i's numbers (0 ≤ i < seeds). It is what a claim puts in its
// Verdict's SeedOutcomes.
func PerSeedOutcomes(seeds int, judge func(i int) Outcome) []Outcome {
	out := make([]Outcome, seeds)
	for i := range out {
		out[i] = judge(i)
	}
	return out
}
