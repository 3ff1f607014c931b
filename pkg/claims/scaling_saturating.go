package claims

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
)

// SaturatingFit is a learning curve fitted as E(n) = EInf + C·n^(−A): an irreducible error
// EInf plus a reducible part that falls as a power of n (Hestness et al. 2017, "Deep learning
// scaling is predictable, empirically", eq. 1; Rosenfeld et al. 2020). A k-fold cut of the
// reducible part takes k^(1/A) times the data, so "at least k²" is A ≤ 1/2.
type SaturatingFit struct {
	EInf, C, A float64
	// ALow and AHigh are the 2.5% and 97.5% quantiles of A over bootstrap resamples that draw
	// the runs of each size with replacement (so the interval reflects seed-to-seed spread).
	ALow, AHigh float64
	Bootstrap   int
}

// At evaluates the fitted curve.
func (f SaturatingFit) At(n float64) float64 { return f.EInf + f.C*math.Pow(n, -f.A) }

// saturatingGrid is how many values of EInf the profile fit tries, from 0 to just under the
// smallest error.
const saturatingGrid = 400

// fitSaturatingOnce fits EInf by a grid over [0, min y) and, for each EInf, log(y − EInf)
// against log n by least squares; it keeps the EInf with the smallest squared error in y.
func fitSaturatingOnce(x, y []float64) (eInf, c, a float64, err error) {
	lo := slices.Min(y)
	if !(lo > 0) || len(x) < 3 {
		return 0, 0, 0, errors.New("a saturating fit needs at least 3 points with positive errors")
	}
	lx := make([]float64, len(x))
	for i := range x {
		lx[i] = math.Log(x[i])
	}
	best := math.Inf(1)
	ly := make([]float64, len(y))
	for g := 0; g < saturatingGrid; g++ {
		e := lo * float64(g) / saturatingGrid
		for i := range y {
			ly[i] = math.Log(y[i] - e)
		}
		slope, icpt, ok := saturatingOLS(lx, ly)
		if !ok {
			continue
		}
		cc, aa := math.Exp(icpt), -slope
		sse := 0.0
		for i := range y {
			r := y[i] - (e + cc*math.Pow(x[i], -aa))
			sse += r * r
		}
		if sse < best {
			best, eInf, c, a = sse, e, cc, aa
		}
	}
	if math.IsInf(best, 1) {
		return 0, 0, 0, errors.New("the saturating fit found no curve (all sizes equal?)")
	}
	return eInf, c, a, nil
}

func saturatingOLS(x, y []float64) (slope, intercept float64, ok bool) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxx, sxy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	if sxx == 0 {
		return 0, 0, false
	}
	slope = sxy / sxx
	return slope, my - slope*mx, true
}

// fitSaturating fits all points, then bootstrap resamples that redraw the points of each
// group (one training-set size) with replacement.
func fitSaturating(x, y []float64, group []int, bootstrap int, seed uint64) (SaturatingFit, error) {
	var f SaturatingFit
	var err error
	if f.EInf, f.C, f.A, err = fitSaturatingOnce(x, y); err != nil {
		return f, err
	}
	members := map[int][]int{}
	var order []int
	for i, g := range group {
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5a7))
	var as []float64
	bx, by := make([]float64, 0, len(x)), make([]float64, 0, len(y))
	for b := 0; b < bootstrap; b++ {
		bx, by = bx[:0], by[:0]
		for _, g := range order {
			m := members[g]
			for range m {
				i := m[rng.IntN(len(m))]
				bx, by = append(bx, x[i]), append(by, y[i])
			}
		}
		if _, _, a, err := fitSaturatingOnce(bx, by); err == nil {
			as = append(as, a)
		}
	}
	f.Bootstrap = len(as)
	f.ALow, f.AHigh = f.A, f.A
	if len(as) > 0 {
		slices.Sort(as)
		f.ALow, f.AHigh = as[int(0.025*float64(len(as)-1))], as[int(math.Ceil(0.975*float64(len(as)-1)))]
	}
	return f, nil
}
