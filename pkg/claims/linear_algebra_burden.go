package claims

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	// Steps timed per workload, after Warmup untimed ones, Repeats times: each repeat gives
	// one time share, and the verdict uses their median (timings vary from run to run).
	Steps, Warmup, Repeats int
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
	TimeShare           float64 // matrix products / (products + the rest), by wall time: the median over repeats
	// TimeShareLow and TimeShareHigh are the 95% percentile-bootstrap interval of the median
	// over the repeats (laMedianInterval), TimeShares every repeat's share.
	TimeShareLow, TimeShareHigh float64
	TimeShares                  []float64
	GFLOPS                      float64 // the loop's rate over the timed steps
}

// LinearAlgebraBurdenResult holds the shares and the verdict.
type LinearAlgebraBurdenResult struct {
	Config LinearAlgebraBurdenConfig
	Shares []LinearAlgebraShare
	// PeerShares is the same share measured for PyTorch's loop on the reference workloads
	// (data/pytorch_step_profile.csv): reported beside ours, not judged.
	PeerShares []PeerShare
	Verdict    Verdict
}

func (linearAlgebraBurden) Info() Info {
	return Info{
		ID:       "linear-algebra-burden",
		Title:    "The main burden of deep learning is linear algebra",
		Source:   Torrent2020,
		Claim:    "The main computational burden of deep learning is linear algebra, which is why hardware such as TPUs and photonic chips targets it.",
		Notebook: "01-vanishing-gradients.ipynb",
		Tiers: Tiers{
			Quick: "5 workloads × 3 timings of 2 steps; ~2 s",
			Full:  "5 workloads × 9 timings of 10 steps; ~40 s",
			Paper: "5 workloads × 31 timings of 20 steps; ~2 min",
		},
		Measure:    "the training loop's own FLOP and time accounting on the reference workloads: the share in matrix products",
		Reproduced: "matrix products take at least half of a training step's wall time (median over repeated timings) on every deep-learning-scale workload (the FLOP share is reported beside it)",
	}
}

func (linearAlgebraBurden) Config(s Scale) LinearAlgebraBurdenConfig {
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
	c := LinearAlgebraBurdenConfig{Workloads: ws, Steps: 10, Warmup: 3, Repeats: 9, Seed: 1}
	switch s {
	case Quick:
		c.Steps, c.Warmup, c.Repeats = 2, 1, 3
	case Paper: // tighter medians; the workloads are already the reference ones
		c.Steps, c.Repeats = 20, 31
	}
	return c
}

func (linearAlgebraBurden) Run(ctx context.Context, cfg LinearAlgebraBurdenConfig) (LinearAlgebraBurdenResult, error) {
	res := LinearAlgebraBurdenResult{Config: cfg}
	if len(cfg.Workloads) == 0 || cfg.Steps < 1 || cfg.Warmup < 0 || cfg.Repeats < 1 {
		return res, errors.New("linear-algebra-burden: need workloads, at least one timed step and at least one repeat")
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
		first := st.Net.FLOPs
		st.Net.Timing = true
		start := time.Now()
		var s LinearAlgebraShare
		for rep := 0; rep < cfg.Repeats; rep++ {
			before := st.Net.FLOPs
			for k := 0; k < cfg.Steps; k++ {
				if err := st.Step(); err != nil {
					return res, fmt.Errorf("linear-algebra-burden: %s: %w", w.Name, err)
				}
			}
			d := st.Net.FLOPs.Sub(before)
			mm, other := d.MatMulTime.Seconds(), d.OtherTime.Seconds()
			s.TimeShares = append(s.TimeShares, mm/(mm+other))
		}
		wall := time.Since(start).Seconds()
		d := st.Net.FLOPs.Sub(first)
		steps := float64(cfg.Steps * cfg.Repeats)
		s.Name, s.Small, s.Params = w.Name, w.Small, st.Net.NumParams()
		s.MatMulFLOPs, s.Other = d.MatMul/int64(steps), d.Other/int64(steps)
		s.FLOPShare = d.MatMulShare()
		s.MatMulSec, s.OtherSec = d.MatMulTime.Seconds()/steps, d.OtherTime.Seconds()/steps
		s.GFLOPS = float64(d.Total()) / wall / 1e9
		sorted := slices.Sorted(slices.Values(s.TimeShares))
		s.TimeShare = laMedian(sorted)
		s.TimeShareLow, s.TimeShareHigh = laMedianInterval(s.TimeShares, laBootstrap, cfg.Seed+uint64(i))
		res.Shares = append(res.Shares, s)
		Progress(ctx, "workloads", i+1, len(cfg.Workloads))
	}
	peers, err := readPeerShares()
	if err != nil {
		return res, err
	}
	res.PeerShares = peers
	res.Verdict = linearAlgebraVerdict(res)
	return res, nil
}
