package datasets

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// FashionMNISTDir is where Debian's dataset-fashion-mnist package installs the files.
const FashionMNISTDir = "/usr/share/datasets/fashion-mnist"

// FashionMNISTRepoDir is the repository's own copy, relative to the module root.
const FashionMNISTRepoDir = "data/fashion-mnist"

// FashionMNISTSHA256 holds the SHA-256 of each file's decompressed contents. The contents,
// not the .gz bytes, are checked because the published copies differ only in their gzip
// headers: Zalando's originals (github.com/zalandoresearch/fashion-mnist, data/fashion; the
// label files were checked equal here) and Debian's re-compressed package, which
// data/fashion-mnist copies byte for byte (data/fashion-mnist/SHA256SUMS lists both kinds).
var FashionMNISTSHA256 = map[string]string{
	"train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
	"train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
	"t10k-images-idx3-ubyte.gz":  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
	"t10k-labels-idx1-ubyte.gz":  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

// fashionMNISTFiles is FashionMNISTSHA256's keys in a fixed order, for messages.
var fashionMNISTFiles = []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}

// fashionSource is one folder that may hold Fashion-MNIST, and how a user restores it.
type fashionSource struct {
	dir, fix string
}

// FashionMNISTSources lists, in the order they are tried, the folders Fashion-MNIST is read
// from: the folder named by $DLRETURNS_FASHION_MNIST_DIR alone when it is set; otherwise the
// repository's committed copy (data/fashion-mnist, found beside this package's source, so
// Go alone is enough), then Debian's package.
func FashionMNISTSources() []string {
	var dirs []string
	for _, s := range fashionMNISTSources() {
		dirs = append(dirs, s.dir)
	}
	return dirs
}

func fashionMNISTSources() []fashionSource {
	if d := os.Getenv(FashionMNISTDirEnv); d != "" {
		return []fashionSource{{d, fmt.Sprintf("put the four Fashion-MNIST files there, or unset %s to use the repository's copy", FashionMNISTDirEnv)}}
	}
	var out []fashionSource
	if root := moduleRoot(); root != "" {
		out = append(out, fashionSource{filepath.Join(root, FashionMNISTRepoDir), "restore the repository's copy with `git checkout -- " + FashionMNISTRepoDir + "`"})
	}
	return append(out, fashionSource{FashionMNISTDir, "reinstall Debian's package with `sudo apt-get install --reinstall dataset-fashion-mnist`"})
}

// moduleRoot is the folder of this module's source, two levels above this file, or "" when
// the binary was built without source paths (-trimpath).
func moduleRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// findFashionMNIST returns the first source folder that holds all four files, after checking
// every file's contents. A damaged file is an error, not a reason to try the next folder, so
// that a run never silently depends on which copy happened to be intact.
func findFashionMNIST(sources []fashionSource) (string, error) {
	var looked []string
	for _, s := range sources {
		var missing []string
		for _, name := range fashionMNISTFiles {
			if _, err := os.Stat(filepath.Join(s.dir, name)); err != nil {
				missing = append(missing, name)
			}
		}
		if len(missing) == len(fashionMNISTFiles) {
			looked = append(looked, s.dir)
			continue
		}
		if len(missing) > 0 {
			return "", fmt.Errorf("%s lacks %s: %s", s.dir, strings.Join(missing, ", "), s.fix)
		}
		for _, name := range fashionMNISTFiles {
			if err := checkIDXContents(filepath.Join(s.dir, name), FashionMNISTSHA256[name]); err != nil {
				return "", fmt.Errorf("%w: %s", err, s.fix)
			}
		}
		return s.dir, nil
	}
	return "", fmt.Errorf("no Fashion-MNIST files (%s) in %s: restore the repository's copy with `git checkout -- %s`, install Debian's `dataset-fashion-mnist`, or set %s to a folder holding them",
		strings.Join(fashionMNISTFiles, ", "), strings.Join(looked, " or "), FashionMNISTRepoDir, FashionMNISTDirEnv)
}

// errDamaged marks a file whose contents are not the published ones.
var errDamaged = errors.New("damaged or not the published file")

// checkIDXContents decompresses a .gz file and compares the SHA-256 of its contents with want.
func checkIDXContents(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("%s: cannot be read: %w", path, err)
		}
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: not a gzip file (%v): %w", path, err, errDamaged)
	}
	h := sha256.New()
	if _, err := io.Copy(h, zr); err != nil {
		return fmt.Errorf("%s: cannot be decompressed (%v): %w", path, err, errDamaged)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%s: contents have SHA-256 %s, want %s: %w", path, got, want, errDamaged)
	}
	return nil
}
