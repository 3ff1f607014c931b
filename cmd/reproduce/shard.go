package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/dlreturns/dlreturns/pkg/ledger"
)

// signalContext stops a run on Ctrl-C, a terminate request or a closed terminal; a second
// signal kills at once.
func signalContext() (context.Context, func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// runShard runs one shard. Its progress lines ("progress: shard=K/N claim=... points=D/S
// elapsed=... left=...") go to stderr whatever it is (a batch job's log is a file): one per
// claim and one every 10 s in between; progress.json in the shard's folder holds the same.
func runShard(opts ledger.Options, k, n int, stderr io.Writer) int {
	ctx, stop := signalContext()
	defer stop()
	var printed time.Time
	var claim string
	dir, err := ledger.RunShard(ctx, opts, k, n, func(p ledger.ShardProgress) {
		if p.Claim != claim || p.Finished || time.Since(printed) >= 10*time.Second {
			claim, printed = p.Claim, time.Now()
			fmt.Fprintf(stderr, "progress: %s\n", p.Line())
		}
	})
	var claimErr *ledger.ClaimError
	var stopped *ledger.StoppedError
	if errors.As(err, &stopped) {
		fmt.Fprintf(stderr, "reproduce: shard %d of %d stopped by a signal; %s is left unfinished (no manifest.json) and a merge refuses it: run the same command again to redo it\n", k, n, dir)
		return 1
	}
	if err != nil && !errors.As(err, &claimErr) {
		fmt.Fprintf(stderr, "reproduce: %v\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "reproduce: shard %d of %d: some claims' points failed:\n%v\n", k, n, err)
		return 1
	}
	fmt.Fprintf(stderr, "wrote shard %d of %d to %s\n", k, n, dir)
	return 0
}

// runMerge merges shards into out. The settings are the shards' own, so flags that would
// change them are refused rather than ignored.
func runMerge(dirs []string, out string, set map[string]bool, verbose bool, stderr io.Writer, terminal bool) int {
	var bad []string
	for name := range set {
		if name != "merge" && name != "out" && name != "v" {
			bad = append(bad, "-"+name)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		fmt.Fprintf(stderr, "reproduce: -merge takes its settings from the shards' manifests; drop %s\n", strings.Join(bad, ", "))
		return 2
	}
	if len(dirs) == 0 {
		fmt.Fprintf(stderr, "reproduce: -merge needs the shards' folders: reproduce -merge [-out DIR] SHARDDIR...\n")
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	p := &progress{w: stderr, terminal: terminal, verbose: verbose}
	start := time.Now()
	res, err := ledger.Merge(ctx, dirs, out, p.event)
	p.clear()
	var claimErr *ledger.ClaimError
	if err != nil && !errors.As(err, &claimErr) && res == nil {
		fmt.Fprintf(stderr, "reproduce: -merge: %v\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "reproduce: -merge: some claims could not be merged:\n%v\n", err)
		return 1
	}
	if terminal || verbose {
		fmt.Fprintf(stderr, "merged %d shard folder(s) into %s/{%s,%s} and the figures in %s\n", len(dirs), out, ledger.ResultsFile, ledger.ReportFile, time.Since(start).Round(100*time.Millisecond))
	}
	return 0
}
