package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// speedups is one framework's step at each thread count: the median window's samples/s,
// the median over rounds of the speed-up over 1 thread measured in the same round, and the
// rounds' quartiles of it (on a shared machine the same code reads anywhere in a wide
// range, which the median alone hides).
type speedups struct {
	rate, speedup, low, high []float64
}

func summarise(rates, ups [][]float64) speedups {
	var s speedups
	for i := range rates {
		s.rate = append(s.rate, median(rates[i]))
		s.speedup = append(s.speedup, median(ups[i]))
		s.low = append(s.low, quantile(ups[i], 0.25))
		s.high = append(s.high, quantile(ups[i], 0.75))
	}
	return s
}

// scalingResult is one workload's step at each thread count, in Go and in each peer that
// ran it.
type scalingResult struct {
	goStep speedups
	// loopSpeedup is the FMA peak loop's speed-up in the same rounds (median): what the
	// machine's cores gave at that moment. On the shared 2-vCPU reference machine a single
	// window of it read anywhere from 1.0× to 2.5×.
	loopSpeedup []float64
	// apartSpeedup is the speed-up of t independent 1-thread steps run at once, one per
	// core, over one alone (median over rounds): what t cores give this workload when
	// nothing has to pass between them, which the FMA loop (no memory traffic) can
	// overstate and one step split over t threads (its products and passes exchanging
	// data between cores) cannot reach.
	apartSpeedup []float64
	// medianStepSpeedup is the median step's time on 1 thread over its time on t threads,
	// every step of every round timed. When one core is held up in the middle of a section
	// (on a shared virtual machine its vCPU can be taken away for a while), the other waits
	// for its chunk, so the whole step is slow: such steps weigh in the samples/s but do not
	// move the median, and the gap between the two speed-ups is what the slowest steps cost.
	medianStepSpeedup []float64
	peers             map[string]speedups
	peerError         map[string]string // why a peer has no scaling
}

// measureScaling runs the step at every thread count in turn, one window each per round,
// for windows rounds, in Go and then in each peer (peers[i] started with counts[i]
// threads), so that a slow stretch of a shared machine falls on all thread counts and
// frameworks alike instead of on whichever was being measured then; each round's speed-ups
// are ratios of windows a few hundred milliseconds apart. A peer that fails a window is
// left out of the workload's result, with why.
func measureScaling(w nn.Workload, prec nn.Precision, counts []int, d time.Duration, windows int, peers [][]*peerProc) scalingResult {
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
	apart := make([][]*nn.Stepper, len(counts))
	for i, t := range counts {
		for range t {
			s, err := w.NewStepperIn(prec, 1, 1)
			if err != nil {
				fail(err)
			}
			apart[i] = append(apart[i], s)
		}
	}
	windows = max(windows, 1)
	win := d / time.Duration(windows)
	newSeries := func() [][]float64 { return make([][]float64, len(counts)) }
	rates, ups, loopUps, apartUps, stepTimes := newSeries(), newSeries(), newSeries(), newSeries(), newSeries()
	peerRates, peerUps := map[string][][]float64{}, map[string][][]float64{}
	r := scalingResult{peers: map[string]speedups{}, peerError: map[string]string{}}
	for range windows {
		round := make([]float64, len(counts))
		loop := make([]float64, len(counts))
		alone := make([]float64, len(counts))
		for i, t := range counts {
			runtime.GOMAXPROCS(t)
			loop[i], _ = measurePeak(t, win/4)
			round[i], _ = goWindowSteps(steppers[i], w, win, &stepTimes[i])
			rates[i] = append(rates[i], round[i])
			alone[i] = apartWindow(apart[i], w, win/2)
		}
		for i := range counts {
			ups[i] = append(ups[i], round[i]/round[0])
			loopUps[i] = append(loopUps[i], loop[i]/loop[0])
			apartUps[i] = append(apartUps[i], alone[i]/alone[0])
		}
		for _, fw := range peerFrameworks(peers) {
			if _, failed := r.peerError[fw]; failed {
				continue
			}
			prates, err := peerRound(peers, fw, w.Name, win)
			if err != nil {
				r.peerError[fw] = err.Error()
				continue
			}
			if peerRates[fw] == nil {
				peerRates[fw], peerUps[fw] = newSeries(), newSeries()
			}
			for i := range counts {
				peerRates[fw][i] = append(peerRates[fw][i], prates[i])
				peerUps[fw][i] = append(peerUps[fw][i], prates[i]/prates[0])
			}
		}
	}
	r.goStep = summarise(rates, ups)
	for i := range counts {
		r.loopSpeedup = append(r.loopSpeedup, median(loopUps[i]))
		r.apartSpeedup = append(r.apartSpeedup, median(apartUps[i]))
		r.medianStepSpeedup = append(r.medianStepSpeedup, median(stepTimes[0])/median(stepTimes[i]))
	}
	for fw := range peerRates {
		if _, failed := r.peerError[fw]; !failed {
			r.peers[fw] = summarise(peerRates[fw], peerUps[fw])
		}
	}
	return r
}

// apartWindow steps every stepper (each on 1 thread) in a goroutine of its own for d, all
// at once, and returns their samples/s together.
func apartWindow(steppers []*nn.Stepper, w nn.Workload, d time.Duration) float64 {
	rates := make([]float64, len(steppers))
	var wg sync.WaitGroup
	for i, s := range steppers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rates[i], _ = goWindow(s, w, d)
		}()
	}
	wg.Wait()
	total := 0.0
	for _, r := range rates {
		total += r
	}
	return total
}

// peerFrameworks returns the frameworks that started at every thread count, in the order
// of the first count's.
func peerFrameworks(peers [][]*peerProc) []string {
	if len(peers) == 0 {
		return nil
	}
	var fws []string
	for _, p := range peers[0] {
		everywhere := true
		for _, at := range peers[1:] {
			if findPeer(at, p.framework) == nil {
				everywhere = false
			}
		}
		if everywhere {
			fws = append(fws, p.framework)
		}
	}
	return fws
}

func findPeer(procs []*peerProc, fw string) *peerProc {
	for _, p := range procs {
		if p.framework == fw {
			return p
		}
	}
	return nil
}

// peerRound runs one window of workload name with framework fw at each thread count.
func peerRound(peers [][]*peerProc, fw, name string, win time.Duration) ([]float64, error) {
	rates := make([]float64, len(peers))
	for i, at := range peers {
		rate, err := findPeer(at, fw).window(name, win)
		if err != nil {
			return nil, err
		}
		rates[i] = rate
	}
	return rates, nil
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
// speed-up over 1 thread (counts[0] must be 1), in Go and, in the same rounds, in each peer
// that is installed (each started once per thread count, pinned to that many CPUs as in
// the main table).
func printStepScaling(precs []nn.Precision, counts []int, d time.Duration, windows int, python string, frameworks []string) {
	fmt.Printf("Single training step by thread count, samples/s (speed-up over 1 thread: median of %d rounds, each running every thread count for one window in Go and then in each peer, then the rounds' quartiles; in brackets, in the same rounds, the FMA peak loop's speed-up and that of as many independent 1-thread steps run at once: what the cores gave then, without and with the workload's memory traffic, when nothing passes between them; after them, the speed-up of the median step, every step timed, which the slowest steps do not move):\n", max(windows, 1))
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "workload\tprecision\tframework\t")
	for _, t := range counts {
		fmt.Fprintf(tw, "%d threads\t", t)
	}
	fmt.Fprintln(tw)
	var failures []string
	for _, prec := range precs {
		var peers [][]*peerProc
		if len(frameworks) > 0 {
			for _, t := range counts {
				fmt.Fprintf(os.Stderr, "bench: starting %s at %d threads in %s (each builds and warms up every workload)\n", strings.Join(frameworks, ", "), t, prec)
				peers = append(peers, startPeers(python, frameworks, prec, t))
			}
		}
		for _, w := range nn.ReferenceWorkloads {
			// The table prints when every row is in (its columns align over all of them), so
			// say on stderr what is being measured: with peers this takes minutes.
			fmt.Fprintf(os.Stderr, "bench: scaling %s %s at %d thread counts, in Go and %d peers\n", w.Name, prec, len(counts), len(peerFrameworks(peers)))
			r := measureScaling(w, prec, counts, d*time.Duration(len(counts)), windows, peers)
			row := func(name string, s speedups, loop, apart, medianStep []float64) {
				fmt.Fprintf(tw, "%s\t%s\t%s\t", w.Name, prec, name)
				for i := range counts {
					switch {
					case i == 0:
						fmt.Fprintf(tw, "%.0f\t", s.rate[i])
					case loop != nil:
						fmt.Fprintf(tw, "%.0f (%.2f×, %.2f–%.2f [%.2f×, %.2f×] %.2f×)\t", s.rate[i], s.speedup[i], s.low[i], s.high[i], loop[i], apart[i], medianStep[i])
					default:
						fmt.Fprintf(tw, "%.0f (%.2f×, %.2f–%.2f)\t", s.rate[i], s.speedup[i], s.low[i], s.high[i])
					}
				}
				fmt.Fprintln(tw)
			}
			row("Go", r.goStep, r.loopSpeedup, r.apartSpeedup, r.medianStepSpeedup)
			for _, fw := range peerFrameworks(peers) {
				if s, ok := r.peers[fw]; ok {
					row(peerNames[fw], s, nil, nil, nil)
				} else {
					failures = append(failures, fmt.Sprintf("%s %s %s failed: %s", peerNames[fw], prec, w.Name, r.peerError[fw]))
				}
			}
		}
		for _, at := range peers {
			for _, p := range at {
				p.close()
			}
		}
	}
	tw.Flush()
	for _, f := range failures {
		fmt.Println(f)
	}
	fmt.Println()
}
