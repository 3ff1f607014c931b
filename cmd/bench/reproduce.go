package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/dlreturns/dlreturns/pkg/ledger"
)

// printReproduceScaling builds cmd/reproduce and runs it in full at each thread count
// (GOMAXPROCS = t, figures into a temporary folder), printing wall time, CPU time (user +
// system of the process), CPU time over t × wall (how busy the t cores were) and the
// parallel efficiency, wall(1) / (t · wall(t)).
func printReproduceScaling(counts []int, extra []string) error {
	dir, err := os.MkdirTemp("", "bench-reproduce-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "reproduce")
	build := exec.Command("go", "build", "-o", bin, "./cmd/reproduce")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building reproduce (run bench from the repository root): %w", err)
	}
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "threads\twall\tCPU time\tCPU / (threads × wall)\tspeed-up\tparallel efficiency\t")
	var wall1 time.Duration
	for _, t := range counts {
		out := filepath.Join(dir, "out-"+strconv.Itoa(t))
		cmd := exec.Command(bin, append([]string{"-out", out}, extra...)...)
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(t))
		cmd.Stdout, cmd.Stderr = nil, nil
		fmt.Fprintf(os.Stderr, "bench: full reproduce at %d threads\n", t)
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		status := ""
		if err != nil {
			if cmd.ProcessState == nil {
				return fmt.Errorf("reproduce at %d threads: %w", t, err)
			}
			status = " (" + err.Error() + ")"
		}
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if t == 1 {
			wall1 = wall
		}
		speedup := wall1.Seconds() / wall.Seconds()
		fmt.Fprintf(tw, "%d%s\t%s\t%s\t%.2f\t%.2f×\t%.0f%%\t\n", t, status, wall.Round(time.Second), cpu.Round(time.Second),
			cpu.Seconds()/(float64(t)*wall.Seconds()), speedup, 100*speedup/float64(t))
	}
	// The table prints once every row is in: a tabwriter aligns only what one Flush writes
	// (flushing row by row misaligned every row after the first). Progress went to stderr.
	fmt.Printf("Full reproduce %v by thread count:\n", extra)
	tw.Flush()
	fmt.Println()
	return printClaimSeconds(dir, counts)
}

// printClaimSeconds prints each claim's run time (from results.json) at each thread count,
// to show which claims leave cores idle.
func printClaimSeconds(dir string, counts []int) error {
	secs := map[string]map[int]float64{}
	var ids []string
	for _, t := range counts {
		res, err := ledger.ReadResults(filepath.Join(dir, "out-"+strconv.Itoa(t), ledger.ResultsFile))
		if err != nil || res == nil {
			return fmt.Errorf("reading the results at %d threads: %v", t, err)
		}
		for _, c := range res.Claims {
			if secs[c.ID] == nil {
				secs[c.ID] = map[int]float64{}
				ids = append(ids, c.ID)
			}
			secs[c.ID][t] = c.Seconds
		}
	}
	fmt.Println("Run time of each claim, seconds (speed-up over 1 thread):")
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "claim\t")
	for _, t := range counts {
		fmt.Fprintf(tw, "%d threads\t", t)
	}
	fmt.Fprintln(tw)
	for _, id := range ids {
		fmt.Fprintf(tw, "%s\t", id)
		one := secs[id][counts[0]]
		for _, t := range counts {
			fmt.Fprintf(tw, "%.1f (%.2f×)\t", secs[id][t], one/secs[id][t])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Println()
	return nil
}
