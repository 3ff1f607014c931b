package claims

import "fmt"

// Thresholds: the claim holds when matrix products are at least laFLOPShare of the FLOPs of
// every workload at deep-learning scale.
const laFLOPShare = 0.9

func linearAlgebraVerdict(r LinearAlgebraBurdenResult) Verdict {
	v := Verdict{
		Metric:   "smallest share of FLOPs in matrix products, deep-learning-scale workloads",
		Expected: "well above 90% (linear algebra is the main burden)",
		Values:   map[string]float64{},
	}
	minShare, minTime := 1.0, 1.0
	var minName string
	passed, scale := 0, 0
	for _, s := range r.Shares {
		v.Values["flop_share_"+s.Name] = s.FLOPShare
		v.Values["time_share_"+s.Name] = s.TimeShare
		if s.Small {
			continue
		}
		scale++
		if s.FLOPShare >= laFLOPShare {
			passed++
		}
		if s.FLOPShare < minShare {
			minShare, minName = s.FLOPShare, s.Name
		}
		minTime = min(minTime, s.TimeShare)
	}
	v.Measured, v.Low, v.High = minShare, minShare, minShare
	v.Values["min_time_share"] = minTime
	v.Outcome = passedOf(passed, scale, 1)
	small := ""
	for _, s := range r.Shares {
		if s.Small {
			small += fmt.Sprintf(" The toy %s net spends %.1f%% of its FLOPs and %.0f%% of its time in products.", s.Name, 100*s.FLOPShare, 100*s.TimeShare)
		}
	}
	v.Reason = fmt.Sprintf("Matrix products are at least %.2f%% of the counted FLOPs of every workload at deep-learning scale (lowest: %s), and take at least %.0f%% of the measured time there: the elementwise work is a few FLOPs per unit against 2·fan-in per unit for the products, but it is bound by memory, so its share of time exceeds its share of FLOPs.%s",
		100*minShare, minName, 100*minTime, small)
	return v
}
