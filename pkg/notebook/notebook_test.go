package notebook

import (
	"context"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

type countingClaim struct{ runs *int }

type countingConfig struct{ N int }

type countingResult struct {
	Twice   int
	Verdict claims.Verdict
}

func (countingClaim) Info() claims.Info                { return claims.Info{ID: "counting"} }
func (countingClaim) Config(quick bool) countingConfig { return countingConfig{N: 1} }
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

func TestNoMath(t *testing.T) {
	got := noMath("US$206 billion and US$145 billion")
	if want := `US\$206 billion and US\$145 billion`; got != want {
		t.Errorf("noMath = %q, want %q", got, want)
	}
}
