package progress

import (
	"strings"
	"testing"
	"time"
)

func TestBar(t *testing.T) {
	for _, tc := range []struct {
		fraction float64
		width    int
		want     string
	}{
		{0, 4, "░░░░"},
		{1, 4, "████"},
		{0.5, 4, "██░░"},
		{0.5 + 1.0/16, 4, "██▎░"}, // a quarter cell more: two eighths
		{2, 3, "███"},             // clamped
		{-1, 3, "░░░"},
	} {
		if got := Bar(tc.fraction, tc.width); got != tc.want {
			t.Errorf("Bar(%g, %d) = %q, want %q", tc.fraction, tc.width, got, tc.want)
		}
		if n := len([]rune(Bar(tc.fraction, tc.width))); n != tc.width {
			t.Errorf("Bar(%g, %d) is %d cells wide", tc.fraction, tc.width, n)
		}
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 59 * time.Second: "0:59", 61 * time.Second: "1:01",
		3725 * time.Second: "1:02:05", -time.Second: "0:00",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestTrackerEstimate: a stage that did 10 of 40 steps in 20 s has 60 s left at that rate, and
// the estimate restarts with the next stage.
func TestTrackerEstimate(t *testing.T) {
	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	tr := newTracker("cost", clock)
	if s := tr.Update("training", 0, 40); s.Estimated {
		t.Errorf("estimated before any step finished: %+v", s)
	}
	now = now.Add(20 * time.Second)
	s := tr.Update("training", 10, 40)
	if !s.Estimated || s.Left != 60*time.Second || s.Fraction() != 0.25 {
		t.Errorf("after 10/40 in 20 s: %+v, want 60 s left at fraction 0.25", s)
	}
	now = now.Add(5 * time.Second)
	tr.Update("evaluating", 0, 5)
	now = now.Add(10 * time.Second)
	if s := tr.Update("evaluating", 1, 5); s.Left != 40*time.Second || s.Elapsed != 35*time.Second {
		t.Errorf("second stage: %+v, want 40 s left (its own rate) and 35 s elapsed", s)
	}
	if s := tr.Update("evaluating", 5, 5); !s.Estimated || s.Left != 0 {
		t.Errorf("finished stage: %+v", s)
	}

	// A stage first heard of at 1 of 55 after 11 s of setup: no estimate from that one
	// report (it would say 54 × 11 s), then the rate from it on.
	now = now.Add(11 * time.Second)
	if s := tr.Update("training MLPs", 1, 55); s.Estimated {
		t.Errorf("estimated from a first report that includes the stage's setup: %+v", s)
	}
	now = now.Add(3 * time.Second)
	if s := tr.Update("training MLPs", 7, 55); !s.Estimated || s.Left != 24*time.Second {
		t.Errorf("6 steps in 3 s with 48 to go: %+v, want 24 s left", s)
	}
}

func TestLineAndHTML(t *testing.T) {
	s := State{Label: "cost-of-improvement", Stage: "training <MLPs>", Done: 10, Of: 40,
		Elapsed: 42 * time.Second, Left: 63 * time.Second, Estimated: true}
	line := Line(s)
	for _, want := range []string{"cost-of-improvement", "training <MLPs>", "10/40", "0:42", "~1:03 left", "▕█████░"} {
		if !strings.Contains(line, want) {
			t.Errorf("Line = %q lacks %q", line, want)
		}
	}
	if strings.Contains(line, "\n") {
		t.Errorf("Line has a newline: %q", line)
	}
	h := HTML(s)
	for _, want := range []string{`<progress max="1" value="0.250"`, "training &lt;MLPs&gt; 10/40", "about 1:03 left"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML = %q lacks %q", h, want)
		}
	}
	if l := Line(State{Label: "x", Elapsed: time.Second}); l != "x · 0:01" {
		t.Errorf("Line without a stage = %q", l)
	}
}
