package notebook

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

type countingClaim struct{ runs *int }

type countingConfig struct{ N int }

type countingResult struct {
	Twice   int
	Verdict claims.Verdict
}

func (countingClaim) Info() claims.Info                  { return claims.Info{ID: "counting"} }
func (countingClaim) Config(claims.Scale) countingConfig { return countingConfig{N: 1} }
func (c countingClaim) Run(_ context.Context, cfg countingConfig) (countingResult, error) {
	*c.runs++
	return countingResult{Twice: 2 * cfg.N}, nil
}

func TestRunCachesAndLastReturnsIt(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	runs := 0
	c := countingClaim{&runs}
	r, err := Run(c, countingConfig{N: 3})
	if err != nil || r.Twice != 6 {
		t.Fatalf("got %+v, %v", r, err)
	}
	r, _ = Run(c, countingConfig{N: 3})
	if runs != 1 || r.Twice != 6 {
		t.Errorf("same config ran %d times (want 1 run, then the cache)", runs)
	}
	Run(c, countingConfig{N: 4})
	if runs != 2 {
		t.Errorf("a new config did not run (runs = %d)", runs)
	}
	last, err := Last(c)
	if err != nil || last.Twice != 8 {
		t.Errorf("Last = %+v, %v; want the N=4 result", last, err)
	}
	Run(c, countingConfig{N: 3}) // cached, but becomes the last result again
	if last, _ := Last(c); last.Twice != 6 {
		t.Errorf("Last after a cached run = %+v, want N=3's", last)
	}
}

type neverRun struct{ countingClaim }

func (neverRun) Info() claims.Info { return claims.Info{ID: "never-run"} }

func TestLastWithoutRun(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	if _, err := Last(neverRun{}); err == nil {
		t.Fatal("Last returned a result that was never computed")
	}
}

func TestQuick(t *testing.T) {
	t.Setenv(QuickEnv, "1")
	if !Quick() {
		t.Error("DLRETURNS_QUICK=1 is not quick")
	}
	t.Setenv(QuickEnv, "")
	if Quick() {
		t.Error("empty DLRETURNS_QUICK is quick")
	}
}

func TestQueuedBehind(t *testing.T) {
	failed := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		composed time.Duration // after the failure
		want     bool
	}{
		{"composed right after (queued by Run All)", 50 * time.Millisecond, true},
		{"after a slow goimports", 2 * time.Second, true},
		{"same second, coarse file times", -500 * time.Millisecond, true},
		{"a person re-running it", 10 * time.Second, false},
		{"long before (an old failure)", -time.Hour, false},
		{"long after (an old failure)", time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := queuedBehind(failed, failed.Add(tc.composed)); got != tc.want {
				t.Errorf("queuedBehind(+%s) = %v, want %v", tc.composed, got, tc.want)
			}
		})
	}
}

func TestKnobPositions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		knob  Knob
		index int
		value float64
	}{
		{"linear start", Knob{Min: 0.05, Max: 1, Steps: 95}, 0, 0.05},
		{"linear end", Knob{Min: 0.05, Max: 1, Steps: 95}, 95, 1},
		{"linear middle", Knob{Min: 0, Max: 10, Steps: 10}, 3, 3},
		{"log middle is the geometric mean", Knob{Min: 0.3, Max: 30, Steps: 100, Log: true}, 50, 3},
		{"log end", Knob{Min: 0.3, Max: 30, Steps: 100, Log: true}, 100, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.knob.value(tc.index); math.Abs(got-tc.value) > 1e-9*math.Max(1, tc.value) {
				t.Errorf("value(%d) = %g, want %g", tc.index, got, tc.value)
			}
			if got := tc.knob.index(tc.value); got != tc.index {
				t.Errorf("index(%g) = %d, want %d", tc.value, got, tc.index)
			}
		})
	}
	// Every position of a log slider reads as a short decimal (the flag a cell is rerun with).
	lk := Knob{Min: 0.3, Max: 30, Steps: 100, Log: true}
	for i := 0; i <= lk.steps(); i++ {
		if s := strconv.FormatFloat(lk.value(i), 'g', -1, 64); len(s) > 6 {
			t.Errorf("value(%d) = %s, want at most 4 significant digits", i, s)
		}
		if i > 0 && !(lk.value(i) > lk.value(i-1)) {
			t.Errorf("value(%d) = %g is not above value(%d) = %g", i, lk.value(i), i-1, lk.value(i-1))
		}
	}
	k := Knob{Min: 1, Max: 2, Steps: 4}
	if k.index(-5) != 0 || k.index(9) != 4 {
		t.Errorf("values outside the range are not clamped: %d, %d", k.index(-5), k.index(9))
	}
}

func TestRecomputeCachesWithoutBecomingLast(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	runs := 0
	c := countingClaim{&runs}
	Run(c, countingConfig{N: 1})
	r, err := Recompute(c, countingConfig{N: 5})
	if err != nil || r.Twice != 10 {
		t.Fatalf("Recompute = %+v, %v", r, err)
	}
	Recompute(c, countingConfig{N: 5})
	if runs != 2 {
		t.Errorf("Recompute ran %d times for two configs (want 2: the second call is cached)", runs)
	}
	if last, _ := Last(c); last.Twice != 2 {
		t.Errorf("Last = %+v after Recompute; want Run's N=1 result", last)
	}
}

func TestNoMath(t *testing.T) {
	got := noMath("US$206 billion and US$145 billion")
	if want := `US\$206 billion and US\$145 billion`; got != want {
		t.Errorf("noMath = %q, want %q", got, want)
	}
}

func TestTableHTML(t *testing.T) {
	h := tableHTML([]string{"input", "US$ ×"}, [][]string{{"price <per hour>", "0.50 – 2.00"}})
	for _, want := range []string{"<th", "input", "US$ ×", "price &lt;per hour&gt;", "0.50 – 2.00", "white-space:nowrap", "overflow-x:auto"} {
		if !strings.Contains(h, want) {
			t.Errorf("tableHTML lacks %q:\n%s", want, h)
		}
	}
	if strings.Count(h, "<tr>") != 2 {
		t.Errorf("want a header row and one body row:\n%s", h)
	}
}

// An exported figure says how it was made, as reproduce's do, with the notebook's knobs.
func TestExportedFiguresCarryTheRunsNote(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	t.Setenv(QuickEnv, "1")
	cfg := claims.AlexNetNASNet.Config(claims.Quick)
	cfg.FromDaysLow, cfg.FromDaysHigh = 7, 8
	r, err := Run(claims.AlexNetNASNet, cfg)
	if err != nil {
		t.Fatal(err)
	}
	figs, err := figures.AlexNetNASNet(r)
	if err != nil {
		t.Fatal(err)
	}
	addNotes(figs)
	addNotes(figs) // once only
	want := "quick tier, seed 1, with FromDaysLow=7, FromDaysHigh=8 changed from the tier's preset (go run ./cmd/reproduce -scale quick -seed 1 makes the preset's)."
	for _, f := range figs {
		if n := len(f.Notes); n == 0 || f.Notes[n-1] != want || (n > 1 && f.Notes[n-2] == want) {
			t.Errorf("%s's notes end %q, want %q once", f.Name, f.Notes, want)
		}
	}
	// A figure of a claim not run in this session gets no note rather than a wrong one.
	other := figures.New("hardware-growth", "t", "x", "y")
	addNotes([]*figures.Figure{other})
	if len(other.Notes) != 0 {
		t.Errorf("a claim never run got notes %q", other.Notes)
	}
}
