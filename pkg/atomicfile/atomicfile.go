// Package atomicfile writes files so that a reader never sees a half-written one: the bytes go
// to a temporary file in the same folder, flushed to disk, which is renamed over the target
// only when complete, and the folder is flushed so that the rename survives a crash. A failed
// write leaves the previous file intact; a killed one leaves a temporary file that
// RemoveLeftovers deletes.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// tmpMarker is in the name of every temporary file: ".NAME.tmp-RANDOM".
const tmpMarker = ".tmp-"

// Write calls fill with a writer for a temporary file next to path and, if fill, the flush
// to disk and the close succeed, renames it to path and flushes the folder. On any error the
// temporary file is removed and path is left as it was.
func Write(path string, fill func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+tmpMarker+"*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return SyncDir(dir)
}

// WriteBytes writes b to path atomically.
func WriteBytes(path string, b []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(b))
		return err
	})
}

// WriteNew writes b to a new file at path and flushes it to disk; it is for files inside a
// private staging folder, which are renamed into place later.
func WriteNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// SyncDir flushes a folder's entries (new names, renames) to disk. File systems that cannot
// sync a folder (some network and Windows ones) are not an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("flushing folder %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !isUnsupported(err) {
		return fmt.Errorf("flushing folder %s: %w", dir, err)
	}
	return nil
}

func isUnsupported(err error) bool {
	s := err.Error()
	return strings.Contains(s, "not supported") || strings.Contains(s, "invalid argument") || strings.Contains(s, "Access is denied")
}

// RemoveLeftovers deletes, in dir, the temporary files that writes killed before their
// rename left behind (".NAME.tmp-*" and CheckDir's ".write-check-*"), and returns their
// names. Call it only when no other process is writing to dir.
func RemoveLeftovers(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, ".") {
			continue
		}
		if strings.Contains(name, tmpMarker) || strings.HasPrefix(name, ".write-check-") {
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return removed, err
			}
			removed = append(removed, name)
		}
	}
	return removed, nil
}

// CheckDir creates dir if needed and proves it is writable by creating and removing a file in
// it, so that a long run fails at the start rather than at the end.
func CheckDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
