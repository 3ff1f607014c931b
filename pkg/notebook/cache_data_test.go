package notebook

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"

	"github.com/dlreturns/dlreturns/pkg/resultcache"
)

// pixelDir outlives every test: the digests of the files read in it stay in the process's
// record of data read (datasets.FilesRead), which every later cache entry checks.
var pixelDir string

func TestMain(m *testing.M) {
	var err error
	if pixelDir, err = os.MkdirTemp("", "pixel-data-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(pixelDir)
	os.Exit(code)
}

// pixelClaim reads an IDX images/labels pair from the folder in $PIXEL_DIR (not part of its
// Config, as the MNIST folder is not) and returns its first pixel.
type pixelClaim struct{ runs *int }

type pixelConfig struct{ Seed uint64 }

func (pixelClaim) Info() claims.Info               { return claims.Info{ID: "pixel"} }
func (pixelClaim) Config(claims.Scale) pixelConfig { return pixelConfig{Seed: 1} }
func (c pixelClaim) Run(_ context.Context, cfg pixelConfig) (int, error) {
	*c.runs++
	dir := os.Getenv("PIXEL_DIR")
	set, err := datasets.ReadImagePair(filepath.Join(dir, "img.gz"), filepath.Join(dir, "lab.gz"), datasets.ImageShape{Rows: 28, Cols: 28, Classes: 10})
	if err != nil {
		return 0, err
	}
	return int(set.Pixels[0]), nil
}

func writePair(t *testing.T, dir string, pixel byte) {
	t.Helper()
	gz := func(magic uint32, dims []uint32, data []byte) []byte {
		var raw, out bytes.Buffer
		binary.Write(&raw, binary.BigEndian, magic)
		binary.Write(&raw, binary.BigEndian, dims)
		raw.Write(data)
		w := gzip.NewWriter(&out)
		w.Write(raw.Bytes())
		w.Close()
		return out.Bytes()
	}
	img := make([]byte, 784)
	img[0] = pixel
	os.WriteFile(filepath.Join(dir, "img.gz"), gz(0x803, []uint32{1, 28, 28}, img), 0o644)
	os.WriteFile(filepath.Join(dir, "lab.gz"), gz(0x801, []uint32{1}, []byte{3}), 0o644)
}

// Issue 14, case 5: a cached result is not served once the data it was computed from have
// changed (a bad dataset folder replaced by the real one), and the seed is part of the key.
func TestCacheFollowsTheData(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	dir := pixelDir
	t.Setenv("PIXEL_DIR", dir)
	runs := 0
	c := pixelClaim{&runs}
	writePair(t, dir, 7) // the "bad" folder
	if got, err := Run(c, pixelConfig{Seed: 1}); err != nil || got != 7 {
		t.Fatalf("first run: %v, %v", got, err)
	}
	if got, _ := Run(c, pixelConfig{Seed: 1}); got != 7 || runs != 1 {
		t.Fatalf("unchanged data: %d after %d runs, want the cached 7 after 1", got, runs)
	}
	writePair(t, dir, 9) // fixed in place: same names, same sizes
	if got, err := Run(c, pixelConfig{Seed: 1}); err != nil || got != 9 || runs != 2 {
		t.Fatalf("changed data: got %d, %v after %d runs; want a fresh 9", got, err, runs)
	}
	if resultcache.Key("pixel", pixelConfig{Seed: 1}) == resultcache.Key("pixel", pixelConfig{Seed: 2}) {
		t.Error("the seed is not part of the cache key")
	}
	t.Setenv(datasets.MNISTDirEnv, dir)
	if a, b := resultcache.Key("pixel", pixelConfig{Seed: 1}), func() string {
		t.Setenv(datasets.MNISTDirEnv, "/elsewhere")
		return resultcache.Key("pixel", pixelConfig{Seed: 1})
	}(); a == b {
		t.Error("the MNIST folder chosen by the environment is not part of the cache key")
	}
}
