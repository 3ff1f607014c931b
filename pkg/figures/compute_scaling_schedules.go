package figures

import (
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
)

// computeScalingSchedules draws the compute exponent b of each reading (fixed passes, early
// stopping, the frontier) with its 95% interval over seeds, beside what its parts predict.
func computeScalingSchedules(r claims.ComputeScalingResult) *Figure {
	cfg := r.Config
	f := New("compute-scaling-schedules", "Compute exponent b: fixed passes, early stopping, frontier",
		"compute exponent b (compute multiple k^b for a k-fold improvement)", "")
	type reading struct {
		name string
		b    claims.SeedEstimate
	}
	var rs []reading
	if r.FixedPasses.Name != "" {
		rs = append(rs, reading{r.FixedPasses.Name + " (theory's assumption)", r.FixedPasses.B})
	}
	rs = append(rs, reading{"early stopping (practice)", r.EarlyStopping.B}, reading{"compute-efficient frontier", r.FrontierB})
	var rows []string
	bars := Bars{Name: fmt.Sprintf("mean and 95%% t-interval over %d seeds", cfg.Seeds)}
	seeds := Series{Name: "each seed"}
	hi := claims.ComputeScalingImageNetExponent
	for i, x := range rs {
		rows = append(rows, x.name)
		bars.Labels = append(bars.Labels, x.name)
		bars.From, bars.To, bars.Mark = append(bars.From, x.b.Low), append(bars.To, x.b.High), append(bars.Mark, x.b.Mean)
		hi = math.Max(hi, math.Min(x.b.High, 3*claims.ComputeScalingImageNetExponent))
		for _, v := range x.b.PerSeed {
			seeds.X, seeds.Y = append(seeds.X, v), append(seeds.Y, float64(len(rs)-1-i))
		}
	}
	f.Categories(rows...)
	f.HBars(bars, 0)
	f.Scatter(seeds, 1)
	n := float64(len(rows))
	f.VLine("theory: k^4", costmodel.TheoryComputeExponent, -0.5, n-0.5)
	f.VLine("article's ImageNet practice: k^9", claims.ComputeScalingImageNetExponent, -0.5, n-0.5)
	f.Label(costmodel.TheoryComputeExponent, -0.45, "k^4", -1)
	f.Label(claims.ComputeScalingImageNetExponent, -0.45, "k^9", -1)
	f.Plot.X.Min, f.Plot.X.Max = 0, math.Ceil(hi+1)
	for _, s := range []claims.ComputeScalingSchedule{r.FixedPasses, r.EarlyStopping} {
		if s.Name == "" {
			continue
		}
		f.Note("%s: b = %.2f [%.2f, %.2f]; data exponent d = %.2f (error ~ n^(−1/d), theory 2), passes ~ n^%.2f, so d·(2 + e) = %.2f.",
			s.Name, s.B.Mean, s.B.Low, s.B.High, s.Data.Mean, s.EpochSlope.Mean, s.Predicted)
	}
	f.Note("Each seed's runs are fitted on their own (FLOPs from the loop's counter); the interval is Student's t over seeds. The frontier is each seed's lowest validation error per FLOP budget over every run and checkpoint (widths × sizes × steps where the frontier grid is run). Verdict (fixed passes reaching 4): %s.", r.Verdict.Outcome)
	return f
}

// computeScalingLocal draws the local exponent between neighbouring sizes against n, for both
// schedules: does b approach the theory's 4 as the data grow?
func computeScalingLocal(r claims.ComputeScalingResult) *Figure {
	f := New("compute-scaling-local", "Local compute exponent against the training-set size",
		"training images n (geometric mean of neighbouring sizes)", "local compute exponent b", LogX())
	var x0, x1 float64
	for i, s := range []claims.ComputeScalingSchedule{r.FixedPasses, r.EarlyStopping} {
		if s.Name == "" {
			continue
		}
		var ser Series
		ser.Name = s.Name + " (mean, 95% t-interval over seeds)"
		for _, l := range s.Local {
			ser.X = append(ser.X, math.Sqrt(float64(l.N0)*float64(l.N1)))
			ser.Y = append(ser.Y, l.B.Mean)
			ser.Low, ser.High = append(ser.Low, l.B.Low), append(ser.High, l.B.High)
		}
		if len(ser.X) == 0 {
			continue
		}
		x0, x1 = ser.X[0], ser.X[len(ser.X)-1]
		f.Curve(ser, i)
	}
	if x1 > x0 {
		f.HLine("theory: k^4", costmodel.TheoryComputeExponent, x0, x1)
		f.Label(x1, costmodel.TheoryComputeExponent, "k^4", -1)
	}
	f.Note("Between each pair of neighbouring sizes n0 < n1: b = −Δlog FLOPs / Δlog error, per seed. The theory's bound is about large n; a local b still rising at the largest n means the exponent has not settled.")
	return f
}
