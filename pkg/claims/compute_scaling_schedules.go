package claims

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// The two schedules of compute-scaling, each read seed by seed. The theory's bookkeeping
// (arXiv:2007.05558, section 2) is error ∝ n^(−1/2), parameters ∝ n and a fixed number of
// passes, so compute ∝ parameters × n × passes ∝ n² ∝ k⁴. Early stopping changes the passes
// with n; a fixed number of passes does not. Every run of a seed is fitted on its own, so
// the spread over seeds gives the interval (Student's t over seeds).

// SeedEstimate is one quantity fitted once per seed, with its mean and the 95% Student-t
// interval of the mean over seeds.
type SeedEstimate struct {
	PerSeed         []float64
	Mean, Low, High float64
}

// seedEstimate summarises per-seed values: mean ± t(0.975, s−1)·sd/√s. One seed gives no
// interval (Low = High = Mean); a non-finite value makes the whole estimate NaN.
func seedEstimate(v []float64) SeedEstimate {
	e := SeedEstimate{PerSeed: v}
	if len(v) == 0 {
		e.Mean, e.Low, e.High = math.NaN(), math.NaN(), math.NaN()
		return e
	}
	var sum float64
	for _, x := range v {
		sum += x
	}
	e.Mean = sum / float64(len(v))
	e.Low, e.High = e.Mean, e.Mean
	if len(v) < 2 {
		return e
	}
	var ss float64
	for _, x := range v {
		ss += (x - e.Mean) * (x - e.Mean)
	}
	se := math.Sqrt(ss/float64(len(v)-1)) / math.Sqrt(float64(len(v)))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(v) - 1)}.Quantile(0.975)
	e.Low, e.High = e.Mean-t*se, e.Mean+t*se
	return e
}

// ComputeScalingLocal is the exponent between two neighbouring sizes: b over [N0, N1].
type ComputeScalingLocal struct {
	N0, N1 int
	B      SeedEstimate
}

// ComputeScalingSchedule is one schedule's reading: b per seed and its parts.
type ComputeScalingSchedule struct {
	Name string
	// B is the compute exponent, FLOPs ∝ error^(−b), fitted per seed over the sizes.
	B SeedEstimate
	// Data is the data exponent d, n ∝ error^(−d) (error ∝ n^(−1/d)); EpochSlope is e in
	// passes ∝ n^e (exactly 0 for fixed passes). With parameters ∝ n, compute ∝ n^(2+e), so
	// b = d·(2 + e): Predicted is that product of the means.
	Data, EpochSlope SeedEstimate
	Predicted        float64
	// Local is b between each pair of neighbouring sizes: does it approach 4 as n grows?
	Local []ComputeScalingLocal
	// ErrorFall is 1 − (mean test error at the largest n)/(mean at the smallest): how far the
	// error fell at all (an exponent of a flat curve prices no improvement).
	ErrorFall float64
	// ErrorFallPerSeed is the same for each seed's runs alone, in seed order.
	ErrorFallPerSeed []float64
}

// computeScalingPoint is what one run contributes to a schedule.
type computeScalingPoint struct{ n, flops, err, passes float64 }

// computeScalingReadSchedule fits a schedule per seed. points[s] are seed s's runs in
// increasing n.
func computeScalingReadSchedule(name string, sizes []int, points [][]computeScalingPoint) (ComputeScalingSchedule, error) {
	sc := ComputeScalingSchedule{Name: name}
	var bs, ds, es []float64
	var first, last float64
	local := make([][]float64, len(sizes)-1)
	for s, pts := range points {
		if len(pts) != len(sizes) {
			return sc, fmt.Errorf("%s, seed %d: %d runs for %d sizes", name, s, len(pts), len(sizes))
		}
		var lf, le, ln, lp []float64
		for _, p := range pts {
			if !(p.err > 0) {
				return sc, fmt.Errorf("%s, seed %d, %g images: test error %v; a power law needs errors > 0 (use more test images)", name, s, p.n, p.err)
			}
			lf, le, ln, lp = append(lf, math.Log10(p.flops)), append(le, math.Log10(p.err)), append(ln, math.Log10(p.n)), append(lp, math.Log10(p.passes))
		}
		first, last = first+pts[0].err, last+pts[len(pts)-1].err
		sc.ErrorFallPerSeed = append(sc.ErrorFallPerSeed, 1-pts[len(pts)-1].err/pts[0].err)
		bs = append(bs, computeScalingExponent(olsSlope(lf, le)))
		ds = append(ds, computeScalingExponent(olsSlope(ln, le)))
		es = append(es, olsSlope(ln, lp))
		for i := range local {
			local[i] = append(local[i], computeScalingExponent((le[i+1]-le[i])/(lf[i+1]-lf[i])))
		}
	}
	sc.B, sc.Data, sc.EpochSlope = seedEstimate(bs), seedEstimate(ds), seedEstimate(es)
	if first > 0 {
		sc.ErrorFall = 1 - last/first
	}
	sc.Predicted = sc.Data.Mean * (2 + sc.EpochSlope.Mean)
	for i, v := range local {
		sc.Local = append(sc.Local, ComputeScalingLocal{N0: sizes[i], N1: sizes[i+1], B: seedEstimate(v)})
	}
	return sc, nil
}

// computeScalingExponent is −1/slope, capped at ScalingUnbounded when the error does not
// fall (slope ≥ 0), so that a seed whose error rose counts as an unboundedly costly one.
func computeScalingExponent(slope float64) float64 {
	if !(slope < 0) {
		return ScalingUnbounded
	}
	return math.Min(-1/slope, ScalingUnbounded)
}

// olsSlope is the least-squares slope of y on x (NaN when x is constant).
func olsSlope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx, my = mx+x[i], my+y[i]
	}
	mx, my = mx/float64(len(x)), my/float64(len(y))
	var sxx, sxy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
	}
	if sxx == 0 {
		return math.NaN()
	}
	return sxy / sxx
}

// computeScalingFrontierSeeds fits the compute-efficient frontier seed by seed: the lower
// envelope of validation error against training FLOPs over every checkpoint of that seed's
// runs (widths × sizes × steps), within the FLOP range [from, to] of the schedule. A seed
// with fewer than 3 envelope points there is left out; none left gives NaN.
func computeScalingFrontierSeeds(runs []ScalingRun, seeds int, from, to float64) (SeedEstimate, error) {
	var bs []float64
	for s := 0; s < seeds; s++ {
		var mine []ScalingRun
		for _, r := range runs {
			if r.SeedIndex == s {
				mine = append(mine, r)
			}
		}
		fl, er := computeScalingEnvelope(mine)
		var lf, le []float64
		for i, f := range fl {
			if f >= from && f <= to && er[i] > 0 {
				lf, le = append(lf, math.Log10(f)), append(le, math.Log10(er[i]))
			}
		}
		if len(lf) < 3 || slices.Min(lf) == slices.Max(lf) {
			continue // too few envelope points in this seed's range to fit: the seed is left out
		}
		bs = append(bs, computeScalingExponent(olsSlope(lf, le)))
	}
	return seedEstimate(bs), nil
}
