package resultcache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

type config struct {
	Seed  uint64
	Sizes []int
}

func TestKeySeparatesSettings(t *testing.T) {
	base := Key("claim", config{Seed: 1, Sizes: []int{1, 2}})
	for name, other := range map[string]string{
		"seed":  Key("claim", config{Seed: 2, Sizes: []int{1, 2}}),
		"sizes": Key("claim", config{Seed: 1, Sizes: []int{1, 3}}),
		"claim": Key("other", config{Seed: 1, Sizes: []int{1, 2}}),
	} {
		if other == base {
			t.Errorf("another %s gives the same key %s", name, base)
		}
	}
	if again := Key("claim", config{Seed: 1, Sizes: []int{1, 2}}); again != base {
		t.Errorf("the same settings give keys %s and %s", base, again)
	}
	t.Setenv(datasets.MNISTDirEnv, t.TempDir())
	if Key("claim", config{Seed: 1, Sizes: []int{1, 2}}) == base {
		t.Errorf("another MNIST folder gives the same key")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "made-on-save")
	in := Entry[[]float64]{Result: []float64{0.1, 1.0 / 3, -2e-300}}
	if err := Save(dir, "k", in); err != nil {
		t.Fatal(err)
	}
	var out Entry[[]float64]
	if err := Load(dir, "k", &out); err != nil {
		t.Fatal(err)
	}
	for i := range in.Result {
		if in.Result[i] != out.Result[i] {
			t.Errorf("value %d: saved %v, loaded %v", i, in.Result[i], out.Result[i])
		}
	}
	if !out.Fresh() {
		t.Error("an entry that read no data is not fresh")
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.gob"), []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Load(dir, "bad", &out); err == nil {
		t.Error("a corrupt entry loaded without error")
	}
	if err := Load(dir, "missing", &out); !os.IsNotExist(err) {
		t.Errorf("a missing entry: %v, want a not-exist error", err)
	}
}
