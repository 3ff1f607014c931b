package figures

import (
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// Every character the house handler hands to the font has a glyph in Liberation Sans, for
// the numbers numfmt writes: a missing glyph is drawn as nothing, and 10²⁰ would read 10².
func TestSuperscriptsHaveGlyphs(t *testing.T) {
	f, err := sfnt.Parse(liberationsansregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, x := range []float64{3e-4, 1e20, 1.12155e-18, 9e19, 1e-9, 2.5e30} {
		s := numfmt.Number(x)
		runs, ok := superscriptRuns(s)
		if !ok {
			t.Errorf("%s (%v) has no superscript run", s, x)
		}
		for _, r := range runs {
			for _, c := range r.text {
				if g, err := f.GlyphIndex(&buf, c); err != nil || g == 0 {
					t.Errorf("%s: %q (%U) has no glyph in Liberation Sans", s, c, c)
				}
			}
		}
	}
}

func TestSuperscriptRuns(t *testing.T) {
	runs, ok := superscriptRuns("3×10⁻⁴ FLOPs")
	want := []textRun{{"3×10", false}, {"−4", true}, {" FLOPs", false}}
	if !ok || len(runs) != len(want) {
		t.Fatalf("runs %+v, want %+v", runs, want)
	}
	for i := range want {
		if runs[i] != want[i] {
			t.Errorf("run %d: %+v, want %+v", i, runs[i], want[i])
		}
	}
	if got := caretPowers("10²⁰\nline"); got != "10^20\nline" {
		t.Errorf("caretPowers: %q", got)
	}
}

// A raised exponent is narrower than the same digits at full size, and the box is taller
// than plain text's (the exponent sticks up).
func TestSuperscriptBox(t *testing.T) {
	h := houseText()
	fnt := font.From(sans, vg.Points(10))
	w, ht, _ := h.Box("10²⁰", fnt)
	pw, ph, _ := h.Plain.Box("1020", fnt)
	if !(w < pw && ht > ph) {
		t.Errorf("box of 10²⁰: %v × %v; plain 1020: %v × %v", w, ht, pw, ph)
	}
}
