// Command reproduce regenerates every claim's figures, results.json and REPORT.md.
//
//	go run ./cmd/reproduce [-scale quick|full|paper] [-quick] [-only id,id,...] [-out DIR] [-seed N] [assumption flags]
//
// It exits 0 when every selected claim ran (whatever its verdict), 1 when a claim could not
// run, and 2 for bad flags. Progress goes to stderr on a terminal; in a pipe it is quiet
// unless -v is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/ledger"
	progresspkg "github.com/dlreturns/dlreturns/pkg/progress"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stderr)))
}

func run(args []string, stdout, stderr io.Writer, terminal bool) (code int) {
	// A panic outside a claim (claims' own are their errors) is still a failed run, exit 1,
	// never Go's exit 2, which is for bad flags.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "reproduce: internal error: %v\n%s", r, debug.Stack())
			code = 1
		}
	}()
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		quick    = fs.Bool("quick", false, "same as -scale quick")
		scale    = fs.String("scale", "full", "experiment sizes: quick (seconds; numbers indicative only), full (the default; 2½ to 8 minutes on 2 cores, by machine) or paper (the original papers' budgets; hours)")
		only     = fs.String("only", "", "comma-separated claim ids to run (default: all; see -list)")
		out      = fs.String("out", "figures", "output folder for figures, results.json and REPORT.md")
		seed     = fs.Uint64("seed", 1, "random seed passed to every experiment")
		verbose  = fs.Bool("v", false, "report progress even when stderr is not a terminal")
		list     = fs.Bool("list", false, "list the claims and exit")
		seedRuns = fs.Int("seed-verdicts", 0, "also rerun every claim that trains this many times with one seed each (seeds seed+1, ...) and report how often its verdict comes out the same")
		shardArg = fs.String("shard", "", "run only shard K of N of every claim's experiment points (K/N, K from 0; or N, with K from $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX) into -out's shard-K-of-N folder (default -out: shards); merge the shards with -merge")
		merge    = fs.Bool("merge", false, "merge finished shards: reproduce -merge [-out DIR] SHARDDIR... (a shard's folder or one holding shard-K-of-N folders); the settings come from the shards")
		series   = fs.String("hardware-series", "", "hardware-growth's series of machines: "+strings.Join(datasets.MachineSeriesNames, " or ")+" (default: "+datasets.MachinesFastest+")")
	)
	assumptions := costmodel.DefaultAssumptions()
	assumptions.RegisterFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./cmd/reproduce [flags]\n\nRegenerates the figures, results.json and REPORT.md of every claim in CLAIMS.md.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nClaims: %s\n", strings.Join(claimIDs(), ", "))
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var mergeDirs []string
	for rest := fs.Args(); *merge && len(rest) > 0; rest = fs.Args() {
		// The shard folders, with flags allowed between and after them.
		for len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			mergeDirs, rest = append(mergeDirs, rest[0]), rest[1:]
		}
		if err := fs.Parse(rest); err != nil {
			return 2
		}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "reproduce: unexpected arguments %q (claims are chosen with -only)\n", fs.Args())
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *list {
		fmt.Fprint(stdout, ledger.ClaimsList())
		return 0
	}
	tier, err := claims.ParseScale(*scale)
	if err != nil {
		fmt.Fprintf(stderr, "reproduce: -scale: %v\n", err)
		return 2
	}
	if *quick {
		if tier != claims.Full && tier != claims.Quick {
			fmt.Fprintf(stderr, "reproduce: -quick and -scale %s contradict each other\n", tier)
			return 2
		}
		tier = claims.Quick
	}
	var ids []string
	if *only != "" {
		ids = strings.Split(*only, ",")
	}
	if *merge {
		return runMerge(mergeDirs, *out, set, *verbose, stderr, terminal)
	}
	if *shardArg != "" {
		k, n, err := ledger.ParseShard(*shardArg, os.Getenv)
		if err != nil {
			fmt.Fprintf(stderr, "reproduce: %v\n", err)
			return 2
		}
		if !set["out"] {
			*out = "shards"
		}
		opts := ledger.Options{Out: *out, Scale: tier, Seed: *seed, Only: ids, Assumptions: assumptions, Args: args,
			HardwareSeries: *series, SeedVerdicts: *seedRuns}
		return runShard(opts, k, n, stderr)
	}
	opts := ledger.Options{Out: *out, Scale: tier, Seed: *seed, Only: ids, Assumptions: assumptions, Args: args,
		HardwareSeries: *series, SeedVerdicts: *seedRuns}
	p := &progress{w: stderr, terminal: terminal, verbose: *verbose}
	opts.Progress = p.event

	// Ctrl-C, a terminate request (kill, a container or CI stopping) and a closed terminal all
	// stop the run the same way: the claim running is abandoned, those finished stay
	// committed. A second signal kills at once, which is safe too (see ledger.Run).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore the default action for a second signal
	}()
	start := time.Now()
	var res *ledger.Results
	res, err = ledger.Run(ctx, opts)
	p.clear()
	var claimErr *ledger.ClaimError
	if err != nil && !errors.As(err, &claimErr) && res == nil {
		fmt.Fprintf(stderr, "reproduce: %v\n", err)
		return 2
	}
	took := time.Since(start).Round(100 * time.Millisecond)
	switch {
	case ctx.Err() != nil:
		// Every claim not finished failed with the cancellation: one line says so.
		fmt.Fprintf(stderr, "reproduce: stopped by a signal after %s; %s\n", took, committedText(p.committed, *out))
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "reproduce: some claims could not run:\n%v\n", err)
		if terminal || *verbose {
			fmt.Fprintf(stderr, "%s in %s\n", committedText(p.committed, *out), took)
		}
		return 1
	case terminal || *verbose:
		fmt.Fprintf(stderr, "%s in %s\n", committedText(p.committed, *out), took)
	}
	return 0
}

// committedText says what a run wrote: the claims it committed, each with its figures and
// its entry in results.json, or that the folder is as it was.
func committedText(n int, out string) string {
	if n == 0 {
		return fmt.Sprintf("no claim finished, so %s is as it was", out)
	}
	return fmt.Sprintf("wrote %d claims' figures and their entries in %s/{%s,%s}", n, out, ledger.ResultsFile, ledger.ReportFile)
}

func claimIDs() []string {
	var ids []string
	for _, e := range ledger.Entries() {
		ids = append(ids, e.Info.ID)
	}
	return ids
}

// progress prints claim progress: one updating line on a terminal, one line per claim with
// -v in a pipe, nothing otherwise. Failures are always printed.
type progress struct {
	w                 io.Writer
	terminal, verbose bool
	live              bool // a \r-line is on screen
	tracker           *progresspkg.Tracker
	printed           time.Time // the last progress line in a pipe (-v)
	committed         int       // claims finished and committed in this run
}

func (p *progress) event(e ledger.Event) {
	switch {
	case e.Message != "":
		// Notes say something about the folder's earlier contents (kept stale results, an
		// interrupted run cleaned up): printed even in a pipe.
		p.clear()
		fmt.Fprintf(p.w, "note: %s\n", e.Message)
	case e.Finished:
		p.clear()
		if e.Err == nil {
			p.committed++
		}
		if errors.Is(e.Err, context.Canceled) {
			fmt.Fprintf(p.w, "[%d/%d] %s stopped after %s, not committed\n", e.Index, e.Total, e.ID, e.Elapsed.Round(100*time.Millisecond))
		} else if e.Err != nil {
			fmt.Fprintf(p.w, "[%d/%d] %s FAILED after %s: %s\n", e.Index, e.Total, e.ID, e.Elapsed.Round(100*time.Millisecond), ledger.ClaimMessage(e.ID, e.Err))
		} else if p.terminal || p.verbose {
			fmt.Fprintf(p.w, "[%d/%d] %s: %s (%s)\n", e.Index, e.Total, e.ID, e.Outcome, e.Elapsed.Round(100*time.Millisecond))
		}
	case p.terminal:
		fmt.Fprintf(p.w, "\r\033[K%s", progresspkg.Line(p.state(e)))
		p.live = true
	case p.verbose && e.Stage == "":
		fmt.Fprintf(p.w, "[%d/%d] %s: running\n", e.Index, e.Total, e.ID)
	case p.verbose && time.Since(p.printed) >= 10*time.Second: // a pipe: a line now and then
		p.printed = time.Now()
		fmt.Fprintln(p.w, progresspkg.Line(p.state(e)))
	}
}

// state is the event with a bar and the time left of the claim's current stage.
func (p *progress) state(e ledger.Event) progresspkg.State {
	label := fmt.Sprintf("[%d/%d] %s", e.Index, e.Total, e.ID)
	if p.tracker == nil || p.tracker.Label != label {
		p.tracker = progresspkg.TrackerSince(label, time.Now().Add(-e.Elapsed))
	}
	s := p.tracker.Update(e.Stage, e.Done, e.Of)
	s.Elapsed = e.Elapsed
	return s
}

func (p *progress) clear() {
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
		p.live = false
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
