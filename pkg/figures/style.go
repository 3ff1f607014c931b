package figures

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Palette is the Okabe–Ito palette, safe for the common forms of colour blindness
// (M. Okabe and K. Ito, "Color Universal Design", 2008, https://jfly.uni-koeln.de/color/),
// ordered so that the first colours contrast most. Black is kept for references.
var Palette = []color.Color{
	color.RGBA{0x00, 0x72, 0xB2, 0xff}, // blue
	color.RGBA{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	color.RGBA{0x00, 0x9E, 0x73, 0xff}, // bluish green
	color.RGBA{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	color.RGBA{0xE6, 0x9F, 0x00, 0xff}, // orange
	color.RGBA{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	color.RGBA{0xF0, 0xE4, 0x42, 0xff}, // yellow
}

// Grey is used for reference lines (theory, a claimed value) so they read as context.
var Grey = color.RGBA{0x55, 0x55, 0x55, 0xff}

// Color returns the i-th series colour.
func Color(i int) color.Color { return Palette[mod(i, len(Palette))] }

// glyphs give each series a distinct marker, so series stay apart in greyscale print.
var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

// dashes alternate solid and dashed lines once the palette wraps around.
var dashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}}

func glyphStyle(i int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: Color(i), Radius: vg.Points(3), Shape: glyphs[mod(i, len(glyphs))]}
}

func lineStyle(i int) draw.LineStyle {
	return draw.LineStyle{Color: Color(i), Width: vg.Points(1.6), Dashes: dashes[mod(i/len(Palette), len(dashes))]}
}

func referenceStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.Black, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
}

// Sizes of the house style. Only regular weights are used: gonum/plot's PDF backend registers
// each font without its style and then asks for "B" or "I", which fails ("undefined font").
const (
	titleSize = 13.5
	labelSize = 12
	tickSize  = 10.5
	noteSize  = 9
)

// DefaultWidth and DefaultHeight suit a single column of a report (16 × 10 cm).
var (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// DPI of PNG renderings: sharp when printed at DefaultWidth, small enough to view inline.
const DPI = 150

// sans is the house typeface: Liberation Sans (metric-compatible with Arial), embedded in
// gonum/plot, so renderings are identical on every machine.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func init() {
	plot.DefaultFont = sans
	plotter.DefaultFont = sans
	plot.DefaultTextHandler = houseText()
}

func newStyledPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.TextStyle.Font.Variant = sans.Variant
	p.X.Label.TextStyle.Font.Variant = sans.Variant
	p.Y.Label.TextStyle.Font.Variant = sans.Variant
	p.X.Tick.Label.Font.Variant = sans.Variant
	p.Y.Tick.Label.Font.Variant = sans.Variant
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font.Size = tickSize
		a.Padding = vg.Points(2)
	}
	p.X.Label.Padding = vg.Points(4)
	p.Y.Label.Padding = vg.Points(4)
	return p
}

func mod(i, n int) int {
	i %= n
	if i < 0 {
		i += n
	}
	return i
}
