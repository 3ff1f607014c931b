package figures

import (
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// powerHandler draws tick labels of the form "10^9" as 10 with a raised, smaller exponent.
// Liberation lacks some Unicode superscript digits (⁰, ⁹, ⁻) and gonum's LaTeX handler does
// not typeset superscripts, so the exponent is placed by hand. Other labels are drawn plainly.
type powerHandler struct{ supHandler }

func latexTicks() text.Handler { return powerHandler{houseText()} }

// houseText is the text handler of every figure: plain text with superscripts drawn raised.
func houseText() supHandler { return supHandler{text.Plain{Fonts: font.DefaultCache}} }

const (
	expScale = 0.72 // exponent size relative to the base
	expRaise = 0.42 // exponent baseline raise, in units of the base font size
)

func splitPower(txt string) (base, exp string, ok bool) {
	base, exp, ok = strings.Cut(txt, "^")
	return base, exp, ok && base != "" && exp != ""
}

func (h powerHandler) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	base, exp, ok := splitPower(txt)
	if !ok {
		return h.supHandler.Box(txt, fnt)
	}
	bw, bh, bd := h.Plain.Box(base, fnt)
	small := fnt
	small.Size = fnt.Size * expScale
	ew, eh, _ := h.Plain.Box(exp, small)
	return bw + ew, max(bh, eh+fnt.Size*expRaise), bd
}

func (h powerHandler) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	base, exp, ok := splitPower(txt)
	if !ok || sty.Rotation != 0 {
		h.supHandler.Draw(c, txt, sty, pt)
		return
	}
	w, _, _ := h.Box(txt, sty.Font)
	bw, _, _ := h.Plain.Box(base, sty.Font)
	bsty := sty
	bsty.XAlign = 0
	pt.X += vg.Length(sty.XAlign) * w
	h.Plain.Draw(c, base, bsty, pt)
	esty := bsty
	esty.Font.Size = sty.Font.Size * expScale
	// Align the exponent's baseline with the base's, then raise it.
	baseAscent := h.Plain.Extents(sty.Font).Ascent
	expAscent := h.Plain.Extents(esty.Font).Ascent
	shift := (baseAscent - expAscent) * vg.Length(sty.YAlign)
	h.Plain.Draw(c, exp, esty, vg.Point{X: pt.X + bw, Y: pt.Y + shift + sty.Font.Size*expRaise})
}
