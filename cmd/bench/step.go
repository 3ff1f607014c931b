package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// scalingResult is one workload's step at each thread count: the median window's
// samples/s and the median, over windows, of the speed-up over 1 thread measured in the
// same round.
type scalingResult struct {
	rate, speedup []float64
	// speedupLow and speedupHigh are the quartiles of the rounds' speed-ups: on a shared
	// machine the same code reads anywhere in a wide range, which the median alone hides.
	speedupLow, speedupHigh []float64
	// loopSpeedup is the FMA peak loop's speed-up in the same rounds (median): what the
	// machine's cores gave at that moment. On the shared 2-vCPU reference machine a single
	// window of it read anywhere from 1.0× to 2.5×.
	loopSpeedup []float64
}

// measureScaling runs the step at every thread count in turn, one window each per round,
// for windows rounds, so that a slow stretch of a shared machine falls on all thread counts
// alike instead of on whichever count was being measured then; each round's speed-ups are
// ratios of windows a few hundred milliseconds apart.
func measureScaling(w nn.Workload, prec nn.Precision, counts []int, d time.Duration, windows int) scalingResult {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	steppers := make([]*nn.Stepper, len(counts))
	for i, t := range counts {
		s, err := w.NewStepperIn(prec, 1, t)
		if err != nil {
			fail(err)
		}
		runtime.GOMAXPROCS(t)
		for k := 0; k < 5; k++ {
			if err := s.Step(); err != nil {
				fail(err)
			}
		}
		steppers[i] = s
	}
	windows = max(windows, 1)
	win := d / time.Duration(windows)
	rates := make([][]float64, len(counts))
	ups := make([][]float64, len(counts))
	loopUps := make([][]float64, len(counts))
	for range windows {
		round := make([]float64, len(counts))
		loop := make([]float64, len(counts))
		for i, t := range counts {
			runtime.GOMAXPROCS(t)
			loop[i], _ = measurePeak(t, win/4)
			round[i], _ = goWindow(steppers[i], w, win)
			rates[i] = append(rates[i], round[i])
		}
		for i := range counts {
			ups[i] = append(ups[i], round[i]/round[0])
			loopUps[i] = append(loopUps[i], loop[i]/loop[0])
		}
	}
	var r scalingResult
	for i := range counts {
		r.rate = append(r.rate, median(rates[i]))
		r.speedup = append(r.speedup, median(ups[i]))
		r.speedupLow = append(r.speedupLow, quantile(ups[i], 0.25))
		r.speedupHigh = append(r.speedupHigh, quantile(ups[i], 0.75))
		r.loopSpeedup = append(r.loopSpeedup, median(loopUps[i]))
	}
	return r
}

func median(x []float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	return y[len(y)/2]
}

// quantile returns the q quantile of x (nearest rank: the element at ⌊q·(n−1)⌉ of the
// sorted values).
func quantile(x []float64, q float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	return y[int(q*float64(len(y)-1)+0.5)]
}

// printStepScaling prints samples/s of the single step at each thread count and the
// speed-up over 1 thread (counts[0] must be 1).
func printStepScaling(precs []nn.Precision, counts []int, d time.Duration, windows int) {
	fmt.Printf("Single training step by thread count, samples/s (speed-up over 1 thread: median of %d rounds, each running every thread count for one window, then the rounds' quartiles; in brackets, the FMA peak loop's speed-up in the same rounds, what the cores gave then):\n", max(windows, 1))
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "workload\tprecision\t")
	for _, t := range counts {
		fmt.Fprintf(tw, "%d threads\t", t)
	}
	fmt.Fprintln(tw)
	for _, prec := range precs {
		for _, w := range nn.ReferenceWorkloads {
			fmt.Fprintf(tw, "%s\t%s\t", w.Name, prec)
			r := measureScaling(w, prec, counts, d*time.Duration(len(counts)), windows)
			for i := range counts {
				if i == 0 {
					fmt.Fprintf(tw, "%.0f\t", r.rate[i])
					continue
				}
				fmt.Fprintf(tw, "%.0f (%.2f×, %.2f–%.2f [%.2f×])\t", r.rate[i], r.speedup[i], r.speedupLow[i], r.speedupHigh[i], r.loopSpeedup[i])
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()
	fmt.Println()
}
