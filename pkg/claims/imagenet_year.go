package claims

import (
	"math"
	"math/rand/v2"
	"slices"
)

// The exponent apart from time. Compute and year rise together over the ImageNet record, so a
// fit of error on compute alone credits compute with what time (better architectures, training
// recipes, data) did. Adding the year as a second covariate,
//
//	log10(error) = a + b·log10(compute) + c·(year − mean year),
//
// gives the partial slope b: how error falls with compute among models of the same year. Its
// k = −1/b is the exponent separated from time. With nearly collinear covariates b is poorly
// determined, and its interval says so.

// ImageNetYearFit is the partial exponent of one sample.
type ImageNetYearFit struct {
	// Skipped says why there is none (too few models, or compute and year exactly collinear).
	Skipped string
	N       int
	// Slope is b, with its 95% bootstrap interval; YearSlope is c, log10(error) per year.
	Slope, SlopeLow, SlopeHigh             float64
	YearSlope, YearSlopeLow, YearSlopeHigh float64
	// K = −1/b (+Inf when b ≥ 0: error does not fall with compute at fixed year), with its
	// interval from the same replicates; KHigh is +Inf when the slope's interval reaches 0.
	K, KLow, KHigh float64
	// Corr is the correlation of log10(compute) with year over the sample: near 1, the data
	// cannot tell the two apart.
	Corr float64
}

// imagenetYearMinPoints: three coefficients need at least two degrees of freedom left.
const imagenetYearMinPoints = 5

// imagenetYearFit fits the two-covariate regression and bootstraps it over models.
func imagenetYearFit(points []ImageNetPoint, bootstrap int, seed uint64) ImageNetYearFit {
	f := ImageNetYearFit{N: len(points)}
	if f.N < imagenetYearMinPoints {
		f.Skipped = "too few models for compute and year together"
		return f
	}
	x := make([]float64, f.N)
	t := make([]float64, f.N)
	y := make([]float64, f.N)
	for i, p := range points {
		x[i], t[i], y[i] = math.Log10(p.ComputeFLOP), float64(p.Year), math.Log10(p.ErrorPct)
	}
	b, c, corr, ok := imagenetOLS2(x, t, y)
	if !ok {
		f.Skipped = "compute and year are collinear in this sample"
		return f
	}
	f.Slope, f.YearSlope, f.Corr = b, c, corr
	f.K = imagenetPartialK(b)
	rng := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	bx, bt, by := make([]float64, f.N), make([]float64, f.N), make([]float64, f.N)
	var slopes, years, ks []float64
	for tries := 0; len(slopes) < bootstrap && tries < 20*bootstrap; tries++ {
		for i := range bx {
			j := rng.IntN(f.N)
			bx[i], bt[i], by[i] = x[j], t[j], y[j]
		}
		bb, bc, _, ok := imagenetOLS2(bx, bt, by)
		if !ok {
			continue // a resample with collinear covariates has no partial slope: draw again
		}
		slopes, years, ks = append(slopes, bb), append(years, bc), append(ks, imagenetPartialK(bb))
	}
	f.SlopeLow, f.SlopeHigh = imagenetPercentiles(slopes)
	f.YearSlopeLow, f.YearSlopeHigh = imagenetPercentiles(years)
	f.KLow, f.KHigh = imagenetPercentiles(ks)
	return f
}

// imagenetPartialK is −1/b for a falling slope and +Inf otherwise (no finite compute reaches a
// lower error), so that a replicate which does not fall counts as an unboundedly large k
// rather than being dropped.
func imagenetPartialK(b float64) float64 {
	if b < 0 {
		return -1 / b
	}
	return math.Inf(1)
}

// imagenetPercentiles is the 2.5% and 97.5% percentiles (the replicates' own values when
// there are none).
func imagenetPercentiles(v []float64) (low, high float64) {
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	s := slices.Sorted(slices.Values(v))
	at := func(q float64) float64 { return s[int(math.Round(q*float64(len(s)-1)))] }
	return at(0.025), at(0.975)
}

// imagenetOLS2 regresses y on x and t with an intercept, returning the two slopes and the
// correlation of x with t; ok is false when x and t are (numerically) collinear or constant.
func imagenetOLS2(x, t, y []float64) (bx, bt, corr float64, ok bool) {
	n := float64(len(x))
	var mx, mt, my float64
	for i := range x {
		mx, mt, my = mx+x[i], mt+t[i], my+y[i]
	}
	mx, mt, my = mx/n, mt/n, my/n
	var sxx, stt, sxt, sxy, sty float64
	for i := range x {
		dx, dt, dy := x[i]-mx, t[i]-mt, y[i]-my
		sxx, stt, sxt = sxx+dx*dx, stt+dt*dt, sxt+dx*dt
		sxy, sty = sxy+dx*dy, sty+dt*dy
	}
	if sxx == 0 || stt == 0 {
		return 0, 0, 0, false
	}
	corr = sxt / math.Sqrt(sxx*stt)
	det := sxx*stt - sxt*sxt
	if det <= 1e-9*sxx*stt { // |corr| within 5e-5 of 1
		return 0, 0, corr, false
	}
	return (stt*sxy - sxt*sty) / det, (sxx*sty - sxt*sxy) / det, corr, true
}
