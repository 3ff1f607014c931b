package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// A run split across machines (issue 19): every machine runs `reproduce -shard K/N` with the
// same code and flags; each computes the K-th of N disjoint slices of every claim's Map
// points (see pkg/sweep/shard.go) and writes them to its own folder, <out>/shard-K-of-N:
//
//	manifest.json     what made the shard (code, toolchain, settings, data) and its claims'
//	                  point files; written last, so a folder without it is an unfinished shard
//	progress.json     points done and time left, rewritten as the shard goes
//	<claim>.points    the claim's points this shard owns, in sweep.Encode's form
//
// `reproduce -merge DIR...` (Merge) checks that the shards agree and cover 0..N−1 once, then
// runs every claim as a single run would, except that Map calls read their points from the
// shards' files; it commits through the same per-claim path as Run, so its figures,
// results.json and REPORT.md are a single run's, byte for byte, apart from times.

// ShardEnvVars are the environment variables a shard's number is read from when -shard
// gives only the count, in order of precedence: Slurm job arrays, then Kubernetes Indexed
// Jobs.
var ShardEnvVars = []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"}

// maxShards bounds N: more shards than that is a typo.
const maxShards = 10000

// ParseShard reads -shard's value: "K/N" (shard K of N, K from 0), or "N" alone, in which
// case K comes from the first of ShardEnvVars that getenv reports. An explicit K wins over
// the environment.
func ParseShard(value string, getenv func(string) string) (k, n int, err error) {
	ks, ns, explicit := strings.Cut(strings.TrimSpace(value), "/")
	if !explicit {
		ks, ns = "", ks
	}
	n, err = strconv.Atoi(ns)
	if err != nil || n < 1 || n > maxShards {
		return 0, 0, fmt.Errorf("-shard %q: want K/N (shard K of N, K from 0 to N−1) or N (K from %s), with N from 1 to %d", value, strings.Join(ShardEnvVars, " or "), maxShards)
	}
	from := "-shard"
	if !explicit {
		for _, name := range ShardEnvVars {
			if v := strings.TrimSpace(getenv(name)); v != "" {
				ks, from = v, name
				break
			}
		}
		if ks == "" {
			return 0, 0, fmt.Errorf("-shard %s gives no shard number and neither %s is set: write -shard K/%d", value, strings.Join(ShardEnvVars, " nor "), n)
		}
	}
	k, err = strconv.Atoi(ks)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: shard number %q is not a whole number", from, ks)
	}
	if k < 0 || k >= n {
		hint := ""
		if from == "SLURM_ARRAY_TASK_ID" {
			hint = fmt.Sprintf(" (submit the array as --array=0-%d)", n-1)
		}
		return 0, 0, fmt.Errorf("%s: shard %d of %d: want 0 to %d%s", from, k, n, n-1, hint)
	}
	return k, n, nil
}

// ShardDir is shard k of n's folder inside out.
func ShardDir(out string, k, n int) string {
	return filepath.Join(out, fmt.Sprintf("shard-%d-of-%d", k, n))
}

// ShardProgress is a shard's progress, in progress.json and the lines a shard prints.
type ShardProgress struct {
	Shard      int     `json:"shard"`
	Shards     int     `json:"shards"`
	Claim      string  `json:"claim"`
	ClaimIndex int     `json:"claim_index"` // 1-based
	Claims     int     `json:"claims"`
	Done       int     `json:"points_done"`
	Seen       int     `json:"points_seen"` // dealt to this shard so far (later Map calls add more)
	Elapsed    float64 `json:"elapsed_s"`
	Left       float64 `json:"left_s"` // estimate; -1 when unknown
	Finished   bool    `json:"finished"`
	// Stopped is true when a signal stopped the shard: it wrote no manifest, so it stays
	// unfinished and a merge refuses it until the shard is run again.
	Stopped bool   `json:"stopped,omitempty"`
	Updated string `json:"updated"`
}

// Line is the progress as one line of key=value fields, for a log a user tails or a script
// parses.
func (p ShardProgress) Line() string {
	left := "?"
	if p.Left >= 0 {
		left = (time.Duration(p.Left) * time.Second).String()
	}
	line := fmt.Sprintf("shard=%d/%d claim=%d/%d id=%s points=%d/%d elapsed=%s left=%s finished=%t",
		p.Shard, p.Shards, p.ClaimIndex, p.Claims, p.Claim, p.Done, p.Seen,
		(time.Duration(p.Elapsed) * time.Second).String(), left, p.Finished)
	if p.Stopped {
		line += " stopped=true"
	}
	return line
}

// RunShard runs shard k of n of the selected claims into ShardDir(opts.Out, k, n). It
// returns the shard's folder and an error joining one *ClaimError per claim whose own points
// failed; a claim's other errors (those that come after points it left to other shards,
// computed from zeros) are not errors of the shard. report, if set, hears of progress (at
// least every point and every claim).
func RunShard(ctx context.Context, opts Options, k, n int, report func(ShardProgress)) (string, error) {
	started := time.Now()
	plan, err := sweep.NewShardPlan(k, n)
	if err != nil {
		return "", err
	}
	if opts.SeedVerdicts > 0 {
		return "", errors.New("single-seed reruns (-seed-verdicts) cannot be sharded yet: run them on one machine")
	}
	entries, err := opts.check()
	if err != nil {
		return "", err
	}
	if opts.Scale == "" {
		opts.Scale = claims.Full
	}
	if opts.Out == "" {
		return "", errors.New("no output folder given")
	}
	dir := ShardDir(opts.Out, k, n)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("shard folder: %w", err)
	}
	if err := atomicfile.CheckDir(dir); err != nil {
		return "", err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := atomicfile.RemoveLeftovers(dir); err != nil {
		return "", err
	}
	// A rerun of the shard starts afresh: its manifest goes first, so that a rerun killed
	// half way never leaves an old manifest vouching for new files.
	if err := os.Remove(filepath.Join(dir, manifestFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	prov := newProvenance(opts.Args, started)
	m := &Manifest{Format: manifestFormat, Shard: k, Shards: n, Revision: prov.Revision, Modified: prov.Modified,
		Go: prov.Go, OS: prov.OS, Arch: prov.Arch, Scale: opts.Scale, Seed: opts.Seed, Only: opts.Only,
		Assumptions: opts.Assumptions, HardwareSeries: opts.HardwareSeries, Args: opts.Args, Started: prov.Started}
	env := Env{Scale: opts.Scale, Seed: opts.Seed, Assumptions: opts.Assumptions, HardwareSeries: opts.HardwareSeries}

	st := ShardProgress{Shard: k, Shards: n, Claims: len(entries)}
	var lastWrite time.Time
	tell := func(force bool) {
		st.Elapsed = time.Since(started).Seconds()
		st.Left = shardTimeLeft(st)
		st.Updated = time.Now().UTC().Format(time.RFC3339)
		if report != nil {
			report(st)
		}
		if force || time.Since(lastWrite) > 2*time.Second {
			lastWrite = time.Now()
			writeJSON(filepath.Join(dir, progressFile), st) // best effort: progress is advisory
		}
	}
	plan.OnProgress(func(done, seen int) {
		st.Done, st.Seen = done, seen
		tell(false)
	})
	var failures []error
	for i, e := range entries {
		st.Claim, st.ClaimIndex, st.Done, st.Seen = e.Info.ID, i+1, 0, 0
		tell(true)
		if err := ctx.Err(); err != nil {
			failures = append(failures, &ClaimError{e.Info.ID, err})
			break
		}
		if err := plan.Begin(e.Info.ID, nil); err != nil {
			return dir, err
		}
		err := runForPoints(sweep.WithPlan(ctx, plan), e, env)
		o := plan.End()
		if o.Failed != nil {
			err = o.Failed
		} else if o.Skipped || err == nil {
			err = ctx.Err() // what the claim made of other shards' zeros is not its result
		}
		mc := ManifestClaim{ID: e.Info.ID, Points: len(o.Points)}
		if err == nil {
			mc.File = e.Info.ID + pointsExt
			mc.SHA256, err = writePoints(filepath.Join(dir, mc.File), o.Points)
		}
		if err != nil {
			mc.Error = err.Error()
			failures = append(failures, &ClaimError{e.Info.ID, err})
		}
		m.Claims = append(m.Claims, mc)
	}
	if err := ctx.Err(); err != nil {
		// Stopped: no manifest, so the folder reads as the unfinished shard it is.
		st.Stopped = true
		tell(true)
		return dir, &StoppedError{Err: err}
	}
	st.Finished = true
	tell(true)
	m.DataFiles = prov.update().DataFiles
	m.Finished = time.Now().UTC().Format(time.RFC3339)
	if err := writeJSON(filepath.Join(dir, manifestFile), m); err != nil {
		return dir, err
	}
	return dir, errors.Join(failures...)
}

// StoppedError is a shard stopped by its context (a signal) before it finished: it leaves
// no manifest, so a merge takes it for unfinished until the shard is run again.
type StoppedError struct{ Err error }

func (e *StoppedError) Error() string { return "stopped before it finished: " + e.Err.Error() }
func (e *StoppedError) Unwrap() error { return e.Err }

// runForPoints runs a claim for its Map calls' sake: figures are not drawn into files, and a
// panic is an error (one after skipped points is ignored by the caller, like any error).
func runForPoints(ctx context.Context, e Entry, env Env) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, indent(string(debug.Stack())))
		}
	}()
	_, _, err = e.Run(ctx, env)
	return err
}

// shardTimeLeft estimates the time left from the share of the claims done, counting the
// current claim's points; the claims' sizes differ, so it is rough until late in the run.
func shardTimeLeft(p ShardProgress) float64 {
	if p.Finished {
		return 0
	}
	frac := float64(p.ClaimIndex - 1)
	if p.Seen > 0 {
		frac += float64(p.Done) / float64(p.Seen)
	}
	frac /= float64(max(p.Claims, 1))
	if frac <= 0 {
		return -1
	}
	return p.Elapsed * (1 - frac) / frac
}
