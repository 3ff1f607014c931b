package figures

import (
	"math"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// supHandler draws text with Unicode superscripts (numfmt writes 3×10⁻⁴ and 10²⁰) by
// drawing each run of superscript characters as ordinary digits, smaller and raised.
// Liberation Sans, the embedded house font, has no glyph for ⁰, ⁹ or ⁻, so drawn as they are
// those characters vanish from PNG and PDF renderings and 10²⁰ reads as 10², 3×10⁻⁴ as
// 3×10⁴. It is gonum/plot's default text handler for every figure (see init in style.go).
// SVG keeps the Unicode characters, which viewers draw from their own fonts; in a PDF the
// exponent's digits are text too, after the base (pdftotext reads 10⁴ as "10 4").
type supHandler struct{ text.Plain }

// fromSuperscript maps each superscript character numfmt writes to the character drawn
// raised in its place.
var fromSuperscript = map[rune]rune{
	'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
	'⁻': '−', // U+2212, which Liberation has
}

// textRun is a piece of a line: plain, or a superscript already mapped to ordinary digits.
type textRun struct {
	text string
	sup  bool
}

// superscriptRuns splits txt into plain and superscript runs; ok is false when it holds no
// superscript.
func superscriptRuns(txt string) (runs []textRun, ok bool) {
	var b strings.Builder
	sup := false
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, textRun{b.String(), sup})
			b.Reset()
		}
	}
	for _, r := range txt {
		plain, isSup := fromSuperscript[r]
		if isSup != sup {
			flush()
			sup = isSup
		}
		if isSup {
			ok = true
			r = plain
		}
		b.WriteRune(r)
	}
	flush()
	return runs, ok
}

// caretPowers writes superscripts as ^digits, for text of several lines.
func caretPowers(txt string) string {
	runs, _ := superscriptRuns(txt)
	var b strings.Builder
	for _, r := range runs {
		if r.sup {
			b.WriteString("^")
		}
		b.WriteString(r.text)
	}
	return b.String()
}

func (h supHandler) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	runs, ok := superscriptRuns(txt)
	if !ok {
		return h.Plain.Box(txt, fnt)
	}
	if strings.Contains(txt, "\n") {
		return h.Plain.Box(caretPowers(txt), fnt)
	}
	small := fnt
	small.Size = fnt.Size * expScale
	var plain strings.Builder
	for _, r := range runs {
		f := fnt
		if r.sup {
			f = small
		} else {
			plain.WriteString(r.text)
		}
		w, _, _ := h.Plain.Box(r.text, f)
		width += w
	}
	_, bh, bd := h.Plain.Box(plain.String()+"0", fnt)
	_, eh, _ := h.Plain.Box("0", small)
	return width, max(bh, eh+fnt.Size*expRaise), bd
}

func (h supHandler) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	runs, ok := superscriptRuns(txt)
	if isSVG(c) {
		ok = false // an SVG viewer draws them from its own fonts; the text stays searchable
	}
	if !ok {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	if strings.Contains(txt, "\n") {
		h.Plain.Draw(c, caretPowers(txt), sty, pt)
		return
	}
	small := sty.Font
	small.Size = sty.Font.Size * expScale
	base, raised := h.Fonts.Lookup(sty.Font, sty.Font.Size), h.Fonts.Lookup(small, small.Size)
	c.SetColor(sty.Color)
	// As text.Plain.Draw does: rotate the canvas and the point, then lay the line out in the
	// rotated frame, aligned by the whole line's box.
	if sty.Rotation != 0 {
		c.Push()
		defer c.Pop()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	sin, cos := vg.Length(sin64), vg.Length(cos64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	w, ht, d := h.Box(txt, sty.Font)
	x := pt.X + vg.Length(sty.XAlign)*w
	y := pt.Y + (ht+d)*vg.Length(sty.YAlign) - base.Extents().Ascent + sty.Font.Size
	for _, r := range runs {
		if r.sup {
			c.FillString(raised, vg.Point{X: x, Y: y + sty.Font.Size*expRaise}, r.text)
			x += raised.Width(r.text)
			continue
		}
		c.FillString(base, vg.Point{X: x, Y: y}, r.text)
		x += base.Width(r.text)
	}
}

// isSVG reports whether c draws into an SVG, through any draw.Canvas wrapping it.
func isSVG(c vg.Canvas) bool {
	for {
		switch x := c.(type) {
		case *vgsvg.Canvas:
			return true
		case draw.Canvas:
			c = x.Canvas
		case *draw.Canvas:
			c = x.Canvas
		default:
			return false
		}
	}
}
