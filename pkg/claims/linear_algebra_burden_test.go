package claims

import (
	"context"
	"testing"
)

func TestLinearAlgebraSharesFollowTheShapes(t *testing.T) {
	cfg := LinearAlgebraBurden.Config(Quick)
	cfg.Steps = 2
	r, err := LinearAlgebraBurden.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	share := map[string]LinearAlgebraShare{}
	for _, s := range r.Shares {
		share[s.Name] = s
		if s.TimeShare <= 0 || s.TimeShare >= 1 {
			t.Errorf("%s: time share %v is not a fraction", s.Name, s.TimeShare)
		}
	}
	// The mnist step's products, worked out by hand: forward 2·128·(784·256 + 256·256 + 256·10),
	// weight gradients the same, input gradients 2·128·(256·256 + 256·10) (none for the input).
	fwd := int64(2 * 128 * (784*256 + 256*256 + 256*10))
	want := 2*fwd + int64(2*128*(256*256+256*10))
	if got := share["mnist"].MatMulFLOPs; got != want {
		t.Errorf("mnist products: %d FLOPs per step, hand count %d", got, want)
	}
	// Products grow with fan-in, the rest with the number of units: wider layers, larger share.
	if !(share["wide"].FLOPShare > share["mnist"].FLOPShare && share["mnist"].FLOPShare > share["tiny"].FLOPShare) {
		t.Errorf("shares do not grow with width: tiny %.4f, mnist %.4f, wide %.4f", share["tiny"].FLOPShare, share["mnist"].FLOPShare, share["wide"].FLOPShare)
	}
	if r.Verdict.Outcome != Reproduced {
		t.Errorf("verdict %s: %s", r.Verdict.Outcome, r.Verdict.Reason)
	}
}

func TestLinearAlgebraVerdictIgnoresToys(t *testing.T) {
	r := LinearAlgebraBurdenResult{Shares: []LinearAlgebraShare{
		{Name: "toy", Small: true, FLOPShare: 0.5, TimeShare: 0.3},
		{Name: "big", FLOPShare: 0.97, TimeShare: 0.9},
	}}
	if v := linearAlgebraVerdict(r); v.Outcome != Reproduced || v.Measured != 0.9 {
		t.Errorf("toy below threshold should not count: %s, measured %v", v.Outcome, v.Measured)
	}
	// The time share decides, not the FLOP share.
	r.Shares = append(r.Shares, LinearAlgebraShare{Name: "elementwise-heavy", FLOPShare: 0.99, TimeShare: 0.4})
	if v := linearAlgebraVerdict(r); v.Outcome != PartlyReproduced || v.Measured != 0.4 {
		t.Errorf("one workload below half the time: %s, measured %v", v.Outcome, v.Measured)
	}
}

func TestLinearAlgebraRejectsEmptyConfig(t *testing.T) {
	if _, err := LinearAlgebraBurden.Run(context.Background(), LinearAlgebraBurdenConfig{Workloads: nil, Steps: 1}); err == nil {
		t.Error("no workloads accepted")
	}
}

// The interval of a median is the bootstrap's, not the range of the repeats: it holds the
// median, lies within the range, is narrower than it for spread-out repeats, and is the same
// on every run.
func TestLinearAlgebraMedianInterval(t *testing.T) {
	xs := []float64{0.61, 0.70, 0.72, 0.74, 0.75, 0.77, 0.79, 0.85, 0.95}
	low, high := laMedianInterval(xs, laBootstrap, 1)
	med := laMedian(xs)
	if !(low <= med && med <= high) {
		t.Errorf("interval [%v, %v] misses the median %v", low, high, med)
	}
	if !(low > xs[0] && high < xs[len(xs)-1]) {
		t.Errorf("interval [%v, %v] is the repeats' range [%v, %v] or wider", low, high, xs[0], xs[len(xs)-1])
	}
	if l2, h2 := laMedianInterval(xs, laBootstrap, 1); l2 != low || h2 != high {
		t.Errorf("same seed, intervals [%v, %v] and [%v, %v]", low, high, l2, h2)
	}
}
