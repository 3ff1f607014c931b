package main

import (
	"fmt"
	"runtime"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// workloadResult is one workload's training step in one precision: Go's and each peer's
// median window, and the median over rounds of Go's speed over each peer's.
type workloadResult struct {
	name      string
	rate      float64 // Go samples/s
	gflops    float64
	peerRate  map[string]float64 // by framework
	ratio     map[string]float64
	peerError map[string]string // why a peer has no rate
}

// measureRounds measures the reference workloads' steps in Go (GOMAXPROCS = threads, as a
// peer pinned to that many cores) and with every peer, in windows rounds: each round runs
// every workload for one window of d/windows in Go and in each peer in turn (Go first in
// even rounds, last in odd ones). Each rate is the median of its windows and each ratio
// the median of the rounds' ratios, so a slow stretch of a shared machine (on the 2-vCPU
// reference machine the FMA peak moves by up to a third from minute to minute) falls on
// Go and the peers alike instead of on whichever was being measured then.
func measureRounds(prec nn.Precision, threads int, d time.Duration, windows int, peers []*peerProc) []workloadResult {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	windows = max(windows, 1)
	win := d / time.Duration(windows)
	steppers := make([]*nn.Stepper, len(nn.ReferenceWorkloads))
	for i, w := range nn.ReferenceWorkloads {
		s, err := w.NewStepperIn(prec, 1, threads)
		if err != nil {
			fail(err)
		}
		for range 5 {
			if err := s.Step(); err != nil {
				fail(err)
			}
		}
		steppers[i] = s
	}
	type samples struct{ rate, gflops []float64 }
	goS := make([]samples, len(steppers))
	peerS := make([]map[string][]float64, len(steppers))
	ratios := make([]map[string][]float64, len(steppers))
	errs := make([]map[string]string, len(steppers))
	for i := range steppers {
		peerS[i], ratios[i], errs[i] = map[string][]float64{}, map[string][]float64{}, map[string]string{}
	}
	for r := range windows {
		for i, w := range nn.ReferenceWorkloads {
			var goRate float64
			runGo := func() {
				rate, gflops := goWindow(steppers[i], w, win)
				goRate = rate
				goS[i].rate = append(goS[i].rate, rate)
				goS[i].gflops = append(goS[i].gflops, gflops)
			}
			if r%2 == 0 {
				runGo()
			}
			rates := map[string]float64{}
			for _, p := range peers {
				if _, failed := errs[i][p.framework]; failed {
					continue
				}
				rate, err := p.window(w.Name, win)
				if err != nil {
					errs[i][p.framework] = err.Error()
					continue
				}
				rates[p.framework] = rate
				peerS[i][p.framework] = append(peerS[i][p.framework], rate)
			}
			if r%2 == 1 {
				runGo()
			}
			for fw, rate := range rates {
				ratios[i][fw] = append(ratios[i][fw], goRate/rate)
			}
		}
	}
	res := make([]workloadResult, len(steppers))
	for i, w := range nn.ReferenceWorkloads {
		res[i] = workloadResult{name: w.Name, rate: median(goS[i].rate), gflops: median(goS[i].gflops),
			peerRate: map[string]float64{}, ratio: map[string]float64{}, peerError: errs[i]}
		for fw, x := range peerS[i] {
			if _, failed := errs[i][fw]; !failed {
				res[i].peerRate[fw] = median(x)
				res[i].ratio[fw] = median(ratios[i][fw])
			}
		}
	}
	return res
}

// goWindow runs two untimed steps (the caches hold the previous window's data), then steps
// for d, and returns samples/s and GFLOP/s.
func goWindow(s *nn.Stepper, w nn.Workload, d time.Duration) (rate, gflops float64) {
	return goWindowSteps(s, w, d, nil)
}

// goWindowSteps is goWindow that, with steps set, also appends each timed step's duration
// in seconds to *steps.
func goWindowSteps(s *nn.Stepper, w nn.Workload, d time.Duration, steps *[]float64) (rate, gflops float64) {
	for range 2 {
		if err := s.Step(); err != nil {
			fail(err)
		}
	}
	before := s.FLOPs().Total()
	n, start := 0, time.Now()
	for last := start; last.Sub(start) < d; n++ {
		if err := s.Step(); err != nil {
			fail(err)
		}
		now := time.Now()
		if steps != nil {
			*steps = append(*steps, now.Sub(last).Seconds())
		}
		last = now
	}
	sec := time.Since(start).Seconds()
	return float64(n*w.Batch) / sec, float64(s.FLOPs().Total()-before) / sec / 1e9
}

// startPeers starts a peers.py for each framework in precision prec, printing why any
// could not start; the caller closes the ones returned.
func startPeers(python string, frameworks []string, prec nn.Precision, threads int) []*peerProc {
	var procs []*peerProc
	for _, fw := range frameworks {
		p, err := startPeer(python, fw, prec.String(), threads)
		if err != nil {
			fmt.Printf("%s %s not run: %v\n", peerNames[fw], prec, err)
			continue
		}
		procs = append(procs, p)
	}
	return procs
}
