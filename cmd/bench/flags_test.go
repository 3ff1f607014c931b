package main

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

func TestCheckFlagsNamesTheFlagAndItsRange(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []string
		threads  int
		seconds  float64
		windows  int
		profile  int
		contains string // "" for accepted
	}{
		{"defaults", nil, 2, 2, 5, 0, ""},
		{"every CPU × 4", nil, maxThreads(), 2, 5, 0, ""},
		{"a stray argument", []string{"extra"}, 2, 2, 5, 0, `unexpected argument "extra"`},
		{"no threads", nil, 0, 2, 5, 0, "-threads 0: want 1 to"},
		{"threads past 4 × the CPUs", nil, maxThreads() + 1, 2, 5, 0, fmt.Sprintf("want 1 to %d", maxThreads())},
		{"NaN seconds", nil, 2, math.NaN(), 5, 0, "-seconds NaN"},
		{"infinite seconds", nil, 2, math.Inf(1), 5, 0, "-seconds +Inf"},
		{"a nanosecond", nil, 2, 1e-9, 5, 0, "want 0.05 to 3600"},
		{"no windows", nil, 2, 2, 0, 0, "-windows 0"},
		{"too many windows", nil, 2, 2, maxWindows + 1, 0, "-windows 1001"},
		{"a negative profile", nil, 2, 2, 5, -5, "-torch-profile -5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkFlags(c.args, c.threads, c.seconds, c.windows, c.profile)
			switch {
			case c.contains == "" && err != nil:
				t.Errorf("rejected: %v", err)
			case c.contains != "" && (err == nil || !strings.Contains(err.Error(), c.contains)):
				t.Errorf("error %v, want one containing %q", err, c.contains)
			}
		})
	}
	if maxThreads() != 4*runtime.NumCPU() {
		t.Errorf("maxThreads %d on %d CPUs", maxThreads(), runtime.NumCPU())
	}
}

func TestTailBufferKeepsTheFirstAndLastLines(t *testing.T) {
	var b tailBuffer
	for i := range 30 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	b.Write([]byte("no newline"))
	got := b.String()
	for _, want := range []string{"line 0\n", "line 4\n", "[10 lines]", "line 15\n", "line 29\n", "no newline"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, gone := range []string{"line 5\n", "line 14\n"} {
		if strings.Contains(got, gone) {
			t.Errorf("kept %q, which should have been dropped", gone)
		}
	}
}
