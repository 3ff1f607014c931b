package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

// seededFake registers data-scaling as a fake claim with two figures whose bytes depend on
// the seed, so that files from two runs can be told apart.
func seededFake(t *testing.T) {
	withFake(t, "data-scaling", func(_ context.Context, env Env) (claims.Verdict, []*figures.Figure, error) {
		v := goodVerdict()
		v.Measured = float64(env.Seed)
		v.Low, v.High = v.Measured, v.Measured
		var figs []*figures.Figure
		for _, name := range []string{"data-scaling", "data-scaling-extra"} {
			f := figures.New(name, "t", "x", "y")
			f.Line(figures.Series{Name: "s", X: []float64{1, 2}, Y: []float64{1, float64(env.Seed)}}, -1)
			figs = append(figs, f)
		}
		return v, figs, nil
	})
}

// checkConsistent fails unless every claim's files in dir are the ones its results.json
// entry lists, byte for byte, and nothing is left over from an interrupted commit.
func checkConsistent(t *testing.T, dir string) *Results {
	t.Helper()
	res, err := ReadResults(filepath.Join(dir, ResultsFile))
	if err != nil || res == nil {
		t.Fatalf("results.json: %v", err)
	}
	listed := map[string]bool{ResultsFile: true, ReportFile: true, lockFile: true}
	for _, c := range res.Claims {
		for _, f := range c.Figures {
			listed[f] = true
			b, err := os.ReadFile(filepath.Join(dir, f))
			sum := sha256.Sum256(b)
			if err != nil || hex.EncodeToString(sum[:]) != c.SHA256[f] {
				t.Errorf("%s does not match its entry for %s (%v)", f, c.ID, err)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !listed[e.Name()] {
			t.Errorf("%s in the folder belongs to no entry of results.json", e.Name())
		}
	}
	return res
}

// Issue 14, case 3: a kill at any point of a claim's commit leaves a folder that the next
// start turns into one whose every claim's files come from one run and match results.json;
// a kill before the commit was decided leaves the earlier files; leftover temporary files
// are removed.
func TestKillDuringCommitIsRecovered(t *testing.T) {
	seededFake(t)
	dir := t.TempDir()
	if _, err := Run(context.Background(), opts(dir, "data-scaling", "hardware-growth")); err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, dir)
	const files = 8 // two figures × four formats
	for k := 0; k <= files; k++ {
		seed := uint64(10 + k)
		func() {
			n := 0
			testHookCommit = func(step, _ string) error {
				if step == "rename" && n == k {
					panic("killed")
				}
				if step == "rename" {
					n++
				}
				return nil
			}
			defer func() { testHookCommit = nil; recover() }()
			o := opts(dir, "data-scaling")
			o.Seed = seed
			Run(context.Background(), o)
		}()
		if _, err := recoverDir(dir); err != nil {
			t.Fatal(err)
		}
		res := checkConsistent(t, dir)
		if res.Claims[0].ID != "data-scaling" || res.Claims[0].Measured != float64(seed) {
			t.Errorf("kill before rename %d: the decided commit of seed %d was not finished: %+v", k, seed, res.Claims[0])
		}
	}

	// Killed while staging (before the decision): the earlier files stay, the staging
	// folder and temporary files go.
	before := checkConsistent(t, dir)
	stage := filepath.Join(dir, stagingPrefix+"99-data-scaling")
	os.Mkdir(stage, 0o755)
	os.WriteFile(filepath.Join(stage, "data-scaling.png"), []byte("half a png"), 0o644)
	os.WriteFile(filepath.Join(dir, ".data-scaling.pdf.tmp-123"), []byte("half a pdf"), 0o644)
	notes, err := recoverDir(dir)
	if err != nil || len(notes) != 2 {
		t.Fatalf("recover: %v, notes %q", err, notes)
	}
	after := checkConsistent(t, dir)
	if after.Claims[0].Measured != before.Claims[0].Measured {
		t.Error("an undecided commit changed the results")
	}
}

// Issue 14, case 3: a claim whose files cannot all be written (a full disk) keeps all of its
// earlier files and its entry, not a mix of new and old files.
func TestFailedStagingLeavesEveryEarlierFile(t *testing.T) {
	seededFake(t)
	dir := t.TempDir()
	if _, err := Run(context.Background(), opts(dir, "data-scaling")); err != nil {
		t.Fatal(err)
	}
	want := checkConsistent(t, dir)
	testHookCommit = func(step, name string) error {
		if step == "stage" && name == "data-scaling.pdf" {
			return syscall.ENOSPC
		}
		return nil
	}
	defer func() { testHookCommit = nil }()
	o := opts(dir, "data-scaling")
	o.Seed = 5
	if _, err := Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("got %v, want the full disk's error", err)
	}
	got := checkConsistent(t, dir)
	if got.Claims[0].Measured != want.Claims[0].Measured || got.Seed != want.Seed {
		t.Error("a claim that could not be written changed results.json")
	}
}

// Issue 14, provenance: results.json says which code, toolchain, machine, flags and data
// made it, and REPORT.md ends with a footer saying so.
func TestProvenance(t *testing.T) {
	dir := t.TempDir()
	o := opts(dir, "hardware-growth")
	o.Args = []string{"-quick", "-only", "hardware-growth"}
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	res := checkConsistent(t, dir)
	p := res.Provenance
	if p == nil || p.Go == "" || p.OS == "" || p.GOMAXPROCS < 1 || strings.Join(p.Args, " ") != "-quick -only hardware-growth" || p.Started == "" {
		t.Fatalf("provenance %+v", p)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "data", datasets.HardwareGrowthFile))
	if err != nil {
		t.Fatal(err)
	}
	want := datasets.Digest("data/"+datasets.HardwareGrowthFile, raw)
	found := false
	for _, f := range p.DataFiles {
		found = found || f == want
	}
	if !found {
		t.Errorf("data files %+v lack %+v", p.DataFiles, want)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if !strings.Contains(string(report), "<sub>Made by "+p.Module) || !strings.Contains(string(report), "data/hardware_growth.csv ("+want.SHA256[:12]) {
		t.Errorf("REPORT.md lacks the provenance footer:\n%s", report[len(report)-600:])
	}
}

// A figure a claim no longer draws is removed with its CSV when the claim is committed again,
// so that the folder holds only what results.json lists; other claims' files stay.
func TestRecommitRemovesDroppedFigures(t *testing.T) {
	dir := t.TempDir()
	names := []string{"data-scaling", "data-scaling-extra"}
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		var figs []*figures.Figure
		for _, n := range names {
			figs = append(figs, simpleFigure(n))
		}
		return goodVerdict(), figs, nil
	})
	withFake(t, "random-labels", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return goodVerdict(), []*figures.Figure{simpleFigure("random-labels")}, nil
	})
	if _, err := Run(context.Background(), opts(dir, "data-scaling", "random-labels")); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".png", ".csv"} {
		if _, err := os.Stat(filepath.Join(dir, "data-scaling-extra"+ext)); err != nil {
			t.Fatalf("first run: %v", err)
		}
	}
	names = names[:1]
	if _, err := Run(context.Background(), opts(dir, "data-scaling")); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".png", ".svg", ".pdf", ".csv"} {
		if _, err := os.Stat(filepath.Join(dir, "data-scaling-extra"+ext)); !os.IsNotExist(err) {
			t.Errorf("data-scaling-extra%s survived the figure's removal: %v", ext, err)
		}
		for _, keep := range []string{"data-scaling", "random-labels"} {
			if _, err := os.Stat(filepath.Join(dir, keep+ext)); err != nil {
				t.Errorf("%s%s: %v", keep, ext, err)
			}
		}
	}
}
