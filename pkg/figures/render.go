package figures

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

func init() {
	// PDFs carry a creation date; pin it so that re-running a claim with the same seed gives
	// byte-identical files and a clean `git diff`.
	fpdf.SetDefaultCreationDate(time.Date(2021, 10, 1, 0, 0, 0, 0, time.UTC))
	fpdf.SetDefaultModificationDate(time.Date(2021, 10, 1, 0, 0, 0, 0, time.UTC))
	fpdf.SetDefaultCatalogSort(true)
}

// Formats lists the renderings Save writes, besides the CSV.
var Formats = []string{"png", "svg", "pdf"}

// Render draws the figure in one of Formats and returns the file's bytes.
func (f *Figure) Render(format string) ([]byte, error) {
	return f.render(format, DPI)
}

// render is Render with the PNG resolution given.
func (f *Figure) render(format string, dpi float64) ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	var c vg.CanvasWriterTo
	h := f.totalHeight()
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.Width, h), vgimg.UseDPI(int(math.Round(dpi))))}
	case "svg":
		c = vgsvg.New(f.Width, h)
	case "pdf":
		// Not vgpdf: see pdf_canvas.go.
		c = newPDFCanvas(f.Width, h)
	default:
		return nil, fmt.Errorf("figure %s: unknown format %q (want one of %v)", f.Name, format, Formats)
	}
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("figure %s: encoding %s: %w", f.Name, format, err)
	}
	if format == "svg" {
		return svgFontFallbacks(b.Bytes()), nil
	}
	return b.Bytes(), nil
}

// svgFontFallbacks keeps an SVG's text where it was laid out on machines without Liberation
// Sans. gonum/plot's SVG canvas names that one typeface (embedding it would add about 0.5 MB to
// every SVG), so a viewer without it substitutes another font, often a wider one, and labels
// and notes ran past the edge. Each <text> gets the width it has in Liberation Sans as its
// textLength, which a viewer honours with any font, and Arial and Helvetica (whose widths
// Liberation Sans copies) are named as fallbacks.
func svgFontFallbacks(svg []byte) []byte {
	svg = svgText.ReplaceAllFunc(svg, func(m []byte) []byte {
		sub := svgText.FindSubmatch(m)
		size, err := strconv.ParseFloat(string(sub[2]), 64)
		if err != nil || len(sub[3]) == 0 {
			return m
		}
		face := font.DefaultCache.Lookup(sans, vg.Points(size))
		w := face.Width(html.UnescapeString(string(sub[3]))).Points()
		return []byte(fmt.Sprintf(`%s textLength="%.4g" lengthAdjust="spacingAndGlyphs">%s</text>`, sub[1], w, sub[3]))
	})
	return bytes.ReplaceAll(svg, []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
}

// svgText matches a <text> element as gonum/plot's SVG canvas writes it: the opening tag up to
// its '>', with the font size in its style, then the escaped text.
var svgText = regexp.MustCompile(`(<text [^>]*font-family:Liberation Sans;[^>]*font-size:([0-9.]+)px[^>]*)>([^<]*)</text>`)

// layout is where the parts of a figure go: the plot keeps the figure's Width × Height and
// the legend and notes are added underneath, so a long legend never squashes the data.
type layout struct {
	pad, width             vg.Length
	noteStyle, legendStyle text.Style
	noteLines              []string
	noteLine               vg.Length
	rows                   [][]int // legend entries by row
	entryW                 []vg.Length
	rowH, thumbW, gap      vg.Length
}

func (f *Figure) layout() layout {
	l := layout{pad: vg.Points(6), thumbW: vg.Points(24), gap: vg.Points(5)}
	l.width = f.Width - 2*l.pad
	l.noteStyle = f.textStyle(noteSize)
	l.noteStyle.Color = Grey
	l.noteLine = l.noteStyle.Rectangle("Ag").Size().Y * 1.3
	for _, n := range f.Notes {
		l.noteLines = append(l.noteLines, wrap(l.noteStyle, n, l.width)...)
	}
	l.legendStyle = f.textStyle(tickSize)
	l.rowH = l.legendStyle.Rectangle("Ag").Size().Y * 1.4
	// Flow the legend entries into rows, like words into lines.
	var rowW vg.Length
	for i, e := range f.legend {
		w := l.thumbW + l.gap + l.legendStyle.Rectangle(e.name).Size().X + 3*l.gap
		l.entryW = append(l.entryW, w)
		if len(l.rows) == 0 || rowW+w > l.width {
			l.rows = append(l.rows, nil)
			rowW = 0
		}
		l.rows[len(l.rows)-1] = append(l.rows[len(l.rows)-1], i)
		rowW += w
	}
	return l
}

func (l layout) legendHeight() vg.Length {
	if len(l.rows) == 0 {
		return 0
	}
	return l.rowH*vg.Length(len(l.rows)) + l.pad
}

func (l layout) notesHeight() vg.Length {
	return l.noteLine * vg.Length(len(l.noteLines))
}

// totalHeight is the canvas height: the plot's Height plus the legend and notes.
func (f *Figure) totalHeight() vg.Length {
	l := f.layout()
	return f.Height + l.legendHeight() + l.notesHeight()
}

// draw renders the figure on c, which must be Width × totalHeight(). gonum/plot panics on
// some inputs it cannot draw; that becomes an error naming the figure.
func (f *Figure) draw(c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("figure %s: cannot draw: %v", f.Name, r)
		}
	}()
	l := f.layout()
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, l.pad, -l.pad, l.pad, -l.pad)
	notesH, legendH := l.notesHeight(), l.legendHeight()

	f.drawPlot(draw.Crop(c, 0, 0, notesH+legendH, 0))

	top := c.Min.Y + notesH + legendH - l.pad/2
	for r, row := range l.rows {
		var rowW vg.Length
		for _, i := range row {
			rowW += l.entryW[i]
		}
		x := c.Min.X + (l.width-rowW)/2
		y := top - l.rowH*vg.Length(r+1)
		for _, i := range row {
			icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: y + l.rowH*0.1},
				Max: vg.Point{X: x + l.thumbW, Y: y + l.rowH*0.9},
			}}
			for _, t := range f.legend[i].thumbs {
				t.Thumbnail(&icon)
			}
			c.FillText(l.legendStyle, vg.Point{X: x + l.thumbW + l.gap, Y: y + l.rowH*0.25}, f.legend[i].name)
			x += l.entryW[i]
		}
	}

	y := c.Min.Y + notesH - l.noteLine
	for _, n := range l.noteLines {
		c.FillText(l.noteStyle, vg.Point{X: c.Min.X, Y: y + l.noteLine*0.25}, n)
		y -= l.noteLine
	}
	return nil
}

// drawPlot draws the plot with its y-axis label placed by hand: gonum/plot centres the label's
// glyph box at the arithmetic midpoint of the axis range, which on a log axis sits near the
// top and pushes the whole data area down.
func (f *Figure) drawPlot(c draw.Canvas) {
	label := f.Plot.Y.Label
	if label.Text == "" {
		f.Plot.Draw(c)
		return
	}
	f.Plot.Y.Label.Text = ""
	defer func() { f.Plot.Y.Label = label }()
	sty := label.TextStyle
	sty.Rotation = math.Pi / 2
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	h := label.TextStyle.Height(label.Text)
	area := draw.Crop(c, h+label.Padding, 0, 0, 0)
	f.Plot.Draw(area)
	data := f.Plot.DataCanvas(area)
	c.FillText(sty, vg.Point{X: c.Min.X, Y: data.Center().Y}, label.Text)
}

func (f *Figure) textStyle(size float64) text.Style {
	st := f.Plot.X.Label.TextStyle
	st.Font = font.From(sans, vg.Points(size))
	st.Color = color.Black
	st.XAlign, st.YAlign = draw.XLeft, draw.YBottom
	st.Rotation = 0
	return st
}

// wrap breaks s into lines no wider than width in style st.
func wrap(st text.Style, s string, width vg.Length) []string {
	words := strings.Fields(s)
	var lines []string
	line := ""
	for _, w := range words {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && st.Rectangle(try).Size().X > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
