package main

import (
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

type shape struct {
	name    string
	tA, tB  bool
	m, n, k int
}

// productShapes are the three products of a step (forward X·W, weight gradient Xᵀ·dY, input
// gradient dY·Wᵀ) for the widest layers of the mnist and wide workloads, and a deep one.
func productShapes() []shape {
	return []shape{
		{"mnist forward", false, false, 128, 256, 784},
		{"mnist weight grad", true, false, 784, 256, 128},
		{"mnist input grad", false, true, 128, 256, 256},
		{"wide forward", false, false, 256, 1024, 1024},
		{"wide weight grad", true, false, 1024, 1024, 256},
		{"wide input grad", false, true, 256, 1024, 1024},
		{"deep forward", false, false, 128, 64, 64},
		{"tiny forward", false, false, 64, 32, 32},
	}
}

// printShapes prints each product's speed on 1 thread and on threads, measured in windows
// rounds that run both counts for one window each, and the median and quartiles of the
// rounds' speed-ups: what the products alone gain from the threads, to set beside the
// step's speed-up (-scaling), which also pays for the hand-offs and the serial parts.
func printShapes(precs []nn.Precision, threads int, peak1, peakN float64, d time.Duration, windows int) {
	windows = max(windows, 1)
	win := d / time.Duration(4*windows)
	for _, prec := range precs {
		p1, pN := peak1, peakN
		if prec == nn.Float32 {
			p1, pN = 2*p1, 2*pN
		}
		fmt.Printf("Matrix products in %s (gemm.%s, %s kernels), GFLOP/s and %% of peak, median of %d rounds (each runs 1 and %d threads for one window); speed-up: median and quartiles of the rounds':\n", prec, map[nn.Precision]string{nn.Float64: "Gemm", nn.Float32: "Gemm32"}[prec],
			map[nn.Precision]string{nn.Float64: gemm.Implementation(), nn.Float32: gemm.Implementation32()}[prec], windows, threads)
		tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "shape\tm×n×k\t1 thread\t%% of 1-thread peak\t%d threads\t%% of peak\tspeed-up\t\n", threads)
		for _, s := range productShapes() {
			run1, runN := productRun(s, prec, 1), productRun(s, prec, threads)
			var g1, gN, ups []float64
			for range windows {
				a, b := measureProduct(s, run1, 1, win), measureProduct(s, runN, threads, win)
				g1, gN, ups = append(g1, a), append(gN, b), append(ups, b/a)
			}
			fmt.Fprintf(tw, "%s\t%d×%d×%d\t%.1f\t%.0f%%\t%.1f\t%.0f%%\t%.2f× (%.2f–%.2f)\t\n", s.name, s.m, s.n, s.k,
				median(g1), 100*median(g1)/p1, median(gN), 100*median(gN)/pN, median(ups), quantile(ups, 0.25), quantile(ups, 0.75))
		}
		tw.Flush()
		fmt.Println()
	}
}

// productRun returns a function computing product s once in prec on threads, on operands
// of its own.
func productRun(s shape, prec nn.Precision, threads int) func() {
	ra, ca := s.m, s.k
	if s.tA {
		ra, ca = s.k, s.m
	}
	rb, cb := s.k, s.n
	if s.tB {
		rb, cb = s.n, s.k
	}
	var run func()
	if prec == nn.Float32 {
		a, b, c := make([]float32, ra*ca), make([]float32, rb*cb), make([]float32, s.m*s.n)
		for i := range a {
			a[i] = float32(i%7) - 3
		}
		for i := range b {
			b[i] = float32(i%5) - 2
		}
		run = func() { gemm.Gemm32(s.tA, s.tB, s.m, s.n, s.k, 1, a, ca, b, cb, 0, c, s.n, threads) }
	} else {
		a, b, c := make([]float64, ra*ca), make([]float64, rb*cb), make([]float64, s.m*s.n)
		for i := range a {
			a[i] = float64(i%7) - 3
		}
		for i := range b {
			b[i] = float64(i%5) - 2
		}
		run = func() { gemm.Gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, ca, b, cb, 0, c, s.n, threads) }
	}
	run()
	return run
}

// measureProduct returns the GFLOP/s of run, product s on threads, over a window of d. A
// burst is open, as in a training step's passes: the workers poll for the next product
// rather than park between them.
func measureProduct(s shape, run func(), threads int, d time.Duration) float64 {
	defer gemm.Burst(threads)()
	n, start := 0, time.Now()
	for n == 0 || time.Since(start) < d {
		run()
		n++
	}
	return 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(n) / time.Since(start).Seconds() / 1e9
}
