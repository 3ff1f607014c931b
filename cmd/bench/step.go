package main

import (
	"cmp"
	"fmt"
	"os"
	"runtime"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

type stepResult struct {
	name   string
	rate   float64 // samples/s
	gflops float64
}

// measureStep runs a workload's training step with GOMAXPROCS = threads, as a peer pinned
// to that many cores would, after a few warm-up steps, for windows windows of d/windows
// each, and returns the median window: on a machine shared with other work a single window
// takes whatever slowdown fell in it, while the median of several keeps the typical speed
// (the peers are measured the same way, peers.py).
func measureStep(w nn.Workload, prec nn.Precision, threads int, d time.Duration, windows int) stepResult {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	s, err := w.NewStepperIn(prec, 1, threads)
	if err != nil {
		fail(err)
	}
	for i := 0; i < 5; i++ {
		if err := s.Step(); err != nil {
			fail(err)
		}
	}
	windows = max(windows, 1)
	rs := make([]stepResult, windows)
	for k := range rs {
		before := s.FLOPs().Total()
		n, start := 0, time.Now()
		for time.Since(start) < d/time.Duration(windows) {
			if err := s.Step(); err != nil {
				fail(err)
			}
			n++
		}
		sec := time.Since(start).Seconds()
		rs[k] = stepResult{name: w.Name, rate: float64(n*w.Batch) / sec, gflops: float64(s.FLOPs().Total()-before) / sec / 1e9}
	}
	slices.SortFunc(rs, func(a, b stepResult) int { return cmp.Compare(a.rate, b.rate) })
	return rs[windows/2]
}

// printStepScaling prints samples/s of the single step at each thread count and the
// speed-up over 1 thread.
func printStepScaling(precs []nn.Precision, counts []int, d time.Duration, windows int) {
	fmt.Println("Single training step by thread count, samples/s (speed-up over 1 thread):")
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "workload\tprecision\t")
	for _, t := range counts {
		fmt.Fprintf(tw, "%d threads\t", t)
	}
	fmt.Fprintln(tw)
	for _, prec := range precs {
		for _, w := range nn.ReferenceWorkloads {
			fmt.Fprintf(tw, "%s\t%s\t", w.Name, prec)
			var one float64
			for _, t := range counts {
				r := measureStep(w, prec, t, d, windows)
				if t == 1 {
					one = r.rate
				}
				fmt.Fprintf(tw, "%.0f (%.2f×)\t", r.rate, r.rate/one)
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()
	fmt.Println()
}
