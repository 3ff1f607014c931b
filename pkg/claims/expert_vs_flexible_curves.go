package claims

import (
	"math"
	"slices"
)

// expertCurve averages one model's runs over seeds at each size, with the 95% t-interval.
func expertCurve(cfg ExpertVsFlexibleConfig, m expertModel, runs []ExpertVsFlexibleRun) ExpertVsFlexibleCurve {
	c := ExpertVsFlexibleCurve{Model: m.name, Missing: m.missing}
	for _, n := range cfg.Sizes {
		var errs, flops []float64
		for _, r := range runs {
			if r.Model == m.name && r.N == n {
				errs = append(errs, r.TestError)
				flops = append(flops, float64(r.FLOPs))
			}
		}
		iv := NewSeedInterval(errs).Within(0, math.Inf(1))
		c.N = append(c.N, float64(n))
		c.Error = append(c.Error, expertMean(errs))
		c.ErrLow = append(c.ErrLow, iv.Low)
		c.ErrHigh = append(c.ErrHigh, iv.High)
		c.FLOPs = append(c.FLOPs, expertGeoMean(flops))
		c.FLOPsLow = append(c.FLOPsLow, slices.Min(flops))
		c.FLOPsHi = append(c.FLOPsHi, slices.Max(flops))
	}
	c.FrontierFLOPs, c.FrontierError = expertFrontier(c.FLOPs, c.Error)
	return c
}

func expertMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func expertGeoMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Log(v)
	}
	return math.Exp(s / float64(len(x)))
}

// expertInterp returns y at x on the piecewise-linear curve through (xs, ys) in log-log
// coordinates (xs increasing), clamped to the ends.
func expertInterp(xs, ys []float64, x float64) float64 {
	if x <= xs[0] {
		return ys[0]
	}
	for i := 1; i < len(xs); i++ {
		if x <= xs[i] {
			t := (math.Log(x) - math.Log(xs[i-1])) / (math.Log(xs[i]) - math.Log(xs[i-1]))
			return math.Exp(math.Log(ys[i-1]) + t*(math.Log(ys[i])-math.Log(ys[i-1])))
		}
	}
	return ys[len(ys)-1]
}

// expertFirstBelow returns where the curve (xs, ys) first falls below the curve (xs, ref) on
// the same grid: the x at which log y − log ref changes sign, interpolated linearly in log x.
// ok is false when it never does, or is below from the start (then x is xs[0]).
func expertFirstBelow(xs, ys, ref []float64) (x float64, ok bool) {
	d := func(i int) float64 { return math.Log(ys[i]) - math.Log(ref[i]) }
	if d(0) < 0 {
		return xs[0], false
	}
	for i := 1; i < len(xs); i++ {
		if d(i) < 0 {
			t := d(i-1) / (d(i-1) - d(i))
			return math.Exp(math.Log(xs[i-1]) + t*(math.Log(xs[i])-math.Log(xs[i-1]))), true
		}
	}
	return xs[len(xs)-1], false
}

// expertFrontier is the least error reached with at most each amount of compute: the runs
// sorted by FLOPs, keeping those that beat every cheaper one. Early stopping makes a run on
// more data sometimes cheaper than one on less, so error against FLOPs is not a function of
// the training-set size order; its lower envelope is.
func expertFrontier(flops, errs []float64) (xs, ys []float64) {
	idx := make([]int, len(flops))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case flops[a] < flops[b]:
			return -1
		case flops[a] > flops[b]:
			return 1
		}
		return 0
	})
	for _, i := range idx {
		if len(ys) == 0 || errs[i] < ys[len(ys)-1] {
			xs = append(xs, flops[i])
			ys = append(ys, errs[i])
		}
	}
	return xs, ys
}

// expertFirstUnder returns the least compute at which the frontier (xs, ys) reaches the
// error level y, interpolated linearly in log–log coordinates between frontier points. ok is
// false when it never does.
func expertFirstUnder(xs, ys []float64, y float64) (float64, bool) {
	if ys[0] <= y {
		return xs[0], true
	}
	for i := 1; i < len(xs); i++ {
		if ys[i] <= y {
			t := (math.Log(ys[i-1]) - math.Log(y)) / (math.Log(ys[i-1]) - math.Log(ys[i]))
			return math.Exp(math.Log(xs[i-1]) + t*(math.Log(xs[i])-math.Log(xs[i-1]))), true
		}
	}
	return xs[len(xs)-1], false
}

// expertSeedCurve is one model's learning curve in one seed alone (no band).
func expertSeedCurve(cfg ExpertVsFlexibleConfig, runs []ExpertVsFlexibleRun, model string, seed int) ExpertVsFlexibleCurve {
	c := ExpertVsFlexibleCurve{Model: model}
	for _, n := range cfg.Sizes {
		for _, r := range runs {
			if r.Model == model && r.N == n && r.Seed == seed {
				c.Missing = r.Missing
				c.N = append(c.N, float64(n))
				c.Error = append(c.Error, r.TestError)
				c.FLOPs = append(c.FLOPs, float64(r.FLOPs))
			}
		}
	}
	c.ErrLow, c.ErrHigh, c.FLOPsLow, c.FLOPsHi = c.Error, c.Error, c.FLOPs, c.FLOPs
	c.FrontierFLOPs, c.FrontierError = expertFrontier(c.FLOPs, c.Error)
	return c
}

// expertCrossOf locates where the flexible curve overtakes an expert's: on the data axis,
// the size at which the flexible curve falls below the expert's; on the compute axis, the
// least compute at which the flexible model reaches the expert's final error (the expert has
// stopped improving, so more compute would not help it). It reads the two curves alone, so
// it serves the seed means and each seed.
func expertCrossOf(expert, flex ExpertVsFlexibleCurve) ExpertVsFlexibleCrossing {
	last := len(expert.N) - 1
	x := ExpertVsFlexibleCrossing{
		Expert: expert.Model, Missing: expert.Missing,
		ExpertFirst: expert.Error[0], FlexibleFirst: flex.Error[0],
		ExpertLast: expert.Error[last], FlexibleLast: flex.Error[last],
		ExpertFirstFLOPs: expert.FLOPs[0], FlexibleFirstFLOPs: flex.FLOPs[0],
	}
	final := expert.Error[last]
	x.PlateauRatio = final / expertInterp(expert.N, expert.Error, expert.N[last]/8)
	// The expert reaches its plateau at the first size, and the least compute, within 10% of
	// its final error.
	level := make([]float64, len(expert.N))
	for i := range level {
		level[i] = final * expertPlateauBand
	}
	if n, ok := expertFirstBelow(expert.N, expert.Error, level); ok {
		x.PlateauN = n
	} else {
		x.PlateauN = expert.N[0] // within the band from the smallest size on
	}
	x.PlateauFLOPs, _ = expertFirstUnder(expert.FrontierFLOPs, expert.FrontierError, final*expertPlateauBand)
	x.N, x.Crosses = expertFirstBelow(flex.N, flex.Error, expert.Error)
	var reached bool
	x.FLOPs, reached = expertFirstUnder(flex.FrontierFLOPs, flex.FrontierError, final)
	x.Crosses = x.Crosses && reached
	x.NLow, x.NHigh, x.FLOPsLow, x.FLOPsHigh = x.N, x.N, x.FLOPs, x.FLOPs
	x.SeedsCrossing = 0
	if x.Crosses {
		x.SeedsCrossing = 1
	}
	x.DataMultiple = x.N / x.PlateauN
	x.ComputeMultiple = x.FLOPs / x.PlateauFLOPs
	return x
}

// expertCrossing is expertCrossOf on the seed means, with the spread over seeds: NLow–NHigh
// and FLOPsLow–FLOPsHigh are 95% t-intervals over the per-seed crossings (a seed that does
// not cross within the grid counts at the grid's end), and SeedsCrossing counts the seeds
// that cross.
func expertCrossing(cfg ExpertVsFlexibleConfig, expert, flex ExpertVsFlexibleCurve, runs []ExpertVsFlexibleRun) ExpertVsFlexibleCrossing {
	x := expertCrossOf(expert, flex)
	x.SeedsCrossing = 0
	var ns, fs []float64
	for s := 0; s < cfg.Seeds; s++ {
		sx := expertCrossOf(expertSeedCurve(cfg, runs, expert.Model, s), expertSeedCurve(cfg, runs, flex.Model, s))
		x.SeedsCrossing += sx.SeedsCrossing
		ns, fs = append(ns, sx.N), append(fs, sx.FLOPs)
	}
	n, f := NewSeedInterval(ns).Within(0, math.Inf(1)), NewSeedInterval(fs).Within(0, math.Inf(1))
	x.NLow, x.NHigh, x.FLOPsLow, x.FLOPsHigh = n.Low, n.High, f.Low, f.High
	return x
}
