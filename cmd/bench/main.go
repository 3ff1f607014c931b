// Command bench measures the training loop on the four reference workloads (tiny, mnist,
// deep, wide) and the matrix-product shapes they use, and prints samples/s, GFLOP/s and the
// fraction of the machine's measured FMA peak; with PyTorch installed (Debian:
// python3-torch) it trains the same workloads with PyTorch in the same run and prints the
// ratios.
//
//	go run ./cmd/bench [-seconds 2] [-threads N] [-torch=false] [-shapes=false]
//
// For statistically careful comparisons of our own changes use
// `go test -bench . -count 10 ./pkg/nn ./pkg/nn/gemm` and benchstat.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
)

//go:embed torch_reference.py
var torchScript string

func main() {
	seconds := flag.Float64("seconds", 2, "measuring time per workload")
	threads := flag.Int("threads", runtime.GOMAXPROCS(0), "threads for both Go and PyTorch")
	torch := flag.Bool("torch", true, "also run the PyTorch reference, if python3 and torch are installed")
	torch32 := flag.Bool("torch32", true, "with -torch, also run PyTorch in float32, to see what single precision buys")
	python := flag.String("python", "python3", "Python interpreter with torch (Debian's is /usr/bin/python3)")
	shapes := flag.Bool("shapes", true, "also measure the matrix-product shapes")
	flag.Parse()
	if *threads < 1 || *seconds <= 0 {
		fmt.Fprintln(os.Stderr, "bench: -threads and -seconds must be positive")
		os.Exit(2)
	}
	d := time.Duration(*seconds * float64(time.Second))

	peak1, what := measurePeak(1, d/2)
	peakN, _ := measurePeak(*threads, d/2)
	fmt.Printf("FMA peak (%s): %.1f GFLOP/s on 1 thread, %.1f on %d\n\n", what, peak1, peakN, *threads)

	type row struct {
		name        string
		goRate      float64 // samples/s
		gflops      float64
		torchRate   float64
		torch32     float64
		batch       int
		flopsPerRow float64
	}
	var rows []row
	for _, w := range nn.ReferenceWorkloads {
		s, err := w.NewStepper(1, *threads)
		if err != nil {
			fail(err)
		}
		for i := 0; i < 5; i++ {
			s.Step()
		}
		before := s.Net.FLOPs.Total()
		n, start := 0, time.Now()
		for time.Since(start) < d {
			if err := s.Step(); err != nil {
				fail(err)
			}
			n++
		}
		sec := time.Since(start).Seconds()
		rows = append(rows, row{name: w.Name, batch: w.Batch,
			goRate: float64(n*w.Batch) / sec, gflops: float64(s.Net.FLOPs.Total()-before) / sec / 1e9})
	}

	torchVersion := ""
	if *torch {
		rates, version, err := runTorch(*python, *threads, *seconds, "float64")
		if err != nil {
			fmt.Printf("PyTorch reference not run: %v\n(Debian: sudo apt-get install python3-torch; or -python=/path/to/python -torch=false)\n\n", err)
		} else {
			torchVersion = version
			for i := range rows {
				rows[i].torchRate = rates[rows[i].name]
			}
			if *torch32 {
				if r32, _, err := runTorch(*python, *threads, *seconds, "float32"); err == nil {
					for i := range rows {
						rows[i].torch32 = r32[rows[i].name]
					}
				}
			}
		}
	}

	fmt.Printf("Training step, plain SGD, %d threads, Go in float64", *threads)
	if torchVersion != "" {
		fmt.Printf("; PyTorch %s in the same run", torchVersion)
	}
	fmt.Println(":")
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tGo samples/s\tPyTorch samples/s\tGo / PyTorch\tPyTorch float32\tGo / PyTorch float32\tGo GFLOP/s\t% of peak\t")
	for _, r := range rows {
		torchCol, ratio, t32, ratio32 := "-", "-", "-", "-"
		if r.torchRate > 0 {
			torchCol = fmt.Sprintf("%.0f", r.torchRate)
			ratio = fmt.Sprintf("%.2f×", r.goRate/r.torchRate)
		}
		if r.torch32 > 0 {
			t32 = fmt.Sprintf("%.0f", r.torch32)
			ratio32 = fmt.Sprintf("%.2f×", r.goRate/r.torch32)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%s\t%s\t%.1f\t%.0f%%\t\n", r.name, r.goRate, torchCol, ratio, t32, ratio32, r.gflops, 100*r.gflops/peakN)
	}
	tw.Flush()

	if *shapes {
		fmt.Printf("\nMatrix products (gemm.Gemm), GFLOP/s and %% of peak:\n")
		tw = tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "shape\tm×n×k\t1 thread\t%% of 1-thread peak\t%d threads\t%% of peak\t\n", *threads)
		for _, s := range productShapes() {
			g1 := measureProduct(s, 1, d/4)
			gN := measureProduct(s, *threads, d/4)
			fmt.Fprintf(tw, "%s\t%d×%d×%d\t%.1f\t%.0f%%\t%.1f\t%.0f%%\t\n", s.name, s.m, s.n, s.k, g1, 100*g1/peak1, gN, 100*gN/peakN)
		}
		tw.Flush()
	}
}

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

func measureProduct(s shape, threads int, d time.Duration) float64 {
	ra, ca := s.m, s.k
	if s.tA {
		ra, ca = s.k, s.m
	}
	rb, cb := s.k, s.n
	if s.tB {
		rb, cb = s.n, s.k
	}
	a := make([]float64, ra*ca)
	b := make([]float64, rb*cb)
	c := make([]float64, s.m*s.n)
	for i := range a {
		a[i] = float64(i%7) - 3
	}
	for i := range b {
		b[i] = float64(i%5) - 2
	}
	gemm.Gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, ca, b, cb, 0, c, s.n, threads)
	n, start := 0, time.Now()
	for time.Since(start) < d {
		gemm.Gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, ca, b, cb, 0, c, s.n, threads)
		n++
	}
	return 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(n) / time.Since(start).Seconds() / 1e9
}

// runTorch runs the embedded PyTorch script on the same workloads.
func runTorch(python string, threads int, seconds float64, dtype string) (map[string]float64, string, error) {
	type workload struct {
		Name  string `json:"name"`
		Sizes []int  `json:"sizes"`
		Batch int    `json:"batch"`
		Loss  string `json:"loss"`
	}
	in := struct {
		Workloads []workload `json:"workloads"`
		Threads   int        `json:"threads"`
		Seconds   float64    `json:"seconds"`
		DType     string     `json:"dtype"`
	}{Threads: threads, Seconds: seconds, DType: dtype}
	for _, w := range nn.ReferenceWorkloads {
		loss := "ce"
		if w.Loss == nn.MSE {
			loss = "mse"
		}
		in.Workloads = append(in.Workloads, workload{w.Name, w.Sizes, w.Batch, loss})
	}
	body, _ := json.Marshal(in)
	cmd := exec.Command(python, "-c", torchScript)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndex(msg, "\n"); i >= 0 {
			msg = msg[i+1:]
		}
		return nil, "", fmt.Errorf("%s: %v %s", python, err, msg)
	}
	var res struct {
		Torch   string `json:"torch"`
		Results []struct {
			Name string  `json:"name"`
			Rate float64 `json:"samples_per_s"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, "", fmt.Errorf("reading the PyTorch results: %w", err)
	}
	rates := map[string]float64{}
	for _, r := range res.Results {
		rates[r.Name] = r.Rate
	}
	return rates, res.Torch, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
