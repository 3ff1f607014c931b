package figures

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// LinearAlgebraBurden draws, for each workload, the share of FLOPs and of time spent in
// matrix products, side by side.
func LinearAlgebraBurden(r claims.LinearAlgebraBurdenResult) ([]*Figure, error) {
	if len(r.Shares) == 0 {
		return nil, fmt.Errorf("figure linear-algebra-burden: no workloads measured")
	}
	f := New("linear-algebra-burden", "Share of the training step spent in matrix products",
		"workload (MLP training step)", "share in matrix products (%)")
	// The reference line first: the custom table set below replaces what series record.
	f.HLine("90%", 90, -0.5, float64(len(r.Shares))-0.5)
	var names []string
	flops := make(plotter.Values, len(r.Shares))
	times := make(plotter.Values, len(r.Shares))
	f.Data = Table{Columns: []string{"workload", "params", "matmul FLOPs per step", "other FLOPs per step", "FLOP share", "matmul s per step", "other s per step", "time share"}}
	for i, s := range r.Shares {
		label := s.Name
		if s.Small {
			label += " (toy)"
		}
		names = append(names, label)
		flops[i] = 100 * s.FLOPShare
		times[i] = 100 * s.TimeShare
		f.Data.Rows = append(f.Data.Rows, []string{s.Name, fmt.Sprint(s.Params), fmt.Sprint(s.MatMulFLOPs), fmt.Sprint(s.Other),
			formatFloat(s.FLOPShare), formatFloat(s.MatMulSec), formatFloat(s.OtherSec), formatFloat(s.TimeShare)})
	}
	w := vg.Points(14)
	for k, series := range []struct {
		name string
		v    plotter.Values
	}{{"share of FLOPs (exact count)", flops}, {"share of wall time (measured)", times}} {
		bars, err := plotter.NewBarChart(series.v, w)
		if err != nil {
			return nil, err
		}
		bars.Color = Color(k)
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(2*k-1) / 2
		f.Plot.Add(bars)
		f.AddLegend(series.name, bars)
	}
	f.Plot.NominalX(names...)
	f.Plot.Y.Min, f.Plot.Y.Max = 0, 100
	f.Note("FLOPs by the training loop's own count (a multiply-add is 2). Time with %d timed steps per workload; it varies from run to run and machine to machine, the FLOP count does not. Verdict: %s.",
		r.Config.Steps, r.Verdict.Outcome)
	return []*Figure{f}, f.Err()
}
