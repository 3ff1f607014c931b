package claims

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// The rule, fixed before the numbers. The claim is about where the time goes (that is what
// accelerators for linear algebra buy), so it is judged on the share of wall time in matrix
// products; the share of FLOPs is reported beside it but cannot decide, since for an MLP it
// is ~99% by construction (2·fan-in FLOPs per unit against a few).
const (
	// laMainTimeShare: "the main burden" is read as at least half of a training step's time
	// (the products take as much time as everything else together, or more).
	laMainTimeShare = 0.5
)

// LinearAlgebraRule states the verdict rule in words, from the same constants.
func LinearAlgebraRule() string {
	return fmt.Sprintf("Reproduced when matrix products take at least %.0f%% of the wall time of a training step (median over repeated timings) on every workload at deep-learning scale; partly when on some; not reproduced when on none. The share of FLOPs is reported, not judged.", 100*laMainTimeShare)
}

// laBootstrap is the number of resamples behind each median's interval.
const laBootstrap = 2000

// laMedianInterval is the 95% percentile-bootstrap interval of the median of xs (Efron &
// Tibshirani 1993, ch. 13): the 2.5% and 97.5% quantiles of the medians of b resamples
// drawn with replacement, seeded so that the interval is the same on every run.
func laMedianInterval(xs []float64, b int, seed uint64) (low, high float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	rng := rand.New(rand.NewPCG(seed, 0x1a)) // "linear algebra"
	medians := make([]float64, b)
	re := make([]float64, len(xs))
	for k := range medians {
		for j := range re {
			re[j] = xs[rng.IntN(len(xs))]
		}
		slices.Sort(re)
		medians[k] = laMedian(re)
	}
	slices.Sort(medians)
	return medians[int(0.025*float64(b-1))], medians[int(math.Ceil(0.975*float64(b-1)))]
}

// laMedian is the median of sorted values.
func laMedian(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func linearAlgebraVerdict(r LinearAlgebraBurdenResult) Verdict {
	v := Verdict{
		Metric:   "smallest median share of a training step's wall time in matrix products, deep-learning-scale workloads (our Go loop)",
		Expected: "the main burden: at least half of the time",
		Values:   map[string]float64{"rule_time_share": laMainTimeShare},
	}
	minTime, minFLOP := math.Inf(1), math.Inf(1)
	var minName string
	var low, high float64
	passed, scale := 0, 0
	var each []string
	for _, s := range r.Shares {
		v.Values["flop_share_"+s.Name] = s.FLOPShare
		v.Values["time_share_"+s.Name] = s.TimeShare
		v.Values["time_share_low_"+s.Name] = s.TimeShareLow
		v.Values["time_share_high_"+s.Name] = s.TimeShareHigh
		if s.Small {
			continue
		}
		scale++
		if s.TimeShare >= laMainTimeShare {
			passed++
		}
		if s.TimeShare < minTime {
			minTime, minName, low, high = s.TimeShare, s.Name, s.TimeShareLow, s.TimeShareHigh
		}
		minFLOP = min(minFLOP, s.FLOPShare)
		each = append(each, fmt.Sprintf("%s %.0f%% (%.0f–%.0f%%; FLOPs %.1f%%)", s.Name, 100*s.TimeShare, 100*s.TimeShareLow, 100*s.TimeShareHigh, 100*s.FLOPShare))
	}
	if scale == 0 {
		v.Outcome, v.Reason = NotReproduced, "no workload at deep-learning scale was measured"
		return v
	}
	v.Measured, v.Low, v.High = minTime, low, high
	v.Values["min_time_share"] = minTime
	v.Values["min_flop_share"] = minFLOP
	v.Values["workloads_passed"] = float64(passed)
	v.Values["workloads"] = float64(scale)
	v.Outcome = passedOf(passed, scale, 1)
	small := ""
	for _, s := range r.Shares {
		if s.Small {
			small += fmt.Sprintf(" The toy %s net (reported, not judged) spends %.0f%% of its time and %.1f%% of its FLOPs in products.", s.Name, 100*s.TimeShare, 100*s.FLOPShare)
		}
	}
	peer := ""
	for _, p := range r.PeerShares {
		if p.Precision != "float64" {
			continue
		}
		v.Values["pytorch_time_share_"+p.Workload] = p.Share
		peer += fmt.Sprintf(", %s %.0f%%", p.Workload, 100*p.Share)
	}
	if peer != "" {
		small += fmt.Sprintf(" For comparison (not judged), PyTorch's own loop on the same workloads, profiled by cmd/bench -torch-profile, spends this share of its operator time in matrix products (float64): %s.", peer[2:])
	}
	v.Reason = fmt.Sprintf("On our own Go training loop, matrix products take this median share of a step's wall time (95%% bootstrap interval of the median over %d repeats of %d steps; share of FLOPs after it): %s. "+
		"%d of %d workloads at deep-learning scale reach %.0f%% [lowest: %s]. The share of FLOPs (at least %.1f%%) does not decide: the elementwise work is a few FLOPs per unit against 2·fan-in for the products, but it is bound by memory (and exp is dear), so its share of time can far exceed its share of FLOPs. Timings vary from run to run.%s",
		r.Config.Repeats, r.Config.Steps, strings.Join(each, ", "), passed, scale, 100*laMainTimeShare, minName, 100*minFLOP, small)
	return v
}
