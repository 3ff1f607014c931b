package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// XRayConfig describes the synthetic "X-ray" task of the expert-vs-flexible claim (Spectrum
// 2021: whether an X-ray shows cancer depends on about 100 details hidden among many more
// candidate variables). Every variable is an independent standard normal; a few of them, the
// informative ones, decide the label through
//
//	f(x) = LinearWeight·L(x) + PairWeight·Q(x) + ThresholdWeight·T(x),  label = 1{f(x) + Noise·ε > 0}
//
// with ε ~ N(0, 1) and three parts each scaled to unit variance:
//   - L = Σ_j w_j x_j over all informative variables, w drawn N(0, 1) then normalised so Σ w² = 1;
//   - Q = Σ_k s_k x_a(k) x_b(k) / √Pairs over Pairs disjoint pairs of informative variables,
//     random signs s_k: interactions that no linear rule sees (x_a·x_b is uncorrelated with
//     every x_j);
//   - T = Σ_k s_k (1{x_c(k) > τ_k} − Φ(−τ_k)) / √(Σ_k Φ(τ_k)Φ(−τ_k)) over Thresholds more
//     informative variables, τ_k ~ U(−1, 1): steps, partly but not fully linear.
//
// The other Variables − Informative variables are pure noise. A flexible model can learn f
// (an MLP with ReLU units represents products and steps); a linear model on the informative
// variables captures only L and the linear part of T.
type XRayConfig struct {
	Variables   int // p, the candidate variables
	Informative int // how many of them decide the label
	Pairs       int // pairwise products among the informative variables (2·Pairs ≤ Informative)
	Thresholds  int // threshold terms on further informative variables (2·Pairs + Thresholds ≤ Informative)
	// Standard deviations of the three parts of f and of the noise added before the sign.
	LinearWeight, PairWeight, ThresholdWeight, Noise float64
	Seed                                             uint64
}

// XRayTask is a drawn instance of the task: which variables are informative and how.
type XRayTask struct {
	Config XRayConfig
	// Informative lists the informative variables' column indices, in increasing order.
	Informative []int
	linear      []float64 // weight of each variable in Informative
	pairs       [][2]int  // column indices
	pairSign    []float64
	thresh      []int // column indices
	tau         []float64
	threshSign  []float64
	threshMean  []float64 // Φ(−τ), the mean of the step
	threshNorm  float64
}

// Validate reports a configuration that cannot be drawn.
func (c XRayConfig) Validate() error {
	switch {
	case c.Informative < 1 || c.Variables < c.Informative:
		return fmt.Errorf("x-ray task: %d informative variables among %d: need 1 ≤ informative ≤ variables", c.Informative, c.Variables)
	case c.Pairs < 0 || c.Thresholds < 0 || 2*c.Pairs+c.Thresholds > c.Informative:
		return fmt.Errorf("x-ray task: %d pairs and %d thresholds need %d distinct informative variables, have %d", c.Pairs, c.Thresholds, 2*c.Pairs+c.Thresholds, c.Informative)
	}
	for _, w := range []struct {
		name string
		v    float64
	}{{"linear weight", c.LinearWeight}, {"pair weight", c.PairWeight}, {"threshold weight", c.ThresholdWeight}, {"noise", c.Noise}} {
		if !(w.v >= 0) || math.IsInf(w.v, 0) {
			return fmt.Errorf("x-ray task: %s %v must be a finite number ≥ 0", w.name, w.v)
		}
	}
	if c.LinearWeight == 0 && c.PairWeight == 0 && c.ThresholdWeight == 0 {
		return errors.New("x-ray task: every part of f has weight 0, so the label is pure noise")
	}
	return nil
}

// NewXRayTask draws the informative variables and the weights of f from c.Seed.
func NewXRayTask(c XRayConfig) (*XRayTask, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x7a7))
	t := &XRayTask{Config: c}
	// The informative variables are a random subset of the pool, so that their position gives
	// nothing away; roles (pairs, thresholds) go to a random order of them.
	roles := rng.Perm(c.Variables)[:c.Informative]
	t.Informative = append([]int(nil), roles...)
	sort.Ints(t.Informative)

	t.linear = make([]float64, c.Informative)
	var ss float64
	for i := range t.linear {
		t.linear[i] = rng.NormFloat64()
		ss += t.linear[i] * t.linear[i]
	}
	for i := range t.linear {
		t.linear[i] /= math.Sqrt(ss)
	}
	sign := func() float64 {
		if rng.IntN(2) == 0 {
			return -1
		}
		return 1
	}
	for k := 0; k < c.Pairs; k++ {
		t.pairs = append(t.pairs, [2]int{roles[2*k], roles[2*k+1]})
		t.pairSign = append(t.pairSign, sign())
	}
	var v float64
	for k := 0; k < c.Thresholds; k++ {
		tau := 2*rng.Float64() - 1
		p := 0.5 * math.Erfc(tau/math.Sqrt2) // P(x > τ) = Φ(−τ)
		t.thresh = append(t.thresh, roles[2*c.Pairs+k])
		t.tau = append(t.tau, tau)
		t.threshSign = append(t.threshSign, sign())
		t.threshMean = append(t.threshMean, p)
		v += p * (1 - p)
	}
	t.threshNorm = math.Sqrt(v)
	return t, nil
}

// Score returns f(x) for one row of Variables values, without the noise.
func (t *XRayTask) Score(x []float64) float64 {
	c := t.Config
	var lin, pair, thr float64
	for i, j := range t.Informative {
		lin += t.linear[i] * x[j]
	}
	for k, p := range t.pairs {
		pair += t.pairSign[k] * x[p[0]] * x[p[1]]
	}
	if len(t.pairs) > 0 {
		pair /= math.Sqrt(float64(len(t.pairs)))
	}
	for k, j := range t.thresh {
		step := 0.0
		if x[j] > t.tau[k] {
			step = 1
		}
		thr += t.threshSign[k] * (step - t.threshMean[k])
	}
	if t.threshNorm > 0 {
		thr /= t.threshNorm
	}
	return c.LinearWeight*lin + c.PairWeight*pair + c.ThresholdWeight*thr
}

// Sample draws n rows (Variables standard normals each) and their 0/1 labels; the same seed
// gives the same rows. Different seeds give independent rows of the same task.
func (t *XRayTask) Sample(n int, seed uint64) (nn.Data, error) {
	if n < 1 {
		return nn.Data{}, fmt.Errorf("x-ray task: cannot draw %d rows", n)
	}
	p := t.Config.Variables
	rng := rand.New(rand.NewPCG(seed, t.Config.Seed^0x5a5a))
	d := nn.Data{X: make([]nn.Float, n*p), Dim: p, Labels: make([]int, n), Classes: 2}
	for r := 0; r < n; r++ {
		row := d.X[r*p : (r+1)*p]
		for j := range row {
			row[j] = rng.NormFloat64()
		}
		if t.Score(row)+t.Config.Noise*rng.NormFloat64() > 0 {
			d.Labels[r] = 1
		}
	}
	return d, nil
}

// XRayColumns returns the dataset restricted to the given columns, in that order: what a
// model that looks only at those variables sees.
func XRayColumns(d nn.Data, cols []int) (nn.Data, error) {
	for _, c := range cols {
		if c < 0 || c >= d.Dim {
			return nn.Data{}, fmt.Errorf("x-ray columns: column %d outside 0..%d", c, d.Dim-1)
		}
	}
	if len(cols) == 0 {
		return nn.Data{}, errors.New("x-ray columns: no columns")
	}
	n := d.Len()
	out := nn.Data{X: make([]nn.Float, n*len(cols)), Dim: len(cols), Labels: d.Labels, Classes: d.Classes, Y: d.Y, YDim: d.YDim}
	for r := 0; r < n; r++ {
		src := d.Row(r)
		dst := out.X[r*len(cols) : (r+1)*len(cols)]
		for i, c := range cols {
			dst[i] = src[c]
		}
	}
	return out, nil
}

// ExpertVariables returns the informative variables with k of them left out, chosen at random
// from seed: what an expert who missed k details would use. k = 0 returns them all.
func (t *XRayTask) ExpertVariables(k int, seed uint64) ([]int, error) {
	if k < 0 || k >= len(t.Informative) {
		return nil, fmt.Errorf("x-ray task: cannot leave out %d of %d informative variables", k, len(t.Informative))
	}
	rng := rand.New(rand.NewPCG(seed, 0xd20b))
	keep := rng.Perm(len(t.Informative))[k:]
	sort.Ints(keep)
	out := make([]int, len(keep))
	for i, j := range keep {
		out[i] = t.Informative[j]
	}
	return out, nil
}
