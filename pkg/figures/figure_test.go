package figures

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUndrawablePointsBecomeNotes(t *testing.T) {
	f := New("guards", "Guards", "n (samples)", "error", LogX(), LogY())
	f.Line(Series{Name: "run", X: []float64{1, 10, 100, 1000, 0}, Y: []float64{0.5, math.NaN(), 0.1, -0.2, 0.3}}, -1)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(f.Notes, "\n")
	for _, want := range []string{"run: 1 point(s) not drawn (NaN or infinite)", "run: 2 point(s) not drawn (zero or negative on a log axis)"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes %q lack %q", joined, want)
		}
	}
	if len(f.Data.Rows) != 2 {
		t.Errorf("data table holds %d rows, want the 2 drawable points", len(f.Data.Rows))
	}
	for _, format := range Formats {
		if _, err := f.Render(format); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

func TestAllPointsUndrawableStillRenders(t *testing.T) {
	f := New("empty", "Nothing to draw", "x", "y", LogY())
	f.Line(Series{Name: "zeros", X: []float64{1, 2}, Y: []float64{0, 0}}, -1)
	if _, err := f.Render("png"); err != nil {
		t.Fatal(err)
	}
}

func TestMismatchedSeriesIsAnError(t *testing.T) {
	f := New("bad", "Bad", "x", "y")
	f.Line(Series{Name: "short", X: []float64{1, 2, 3}, Y: []float64{1, 2}}, -1)
	if err := f.Err(); err == nil || !strings.Contains(err.Error(), "short") {
		t.Fatalf("got %v, want an error naming the series", err)
	}
	if _, err := f.Render("png"); err == nil {
		t.Fatal("rendered a figure with a broken series")
	}
}

func TestBadNameIsAnError(t *testing.T) {
	if err := New("Bad Name/../x", "t", "x", "y").Err(); err == nil {
		t.Fatal("accepted a name with spaces and slashes")
	}
}

func TestSaveWritesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	f := New("demo-curve", "Demo", "x (units)", "y (units)")
	f.Line(Series{Name: "a", X: []float64{1, 2, 3}, Y: []float64{2, 4, 8}, Low: []float64{1, 3, 7}, High: []float64{3, 5, 9}}, -1)
	names, err := Save(dir, f)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"demo-curve.png", "demo-curve.svg", "demo-curve.pdf", "demo-curve.csv"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("wrote %v, want %v", names, want)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "demo-curve.csv"))
	if !strings.HasPrefix(string(csv), "series,x (units),y (units),low,high\na,1,2,1,3\n") {
		t.Errorf("csv starts %q", csv[:min(len(csv), 80)])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("folder holds %d files, want 4 (no temp files left)", len(entries))
	}
}

func TestSaveIsDeterministic(t *testing.T) {
	f := New("same", "Same", "x", "y")
	f.Line(Series{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}}, -1)
	for _, format := range Formats {
		a, _ := f.Render(format)
		b, _ := f.Render(format)
		if string(a) != string(b) {
			t.Errorf("%s renderings differ between two calls", format)
		}
	}
}

func TestSaveToUnwritableFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	f := New("x", "x", "x", "y")
	_, err := Save(filepath.Join(file, "out"), f)
	if err == nil || !strings.Contains(err.Error(), "output folder") {
		t.Fatalf("got %v, want an output-folder error", err)
	}
}

func TestSaveRendersEverythingBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	good := New("good", "g", "x", "y")
	good.Line(Series{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}}, -1)
	bad := New("bad", "b", "x", "y")
	bad.Line(Series{Name: "a", X: []float64{1}, Y: []float64{1, 2}}, -1)
	if _, err := Save(dir, good, bad); err == nil {
		t.Fatal("no error for a broken figure")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed save wrote %d files", len(entries))
	}
}

func TestLogTicks(t *testing.T) {
	ticks := logTicks{}.Ticks(3e3, 2e13)
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if strings.Join(labels, " ") != "10^4 10^6 10^8 10^10 10^12" {
		t.Errorf("major labels %v", labels)
	}
	narrow := logTicks{}.Ticks(0.05, 0.6)
	labels = nil
	for _, tk := range narrow {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if strings.Join(labels, " ") != "0.05 0.1 0.2 0.5" {
		t.Errorf("narrow-range labels %v", labels)
	}
}
