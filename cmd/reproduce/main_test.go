package main

import (
	"bytes"
	"os"
	"path/filepath"
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
		{"help", []string{"-help"}, 0, "Claims: "},
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
}
