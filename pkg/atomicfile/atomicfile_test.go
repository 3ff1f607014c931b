package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteBytes(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "second" {
		t.Fatalf("got %q, want %q", got, "second")
	}
	assertOnlyFiles(t, dir, "out.txt")
}

func TestFailedWriteLeavesPreviousFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteBytes(path, []byte("keep me")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a fi")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the fill error", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "keep me" {
		t.Fatalf("previous content lost: %q", got)
	}
	assertOnlyFiles(t, dir, "out.txt")
}

func TestCheckDirRejectsUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores permission bits; use a path under a regular file instead.
		dir := t.TempDir()
		file := filepath.Join(dir, "file")
		os.WriteFile(file, nil, 0o644)
		if err := CheckDir(filepath.Join(file, "sub")); err == nil {
			t.Fatal("CheckDir under a regular file succeeded")
		}
		return
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if err := CheckDir(dir); err == nil {
		t.Fatal("CheckDir on a read-only folder succeeded")
	}
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("folder holds %v, want %v", names, want)
	}
}

// Issue 14, case 3: the temporary files of a killed write are found and removed, and only
// they: the outputs and other hidden files stay.
func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.png", ".a.png.tmp-123", ".results.json.tmp-9", ".write-check-77", ".keep", "b.csv"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
	removed, err := RemoveLeftovers(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 3 {
		t.Errorf("removed %v, want the three temporary files", removed)
	}
	assertOnlyFiles(t, dir, ".keep", "a.png", "b.csv")
}
