package claims

import (
	"context"
	"fmt"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// ExpertVsFlexibleCell is one cell of the crossing map: the generator's interaction weight
// and noise, and the models' mean test errors at the map's small and large sizes.
type ExpertVsFlexibleCell struct {
	PairWeight, Noise float64
	// Expert is the headline expert (missing the fewest variables); Complete the expert with
	// every informative variable and the linear form; Control the true-form expert.
	ExpertSmall, ExpertLarge     float64
	CompleteSmall, CompleteLarge float64
	FlexibleSmall, FlexibleLarge float64
	ControlSmall, ControlLarge   float64
	// Crosses: the headline expert wins at the small size and the flexible MLP at the large
	// one (means over seeds); CompleteCrosses the same against the complete expert.
	// SeedsCrossing counts the seeds in which the first holds on that seed's numbers alone.
	Crosses, CompleteCrosses bool
	SeedsCrossing            int
	// Gap is the flexible MLP's error minus the headline expert's at the large size, per
	// seed, with its 95% t-interval (negative: the MLP is better).
	Gap SeedInterval
}

// expertMap trains the headline expert, the complete one, the MLP and the control at the two
// map sizes in every cell of the map, Seeds times. Every cell's task has the main task's
// seed, so the informative variables, their roles and the experts' choices are the same;
// only the weight of the products and the noise change. The rows of a seed are the same in
// every cell (only their labels change), which makes the cells' comparisons paired.
func expertMap(ctx context.Context, cfg ExpertVsFlexibleConfig, workers int) ([]ExpertVsFlexibleCell, error) {
	if len(cfg.MapPairWeights) == 0 {
		return nil, nil
	}
	type point struct{ cell, size, seed int }
	nCells := len(cfg.MapPairWeights) * len(cfg.MapNoises)
	var points []point
	for s := len(cfg.MapSizes) - 1; s >= 0; s-- {
		for c := 0; c < nCells; c++ {
			for k := 0; k < cfg.Seeds; k++ {
				points = append(points, point{c, s, k})
			}
		}
	}
	cellCfg := func(c int) ExpertVsFlexibleConfig {
		cc := cfg
		cc.PairWeight = cfg.MapPairWeights[c%len(cfg.MapPairWeights)]
		cc.Noise = cfg.MapNoises[c/len(cfg.MapPairWeights)]
		cc.Missing = []int{slices.Min(cfg.Missing)}
		return cc
	}
	out, err := sweep.Map(ctx, len(points), workers, func(ctx context.Context, i int) ([]ExpertVsFlexibleRun, error) {
		p := points[i]
		cc := cellCfg(p.cell)
		task, err := datasets.NewXRayTask(cc.task())
		if err != nil {
			return nil, err
		}
		models, _, err := expertModels(cc, task)
		if err != nil {
			return nil, err
		}
		val, test, err := expertHeldOut(cc, task)
		if err != nil {
			return nil, err
		}
		return expertPoint(ctx, cc, task, models, cfg.MapSizes[p.size], p.seed, val, test, sweep.InnerThreads(workers))
	}, func(done, total int) { Progress(ctx, "crossing map: cells × sizes × seeds", done, total) })
	if err != nil {
		return nil, fmt.Errorf("crossing map: %w", err)
	}
	// errs[cell][model][size][seed]
	head := ExpertMissingName(slices.Min(cfg.Missing))
	get := func(c int, model string, size int) []float64 {
		v := make([]float64, cfg.Seeds)
		for i, p := range points {
			if p.cell != c || p.size != size {
				continue
			}
			for _, r := range out[i] {
				if r.Model == model {
					v[p.seed] = r.TestError
				}
			}
		}
		return v
	}
	cells := make([]ExpertVsFlexibleCell, nCells)
	for c := range cells {
		cc := cellCfg(c)
		e0, e1 := get(c, head, 0), get(c, head, 1)
		f0, f1 := get(c, ExpertFlexibleModel, 0), get(c, ExpertFlexibleModel, 1)
		k0, k1 := get(c, ExpertComplete, 0), get(c, ExpertComplete, 1)
		t0, t1 := get(c, ExpertTrueForm, 0), get(c, ExpertTrueForm, 1)
		x := ExpertVsFlexibleCell{PairWeight: cc.PairWeight, Noise: cc.Noise,
			ExpertSmall: expertMean(e0), ExpertLarge: expertMean(e1),
			CompleteSmall: expertMean(k0), CompleteLarge: expertMean(k1),
			FlexibleSmall: expertMean(f0), FlexibleLarge: expertMean(f1),
			ControlSmall: expertMean(t0), ControlLarge: expertMean(t1),
		}
		x.Crosses = expertCellCrosses(x.ExpertSmall, x.FlexibleSmall, x.ExpertLarge, x.FlexibleLarge)
		x.CompleteCrosses = expertCellCrosses(x.CompleteSmall, x.FlexibleSmall, x.CompleteLarge, x.FlexibleLarge)
		gap := make([]float64, cfg.Seeds)
		for s := range gap {
			gap[s] = f1[s] - e1[s]
			if expertCellCrosses(e0[s], f0[s], e1[s], f1[s]) {
				x.SeedsCrossing++
			}
		}
		x.Gap = NewSeedInterval(gap)
		cells[c] = x
	}
	return cells, nil
}

// expertCellCrosses: the expert has the lower error at the small size and the flexible model
// at the large one, so their learning curves cross between the two.
func expertCellCrosses(expertSmall, flexSmall, expertLarge, flexLarge float64) bool {
	return expertSmall < flexSmall && flexLarge < expertLarge
}
