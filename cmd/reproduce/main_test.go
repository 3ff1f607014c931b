package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"runs a claim", []string{"-quick", "-only", "hardware-growth", "-out", dir}, 0, ""},
		{"unknown claim", []string{"-only", "nope", "-out", dir}, 2, "nope (unknown)"},
		{"negative price", []string{"-price-per-hour=-1", "-out", dir}, 2, "price-per-hour"},
		{"utilisation above one", []string{"-utilisation=1.5", "-out", dir}, 2, "utilisation"},
		{"stray argument", []string{"hardware-growth"}, 2, "unexpected arguments"},
		// Issue 14, cases 6 and 8.
		{"-only with no ids", []string{"-only", ",", "-out", dir}, 2, `no claim ids in -only ","`},
		{"price too large for a float", []string{"-price-per-hour", "1e309", "-out", dir}, 2, `invalid value "1e309" for flag -price-per-hour: "1e309" is out of range`},
		{"price out of range", []string{"-price-per-hour", "1e300", "-out", dir}, 2, "-price-per-hour: assumption price-per-hour = 1e+300: must be at most 1e+06"},
		{"zero carbon intensity", []string{"-quick", "-only", "cost-extrapolation", "-kg-co2-per-kwh", "0", "-out", dir}, 0, ""},
		{"help", []string{"-help"}, 0, "Claims: "},
		{"unknown scale", []string{"-scale", "huge", "-out", dir}, 2, `-scale: unknown scale "huge": use quick, full or paper`},
		{"-quick against -scale paper", []string{"-quick", "-scale", "paper", "-out", dir}, 2, "-quick and -scale paper contradict"},
		{"-scale quick", []string{"-scale", "quick", "-only", "hardware-growth", "-out", dir}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, &out, &errb, false)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.stderr)
			}
		})
	}
}

func TestQuietInPipes(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-quick", "-only", "hardware-growth", "-out", t.TempDir()}, &out, &errb, false); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if errb.Len() != 0 || out.Len() != 0 {
		t.Errorf("printed in a pipe without -v: %q %q", out.String(), errb.String())
	}
	errb.Reset()
	run([]string{"-quick", "-only", "hardware-growth", "-out", t.TempDir(), "-v"}, &out, &errb, false)
	if !strings.Contains(errb.String(), "[1/1] hardware-growth:") {
		t.Errorf("-v printed %q", errb.String())
	}
}

func TestAssumptionFlagReachesResults(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-quick", "-only", "hardware-growth", "-out", dir, "-price-per-hour", "1.25"}, &out, &errb, false); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if !strings.Contains(string(b), `"price-per-hour": 1.25`) {
		t.Errorf("results.json does not record the price flag:\n%s", b)
	}
	if !strings.Contains(string(b), `"scale": "quick"`) || !strings.Contains(string(b), `"quick": true`) {
		t.Errorf("results.json does not record the tier:\n%s", b)
	}
}

// Issue 14, case 1: malformed MNIST files (27×29 images) fail the claims that read them with
// an error naming the file, exit 1 (never 2, the code for bad flags, and never a panic), and
// the claims that did run keep their results.
func TestMalformedMNISTFailsOnlyItsClaims(t *testing.T) {
	bad := t.TempDir()
	writeGzipIDX(t, filepath.Join(bad, "train-images-idx3-ubyte.gz"), 0x803, []uint32{4, 27, 29}, make([]byte, 4*27*29))
	writeGzipIDX(t, filepath.Join(bad, "train-labels-idx1-ubyte.gz"), 0x801, []uint32{4}, []byte{1, 2, 3, 4})
	writeGzipIDX(t, filepath.Join(bad, "t10k-images-idx3-ubyte.gz"), 0x803, []uint32{4, 27, 29}, make([]byte, 4*27*29))
	writeGzipIDX(t, filepath.Join(bad, "t10k-labels-idx1-ubyte.gz"), 0x801, []uint32{4}, []byte{1, 2, 3, 4})
	bin := buildReproduce(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "-quick", "-only", "data-scaling,hardware-growth", "-out", dir)
	cmd.Env = append(os.Environ(), "DLRETURNS_MNIST_DIR="+bad)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := filepath.Join(bad, "train-images-idx3-ubyte.gz") + ": images are 27×29 pixels, want 28×28"
	if !strings.Contains(stderr.String(), want) || strings.Contains(stderr.String(), "panic") {
		t.Errorf("stderr %q, want %q and no panic", stderr.String(), want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if !strings.Contains(string(b), `"id": "hardware-growth"`) {
		t.Errorf("the claim that ran lost its result:\n%s", b)
	}
}

func writeGzipIDX(t *testing.T, path string, magic uint32, dims []uint32, data []byte) {
	t.Helper()
	var raw bytes.Buffer
	binary.Write(&raw, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&raw, binary.BigEndian, d)
	}
	raw.Write(data)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(raw.Bytes())
	w.Close()
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Issue 14, provenance: two runs with the same inputs give the same results.json, REPORT.md
// and figures, but for the times.
func TestTwoRunsDifferOnlyInTimes(t *testing.T) {
	var outputs [2]map[string]string
	for i := range outputs {
		t.Chdir(t.TempDir())
		var out, errb bytes.Buffer
		if code := run([]string{"-quick", "-only", "alexnet-nasnet,hardware-growth", "-out", "out"}, &out, &errb, false); code != 0 {
			t.Fatalf("run %d: exit %d: %s", i+1, code, errb.String())
		}
		outputs[i] = map[string]string{}
		entries, _ := os.ReadDir("out")
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join("out", e.Name()))
			outputs[i][e.Name()] = withoutTimes(string(b))
		}
	}
	if len(outputs[0]) < 10 {
		t.Fatalf("only %d files written", len(outputs[0]))
	}
	for name, a := range outputs[0] {
		if b := outputs[1][name]; a != b {
			t.Errorf("%s differs between the runs beyond the times", name)
		}
	}
	if !strings.Contains(outputs[0]["results.json"], `"provenance"`) || !strings.Contains(outputs[0]["results.json"], `"data/hardware_growth.csv"`) {
		t.Errorf("results.json lacks the provenance block:\n%s", outputs[0]["results.json"])
	}
}

var timeFields = regexp.MustCompile(`("seconds": |"started": |"finished": |Run time |, from )[^,\n]*`)

func withoutTimes(s string) string { return timeFields.ReplaceAllString(s, "$1…") }

// Issue 14, case 2: a run that leaves earlier results of other settings in the folder says so
// even in a pipe, and keeps them.
func TestStaleNoteInPipes(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-quick", "-only", "alexnet-nasnet,hardware-growth", "-out", dir}, &out, &errb, false); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-quick", "-only", "hardware-growth", "-seed", "2", "-out", dir}, &out, &errb, false); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "note: results.json keeps 1 earlier result(s)") {
		t.Errorf("stderr %q lacks the note about the stale entry", errb.String())
	}
	b, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if strings.Count(string(b), `"stale": true`) != 1 || !strings.Contains(string(b), `"id": "alexnet-nasnet"`) {
		t.Errorf("results.json should keep alexnet-nasnet, marked stale:\n%.2000s", b)
	}
}
