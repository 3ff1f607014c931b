package ledger

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

// Options configure a run.
type Options struct {
	Out         string   // output folder; created if missing
	Quick       bool     // small presets
	Seed        uint64   // passed to every claim
	Only        []string // claim ids; empty means all
	Assumptions costmodel.Assumptions
	// HardwareSeries picks hardware-growth's series of machines ("": its default).
	HardwareSeries string
	// SeedVerdicts runs every claim that trains (its Config has Seeds) that many more times
	// with a single seed each (seeds Seed+1, Seed+2, ...) and records the verdict each seed
	// alone gets, so that REPORT.md can say how stable the verdict is. 0: not run.
	SeedVerdicts int
	// Progress, if set, receives events as claims start, report progress and finish.
	Progress func(Event)
}

// Event is a progress report.
type Event struct {
	Index, Total int // this claim's position in the run (1-based) and the number of claims
	ID           string
	Stage        string // what the claim reports it is doing; "" for start and finish
	Done, Of     int    // progress within the stage
	Finished     bool
	Outcome      claims.Outcome // when finished without error
	Err          error          // when finished with an error
	Elapsed      time.Duration
	Message      string // a note about the run as a whole (not about one claim)
}

// ClaimError is a claim that could not run.
type ClaimError struct {
	ID  string
	Err error
}

func (e *ClaimError) Error() string { return e.ID + ": " + e.Err.Error() }
func (e *ClaimError) Unwrap() error { return e.Err }

// Run runs the selected claims, writes their figures to opts.Out, then results.json and
// REPORT.md. It returns an error before running anything if the options are invalid or the
// folder is not writable; otherwise it runs every claim, and the error it returns joins one
// *ClaimError per claim that could not run.
func Run(ctx context.Context, opts Options) (*Results, error) {
	if err := opts.Assumptions.Validate(); err != nil {
		return nil, err
	}
	if opts.SeedVerdicts < 0 || opts.SeedVerdicts > 100 {
		return nil, fmt.Errorf("single-seed reruns %d: want 0 to 100", opts.SeedVerdicts)
	}
	if s := opts.HardwareSeries; s != "" && !slices.Contains(datasets.MachineSeriesNames, s) {
		return nil, fmt.Errorf("hardware series %q: want one of %s", s, strings.Join(datasets.MachineSeriesNames, ", "))
	}
	entries, err := Select(opts.Only)
	if err != nil {
		return nil, err
	}
	if opts.Out == "" {
		return nil, errors.New("no output folder given")
	}
	if err := atomicfile.CheckDir(opts.Out); err != nil {
		return nil, err
	}
	earlier, err := ReadResults(filepath.Join(opts.Out, ResultsFile))
	if err != nil {
		return nil, fmt.Errorf("reading the earlier results (move the file away to start afresh): %w", err)
	}
	emit := func(e Event) {
		if opts.Progress != nil {
			opts.Progress(e)
		}
	}

	res := &Results{Seed: opts.Seed, Quick: opts.Quick, Assumptions: opts.Assumptions.Values()}
	env := Env{Quick: opts.Quick, Seed: opts.Seed, Assumptions: opts.Assumptions, HardwareSeries: opts.HardwareSeries}
	var failures []error
	for i, e := range entries {
		if ctx.Err() != nil {
			failures = append(failures, &ClaimError{e.Info.ID, ctx.Err()})
			continue
		}
		start := time.Now()
		ev := Event{Index: i + 1, Total: len(entries), ID: e.Info.ID}
		emit(ev)
		cctx := claims.WithProgress(ctx, func(stage string, done, of int) {
			p := ev
			p.Stage, p.Done, p.Of, p.Elapsed = stage, done, of, time.Since(start)
			emit(p)
		})
		files, v, err := runOne(cctx, e, env, opts.Out)
		ev.Finished, ev.Elapsed = true, time.Since(start)
		if err != nil {
			ev.Err = err
			emit(ev)
			failures = append(failures, &ClaimError{e.Info.ID, err})
			continue
		}
		c := newClaimResult(e.Info, v, files, 0)
		if opts.SeedVerdicts > 0 && e.Replicate != nil {
			for k := 1; k <= opts.SeedVerdicts && err == nil; k++ {
				p := ev
				p.Stage, p.Done, p.Of, p.Elapsed = "single-seed runs", k-1, opts.SeedVerdicts, time.Since(start)
				emit(p)
				var o claims.Outcome
				if o, err = e.Replicate(ctx, env, opts.Seed+uint64(k)); err == nil {
					c.SeedVerdicts = append(c.SeedVerdicts, string(o))
				}
			}
			if err != nil {
				failures = append(failures, &ClaimError{e.Info.ID, fmt.Errorf("single-seed run: %w", err)})
				c.SeedVerdicts = nil
			}
		}
		c.Seconds = time.Since(start).Seconds()
		ev.Outcome, ev.Elapsed = v.Outcome, time.Since(start)
		emit(ev)
		res.Claims = append(res.Claims, c)
	}

	if kept, dropped := merge(earlier, res); dropped > 0 {
		emit(Event{Message: fmt.Sprintf("dropped %d earlier result(s) from %s made with a different seed, mode or assumptions", dropped, ResultsFile)})
	} else if kept > 0 {
		emit(Event{Message: fmt.Sprintf("kept %d earlier result(s) from %s for claims not run now", kept, ResultsFile)})
	}
	if len(res.Claims) > 0 {
		if err := writeResults(opts.Out, res); err != nil {
			return res, errors.Join(append(failures, err)...)
		}
		if err := writeReport(opts.Out, res); err != nil {
			return res, errors.Join(append(failures, err)...)
		}
	}
	return res, errors.Join(failures...)
}

// runOne runs a claim, checks its verdict and saves its figures. A panic inside the claim is
// turned into an error with the stack, so that one broken claim does not stop the others.
func runOne(ctx context.Context, e Entry, env Env, out string) (files []string, v claims.Verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, indent(string(debug.Stack())))
		}
	}()
	v, figs, err := e.Run(ctx, env)
	if err != nil {
		return nil, v, err
	}
	if err := v.Check(); err != nil {
		return nil, v, err
	}
	if len(figs) == 0 {
		return nil, v, errors.New("the claim drew no figure")
	}
	for _, f := range figs {
		if f.Name != e.Info.ID && !strings.HasPrefix(f.Name, e.Info.ID+"-") {
			return nil, v, fmt.Errorf("figure %q must be named %q or %q", f.Name, e.Info.ID, e.Info.ID+"-<suffix>")
		}
	}
	files, err = figures.Save(out, figs...)
	return files, v, err
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n\t")
}
