package figures

import (
	"bytes"
	"encoding/xml"
	"os/exec"
	"strings"
	"testing"
)

// pdfText extracts a PDF's text in content order with pdftotext (poppler-utils), the way a
// reader copying from the figure or a search engine indexing it sees it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils; .ci/run does): cannot read the PDF's text")
	}
	cmd := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// figureLabels is the text a figure draws in words: title, axis labels, legend and notes.
func figureLabels(f *Figure) []string {
	labels := []string{f.Plot.Title.Text, f.Plot.X.Label.Text, f.Plot.Y.Label.Text}
	for _, e := range f.legend {
		labels = append(labels, e.name)
	}
	labels = append(labels, f.Notes...)
	return labels
}

// oneLine collapses every run of white space to a single space, so that a note wrapped over
// lines still matches.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkPDFText renders the figure as PDF and checks that each of its labels, and each piece of
// text its SVG draws, is in the text pdftotext extracts, character for character.
func checkPDFText(t *testing.T, f *Figure) {
	t.Helper()
	b, err := f.Render("pdf")
	if err != nil {
		t.Fatal(err)
	}
	text := oneLine(pdfText(t, b))
	for _, l := range figureLabels(f) {
		// Superscripts are drawn as raised digits (supHandler), which pdftotext reads as
		// digits, sometimes after a space.
		if l = oneLine(l); l != "" && !strings.Contains(text, l) && !strings.Contains(strings.Join(strings.Fields(text), ""), strings.Join(strings.Fields(raisedAsDigits(l)), "")) {
			t.Errorf("figure %s: the PDF's text lacks %q\nextracted: %s", f.Name, l, text)
		}
	}
	// Every piece of text the SVG draws (tick labels and annotations too) is in the PDF.
	svg, err := f.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	squeezed := strings.Join(strings.Fields(text), "")
	for _, piece := range svgTexts(svg) {
		// Superscripts are drawn as raised digits in the PDF (supHandler): compare digits.
		if p := oneLine(piece); p != "" && !strings.Contains(text, p) && !strings.Contains(squeezed, strings.Join(strings.Fields(raisedAsDigits(p)), "")) {
			t.Errorf("figure %s: the PDF's text lacks the SVG's %q", f.Name, p)
		}
	}
	for _, bad := range []string{"Ã", "â€", "\uFFFD"} {
		if strings.Contains(text, bad) && !strings.Contains(strings.Join(figureLabels(f), " "), bad) {
			t.Errorf("figure %s: the PDF's text has mojibake %q: %s", f.Name, bad, text)
		}
	}
}

// nonASCIIFigure uses every non-ASCII character the committed figures use.
func nonASCIIFigure() *Figure {
	f := New("non-ascii", "AlexNet → NASNet-A: ×1095 (1004–1205)", "k² and k⁴ (10⁹ FLOP)", "cost (€, US$)")
	f.Line(Series{Name: "measured – fit ≈ 2×10¹¹", X: []float64{1, 2, 3}, Y: []float64{1, 4, 9}}, 0)
	f.Note("Notes wrap: 1954–2022, 10⁴ × 10⁹ = 10¹³, ±5%%, µs, naïve, “quoted”, ‘single’ and … an ellipsis, plus a long tail of plain words to force the note onto a second line of small type.")
	return f
}

func TestPDFTextMatchesLabels(t *testing.T) {
	checkPDFText(t, nonASCIIFigure())
}

// TestPDFByteIdentical renders the same figure repeatedly: the font subset, the dates and the
// object order must not vary, so that re-exporting leaves `git diff` clean.
func TestPDFByteIdentical(t *testing.T) {
	first, err := nonASCIIFigure().Render("pdf")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		b, err := nonASCIIFigure().Render("pdf")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, first) {
			t.Fatalf("rendering %d differs from the first (%d vs %d bytes)", i+2, len(b), len(first))
		}
	}
	if !bytes.Contains(first, []byte("/CreationDate (D:20211001")) {
		t.Errorf("the PDF's creation date is not the pinned one")
	}
}

// TestSVGTextMatchesLabels checks the SVG carries the labels as UTF-8 text (gonum/plot's SVG
// canvas escapes XML but keeps every character) and names fallback typefaces.
func TestSVGTextMatchesLabels(t *testing.T) {
	f := nonASCIIFigure()
	b, err := f.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(b)
	all := oneLine(strings.Join(texts, " "))
	for _, l := range figureLabels(f) {
		if l = oneLine(l); !strings.Contains(all, l) {
			t.Errorf("the SVG's text lacks %q\ntext: %s", l, all)
		}
	}
	if !bytes.Contains(b, []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")) || bytes.Contains(b, []byte("font-family:Liberation Sans;")) {
		t.Errorf("the SVG does not name Arial and Helvetica as fallbacks for Liberation Sans")
	}
}

// TestSVGTextLength checks every SVG text carries the width it was laid out with, so that a
// viewer with another font keeps it in place.
func TestSVGTextLength(t *testing.T) {
	b, err := nonASCIIFigure().Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	texts := bytes.Count(b, []byte("<text "))
	sized := bytes.Count(b, []byte(`lengthAdjust="spacingAndGlyphs"`))
	if texts == 0 || sized != texts {
		t.Errorf("%d of %d <text> elements carry a textLength", sized, texts)
	}
	if !bytes.Contains(b, []byte(`textLength="`)) {
		t.Errorf("no textLength attribute")
	}
}

// svgTexts returns the contents of every <text> element of an SVG, unescaped.
func svgTexts(svg []byte) []string {
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return texts
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
}

// raisedAsDigits is s with its superscripts written as the digits supHandler draws raised.
func raisedAsDigits(s string) string {
	runs, _ := superscriptRuns(s)
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.text)
	}
	return b.String()
}
