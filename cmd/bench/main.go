// Command bench measures the training loop on the four reference workloads (tiny, mnist,
// deep, wide) in float64 and float32 and the matrix-product shapes they use, and prints
// samples/s, GFLOP/s and the fraction of the machine's FMA peak in each precision. With
// JAX or PyTorch installed it trains the same workloads with them in the same run, at the
// same thread count, and prints the ratios: JAX jit, PyTorch eager and torch.compile (the
// last needs PyTorch 2), each in both precisions.
//
//	go run ./cmd/bench [-seconds 2] [-windows 5] [-threads N] [-python python3] [-peers torch,torch-compile,jax]
//	                   [-precisions float64,float32] [-shapes=false] [-scaling] [-reproduce-scaling]
//	go run ./cmd/bench -torch-profile 50 -python /path/to/venv/bin/python
//
// Debian's python3-torch (PyTorch 1.13) gives the eager column; a virtual environment with
// `pip install torch jax` gives all of them (-python=/path/to/venv/bin/python). -scaling
// adds the single step at 1, 2, 4, 8 and 16 threads (as many as the machine has), in Go
// and, in the same rounds, in each installed peer, beside as many independent 1-thread
// steps run at once (what the cores give when nothing passes between them);
// -reproduce-scaling runs the full `reproduce` at each of those thread counts (minutes
// each) and prints wall time, CPU time and parallel efficiency.
//
// For statistically careful comparisons of our own changes use
// `go test -bench . -count 10 ./pkg/nn ./pkg/nn/gemm` and benchstat.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

func main() {
	seconds := flag.Float64("seconds", 2, fmt.Sprintf("measuring time per workload and framework, %g to %g", minSeconds, maxSeconds))
	windows := flag.Int("windows", 5, fmt.Sprintf("the measuring time is cut into this many windows (1 to %d) and the median window's speed reported, for Go and every peer", maxWindows))
	threads := flag.Int("threads", runtime.NumCPU(), fmt.Sprintf("threads for Go and for every peer, 1 to %d (4 × the CPUs)", maxThreads()))
	python := flag.String("python", "python3", "Python interpreter with PyTorch and/or JAX (Debian's is /usr/bin/python3)")
	peersFlag := flag.String("peers", "torch,torch-compile,jax", "peers to run where installed (empty: none)")
	torch := flag.Bool("torch", true, "run the peers (false: Go only; kept for old scripts)")
	precFlag := flag.String("precisions", "float64,float32", "precisions to measure")
	shapes := flag.Bool("shapes", true, "also measure the matrix-product shapes")
	scaling := flag.Bool("scaling", false, "also measure the single step at 1, 2, 4, 8, 16 threads (those up to the CPU count, and the CPU count), in Go and each peer")
	reproScaling := flag.Bool("reproduce-scaling", false, "also run the full reproduce at the thread counts of -scaling (minutes each)")
	reproArgs := flag.String("reproduce-args", "", "extra flags for reproduce in -reproduce-scaling, e.g. -quick")
	torchProfileSteps := flag.Int("torch-profile", 0, "(0 or more) instead of the benchmark, profile this many PyTorch steps of each workload and print, as CSV, the share of operator time in matrix products (data/pytorch_step_profile.csv)")
	flag.Parse()
	if err := checkFlags(flag.Args(), *threads, *seconds, *windows, *torchProfileSteps); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	var precs []nn.Precision
	for _, s := range strings.Split(*precFlag, ",") {
		p, err := nn.ParsePrecision(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -precisions:", err)
			os.Exit(2)
		}
		precs = append(precs, p)
	}
	var peers []string
	if *torch && *peersFlag != "" {
		for _, p := range strings.Split(*peersFlag, ",") {
			p = strings.TrimSpace(p)
			if _, ok := peerNames[p]; !ok {
				fmt.Fprintf(os.Stderr, "bench: -peers: unknown peer %q (want torch, torch-compile, jax)\n", p)
				os.Exit(2)
			}
			peers = append(peers, p)
		}
	}
	if *torchProfileSteps > 0 {
		if err := torchProfile(os.Stdout, *python, precs, *threads, *torchProfileSteps); err != nil {
			fmt.Fprintln(os.Stderr, "bench: -torch-profile:", err)
			os.Exit(1)
		}
		return
	}
	d := time.Duration(*seconds * float64(time.Second))

	peak1, what := measurePeak(1, d/2)
	peakN, _ := measurePeak(*threads, d/2)
	fmt.Printf("FMA peak (%s): %.1f GFLOP/s on 1 thread, %.1f on %d; float32: twice that (the same instructions on twice the lanes)\n",
		what, peak1, peakN, *threads)
	fmt.Printf("%d CPUs, %d threads, %s\n\n", runtime.NumCPU(), *threads, time.Now().UTC().Format(time.RFC3339))

	for _, prec := range precs {
		peak := peakN
		if prec == nn.Float32 {
			peak *= 2
		}
		procs := startPeers(*python, peers, prec, *threads)
		rows := measureRounds(prec, *threads, d, *windows, procs)
		var versions []string
		for _, p := range procs {
			p.close()
			if p.version != "" && !contains(versions, p.version) {
				versions = append(versions, p.version)
			}
		}
		fmt.Printf("Training step, plain SGD, %d threads, %s, median of %d rounds (each runs every workload for one window in Go and in each peer in turn; a ratio is the median of the rounds' ratios)", *threads, prec, *windows)
		if len(versions) > 0 {
			fmt.Printf("; %s in the same run", strings.Join(versions, ", "))
		}
		fmt.Println(":")
		tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "workload\tGo samples/s\tGo GFLOP/s\t% of peak\t")
		for _, p := range procs {
			fmt.Fprintf(tw, "%s\tGo / %s\t", peerNames[p.framework], peerNames[p.framework])
		}
		fmt.Fprintln(tw)
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t%.0f%%\t", r.name, r.rate, r.gflops, 100*r.gflops/peak)
			for _, p := range procs {
				if pr, ok := r.peerRate[p.framework]; ok {
					fmt.Fprintf(tw, "%.0f\t%.2f×\t", pr, r.ratio[p.framework])
				} else {
					fmt.Fprint(tw, "failed\t-\t")
				}
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		for _, r := range rows {
			for _, p := range procs {
				if msg, ok := r.peerError[p.framework]; ok {
					fmt.Printf("%s %s %s failed: %s\n", peerNames[p.framework], prec, r.name, msg)
				}
			}
		}
		fmt.Println()
	}

	if *shapes {
		printShapes(precs, *threads, peak1, peakN, d, *windows)
	}
	counts := threadCounts(runtime.NumCPU())
	if *scaling {
		printStepScaling(precs, counts, d, *windows, *python, peers)
	}
	if *reproScaling {
		if err := printReproduceScaling(counts, strings.Fields(*reproArgs)); err != nil {
			fail(err)
		}
	}
}

// The flags' ranges. More threads than 4 × the CPUs measure only the scheduler (and tens of
// thousands exhaust the Go runtime's threads). A -seconds of NaN, or so small that a window
// rounds to no time, measured no step and printed zeros; 0.05 s is already one step or two
// of the wide workload per window.
const (
	minSeconds, maxSeconds float64 = 0.05, 3600
	maxWindows                     = 1000
)

func maxThreads() int { return 4 * runtime.NumCPU() }

// checkFlags says which flag is out of range, naming it and its range; args are the
// arguments left after the flags, which bench does not take.
func checkFlags(args []string, threads int, seconds float64, windows, torchProfile int) error {
	switch {
	case len(args) > 0:
		return fmt.Errorf("unexpected argument %q (bench takes only flags; see -help)", args[0])
	case threads < 1 || threads > maxThreads():
		return fmt.Errorf("-threads %d: want 1 to %d (4 × the %d CPUs)", threads, maxThreads(), runtime.NumCPU())
	case !(seconds >= minSeconds && seconds <= maxSeconds): // NaN fails both
		return fmt.Errorf("-seconds %g: want %g to %g", seconds, minSeconds, maxSeconds)
	case windows < 1 || windows > maxWindows:
		return fmt.Errorf("-windows %d: want 1 to %d", windows, maxWindows)
	case torchProfile < 0:
		return fmt.Errorf("-torch-profile %d: want 0 (off) or a number of steps", torchProfile)
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// threadCounts is 1, 2, 4, 8, 16 up to the number of CPUs (and that number if it is not one
// of them).
func threadCounts(cpus int) []int {
	var c []int
	for t := 1; t <= min(cpus, 16); t *= 2 {
		c = append(c, t)
	}
	if last := c[len(c)-1]; last < cpus && cpus <= 16 {
		c = append(c, cpus)
	}
	return c
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
