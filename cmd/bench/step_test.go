package main

import (
	"slices"
	"testing"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// TestQuantile: nearest-rank quantiles of unsorted input, odd and even lengths, which the
// scaling table prints as the rounds' quartiles; the input is left as it was.
func TestQuantile(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		q    float64
		want float64
	}{
		{[]float64{5, 1, 4, 2, 3}, 0, 1},
		{[]float64{5, 1, 4, 2, 3}, 0.25, 2},
		{[]float64{5, 1, 4, 2, 3}, 0.5, 3},
		{[]float64{5, 1, 4, 2, 3}, 0.75, 4},
		{[]float64{5, 1, 4, 2, 3}, 1, 5},
		{[]float64{4, 3, 2, 1}, 0.25, 2},
		{[]float64{4, 3, 2, 1}, 0.75, 3},
		{[]float64{7}, 0.75, 7},
	} {
		in := slices.Clone(tc.x)
		if got := quantile(tc.x, tc.q); got != tc.want {
			t.Errorf("quantile(%v, %v) = %v, want %v", in, tc.q, got, tc.want)
		}
		if !slices.Equal(in, tc.x) {
			t.Errorf("quantile reordered its input: %v, was %v", tc.x, in)
		}
	}
}

// A window shorter than one product still times one: a zero rate would make a round's
// speed-up infinite or NaN.
func TestMeasureProductTimesAtLeastOne(t *testing.T) {
	calls := 0
	s := shape{"test", false, false, 10, 10, 10}
	g := measureProduct(s, func() { calls++; time.Sleep(time.Millisecond) }, 1, 0)
	if calls != 1 {
		t.Errorf("calls = %d over an empty window, want 1", calls)
	}
	// 2000 FLOPs in at least 1 ms: positive, and at most 2 MFLOP/s.
	if !(g > 0 && g <= 2e-3) {
		t.Errorf("GFLOP/s = %g, want in (0, 0.002]", g)
	}
}

// TestPeerFrameworks: a peer enters the scaling table only if it started at every thread
// count, in the order of the first count's peers.
func TestPeerFrameworks(t *testing.T) {
	procs := func(fws ...string) []*peerProc {
		var ps []*peerProc
		for _, fw := range fws {
			ps = append(ps, &peerProc{framework: fw})
		}
		return ps
	}
	for _, tc := range []struct {
		name  string
		peers [][]*peerProc
		want  []string
	}{
		{"none", nil, nil},
		{"one count", [][]*peerProc{procs("jax", "torch")}, []string{"jax", "torch"}},
		{"all counts", [][]*peerProc{procs("torch", "jax"), procs("jax", "torch")}, []string{"torch", "jax"}},
		{"missing at 2", [][]*peerProc{procs("jax", "torch"), procs("torch")}, []string{"torch"}},
		{"only at 2", [][]*peerProc{procs("torch"), procs("torch", "jax")}, []string{"torch"}},
		{"none at 2", [][]*peerProc{procs("jax"), procs()}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := peerFrameworks(tc.peers); !slices.Equal(got, tc.want) {
				t.Errorf("peerFrameworks = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestGoWindowStepsTimesEveryStep: the per-step times of a window are one per timed step
// (the rate counts the same steps), each positive, and together no longer than the window
// took.
func TestGoWindowStepsTimesEveryStep(t *testing.T) {
	w, err := nn.WorkloadByName("tiny")
	if err != nil {
		t.Fatal(err)
	}
	s, err := w.NewStepper(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	var steps []float64
	start := time.Now()
	rate, _ := goWindowSteps(s, w, 20*time.Millisecond, &steps)
	took := time.Since(start).Seconds()
	if len(steps) == 0 {
		t.Fatal("no step timed")
	}
	total := 0.0
	for i, d := range steps {
		if !(d > 0) {
			t.Fatalf("step %d took %g s", i, d)
		}
		total += d
	}
	if total > took {
		t.Errorf("the steps took %g s together, longer than the window's %g s", total, took)
	}
	// rate = steps·batch / the window's seconds, which the steps fill but for one clock read.
	if got := float64(len(steps)*w.Batch) / total; got < rate || got > 1.1*rate {
		t.Errorf("%d steps in %g s give %g samples/s, the window reported %g", len(steps), total, got, rate)
	}
}
