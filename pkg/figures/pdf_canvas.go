package figures

// pdfCanvas draws a figure into a PDF with its text in embedded UTF-8 TrueType fonts.
//
// gonum/plot's own PDF canvas (gonum.org/v1/plot/vg/vgpdf, v0.17.0) embeds every font with the
// cp1252 code page and then writes the figure's UTF-8 bytes as if they were cp1252, so "×"
// prints as "Ã—", "→" as "â†'", and a string grows by one glyph per extra byte (labels ran
// off the page); characters outside cp1252 (→, ², ⁴, ⁹) cannot be encoded at all. This canvas
// is vgpdf's drawing code (BSD-3-Clause, The Gonum Authors) with one change that matters:
// fonts are added with fpdf's AddUTF8FontFromBytes, which embeds a subset of the TrueType
// font with an Identity-H encoding and a ToUnicode map, so every character the figure uses
// is drawn and a PDF reader (or pdftotext) extracts the same text.

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfDPI is PDF's nominal resolution: one unit is one point.
const pdfDPI = 72

type pdfCanvas struct {
	doc       *fpdf.Fpdf
	w, h      vg.Length
	numImages int
	stack     []pdfContext
	fonts     map[font.Font]bool
	err       error
}

type pdfContext struct {
	width vg.Length
}

func newPDFCanvas(w, h vg.Length) *pdfCanvas {
	c := &pdfCanvas{
		doc:   fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w.Points(), Ht: h.Points()}}),
		w:     w,
		h:     h,
		stack: make([]pdfContext, 1),
		fonts: map[font.Font]bool{},
	}
	c.doc.SetMargins(0, 0, 0)
	c.doc.SetAutoPageBreak(false, 0)
	c.doc.AddPage()
	c.Push()
	// PDF's origin is the bottom left, fpdf's the top left: flip once for the whole page.
	c.Translate(vg.Point{X: 0, Y: c.h})
	c.Scale(1, -1)
	vg.Initialize(c)
	return c
}

func (c *pdfCanvas) Size() (w, h vg.Length) { return c.w, c.h }

// DPI tells gonum/plot the canvas resolution (it asks through an interface).
func (c *pdfCanvas) DPI() float64 { return pdfDPI }

func (c *pdfCanvas) context() *pdfContext { return &c.stack[len(c.stack)-1] }

func (c *pdfCanvas) unit(l vg.Length) float64 { return l.Dots(pdfDPI) }

func (c *pdfCanvas) point(p vg.Point) (float64, float64) { return c.unit(p.X), c.unit(p.Y) }

func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	c.context().width = w
	c.doc.SetLineWidth(c.unit(w))
}

func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = c.unit(d)
	}
	c.doc.SetDashPattern(ds, c.unit(offs))
}

func (c *pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	r, g, b, a := clr.RGBA()
	if a == 0 {
		c.doc.SetAlpha(0, "Normal")
		return
	}
	// color.Color is alpha-premultiplied; PDF wants the straight colour and the alpha apart.
	un := func(v uint32) int { return int(math.Round(float64(v) * 255 / float64(a))) }
	c.doc.SetFillColor(un(r), un(g), un(b))
	c.doc.SetDrawColor(un(r), un(g), un(b))
	c.doc.SetTextColor(un(r), un(g), un(b))
	c.doc.SetAlpha(float64(a)/math.MaxUint16, "Normal")
}

func (c *pdfCanvas) Rotate(r float64) { c.doc.TransformRotate(-r*180/math.Pi, 0, 0) }

func (c *pdfCanvas) Translate(pt vg.Point) {
	x, y := c.point(pt)
	c.doc.TransformTranslate(x, y)
}

func (c *pdfCanvas) Scale(x, y float64) { c.doc.TransformScale(x*100, y*100, 0, 0) }

func (c *pdfCanvas) Push() {
	c.stack = append(c.stack, *c.context())
	c.doc.TransformBegin()
}

func (c *pdfCanvas) Pop() {
	c.doc.TransformEnd()
	c.stack = c.stack[:len(c.stack)-1]
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.context().width > 0 {
		c.path(p, "D")
	}
}

func (c *pdfCanvas) Fill(p vg.Path) { c.path(p, "F") }

// fontName is the name a font is registered under: one per typeface, variant, style and
// weight, so that bold or italic text gets its own face instead of fpdf's "undefined font".
func fontName(f font.Font) string {
	return fmt.Sprintf("%s-%s-%d-%d", f.Typeface, f.Variant, f.Style, f.Weight)
}

func (c *pdfCanvas) FillString(fnt font.Face, pt vg.Point, str string) {
	if fnt.Font.Size == 0 || c.err != nil {
		return
	}
	key := fnt.Font
	key.Size = 0
	name := fontName(key)
	if !c.fonts[key] {
		var ttf bytes.Buffer
		if _, err := fnt.Face.WriteSourceTo(nil, &ttf); err != nil {
			c.err = fmt.Errorf("PDF: font %s has no TrueType source to embed: %w", name, err)
			return
		}
		c.doc.AddUTF8FontFromBytes(name, "", ttf.Bytes())
		c.fonts[key] = true
	}
	c.doc.SetFont(name, "", c.unit(fnt.Font.Size))

	c.Push()
	defer c.Pop()
	c.Translate(pt)
	// fpdf places text from the top left; undo the page flip for the glyphs.
	c.Scale(1, -1)
	_, h := c.doc.GetFontSize()
	top := 0.81 * h
	if d := c.doc.GetFontDesc(name, ""); d.Ascent != 0 {
		top = -float64(d.Ascent) * h / float64(d.Ascent-d.Descent)
	}
	w := c.doc.GetStringWidth(str)
	margin := c.doc.GetCellMargin()
	c.doc.MoveTo(-margin, top)
	c.doc.CellFormat(w, h, str, "", 0, "BL", false, 0, "")
}

func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	if c.err != nil {
		return
	}
	opts := fpdf.ImageOptions{ImageType: "png", ReadDpi: true}
	c.numImages++
	name := fmt.Sprintf("image_%03d.png", c.numImages)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		c.err = fmt.Errorf("PDF: encoding an image: %w", err)
		return
	}
	c.doc.RegisterImageOptionsReader(name, opts, &buf)
	x, y := c.point(rect.Min)
	w, h := c.point(rect.Size())
	c.doc.ImageOptions(name, x, y, w, h, false, opts, 0, "")
}

func (c *pdfCanvas) path(p vg.Path, style string) {
	var x0, y0 float64
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			x0, y0 = c.point(comp.Pos)
			c.doc.MoveTo(x0, y0)
		case vg.LineComp:
			c.doc.LineTo(c.point(comp.Pos))
		case vg.ArcComp:
			c.arc(comp)
		case vg.CurveComp:
			px, py := c.point(comp.Pos)
			switch len(comp.Control) {
			case 1:
				cx, cy := c.point(comp.Control[0])
				c.doc.CurveTo(cx, cy, px, py)
			case 2:
				cx, cy := c.point(comp.Control[0])
				dx, dy := c.point(comp.Control[1])
				c.doc.CurveBezierCubicTo(cx, cy, dx, dy, px, py)
			default:
				c.err = fmt.Errorf("PDF: a curve with %d control points", len(comp.Control))
				return
			}
		case vg.CloseComp:
			c.doc.LineTo(x0, y0)
			c.doc.ClosePath()
		default:
			c.err = fmt.Errorf("PDF: unknown path component %d", comp.Type)
			return
		}
	}
	c.doc.DrawPath(style)
}

// arc continues the current path along an arc (fpdf's ArcTo draws the line to its start).
func (c *pdfCanvas) arc(comp vg.PathComp) {
	r := c.unit(comp.Radius)
	const deg = 180 / math.Pi
	beg := comp.Start * deg
	c.doc.ArcTo(c.unit(comp.Pos.X), c.unit(comp.Pos.Y), r, r, 0, beg, beg+comp.Angle*deg)
}

// WriteTo closes the document and writes it; the canvas cannot be drawn on afterwards.
func (c *pdfCanvas) WriteTo(w io.Writer) (int64, error) {
	if c.err != nil {
		return 0, c.err
	}
	c.Pop()
	c.doc.Close()
	cw := &countingWriter{w: w}
	b := bufio.NewWriter(cw)
	if err := c.doc.Output(b); err != nil {
		return cw.n, err
	}
	return cw.n, b.Flush()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.n += int64(n)
	return n, err
}

var _ vg.CanvasWriterTo = (*pdfCanvas)(nil)
