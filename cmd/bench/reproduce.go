package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"
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
	fmt.Printf("Full reproduce %v by thread count:\n", extra)
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "threads\twall\tCPU time\tCPU / (threads × wall)\tspeed-up\tparallel efficiency\t")
	var wall1 time.Duration
	for _, t := range counts {
		out := filepath.Join(dir, "out-"+strconv.Itoa(t))
		cmd := exec.Command(bin, append([]string{"-out", out}, extra...)...)
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(t))
		cmd.Stdout, cmd.Stderr = nil, nil
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
		tw.Flush()
	}
	fmt.Println()
	return nil
}
