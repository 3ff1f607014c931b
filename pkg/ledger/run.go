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
	Out         string       // output folder; created if missing
	Scale       claims.Scale // quick, full or paper ("" means full)
	Seed        uint64       // passed to every claim
	Only        []string     // claim ids; empty means all
	Assumptions costmodel.Assumptions
	// Args are the command-line flags, recorded in results.json's provenance.
	Args []string
	// HardwareSeries picks hardware-growth's series of machines ("": its default).
	HardwareSeries string
	// SeedVerdicts runs every claim that trains (its Config has Seeds) that many more times
	// with a single seed each (seeds Seed+1, Seed+2, ...) and records the verdict each seed
	// alone gets, so that REPORT.md can say how stable the verdict is. 0: not run.
	SeedVerdicts int
	// Progress, if set, receives events as claims start, report progress and finish.
	Progress func(Event)

	// merge, set by Merge, gives every claim's Map calls the shards' stored results.
	merge *mergeState
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

func (e *ClaimError) Error() string { return e.ID + ": " + ClaimMessage(e.ID, e.Err) }
func (e *ClaimError) Unwrap() error { return e.Err }

// ClaimMessage is err's message without the claim's id in front: a claim's errors name it
// (for callers in Go and notebooks), and the run names it once already.
func ClaimMessage(id string, err error) string {
	return strings.TrimPrefix(err.Error(), id+": ")
}

// Run runs the selected claims and commits each one's figures, with its entry in
// results.json and REPORT.md, as soon as it finishes (see commitClaim): a failed, interrupted
// or killed run keeps every claim already committed, by this run or earlier ones. It returns
// an error before running anything if the options are invalid or the folder is not writable
// or in use; otherwise it runs every claim, and the error it returns joins one *ClaimError per
// claim that could not run.
func Run(ctx context.Context, opts Options) (*Results, error) {
	started := time.Now()
	entries, err := opts.check()
	if err != nil {
		return nil, err
	}
	if opts.Out == "" {
		return nil, errors.New("no output folder given")
	}
	if err := atomicfile.CheckDir(opts.Out); err != nil {
		return nil, err
	}
	unlock, err := lockDir(opts.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	emit := func(e Event) {
		if opts.Progress != nil {
			opts.Progress(e)
		}
	}
	notes, err := recoverDir(opts.Out)
	for _, n := range notes {
		emit(Event{Message: n})
	}
	if err != nil {
		return nil, err
	}
	res, err := ReadResults(filepath.Join(opts.Out, ResultsFile))
	if err != nil {
		return nil, fmt.Errorf("reading the earlier results (move the file away to start afresh): %w", err)
	}
	if opts.Scale == "" {
		opts.Scale = claims.Full
	}
	settings := Settings{Seed: opts.Seed, Quick: opts.Scale == claims.Quick, Scale: opts.Scale, Assumptions: opts.Assumptions.Values(),
		HardwareSeries: opts.HardwareSeries}
	if res == nil {
		res = &Results{Seed: settings.Seed, Quick: settings.Quick, Scale: settings.Scale, Assumptions: settings.Assumptions,
			HardwareSeries: settings.HardwareSeries}
	}
	prov := newProvenance(opts.Args, started)
	env := Env{Scale: opts.Scale, Seed: opts.Seed, Assumptions: opts.Assumptions, HardwareSeries: opts.HardwareSeries}
	var failures []error
	committed, stale := 0, 0
	var pending error
	for i, e := range entries {
		if ctx.Err() != nil {
			failures = append(failures, &ClaimError{e.Info.ID, ctx.Err()})
			continue
		}
		if pending != nil {
			failures = append(failures, &ClaimError{e.Info.ID, fmt.Errorf("not run: an earlier commit did not finish: %w", pending)})
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
		var files []figures.File
		var v claims.Verdict
		if opts.merge != nil {
			files, v, err = opts.merge.runOne(cctx, e, env)
		} else {
			files, v, err = runOne(cctx, e, env)
		}
		var rerunVerdicts []string
		if err == nil && opts.SeedVerdicts > 0 && e.Replicate != nil {
			rerunVerdicts, err = replicate(ctx, e, env, opts.Seed, opts.SeedVerdicts, func(k int) {
				p := ev
				p.Stage, p.Done, p.Of, p.Elapsed = "single-seed runs", k, opts.SeedVerdicts, time.Since(start)
				emit(p)
			})
		}
		if err == nil {
			// Settled before committing: a claim finished is committed even if a signal
			// arrives now (the commit takes milliseconds).
			c := newClaimResult(e.Info, v, files, time.Since(start).Seconds(), settings, prov.Revision)
			c.RerunVerdicts = rerunVerdicts
			next := *res
			next.Claims = append([]ClaimResult(nil), res.Claims...)
			nstale := next.put(c, settings, prov.update())
			if err = commitClaim(opts.Out, e.Info.ID, files, &next, obsoleteFiles(res, e.Info.ID, files)); err == nil {
				res, stale = &next, nstale
				committed++
			} else if _, ok := err.(*pendingError); ok {
				pending = err
			}
		}
		ev.Finished, ev.Elapsed = true, time.Since(start)
		if err != nil {
			ev.Err = err
			emit(ev)
			failures = append(failures, &ClaimError{e.Info.ID, err})
			continue
		}
		ev.Outcome = v.Outcome
		emit(ev)
	}
	if committed > 0 && stale > 0 {
		emit(Event{Message: fmt.Sprintf("%s keeps %d earlier result(s) made with another seed, mode, assumptions or hardware series, marked stale (rerun those claims with the current flags to refresh them)", ResultsFile, stale)})
	}
	return res, errors.Join(failures...)
}

// check validates the options that say what to run, and returns the claims to run.
func (opts *Options) check() ([]Entry, error) {
	if err := opts.Assumptions.Validate(); err != nil {
		return nil, err
	}
	if len(opts.Only) > 0 && strings.TrimSpace(strings.Join(opts.Only, "")) == "" {
		// "-only ," names no claim: refuse it rather than run nothing, or everything.
		return nil, fmt.Errorf("no claim ids in -only %q; claims available: %s", strings.Join(opts.Only, ","), strings.Join(ids(), ", "))
	}
	if opts.SeedVerdicts < 0 || opts.SeedVerdicts > 100 {
		return nil, fmt.Errorf("single-seed reruns %d: want 0 to 100", opts.SeedVerdicts)
	}
	if opts.SeedVerdicts > 0 && opts.merge != nil {
		return nil, errors.New("single-seed reruns (-seed-verdicts) cannot be sharded or merged yet: run them on one machine")
	}
	if s := opts.HardwareSeries; s != "" && !slices.Contains(datasets.MachineSeriesNames, s) {
		return nil, fmt.Errorf("hardware series %q: want one of %s", s, strings.Join(datasets.MachineSeriesNames, ", "))
	}
	return Select(opts.Only)
}

// replicate reruns a claim n times with one seed each (seed+1 ... seed+n) and returns the
// verdict each gets; a panic in a rerun is its error, as in runOne.
func replicate(ctx context.Context, e Entry, env Env, seed uint64, n int, progress func(done int)) (out []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("single-seed run: panic: %v\n%s", r, indent(string(debug.Stack())))
		}
	}()
	for k := 1; k <= n; k++ {
		progress(k - 1)
		o, err := e.Replicate(ctx, env, seed+uint64(k))
		if err != nil {
			return nil, fmt.Errorf("single-seed run with seed %d: %w", seed+uint64(k), err)
		}
		out = append(out, string(o))
	}
	return out, nil
}

// runOne runs a claim, checks its verdict and renders its figures. A panic inside the claim
// is turned into an error with the stack, so that one broken claim does not stop the others.
func runOne(ctx context.Context, e Entry, env Env) (files []figures.File, v claims.Verdict, err error) {
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
	files, err = figures.Files(figs...)
	return files, v, err
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n\t")
}

// ids lists the registered claims' ids in CLAIMS.md order.
func ids() []string {
	var out []string
	for _, e := range Entries() {
		out = append(out, e.Info.ID)
	}
	return out
}
