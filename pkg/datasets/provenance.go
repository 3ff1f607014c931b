package datasets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"sort"
	"sync"

	"github.com/dlreturns/dlreturns/data"
)

// FileDigest identifies one data file read: its name (a path on disk, or "data/NAME" for a
// table embedded in the binary), its size and its SHA-256, so that a report can cite exactly
// which bytes a figure came from.
type FileDigest struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Digest returns the digest of b under name.
func Digest(name string, b []byte) FileDigest {
	sum := sha256.Sum256(b)
	return FileDigest{Name: name, Bytes: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
}

var filesRead struct {
	sync.Mutex
	m map[string]FileDigest
}

func recordRead(name string, b []byte) {
	d := Digest(name, b)
	filesRead.Lock()
	defer filesRead.Unlock()
	if filesRead.m == nil {
		filesRead.m = map[string]FileDigest{}
	}
	filesRead.m[name] = d
}

// FilesRead returns the digest of every data file this process has read so far (dataset
// files and embedded tables), sorted by name.
func FilesRead() []FileDigest {
	filesRead.Lock()
	defer filesRead.Unlock()
	out := make([]FileDigest, 0, len(filesRead.m))
	for _, d := range filesRead.m {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Unchanged reports whether the file named by d still has the same content: an embedded
// table's bytes, or a file on disk, hashed again.
func (d FileDigest) Unchanged() bool {
	var b []byte
	var err error
	if name, ok := embeddedName(d.Name); ok {
		b, err = fs.ReadFile(data.FS(), name)
	} else {
		b, err = os.ReadFile(d.Name)
	}
	return err == nil && Digest(d.Name, b) == d
}

const embeddedPrefix = "data/"

func embeddedName(name string) (string, bool) {
	if len(name) > len(embeddedPrefix) && name[:len(embeddedPrefix)] == embeddedPrefix {
		return name[len(embeddedPrefix):], true
	}
	return "", false
}

// openEmbedded reads a table embedded from data/ and records its digest under "data/NAME".
func openEmbedded(name string) (io.Reader, string, error) {
	f, err := data.Open(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, "", err
	}
	recordRead(embeddedPrefix+name, b)
	return bytes.NewReader(b), embeddedPrefix + name, nil
}
