package claims

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// LinearAlgebraBurden is the claim that the main burden of deep learning is linear algebra,
// which is why TPUs and photonic chips target matrix products (Torrent 2020). It is measured
// with the training loop's own accounting: the FLOPs it counts in matrix products against
// everything else (bias, activations, loss, optimiser), and the wall time of each.
var LinearAlgebraBurden linearAlgebraBurden

type linearAlgebraBurden struct{}

// LinearAlgebraBurdenConfig lists the workloads measured.
type LinearAlgebraBurdenConfig struct {
	// Workloads are training steps: the four reference workloads and the deep nets of the
	// vanishing-gradients claim. Small marks toy workloads that the verdict reports but does
	// not rest on (the claim is about deep learning at scale).
	Workloads []LinearAlgebraWorkload
	// Steps timed per workload, after Warmup untimed ones.
	Steps, Warmup int
	// Threads per matrix product (0: one per core), as in a training run.
	Threads int
	Seed    uint64
}

// LinearAlgebraWorkload is a workload and whether it is a toy.
type LinearAlgebraWorkload struct {
	nn.Workload
	Small bool
}

// LinearAlgebraShare is one workload's measured split.
type LinearAlgebraShare struct {
	Name                string
	Small               bool
	Params              int
	MatMulFLOPs, Other  int64   // per step
	FLOPShare           float64 // matrix products / all FLOPs
	MatMulSec, OtherSec float64 // per step
	TimeShare           float64 // matrix products / (products + the rest), by wall time
	GFLOPS              float64 // the loop's rate over the timed steps
}

// LinearAlgebraBurdenResult holds the shares and the verdict.
type LinearAlgebraBurdenResult struct {
	Config  LinearAlgebraBurdenConfig
	Shares  []LinearAlgebraShare
	Verdict Verdict
}

func (linearAlgebraBurden) Info() Info {
	return Info{
		ID:         "linear-algebra-burden",
		Title:      "The main burden of deep learning is linear algebra",
		Source:     Torrent2020,
		Claim:      "The main computational burden of deep learning is linear algebra, which is why hardware such as TPUs and photonic chips targets it.",
		Notebook:   "01-vanishing-gradients.ipynb",
		Measure:    "the training loop's own FLOP and time accounting on the reference workloads: the share in matrix products",
		Reproduced: "matrix products are at least 90% of the FLOPs of every deep-learning-scale workload (the time share is reported beside it)",
	}
}

func (linearAlgebraBurden) Config(quick bool) LinearAlgebraBurdenConfig {
	var ws []LinearAlgebraWorkload
	for _, w := range nn.ReferenceWorkloads {
		ws = append(ws, LinearAlgebraWorkload{Workload: w, Small: w.Name == "tiny"})
	}
	// The 20-layer nets of the vanishing-gradients claim (ReLU here; the activation changes
	// the elementwise FLOPs by a few per unit, see nn's convention).
	deep := []int{784}
	for i := 0; i < 19; i++ {
		deep = append(deep, 100)
	}
	deep = append(deep, 10)
	ws = append(ws, LinearAlgebraWorkload{Workload: nn.Workload{Name: "vanishing-20", Sizes: deep, Batch: 64, Loss: nn.SoftmaxCrossEntropy}})
	c := LinearAlgebraBurdenConfig{Workloads: ws, Steps: 30, Warmup: 3, Seed: 1}
	if quick {
		c.Steps, c.Warmup = 4, 1
	}
	return c
}

func (linearAlgebraBurden) Run(ctx context.Context, cfg LinearAlgebraBurdenConfig) (LinearAlgebraBurdenResult, error) {
	res := LinearAlgebraBurdenResult{Config: cfg}
	if len(cfg.Workloads) == 0 || cfg.Steps < 1 || cfg.Warmup < 0 {
		return res, errors.New("linear-algebra-burden: need workloads and at least one timed step")
	}
	threads := cfg.Threads
	for i, w := range cfg.Workloads {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		st, err := w.NewStepper(cfg.Seed, threads)
		if err != nil {
			return res, fmt.Errorf("linear-algebra-burden: %s: %w", w.Name, err)
		}
		if threads <= 0 {
			st.Net.Threads = max(1, st.Net.Threads)
		}
		for k := 0; k < cfg.Warmup; k++ {
			if err := st.Step(); err != nil {
				return res, fmt.Errorf("linear-algebra-burden: %s: %w", w.Name, err)
			}
		}
		before := st.Net.FLOPs
		st.Net.Timing = true
		start := time.Now()
		for k := 0; k < cfg.Steps; k++ {
			if err := st.Step(); err != nil {
				return res, fmt.Errorf("linear-algebra-burden: %s: %w", w.Name, err)
			}
		}
		wall := time.Since(start).Seconds()
		d := st.Net.FLOPs.Sub(before)
		steps := float64(cfg.Steps)
		s := LinearAlgebraShare{
			Name: w.Name, Small: w.Small, Params: st.Net.NumParams(),
			MatMulFLOPs: d.MatMul / int64(cfg.Steps), Other: d.Other / int64(cfg.Steps),
			FLOPShare: d.MatMulShare(),
			MatMulSec: d.MatMulTime.Seconds() / steps, OtherSec: d.OtherTime.Seconds() / steps,
			GFLOPS: float64(d.Total()) / wall / 1e9,
		}
		s.TimeShare = s.MatMulSec / (s.MatMulSec + s.OtherSec)
		res.Shares = append(res.Shares, s)
		Progress(ctx, "workloads", i+1, len(cfg.Workloads))
	}
	res.Verdict = linearAlgebraVerdict(res)
	return res, nil
}
