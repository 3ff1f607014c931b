package ledger

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func opts(dir string, only ...string) Options {
	return Options{Out: dir, Quick: true, Seed: 1, Only: only, Assumptions: costmodel.DefaultAssumptions()}
}

// withFake temporarily registers a fake claim under a real id (so Select accepts it).
func withFake(t *testing.T, id string, run func(context.Context, Env) (claims.Verdict, []*figures.Figure, error)) {
	t.Helper()
	i := order(id)
	if i == len(table) {
		t.Fatalf("%s is not in the table", id)
	}
	old := table[i]
	table[i] = Entry{Info: claims.Info{ID: id, Title: "fake " + id, Source: "test", Claim: "fake"}, Run: run}
	t.Cleanup(func() { table[i] = old })
}

func goodVerdict() claims.Verdict {
	return claims.Verdict{Metric: "m", Measured: 1, Low: 1, High: 1, Expected: "1", Outcome: claims.Reproduced, Reason: "because"}
}

func simpleFigure(name string) *figures.Figure {
	f := figures.New(name, "t", "x", "y")
	f.Line(figures.Series{Name: "s", X: []float64{1, 2}, Y: []float64{1, 2}}, -1)
	return f
}

func TestRunWritesFiguresResultsAndReport(t *testing.T) {
	dir := t.TempDir()
	res, err := Run(context.Background(), opts(dir, "hardware-growth"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hardware-growth.png", "hardware-growth.svg", "hardware-growth.pdf", "hardware-growth.csv", ResultsFile, ReportFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("missing %s", name)
		}
	}
	back, err := ReadResults(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Claims) != 1 || back.Claims[0].Verdict != string(res.Claims[0].Verdict) || back.Claims[0].Measured != res.Claims[0].Measured {
		t.Errorf("results.json does not round-trip: %+v", back.Claims)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	for _, want := range []string{"## hardware-growth", "![hardware-growth](hardware-growth.png)", "**Verdict: " + back.Claims[0].Verdict, "`-price-per-hour`"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
}

func TestFailingClaimKeepsEarlierOutputs(t *testing.T) {
	dir := t.TempDir()
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return goodVerdict(), []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	if _, err := Run(context.Background(), opts(dir, "data-scaling", "hardware-growth")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "data-scaling.png"))

	// Now the claim diverges: its verdict holds a NaN.
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		v := goodVerdict()
		v.Measured = math.NaN()
		return v, []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	_, err := Run(context.Background(), opts(dir, "data-scaling", "hardware-growth"))
	var ce *ClaimError
	if !errors.As(err, &ce) || ce.ID != "data-scaling" || !strings.Contains(err.Error(), "NaN") {
		t.Fatalf("got %v, want a ClaimError for data-scaling naming the NaN", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "data-scaling.png"))
	if string(before) != string(after) {
		t.Error("the failed claim's earlier figure was overwritten")
	}
	res, _ := ReadResults(filepath.Join(dir, ResultsFile))
	if len(res.Claims) != 2 {
		t.Errorf("results.json holds %d claims, want both (the failed one's earlier entry kept)", len(res.Claims))
	}
}

func TestPanickingClaimIsAnError(t *testing.T) {
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		panic("index out of range")
	})
	_, err := Run(context.Background(), opts(t.TempDir(), "data-scaling", "hardware-growth"))
	if err == nil || !strings.Contains(err.Error(), "panic: index out of range") {
		t.Fatalf("got %v", err)
	}
}

func TestMisnamedFigureIsAnError(t *testing.T) {
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return goodVerdict(), []*figures.Figure{simpleFigure("other-name")}, nil
	})
	_, err := Run(context.Background(), opts(t.TempDir(), "data-scaling"))
	if err == nil || !strings.Contains(err.Error(), "must be named") {
		t.Fatalf("got %v", err)
	}
}

func TestMergeKeepsCompatibleAndDropsOthers(t *testing.T) {
	dir := t.TempDir()
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return goodVerdict(), []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	if _, err := Run(context.Background(), opts(dir, "data-scaling")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), opts(dir, "hardware-growth")); err != nil {
		t.Fatal(err)
	}
	res, _ := ReadResults(filepath.Join(dir, ResultsFile))
	if len(res.Claims) != 2 || res.Claims[0].ID != "data-scaling" {
		t.Fatalf("want both claims in CLAIMS.md order, have %+v", res.Claims)
	}
	o := opts(dir, "hardware-growth")
	o.Seed = 2
	var notes []string
	o.Progress = func(e Event) {
		if e.Message != "" {
			notes = append(notes, e.Message)
		}
	}
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	res, _ = ReadResults(filepath.Join(dir, ResultsFile))
	if len(res.Claims) != 1 || len(notes) != 1 || !strings.Contains(notes[0], "dropped 1") {
		t.Fatalf("a different seed should drop the old entry with a note: %d claims, notes %q", len(res.Claims), notes)
	}
}

func TestBadOptionsFailBeforeRunning(t *testing.T) {
	ran := false
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		ran = true
		return goodVerdict(), []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	bad := opts(filepath.Join(file, "out"), "data-scaling")
	if _, err := Run(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "output folder") {
		t.Errorf("unwritable folder: %v", err)
	}
	neg := opts(t.TempDir(), "data-scaling")
	neg.Assumptions.PricePerHour = -3
	if _, err := Run(context.Background(), neg); err == nil || !strings.Contains(err.Error(), "price-per-hour") {
		t.Errorf("negative price: %v", err)
	}
	if _, err := Run(context.Background(), opts(t.TempDir(), "no-such-claim")); err == nil || !strings.Contains(err.Error(), "no-such-claim (unknown)") {
		t.Errorf("unknown claim: %v", err)
	}
	if ran {
		t.Error("a claim ran despite bad options")
	}
}
