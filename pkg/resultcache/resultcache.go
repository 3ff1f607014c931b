package resultcache

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// SharedEnv names the folder of the cache that reproduce writes and notebooks read ("": none).
const SharedEnv = "DLRETURNS_RESULT_CACHE"

// SharedDir is the shared cache's folder, or "" when SharedEnv is not set.
func SharedDir() string { return os.Getenv(SharedEnv) }

// Entry is a cached result with the digests of the data files read to compute it.
type Entry[R any] struct {
	Data   []datasets.FileDigest
	Result R
}

// Fresh reports whether every data file the entry was computed from still has the same
// content, so that a result from a bad dataset folder is not served after the folder is
// fixed (or the environment points at another one).
func (e Entry[R]) Fresh() bool {
	for _, f := range e.Data {
		if !f.Unchanged() {
			return false
		}
	}
	return true
}

// Key names a result by claim, configuration (its seed included), the dataset folders chosen
// by the environment and a fingerprint of the library's source, so that editing the code
// (not only the settings) invalidates the cache. The data files' contents are checked when
// the entry is read (Fresh): which files a claim reads is known only after it ran.
func Key(id string, cfg any) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%T\n", id, cfg)
	if v := reflect.ValueOf(cfg); v.Kind() == reflect.Struct {
		if s := v.FieldByName("Seed"); s.IsValid() {
			fmt.Fprintf(h, "seed %v\n", s.Interface())
		}
	}
	for _, env := range []string{datasets.MNISTDirEnv, datasets.FashionMNISTDirEnv} {
		fmt.Fprintf(h, "%s=%s\n", env, os.Getenv(env))
	}
	if b, err := json.Marshal(cfg); err == nil {
		h.Write(b)
	} else {
		fmt.Fprintf(h, "%#v", cfg)
	}
	fmt.Fprintf(h, "\n%s", sourceFingerprint())
	return id + "-" + hex.EncodeToString(h.Sum(nil))[:24]
}

// sourceFingerprint hashes the content of every file a claim's result can depend on: the
// non-test Go files of pkg/ (less the packages that only run, cache or show claims) and the
// files of data/. Contents, not modification times, so that a checkout or merge that leaves
// a file as it was keeps the cache valid.
func sourceFingerprint() string {
	fingerprint.Do(func() { fingerprint.sum = computeFingerprint() })
	return fingerprint.sum
}

var fingerprint struct {
	sync.Once
	sum string
}

// notResults are the packages under pkg/ whose code cannot change a claim's result.
var notResults = map[string]bool{"ledger": true, "notebook": true, "resultcache": true, "progress": true}

func computeFingerprint() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return fmt.Sprint(time.Now().UnixNano()) // unknown source: never reuse
	}
	root := filepath.Join(filepath.Dir(file), "..", "..")
	if _, err := os.Stat(filepath.Join(root, "pkg")); err != nil {
		return fmt.Sprint(time.Now().UnixNano()) // built without source paths: never reuse
	}
	h := sha256.New()
	for _, sub := range []string{"pkg", "data"} {
		filepath.WalkDir(filepath.Join(root, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() {
				if parts := strings.Split(rel, string(filepath.Separator)); len(parts) == 2 && parts[0] == "pkg" && notResults[parts[1]] {
					return filepath.SkipDir
				}
				return nil
			}
			if sub == "pkg" && (!strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go")) {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			fmt.Fprintf(h, "%s %d\n", rel, len(b))
			h.Write(b)
			return nil
		})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Save writes v (gob-encoded) as dir/name.gob, atomically.
func Save(dir, name string, v any) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("result cache: %w", err)
	}
	return atomicfile.Write(filepath.Join(dir, name+".gob"), func(w io.Writer) error {
		return gob.NewEncoder(w).Encode(v)
	})
}

// Load reads dir/name.gob into v.
func Load(dir, name string, v any) error {
	f, err := os.Open(filepath.Join(dir, name+".gob"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := gob.NewDecoder(f).Decode(v); err != nil {
		return errors.Join(fmt.Errorf("cached result %s unreadable", filepath.Join(dir, name+".gob")), err)
	}
	return nil
}
