package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
		var stderr tailBuffer // reproduce's progress, kept to say why a run failed
		cmd.Stdout, cmd.Stderr = nil, &stderr
		fmt.Fprintf(os.Stderr, "bench: full reproduce at %d threads\n", t)
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if err != nil {
			// A failed run's times measure nothing: stop, with reproduce's own words.
			return fmt.Errorf("reproduce %s at %d threads failed (%w); it said:\n%s",
				strings.Join(extra, " "), t, err, stderr.String())
		}
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if t == 1 {
			wall1 = wall
		}
		speedup := wall1.Seconds() / wall.Seconds()
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.2f\t%.2f×\t%.0f%%\t\n", t, wall.Round(time.Second), cpu.Round(time.Second),
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
		if err != nil {
			return fmt.Errorf("reading the results at %d threads: %w", t, err)
		}
		if res == nil {
			return fmt.Errorf("reading the results at %d threads: reproduce wrote no %s", t, ledger.ResultsFile)
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

// tailBuffer keeps the first headLines and the last tailLines lines written to it: where
// reproduce says what went wrong (a bad flag comes first, then the usage) and how it ended.
type tailBuffer struct {
	head, tail []string
	partial    string
	dropped    int
}

const headLines, tailLines = 5, 15

func (b *tailBuffer) Write(p []byte) (int, error) {
	parts := strings.Split(b.partial+string(p), "\n")
	b.partial = parts[len(parts)-1]
	for _, line := range parts[:len(parts)-1] {
		if len(b.head) < headLines {
			b.head = append(b.head, line)
			continue
		}
		b.tail = append(b.tail, line)
		if len(b.tail) > tailLines {
			b.tail = b.tail[1:]
			b.dropped++
		}
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	lines := append([]string(nil), b.head...)
	if b.dropped > 0 {
		lines = append(lines, fmt.Sprintf("[%d lines]", b.dropped))
	}
	lines = append(lines, b.tail...)
	if b.partial != "" {
		lines = append(lines, b.partial)
	}
	return "  " + strings.Join(lines, "\n  ")
}
