package notebook

import (
	"context"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/ledger"
	"github.com/dlreturns/dlreturns/pkg/resultcache"
)

// A result that reproduce wrote into the shared cache is what a notebook cell at the same
// settings gets, without training again (notebooks/render.sh relies on it).
func TestNotebookReusesReproduceResults(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	t.Setenv(resultcache.SharedEnv, t.TempDir())
	opts := ledger.Options{Out: t.TempDir(), Scale: claims.Quick, Seed: 1, Only: []string{"hardware-growth"}, Assumptions: costmodel.DefaultAssumptions()}
	if _, err := ledger.Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	cfg := claims.HardwareGrowth.Config(claims.Quick)
	var fromReproduce claims.HardwareGrowthResult
	if err := resultcache.Load(resultcache.SharedDir(), resultcache.Key("hardware-growth", cfg), &resultcache.Entry[claims.HardwareGrowthResult]{Result: fromReproduce}); err != nil {
		t.Fatalf("reproduce left no entry under the notebook's key: %v", err)
	}
	out := captureStdout(t, func() {
		r, err := Run(claims.HardwareGrowth, cfg)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := claims.HardwareGrowth.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r.Verdict, fresh.Verdict) {
			t.Errorf("cached verdict %v, a fresh run's %v", r.Verdict, fresh.Verdict)
		}
	})
	if !strings.Contains(out, "result of go run ./cmd/reproduce") {
		t.Errorf("the notebook ran the claim again: %q", out)
	}
}

func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() { b, _ := io.ReadAll(r); done <- string(b) }()
	defer func() { os.Stdout = old }()
	f()
	w.Close()
	os.Stdout = old
	return <-done
}
