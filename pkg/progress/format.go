package progress

import (
	"fmt"
	"html"
	"strings"
	"time"
)

// Bar draws the fraction as width cells of a text bar, with eighth-cell resolution.
func Bar(fraction float64, width int) string {
	fraction = min(max(fraction, 0), 1)
	eighths := int(fraction*float64(width*8) + 0.5)
	full, part := eighths/8, eighths%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	if full < width {
		if part > 0 {
			b.WriteRune([]rune("▏▎▍▌▋▊▉")[part-1])
			full++
		}
		b.WriteString(strings.Repeat("░", width-full))
	}
	return b.String()
}

// Clock prints a duration as m:ss, or h:mm:ss from an hour.
func Clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 0 {
		s = 0
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Line is the one-line terminal form:
// "label · stage ▕█████░░░░░▏ 12/30 · 0:42 · ~1:03 left".
func Line(s State) string {
	var b strings.Builder
	b.WriteString(s.Label)
	if s.Stage != "" {
		fmt.Fprintf(&b, " · %s ▕%s▏ %d/%d", s.Stage, Bar(s.Fraction(), 20), s.Done, s.Of)
	}
	fmt.Fprintf(&b, " · %s", Clock(s.Elapsed))
	if s.Estimated && s.Done < s.Of {
		fmt.Fprintf(&b, " · ~%s left", Clock(s.Left))
	}
	return b.String()
}

// HTML is the notebook form: a bar and the same words, for gonbui.UpdateHTML.
func HTML(s State) string {
	left := ""
	if s.Estimated && s.Done < s.Of {
		left = " · about " + Clock(s.Left) + " left"
	}
	stage := ""
	if s.Stage != "" {
		stage = fmt.Sprintf(" · %s %d/%d", html.EscapeString(s.Stage), s.Done, s.Of)
	}
	return fmt.Sprintf(`<div class="dlreturns-progress" style="font-family:monospace;font-size:13px;margin:4px 0">`+
		`<progress max="1" value="%.3f" style="width:320px;vertical-align:middle"></progress> `+
		`<span>%s%s · %s%s</span></div>`,
		s.Fraction(), html.EscapeString(s.Label), stage, Clock(s.Elapsed), left)
}
