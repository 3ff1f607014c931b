package datasets

import (
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoFashion is the repository's committed copy, as the search finds it.
func repoFashion(t *testing.T) fashionSource {
	t.Helper()
	t.Setenv(FashionMNISTDirEnv, "")
	s := fashionMNISTSources()
	if len(s) != 2 || s[0].dir != filepath.Join(moduleRoot(), FashionMNISTRepoDir) || s[1].dir != FashionMNISTDir {
		t.Fatalf("sources %+v: want the repository's copy, then Debian's", s)
	}
	return s[0]
}

func TestFashionMNISTSourcesEnvOverrides(t *testing.T) {
	t.Setenv(FashionMNISTDirEnv, "/somewhere/else")
	if got := FashionMNISTSources(); len(got) != 1 || got[0] != "/somewhere/else" {
		t.Errorf("with %s set, sources %v: want that folder alone", FashionMNISTDirEnv, got)
	}
}

// TestFashionMNISTWithoutSystemCopy reads (and checks) the committed copy with Debian's folder
// replaced by one that does not exist: Go and the repository are enough.
func TestFashionMNISTWithoutSystemCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 30 MB")
	}
	repo := repoFashion(t)
	train, test, err := loadFashionMNIST([]fashionSource{repo, {filepath.Join(t.TempDir(), "none"), "n/a"}})
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || test.N != 10000 || train.Rows != 28 || train.Cols != 28 {
		t.Errorf("got %d + %d images of %d×%d, want 60000 + 10000 of 28×28", train.N, test.N, train.Rows, train.Cols)
	}
	// Each class has 6,000 training images (Xiao, Rasul & Vollgraf 2017, section 2).
	var counts [10]int
	for _, l := range train.Labels {
		counts[l]++
	}
	for c, n := range counts {
		if n != 6000 {
			t.Errorf("class %d has %d training images, want 6000", c, n)
		}
	}
}

func writeGz(t *testing.T, path string, content []byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write(content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFindFashionMNISTErrors(t *testing.T) {
	repo := repoFashion(t)
	empty := t.TempDir()
	partial := t.TempDir()
	writeGz(t, filepath.Join(partial, "train-images-idx3-ubyte.gz"), []byte("x"))
	wrong := t.TempDir()
	for _, name := range fashionMNISTFiles {
		writeGz(t, filepath.Join(wrong, name), []byte("not Fashion-MNIST"))
	}
	// The first file checked is a cut-off gzip stream; the others are never reached.
	truncated := t.TempDir()
	labels, err := os.ReadFile(filepath.Join(repo.dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range fashionMNISTFiles {
		b := []byte("x")
		if name == "train-images-idx3-ubyte.gz" {
			b = labels[:len(labels)/2]
		}
		if err := os.WriteFile(filepath.Join(truncated, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		sources []fashionSource
		want    []string // substrings of the error
		damaged bool
	}{
		{"Debian's absent and no copy", []fashionSource{{empty, "fix"}}, []string{"no Fashion-MNIST files", "train-images-idx3-ubyte.gz", empty, "git checkout -- data/fashion-mnist", "dataset-fashion-mnist", FashionMNISTDirEnv}, false},
		{"a folder with some files", []fashionSource{{partial, "the fix"}, repo}, []string{partial, "lacks", "t10k-labels-idx1-ubyte.gz", "the fix"}, false},
		{"other contents", []fashionSource{{wrong, "the fix"}, repo}, []string{filepath.Join(wrong, "train-images-idx3-ubyte.gz"), "SHA-256", "the fix"}, true},
		{"a truncated file", []fashionSource{{truncated, "the fix"}, repo}, []string{filepath.Join(truncated, "train-images-idx3-ubyte.gz"), "decompressed", "the fix"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := findFashionMNIST(tc.sources)
			if err == nil {
				t.Fatalf("found %s: want an error", dir)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if errors.Is(err, errDamaged) != tc.damaged {
				t.Errorf("error %q: damaged %v, want %v", err, errors.Is(err, errDamaged), tc.damaged)
			}
		})
	}
}

// TestFashionMNISTChecksumsFile keeps data/fashion-mnist/SHA256SUMS, which people check with
// sha256sum, in step with the sums the loader checks, and the committed .gz files with it.
func TestFashionMNISTChecksumsFile(t *testing.T) {
	repo := repoFashion(t)
	b, err := os.ReadFile(filepath.Join(repo.dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && !strings.HasPrefix(line, "#") {
			sums[f[1]] = f[0]
		}
	}
	for _, name := range fashionMNISTFiles {
		if got, want := sums[strings.TrimSuffix(name, ".gz")], FashionMNISTSHA256[name]; got != want {
			t.Errorf("SHA256SUMS has %q for the contents of %s, the loader checks %q", got, name, want)
		}
		gz, err := os.ReadFile(filepath.Join(repo.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(gz)); got != sums[name] {
			t.Errorf("%s has SHA-256 %s, SHA256SUMS says %s", name, got, sums[name])
		}
	}
}
