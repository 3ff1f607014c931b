package ledger

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
	"github.com/dlreturns/dlreturns/pkg/resultcache"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

func TestParseShard(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	none := env(nil)
	for _, c := range []struct {
		value string
		env   map[string]string
		k, n  int
		err   string // a part of the error; "" for none
	}{
		{"0/1", nil, 0, 1, ""},
		{"3/4", nil, 3, 4, ""},
		{" 2/4 ", nil, 2, 4, ""},
		{"4", map[string]string{"SLURM_ARRAY_TASK_ID": "2"}, 2, 4, ""},
		{"4", map[string]string{"JOB_COMPLETION_INDEX": "3"}, 3, 4, ""},
		// Slurm wins over Kubernetes; an explicit K wins over both.
		{"4", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "3"}, 1, 4, ""},
		{"0/4", map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, 0, 4, ""},
		{"0/0", nil, 0, 0, "N from 1"},
		{"4/4", nil, 0, 0, "want 0 to 3"},
		{"-1/4", nil, 0, 0, "want 0 to 3"},
		{"1/4/5", nil, 0, 0, "want K/N"},
		{"a/4", nil, 0, 0, `"a" is not a whole number`},
		{"x", nil, 0, 0, "want K/N"},
		{"", nil, 0, 0, "want K/N"},
		{"4", nil, 0, 0, "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set"},
		{"4", map[string]string{"SLURM_ARRAY_TASK_ID": "4"}, 0, 0, "SLURM_ARRAY_TASK_ID: shard 4 of 4: want 0 to 3 (submit the array as --array=0-3)"},
		{"4", map[string]string{"JOB_COMPLETION_INDEX": "two"}, 0, 0, `JOB_COMPLETION_INDEX: shard number "two"`},
		{"100000", nil, 0, 0, "N from 1 to 10000"},
	} {
		getenv := none
		if c.env != nil {
			getenv = env(c.env)
		}
		k, n, err := ParseShard(c.value, getenv)
		if c.err == "" {
			if err != nil || k != c.k || n != c.n {
				t.Errorf("ParseShard(%q, %v) = %d, %d, %v; want %d, %d", c.value, c.env, k, n, err, c.k, c.n)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("ParseShard(%q, %v): error %v, want one saying %q", c.value, c.env, err, c.err)
		}
	}
}

// fakeSharded registers a fake claim with two Map calls of different sizes (and a cost hint),
// whose results are floats that only round-trip exactly if stored by their bits, and whose
// figure and verdict are computed from all of them.
func fakeSharded(t *testing.T) string {
	const id = "hardware-growth"
	withFake(t, id, func(ctx context.Context, env Env) (claims.Verdict, []*figures.Figure, error) {
		type point struct {
			x    float64
			tags []string
		}
		a, err := sweep.Map(sweep.WithCost(ctx, func(i int) float64 { return float64(i + 1) }), 7, 2, func(_ context.Context, i int) (point, error) {
			return point{x: math.Sqrt(float64(i)+0.1) / 3, tags: []string{fmt.Sprint(i)}}, nil
		}, nil)
		if err != nil {
			return claims.Verdict{}, nil, err
		}
		b, err := sweep.Map(ctx, 5, 2, func(_ context.Context, i int) ([]float64, error) {
			return []float64{math.Exp(float64(i) / 7), math.Copysign(0, -1)}, nil
		}, nil)
		if err != nil {
			return claims.Verdict{}, nil, err
		}
		var xs, ys []float64
		for i, p := range a {
			xs, ys = append(xs, float64(i)), append(ys, p.x)
		}
		for i, r := range b {
			xs, ys = append(xs, float64(len(a)+i)), append(ys, r[0])
		}
		f := figures.New(id, "t", "x", "y")
		f.Line(figures.Series{Name: "s", X: xs, Y: ys}, -1)
		v := goodVerdict()
		v.Measured = ys[len(ys)-1] - ys[0]
		v.Low, v.High = v.Measured, v.Measured
		return v, []*figures.Figure{f}, nil
	})
	return id
}

// shardAll runs every shard of n into dir.
func shardAll(t *testing.T, o Options, n int) {
	t.Helper()
	for k := 0; k < n; k++ {
		if _, err := RunShard(context.Background(), o, k, n, nil); err != nil {
			t.Fatalf("shard %d of %d: %v", k, n, err)
		}
	}
}

func TestFakeClaimShardsMergeExactly(t *testing.T) {
	id := fakeSharded(t)
	dir := t.TempDir()
	single := filepath.Join(dir, "single")
	if _, err := Run(context.Background(), opts(single, id)); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 3, 4, 9} { // 9: more shards than one call's points
		o := opts(filepath.Join(dir, fmt.Sprint("shards", n)), id)
		shardAll(t, o, n)
		merged := filepath.Join(dir, fmt.Sprint("merged", n))
		if _, err := Merge(context.Background(), []string{o.Out}, merged, nil); err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		compareOutputs(t, single, merged, nil)
	}
}

func TestMergeRefusesMissingDuplicatedAndUnfinishedShards(t *testing.T) {
	id := fakeSharded(t)
	dir := t.TempDir()
	o := opts(filepath.Join(dir, "shards"), id)
	shardAll(t, o, 3)
	s0, s1, s2 := ShardDir(o.Out, 0, 3), ShardDir(o.Out, 1, 3), ShardDir(o.Out, 2, 3)
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		dirs []string
		want string
	}{
		{[]string{s0, s2}, "shard 1 of 3 is missing (give its folder, shard-1-of-3, to -merge)"},
		{[]string{s0, s1, s2, s1}, "shard 1 of 3 is given 2 times"},
		{[]string{o.Out, filepath.Join(dir, "nowhere")}, "nowhere"},
		{[]string{dir}, "no shard in it"},
	} {
		_, err := Merge(context.Background(), c.dirs, out, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("merging %v: error %v, want one saying %q", c.dirs, err, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("merging %v wrote %s", c.dirs, out)
		}
	}
	// An unfinished shard: its progress but no manifest.
	os.Rename(filepath.Join(s1, manifestFile), filepath.Join(dir, "m1"))
	_, err := Merge(context.Background(), []string{o.Out}, out, nil)
	if err == nil || !strings.Contains(err.Error(), "the shard has not finished") || !strings.Contains(err.Error(), "shard=1/3") {
		t.Errorf("merging with an unfinished shard: %v", err)
	}
}

// A shard stopped by a signal is unfinished, not finished with failures: no manifest (an
// earlier one removed), progress marked stopped, a StoppedError, and a merge refuses it.
func TestStoppedShardStaysUnfinished(t *testing.T) {
	id := fakeSharded(t)
	dir := t.TempDir()
	o := opts(filepath.Join(dir, "shards"), id)
	shardAll(t, o, 2) // a finished shard 0 first: the stopped rerun must not leave its manifest
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s0, err := RunShard(ctx, o, 0, 2, nil)
	var stopped *StoppedError
	if !errors.As(err, &stopped) {
		t.Fatalf("a stopped shard returned %v, want a StoppedError", err)
	}
	if _, err := os.Stat(filepath.Join(s0, manifestFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stopped shard left a manifest (%v)", err)
	}
	b, _ := os.ReadFile(filepath.Join(s0, progressFile))
	var p ShardProgress
	if err := json.Unmarshal(b, &p); err != nil || p.Finished || !p.Stopped {
		t.Errorf("progress %s (%v): want stopped, not finished", b, err)
	}
	_, err = Merge(context.Background(), []string{o.Out}, filepath.Join(dir, "out"), nil)
	if err == nil || !strings.Contains(err.Error(), "the shard has not finished") || !strings.Contains(err.Error(), "stopped=true") {
		t.Errorf("merging a stopped shard: %v", err)
	}
}

// editManifest rewrites a shard's manifest with edit applied.
func editManifest(t *testing.T, dir string, edit func(m *Manifest)) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(&m)
	if err := writeJSON(filepath.Join(dir, manifestFile), &m); err != nil {
		t.Fatal(err)
	}
}

func TestMergeRefusesShardsMadeDifferently(t *testing.T) {
	id := fakeSharded(t)
	for _, c := range []struct {
		name string
		edit func(m *Manifest)
		want string
	}{
		{"revision", func(m *Manifest) { m.Revision = "0123abc" }, "code revision differs"},
		{"seed", func(m *Manifest) { m.Seed = 7 }, "seed differs"},
		{"scale", func(m *Manifest) { m.Scale = claims.Full }, "scale differs"},
		{"flags", func(m *Manifest) { m.Assumptions.PricePerHour = 1 }, "cost assumptions differ"},
		{"claims", func(m *Manifest) { m.Only = []string{"data-scaling"} }, "claims (-only) differs"},
		{"data", func(m *Manifest) { m.DataFiles = append(m.DataFiles, datasets.Digest("x", []byte("x"))) }, "data files (SHA-256) differs"},
		{"count", func(m *Manifest) { m.Shards = 4 }, "number of shards differs"},
		{"failed", func(m *Manifest) { m.Claims[0].Error = "diverged" }, "could not run " + id},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			o := opts(filepath.Join(dir, "shards"), id)
			shardAll(t, o, 2)
			editManifest(t, ShardDir(o.Out, 1, 2), c.edit)
			out := filepath.Join(dir, "out")
			_, err := Merge(context.Background(), []string{o.Out}, out, nil)
			if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), "differs", "differ"), strings.ReplaceAll(c.want, "differs", "differ")) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a refused merge wrote %s", out)
			}
		})
	}
}

// rewritePoints replaces shard dir's points of id with edit's, and the manifest's digest.
func rewritePoints(t *testing.T, dir, id string, k int, edit func([]sweep.Point) []sweep.Point) {
	t.Helper()
	path := filepath.Join(dir, id+pointsExt)
	var digest string
	editManifest(t, dir, func(m *Manifest) {
		for i, c := range m.Claims {
			if c.ID != id {
				continue
			}
			pts, err := readPoints(path, c.SHA256, k)
			if err != nil {
				t.Fatal(err)
			}
			pts = edit(pts)
			if digest, err = writePoints(path, pts); err != nil {
				t.Fatal(err)
			}
			m.Claims[i].SHA256, m.Claims[i].Points = digest, len(pts)
		}
	})
	if digest == "" {
		t.Fatalf("%s has no points of %s", dir, id)
	}
}

func TestMergeNamesAMissingOrDuplicatedPoint(t *testing.T) {
	id := fakeSharded(t)
	dir := t.TempDir()
	o := opts(filepath.Join(dir, "shards"), id)
	shardAll(t, o, 2)
	good := filepath.Join(dir, "good")
	if _, err := Merge(context.Background(), []string{o.Out}, good, nil); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, good)

	s0, s1 := ShardDir(o.Out, 0, 2), ShardDir(o.Out, 1, 2)
	var dropped sweep.Point
	rewritePoints(t, s1, id, 1, func(p []sweep.Point) []sweep.Point { dropped = p[0]; return p[1:] })
	_, err := Merge(context.Background(), []string{o.Out}, good, nil)
	want := fmt.Sprintf("Map call %d, point %d of", dropped.Call, dropped.Index)
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "shard 1 of 2 should have computed it") {
		t.Errorf("a missing point: error %v, want one naming %q and shard 1", err, want)
	}
	// The good output is untouched by the failed merge.
	if after := readTree(t, good); !equalTrees(before, after, nil) {
		t.Error("a failed merge changed the good output")
	}
	rewritePoints(t, s1, id, 1, func(p []sweep.Point) []sweep.Point { return append(p, dropped) })

	// A point also stored by shard 0.
	rewritePoints(t, s0, id, 0, func(p []sweep.Point) []sweep.Point { return append(p, dropped) })
	_, err = Merge(context.Background(), []string{o.Out}, good, nil)
	want = fmt.Sprintf("Map call %d, point %d: stored by shard", dropped.Call, dropped.Index)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a duplicated point: error %v, want one saying %q", err, want)
	}
	if after := readTree(t, good); !equalTrees(before, after, nil) {
		t.Error("a failed merge changed the good output")
	}

	// A corrupted points file is caught by its digest.
	rewritePoints(t, s0, id, 0, func(p []sweep.Point) []sweep.Point { return p[:len(p)-1] })
	path := filepath.Join(s0, id+pointsExt)
	b, _ := os.ReadFile(path)
	b[len(b)-1] ^= 1
	os.WriteFile(path, b, 0o644)
	if _, err = Merge(context.Background(), []string{o.Out}, good, nil); err == nil || !strings.Contains(err.Error(), "the file changed after the shard finished") {
		t.Errorf("a corrupted points file: %v", err)
	}
}

func TestMergeIsIdempotent(t *testing.T) {
	id := fakeSharded(t)
	dir := t.TempDir()
	o := opts(filepath.Join(dir, "shards"), id)
	shardAll(t, o, 3)
	once, twice := filepath.Join(dir, "once"), filepath.Join(dir, "twice")
	if _, err := Merge(context.Background(), []string{o.Out}, once, nil); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the shards given in any order, twice into the same folder
		if _, err := Merge(context.Background(), []string{ShardDir(o.Out, 2, 3), ShardDir(o.Out, 0, 3), ShardDir(o.Out, 1, 3)}, twice, nil); err != nil {
			t.Fatal(err)
		}
	}
	compareOutputs(t, once, twice, nil)
}

func TestShardRefusesSeedVerdicts(t *testing.T) {
	o := opts(t.TempDir())
	o.SeedVerdicts = 2
	if _, err := RunShard(context.Background(), o, 0, 2, nil); err == nil || !strings.Contains(err.Error(), "cannot be sharded") {
		t.Errorf("got %v", err)
	}
}

// wallClockClaims measure the time their own computations take (linear-algebra-burden times
// matrix products): two single runs differ there too, so their files are not compared.
var wallClockClaims = []string{"linear-algebra-burden"}

// TestShardsMergeToTheSingleRun is issue 19's condition: for the quick tier of every claim,
// N shards merge to the single run's outputs, byte for byte apart from times. By default
// N = 1 and 3 (about 160 CPU seconds); DLRETURNS_SHARD_TEST=all runs N = 1, 2, 3 and 4, and
// DLRETURNS_SHARD_TEST=2,4 the counts listed.
func TestShardsMergeToTheSingleRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the quick tier of every claim several times")
	}
	counts := []int{1, 3}
	switch v := os.Getenv("DLRETURNS_SHARD_TEST"); v {
	case "":
	case "all":
		counts = []int{1, 2, 3, 4}
	default: // a list, e.g. 2,4
		counts = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				t.Fatalf("DLRETURNS_SHARD_TEST=%q: want all or shard counts such as 2,4", v)
			}
			counts = append(counts, n)
		}
	}
	dir := t.TempDir()
	single := filepath.Join(dir, "single")
	if _, err := Run(context.Background(), opts(single)); err != nil {
		t.Fatal(err)
	}
	for _, n := range counts {
		o := opts(filepath.Join(dir, fmt.Sprint("shards", n)))
		shardAll(t, o, n)
		merged := filepath.Join(dir, fmt.Sprint("merged", n))
		if _, err := Merge(context.Background(), []string{o.Out}, merged, nil); err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		t.Logf("%d shards merge to the single run", n)
		compareOutputs(t, single, merged, wallClockClaims)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func equalTrees(a, b map[string][]byte, skip []string) bool {
	if len(a) != len(b) {
		return false
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) && !skipped(name, skip) {
			return false
		}
	}
	return true
}

func skipped(name string, ids []string) bool {
	return slices.ContainsFunc(ids, func(id string) bool { return name == id+filepath.Ext(name) || strings.HasPrefix(name, id+"-") })
}

var (
	runTime    = regexp.MustCompile(`Run time [0-9.]+ s`)
	madeBy     = regexp.MustCompile(`(?m)^<sub>Made by .*$`)
	claimCount = regexp.MustCompile(`(?m)^[0-9]+ claims: .*$`)
)

// compareOutputs checks that two output folders hold the same files, byte for byte, except
// results.json's and REPORT.md's times and provenance, and the files of the claims in skip.
func compareOutputs(t *testing.T, a, b string, skip []string) {
	t.Helper()
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) < 3 {
		t.Fatalf("%s holds %d files: nothing to compare", a, len(ta))
	}
	for name := range ta {
		if _, ok := tb[name]; !ok {
			t.Errorf("%s is missing from %s", name, b)
		}
	}
	for name, y := range tb {
		x, ok := ta[name]
		switch {
		case !ok:
			t.Errorf("%s has %s, which %s has not", b, name, a)
		case skipped(name, skip):
		case name == ResultsFile:
			if ma, mb := maskResults(t, x, skip), maskResults(t, y, skip); ma != mb {
				t.Errorf("%s: results differ apart from times and provenance:\n%s\n%s", name, ma, mb)
			}
		case name == ReportFile:
			ma, mb := maskReport(x, skip), maskReport(y, skip)
			if ma != mb {
				t.Errorf("%s differs apart from times and provenance:\n%s\n---\n%s", name, ma, mb)
			}
		case !bytes.Equal(x, y):
			t.Errorf("%s differs", name)
		}
	}
}

func maskResults(t *testing.T, b []byte, skip []string) string {
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	r.Provenance = nil
	var keep []ClaimResult
	for _, c := range r.Claims {
		c.Seconds = 0
		if !slices.Contains(skip, c.ID) {
			keep = append(keep, c)
		}
	}
	r.Claims = keep
	out, _ := json.MarshalIndent(r, "", " ")
	return string(out)
}

// maskReport blanks REPORT.md's times and provenance, and drops the sections, table rows
// and tally of the claims in skip.
func maskReport(b []byte, skip []string) string {
	s := runTime.ReplaceAllString(string(b), "Run time ? s")
	s = madeBy.ReplaceAllString(s, "(provenance)")
	if len(skip) > 0 {
		s = claimCount.ReplaceAllString(s, "(tally)")
	}
	var keep []string
	for _, sec := range strings.Split(s, "\n## ") {
		if slices.ContainsFunc(skip, func(id string) bool { return strings.HasPrefix(sec, id+"\n") }) {
			continue
		}
		var lines []string
		for _, line := range strings.Split(sec, "\n") {
			if !slices.ContainsFunc(skip, func(id string) bool { return strings.Contains(line, "["+id+"](#"+id+")") }) {
				lines = append(lines, line)
			}
		}
		keep = append(keep, strings.Join(lines, "\n"))
	}
	return strings.Join(keep, "\n## ")
}

// A shard's claim results are computed partly from zeros: they never reach the result cache
// that notebooks read; the merge's, which are the real ones, do.
func TestShardResultsStayOutOfTheResultCache(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	t.Setenv(resultcache.SharedEnv, cache)
	o := opts(filepath.Join(dir, "shards"), "hardware-growth")
	shardAll(t, o, 2)
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Fatalf("the shards wrote %d entries into the result cache", len(entries))
	}
	if _, err := Merge(context.Background(), []string{o.Out}, filepath.Join(dir, "out"), nil); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(cache); len(entries) == 0 {
		t.Error("the merge wrote nothing into the result cache")
	}
}
