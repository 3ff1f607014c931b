package ledger

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func opts(dir string, only ...string) Options {
	return Options{Out: dir, Scale: claims.Quick, Seed: 1, Only: only, Assumptions: costmodel.DefaultAssumptions()}
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
	if len(back.Claims) == 1 && back.Claims[0].Precision != "float64" {
		t.Errorf("results.json precision %q, want float64 (a claim that trains no network computes in float64)", back.Claims[0].Precision)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if !strings.Contains(back.Claims[0].Reason, "Series: fastest.") {
		t.Errorf("the default series is not the fastest computers: %s", back.Claims[0].Reason)
	}
	if back.Claims[0].Rule != claims.Rule("hardware-growth") || back.Claims[0].Rule == "" {
		t.Errorf("results.json rule %q is not the claim's rule", back.Claims[0].Rule)
	}
	for _, want := range []string{"## hardware-growth", "![hardware-growth](hardware-growth.png)", "**Verdict: " + back.Claims[0].Verdict, "`-price-per-hour`", claims.Rule("hardware-growth")} {
		if !strings.Contains(string(report), want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
}

func TestHardwareSeriesReachesTheClaim(t *testing.T) {
	o := opts(t.TempDir(), "hardware-growth")
	o.HardwareSeries = "landmarks"
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Claims[0].Reason, "Series: landmarks.") {
		t.Errorf("-hardware-series landmarks did not reach the claim: %s", res.Claims[0].Reason)
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

// Issue 14, case 2: a run with other settings keeps the earlier entries of claims it did not
// run (or could not finish), marked stale in results.json and REPORT.md, with a note that is
// printed even in a pipe; a failing claim never costs another claim its entry.
func TestEarlierResultsKeptAndMarkedStale(t *testing.T) {
	dir := t.TempDir()
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return goodVerdict(), []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	if _, err := Run(context.Background(), opts(dir, "data-scaling", "alexnet-nasnet")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), opts(dir, "hardware-growth")); err != nil {
		t.Fatal(err)
	}
	res, _ := ReadResults(filepath.Join(dir, ResultsFile))
	if len(res.Claims) != 3 || res.Claims[0].ID != "data-scaling" || res.Claims[0].Stale {
		t.Fatalf("want the three claims in CLAIMS.md order, none stale, have %+v", res.Claims)
	}
	// Now another seed and a zero carbon intensity, and data-scaling fails.
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return claims.Verdict{}, nil, errors.New("injected failure")
	})
	o := opts(dir, "data-scaling", "hardware-growth")
	o.Seed = 2
	o.Assumptions.KgCO2PerKWh = 0
	var notes []string
	o.Progress = func(e Event) {
		if e.Message != "" {
			notes = append(notes, e.Message)
		}
	}
	if _, err := Run(context.Background(), o); err == nil {
		t.Fatal("the failing claim's error was lost")
	}
	res, _ = ReadResults(filepath.Join(dir, ResultsFile))
	stale := map[string]bool{}
	for _, c := range res.Claims {
		stale[c.ID] = c.Stale
	}
	if len(res.Claims) != 3 || !stale["data-scaling"] || !stale["alexnet-nasnet"] || stale["hardware-growth"] || res.Seed != 2 {
		t.Fatalf("want all three entries, only hardware-growth fresh at seed 2; have seed %d, stale %v", res.Seed, stale)
	}
	if res.Claims[0].MadeWith.Seed != 1 || len(res.Claims[0].MadeWith.Assumptions) != 0 {
		t.Errorf("the stale entry lost its settings, or holds assumptions its claim does not take: %+v", res.Claims[0].MadeWith)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "keeps 2 earlier result(s)") {
		t.Errorf("notes %q, want one about the 2 stale entries", notes)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	for _, want := range []string{"**2 of these results are stale**", "*(stale)*", "*Stale: made by an earlier run with seed 1, quick mode, not"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}
}

// A claim's result goes stale only when a setting it takes changes: the cost assumptions
// for the claim whose Config has them, -hardware-series for hardware-growth. Entries written
// before made_with was cut down to those (every claim carrying every assumption) follow the
// same rule.
func TestOnlyTheSettingsAClaimTakesMakeItStale(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"data-scaling", "cost-extrapolation", "hardware-growth"} {
		withFake(t, id, func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
			return goodVerdict(), []*figures.Figure{simpleFigure(id)}, nil
		})
	}
	table[order("cost-extrapolation")].takesAssumptions = true
	table[order("hardware-growth")].takesSeries = true
	staleOf := func() map[string]bool {
		t.Helper()
		res, err := ReadResults(filepath.Join(dir, ResultsFile))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, c := range res.Claims {
			m[c.ID] = c.Stale
		}
		return m
	}
	run := func(o Options) {
		t.Helper()
		if _, err := Run(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	run(opts(dir, "data-scaling", "cost-extrapolation", "hardware-growth"))

	price := opts(dir, "cost-extrapolation")
	price.Assumptions.PricePerHour = 1.5
	run(price)
	if s := staleOf(); s["data-scaling"] || s["hardware-growth"] || s["cost-extrapolation"] {
		t.Errorf("after -price-per-hour 1.5 on cost-extrapolation alone, stale %v; want none", s)
	}

	series := opts(dir, "data-scaling")
	series.HardwareSeries = datasets.MachinesLandmarks
	run(series)
	if s := staleOf(); s["data-scaling"] || !s["hardware-growth"] || !s["cost-extrapolation"] {
		t.Errorf("after the default assumptions and -hardware-series landmarks, stale %v; want hardware-growth and cost-extrapolation", s)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	for _, want := range []string{"seed 1, quick mode, -price-per-hour 1.5, not", "seed 1, quick mode, -hardware-series fastest, not"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("REPORT.md lacks %q", want)
		}
	}

	// An entry of the older format: every assumption in every claim's made_with.
	res, _ := ReadResults(filepath.Join(dir, ResultsFile))
	for i := range res.Claims {
		if res.Claims[i].ID == "data-scaling" {
			res.Claims[i].MadeWith.Assumptions = map[string]float64{"price-per-hour": 9}
		}
	}
	b, _ := res.encode()
	os.WriteFile(filepath.Join(dir, ResultsFile), b, 0o644)
	run(opts(dir, "hardware-growth"))
	if s := staleOf(); s["data-scaling"] {
		t.Errorf("an older entry of a claim that takes no assumptions went stale over them: %v", s)
	}
}

// Every figure's note names the tier and seed and the command that remakes it, with the
// flags for settings off their defaults, and lists the knobs no flag can set.
func TestFigureNoteSaysHowToRemakeTheFigure(t *testing.T) {
	cost := claims.CostExtrapolation.Config(claims.Full)
	cost.Assumptions.PricePerHour = 1.5
	series := claims.HardwareGrowth.Config(claims.Quick)
	series.Series = datasets.MachinesLandmarks
	days := claims.AlexNetNASNet.Config(claims.Quick)
	days.FromDaysLow, days.FromDaysHigh = 7, 8
	for _, c := range []struct {
		name        string
		scale       claims.Scale
		cfg, preset any
		want        string
	}{
		{"a preset", claims.Full, claims.AlexNetNASNet.Config(claims.Full), claims.AlexNetNASNet.Config(claims.Full),
			"full tier, seed 1 (go run ./cmd/reproduce -scale full -seed 1)."},
		{"another price", claims.Full, cost, claims.CostExtrapolation.Config(claims.Full),
			"full tier, seed 1 (go run ./cmd/reproduce -scale full -seed 1 -price-per-hour 1.5)."},
		{"another series", claims.Quick, series, claims.HardwareGrowth.Config(claims.Quick),
			"quick tier, seed 1 (go run ./cmd/reproduce -scale quick -seed 1 -hardware-series landmarks)."},
		{"a notebook's knob", claims.Quick, days, claims.AlexNetNASNet.Config(claims.Quick),
			"quick tier, seed 1, with FromDaysLow=7, FromDaysHigh=8 changed from the tier's preset (go run ./cmd/reproduce -scale quick -seed 1 makes the preset's)."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := FigureNote(c.scale, c.cfg, c.preset); got != c.want {
				t.Errorf("note\n%s\nwant\n%s", got, c.want)
			}
		})
	}
	// A claim that trains networks says in which precision.
	ds := claims.DataScaling.Config(claims.Full)
	if got := FigureNote(claims.Full, ds, ds); !strings.HasPrefix(got, "full tier, seed 1, float") {
		t.Errorf("data-scaling's note %q does not name its precision", got)
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
	series := opts(t.TempDir(), "data-scaling")
	series.HardwareSeries = "gpus"
	if _, err := Run(context.Background(), series); err == nil || !strings.Contains(err.Error(), `hardware series "gpus"`) {
		t.Errorf("unknown hardware series: %v", err)
	}
	if ran {
		t.Error("a claim ran despite bad options")
	}
}

func TestSeedVerdictsAreRecordedAndReported(t *testing.T) {
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		return goodVerdict(), []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	i := order("data-scaling")
	var seeds []uint64
	table[i].Replicate = func(_ context.Context, _ Env, seed uint64) (claims.Outcome, error) {
		seeds = append(seeds, seed)
		if seed == 3 {
			return claims.PartlyReproduced, nil
		}
		return claims.Reproduced, nil
	}
	dir := t.TempDir()
	o := opts(dir, "data-scaling")
	o.SeedVerdicts = 3
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seeds) != "[2 3 4]" {
		t.Errorf("single-seed runs used seeds %v, want 2 3 4 (the run's seed is 1)", seeds)
	}
	if got := res.Claims[0].RerunVerdicts; len(got) != 3 || got[1] != "partly reproduced" {
		t.Errorf("rerun verdicts %v", got)
	}
	if e, _ := lookup("random-labels"); e.Replicate == nil {
		t.Error("random-labels trains with seeds but has no single-seed run")
	}
	if e, _ := lookup("hardware-growth"); e.Replicate != nil {
		t.Error("hardware-growth trains nothing but has a single-seed run")
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if want := "*Reruns:* reproduced in 2 of 3 seeds (the verdict flips between seeds), each rerun alone with one seed (seeds 2–4)."; !strings.Contains(string(report), want) {
		t.Errorf("REPORT.md lacks %q", want)
	}
}

// A claim's per-seed outcomes (its rule applied to each seed's measurements alone) reach
// results.json as "seeds" and "seed_verdicts", and REPORT.md as the stability line.
func TestPerSeedOutcomesAreRecordedAndReported(t *testing.T) {
	withFake(t, "data-scaling", func(context.Context, Env) (claims.Verdict, []*figures.Figure, error) {
		v := goodVerdict()
		v.SeedOutcomes = []claims.Outcome{claims.Reproduced, claims.NotReproduced, claims.Reproduced, claims.Reproduced, claims.Reproduced}
		return v, []*figures.Figure{simpleFigure("data-scaling")}, nil
	})
	dir := t.TempDir()
	res, err := Run(context.Background(), opts(dir, "data-scaling"))
	if err != nil {
		t.Fatal(err)
	}
	c := res.Claims[0]
	if c.Seeds != 5 || len(c.SeedVerdicts) != 5 || c.SeedVerdicts[1] != "not reproduced" {
		t.Errorf("seeds %d, seed verdicts %v", c.Seeds, c.SeedVerdicts)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
	if !strings.Contains(string(b), `"seeds": 5`) {
		t.Errorf("results.json lacks the seed count:\n%s", b)
	}
	report, _ := os.ReadFile(filepath.Join(dir, ReportFile))
	if want := "*Stability:* reproduced in 4 of 5 seeds (the verdict flips between seeds), each seed's measurements judged alone by the same rule."; !strings.Contains(string(report), want) {
		t.Errorf("REPORT.md lacks %q", want)
	}
}

// A claim's errors name the claim (for Go and notebook callers); a run names it once.
func TestClaimErrorNamesTheClaimOnce(t *testing.T) {
	for _, c := range []struct{ err, want string }{
		{"data-scaling: MNIST: file.gz: corrupt", "data-scaling: MNIST: file.gz: corrupt"},
		{"MNIST: file.gz: corrupt", "data-scaling: MNIST: file.gz: corrupt"},
		{"data-scaling-ish: x", "data-scaling: data-scaling-ish: x"},
	} {
		if got := (&ClaimError{"data-scaling", errors.New(c.err)}).Error(); got != c.want {
			t.Errorf("ClaimError of %q = %q, want %q", c.err, got, c.want)
		}
	}
}
