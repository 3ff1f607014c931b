package figures

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// viridis are ten evenly spaced stops of the viridis colour map (S. van der Walt and
// N. Smith, matplotlib 2.0's default, 2015, released CC0; the stops are those of R's
// viridisLite::viridis(10)). It is perceptually uniform, reads in greyscale from dark to
// light, and suits the common forms of colour blindness.
var viridis = []color.RGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x48, 0x28, 0x78, 0xff}, {0x3E, 0x4A, 0x89, 0xff}, {0x31, 0x68, 0x8E, 0xff},
	{0x26, 0x82, 0x8E, 0xff}, {0x1F, 0x9E, 0x89, 0xff}, {0x35, 0xB7, 0x79, 0xff}, {0x6D, 0xCD, 0x59, 0xff},
	{0xB4, 0xDE, 0x2C, 0xff}, {0xFD, 0xE7, 0x25, 0xff},
}

// SequentialColor is the house sequential colour scale (viridis) at t in [0, 1]: dark purple
// at 0, teal in the middle, yellow at 1. Values outside are clamped; NaN is light grey.
func SequentialColor(t float64) color.Color {
	if math.IsNaN(t) {
		return color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	}
	t = math.Max(0, math.Min(1, t)) * float64(len(viridis)-1)
	i := min(int(t), len(viridis)-2)
	u := t - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// HeatMapSpec is the content of a heat map: values on a grid of named columns and rows.
type HeatMapSpec struct {
	XLabel, YLabel string   // axis labels: the quantity and its unit
	X, Y           []string // column names (left to right) and row names (bottom to top)
	// Z[j][i] is the value of row j, column i; NaN cells are drawn grey and marked "–".
	Z [][]float64
	// Lo and Hi are the ends of the colour scale; when equal, the data's range is used.
	Lo, Hi float64
	// Format writes each cell's value (default "%.2f").
	Format string
	// ZLabel names the coloured quantity and its unit, over the colour bar.
	ZLabel string
}

// HeatMap makes a figure of values on a 2-D grid: each cell coloured on the sequential scale
// (SequentialColor) and annotated with its value, with a colour bar on the right. Its Data
// holds one row per cell: row name, column name, value.
func HeatMap(name, title string, s HeatMapSpec, opts ...Option) *Figure {
	f := New(name, title, s.XLabel, s.YLabel, opts...)
	f.Data.Columns = []string{labelOrDefault(s.YLabel, "row"), labelOrDefault(s.XLabel, "column"), labelOrDefault(s.ZLabel, "value")}
	if len(s.X) == 0 || len(s.Y) == 0 {
		f.fail(fmt.Errorf("heat map with %d columns and %d rows", len(s.X), len(s.Y)))
		return f
	}
	if len(s.Z) != len(s.Y) {
		f.fail(fmt.Errorf("heat map: %d rows of values for %d row names", len(s.Z), len(s.Y)))
		return f
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for j, row := range s.Z {
		if len(row) != len(s.X) {
			f.fail(fmt.Errorf("heat map: row %d (%q) has %d values for %d columns", j+1, s.Y[j], len(row), len(s.X)))
			return f
		}
		for i, v := range row {
			if math.IsInf(v, 0) {
				f.fail(fmt.Errorf("heat map: cell (%q, %q) is %v", s.Y[j], s.X[i], v))
				return f
			}
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			f.Data.Rows = append(f.Data.Rows, []string{s.Y[j], s.X[i], formatFloat(v)})
		}
	}
	if s.Lo != s.Hi {
		lo, hi = s.Lo, s.Hi
	}
	if math.IsInf(lo, 0) || !(hi > lo) {
		lo, hi = lo-0.5, lo+0.5 // a single value, or none
		if math.IsInf(lo, 0) {
			lo, hi = 0, 1
		}
	}
	if s.Format == "" {
		s.Format = "%.2f"
	}
	h := &heatMap{spec: s, lo: lo, hi: hi, cellStyle: f.textStyle(noteSize), barStyle: f.textStyle(noteSize)}
	f.Plot.Add(h)
	f.Plot.X.Min, f.Plot.X.Max = -0.5, h.xMax()
	f.Plot.Y.Min, f.Plot.Y.Max = -0.5, float64(len(s.Y))-0.5
	f.Plot.NominalX(s.X...)
	f.Plot.NominalY(s.Y...)
	f.Plot.Y.Padding = 0
	f.Plot.X.Padding = 0
	return f
}

// heatMapBar is the share of the data area's width kept for the colour bar and its labels.
const heatMapBar = 0.18

// heatMap is the plotter of a heat map's cells and colour bar.
type heatMap struct {
	spec                HeatMapSpec
	lo, hi              float64
	cellStyle, barStyle text.Style
}

// xMax extends the x range past the last column to leave room for the colour bar.
func (h *heatMap) xMax() float64 {
	n := float64(len(h.spec.X))
	return -0.5 + n/(1-heatMapBar)
}

func (h *heatMap) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, h.xMax(), -0.5, float64(len(h.spec.Y)) - 0.5
}

func (h *heatMap) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for j, row := range h.spec.Z {
		for i, v := range row {
			x0, x1 := trX(float64(i)-0.5), trX(float64(i)+0.5)
			y0, y1 := trY(float64(j)-0.5), trY(float64(j)+0.5)
			col := SequentialColor((v - h.lo) / (h.hi - h.lo))
			rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
			c.SetColor(col)
			c.Fill(rect.Path())
			c.SetColor(color.White)
			c.SetLineWidth(vg.Points(1))
			c.Stroke(rect.Path())
			label := "–"
			if !math.IsNaN(v) {
				label = fmt.Sprintf(h.spec.Format, v)
			}
			st := h.cellStyle
			st.Color = heatMapInk(col)
			st.XAlign, st.YAlign = draw.XCenter, draw.YCenter
			c.FillText(st, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, label)
		}
	}
	// The colour bar: a column of thin slices from lo (bottom) to hi (top), ticks at five
	// evenly spaced values, the quantity's name above.
	right := trX(float64(len(h.spec.X)) - 0.5)
	bx0 := right + (c.Max.X-right)*0.12
	bx1 := bx0 + vg.Points(11)
	by0, by1 := trY(-0.5), trY(float64(len(h.spec.Y))-0.5)
	label := wrap(h.barStyle, h.spec.ZLabel, c.Max.X-bx0)
	lineH := h.barStyle.Rectangle("Ag").Size().Y * 1.1
	by1 -= lineH*vg.Length(len(label)) + lineH*0.6 // the label, and room for the top tick's text
	const slices = 64
	for k := 0; k < slices; k++ {
		ya := by0 + (by1-by0)*vg.Length(k)/slices
		yb := by0 + (by1-by0)*vg.Length(k+1)/slices
		c.SetColor(SequentialColor((float64(k) + 0.5) / slices))
		c.Fill(vg.Rectangle{Min: vg.Point{X: bx0, Y: ya}, Max: vg.Point{X: bx1, Y: yb + 0.3}}.Path())
	}
	c.SetColor(Grey)
	c.SetLineWidth(vg.Points(0.6))
	c.Stroke(vg.Rectangle{Min: vg.Point{X: bx0, Y: by0}, Max: vg.Point{X: bx1, Y: by1}}.Path())
	st := h.barStyle
	st.YAlign = draw.YCenter
	for k := 0; k <= 4; k++ {
		v := h.lo + (h.hi-h.lo)*float64(k)/4
		y := by0 + (by1-by0)*vg.Length(k)/4
		c.StrokeLine2(draw.LineStyle{Color: Grey, Width: vg.Points(0.6)}, bx1, y, bx1+vg.Points(3), y)
		c.FillText(st, vg.Point{X: bx1 + vg.Points(4), Y: y}, fmt.Sprintf(h.spec.Format, v))
	}
	y := by1 + lineH*vg.Length(len(label)) - lineH*0.2
	for _, line := range label {
		c.FillText(h.barStyle, vg.Point{X: bx0, Y: y}, line)
		y -= lineH
	}
}

// heatMapInk is black or white, whichever reads better on the cell colour (relative
// luminance of the sRGB colour above or below 0.4).
func heatMapInk(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	lum := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
	if lum > 0.4 {
		return color.Black
	}
	return color.White
}
