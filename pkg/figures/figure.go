package figures

import (
	"fmt"
	"image/color"
	"math"
	"regexp"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is one exported figure: a plot, its legend, notes and the data drawn.
type Figure struct {
	// Name is the file stem: the claim id, or "<claim id>-<suffix>" for a claim's further figures.
	Name string
	// Plot is the gonum plot. Add series through the Figure's methods so they are checked,
	// styled, put in the legend and recorded in Data.
	Plot *plot.Plot
	// Notes are printed in small type under the plot.
	Notes []string
	// Data is the table of values drawn, exported as CSV.
	Data Table
	// Width and Height of the plot; the legend and notes are added below it.
	Width, Height vg.Length

	legend     []legendEntry // drawn under the plot, outside the data area
	logX, logY bool
	series     int
	err        error
}

// Option configures a new Figure.
type Option func(*Figure)

// LogX puts the x axis on a log scale with powers-of-ten ticks.
func LogX() Option {
	return func(f *Figure) {
		f.logX = true
		f.Plot.X.Scale = plot.LogScale{}
		f.Plot.X.Tick.Marker = logTicks{}
		f.Plot.X.Tick.Label.Handler = latexTicks()
	}
}

// LogY puts the y axis on a log scale with powers-of-ten ticks.
func LogY() Option {
	return func(f *Figure) {
		f.logY = true
		f.Plot.Y.Scale = plot.LogScale{}
		f.Plot.Y.Tick.Marker = logTicks{}
		f.Plot.Y.Tick.Label.Handler = latexTicks()
	}
}

// Size sets the rendering size.
func Size(w, h vg.Length) Option {
	return func(f *Figure) { f.Width, f.Height = w, h }
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

// New starts a figure. The axis labels should name the quantity and its unit,
// e.g. "training compute (FLOP)".
func New(name, title, xLabel, yLabel string, opts ...Option) *Figure {
	f := &Figure{
		Name:   name,
		Plot:   newStyledPlot(title, xLabel, yLabel),
		Width:  DefaultWidth,
		Height: DefaultHeight,
	}
	if !namePattern.MatchString(name) {
		f.fail(fmt.Errorf("figure name %q: want lower-case letters, digits, dots and dashes", name))
	}
	f.Data.Columns = []string{"series", labelOrDefault(xLabel, "x"), labelOrDefault(yLabel, "y"), "low", "high"}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Err reports the first error met while building the figure (a bad name, mismatched series
// lengths). Rendering and saving also return it.
func (f *Figure) Err() error { return f.err }

func (f *Figure) fail(err error) {
	if f.err == nil {
		f.err = fmt.Errorf("figure %s: %w", f.Name, err)
	}
}

// AddLegend adds an entry to the legend, for plotters added to Plot directly.
func (f *Figure) AddLegend(name string, thumbs ...plot.Thumbnailer) {
	f.legend = append(f.legend, legendEntry{name, thumbs})
}

type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// Note adds a line of small text under the plot.
func (f *Figure) Note(format string, args ...any) {
	f.Notes = append(f.Notes, fmt.Sprintf(format, args...))
}

// Series is a named sequence of points, with an optional band (Low, High) around Y.
type Series struct {
	Name      string
	X, Y      []float64
	Low, High []float64
	// Dashed draws the line dashed whatever its style index (e.g. to set apart a shallow
	// net from a deep one drawn in the same colour).
	Dashed bool
}

// NextStyle returns the style index the next series will get by default.
func (f *Figure) NextStyle() int { return f.series }

// Line draws s as a line with markers, with a shaded band when s has Low and High.
// style picks colour, marker and dash; pass -1 for the next in turn.
func (f *Figure) Line(s Series, style int) {
	f.add(s, style, true, true)
}

// Scatter draws s as markers only (with error bars when s has Low and High).
func (f *Figure) Scatter(s Series, style int) {
	f.add(s, style, false, true)
}

// Curve draws s as a line without markers (dense curves, fits).
func (f *Figure) Curve(s Series, style int) {
	f.add(s, style, true, false)
}

// Reference draws a grey dashed line: a theory curve or a value claimed by an article.
func (f *Figure) Reference(name string, x, y []float64) {
	pts, ok := f.clean(Series{Name: name, X: x, Y: y})
	if !ok || len(pts.xy) == 0 {
		return
	}
	l, err := plotter.NewLine(pts.xy)
	if err != nil {
		f.fail(err)
		return
	}
	l.LineStyle = referenceStyle()
	f.Plot.Add(l)
	if name != "" {
		f.AddLegend(name, l)
	}
	f.record(name, pts)
}

// HLine draws a horizontal grey dashed reference at y across the x range [x0, x1].
func (f *Figure) HLine(name string, y, x0, x1 float64) {
	f.Reference(name, []float64{x0, x1}, []float64{y, y})
}

// VLine draws a vertical grey dashed reference at x across the y range [y0, y1].
func (f *Figure) VLine(name string, x, y0, y1 float64) {
	f.Reference(name, []float64{x, x}, []float64{y0, y1})
}

// Label writes text at a data point (for example the name of a machine or model).
func (f *Figure) Label(x, y float64, text string, style int) {
	if !f.drawable(x, y) {
		return
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{text}})
	if err != nil {
		f.fail(err)
		return
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = noteSize
		l.TextStyle[i].Color = color.Black
		if style >= 0 {
			l.TextStyle[i].Color = Color(style)
		}
		l.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
	}
	f.Plot.Add(l)
}

type cleaned struct {
	xy       plotter.XYs
	low, hig []float64
}

// clean checks lengths and drops points that cannot be drawn, noting how many and why.
func (f *Figure) clean(s Series) (cleaned, bool) {
	if len(s.X) != len(s.Y) {
		f.fail(fmt.Errorf("series %q: %d x values but %d y values", s.Name, len(s.X), len(s.Y)))
		return cleaned{}, false
	}
	band := s.Low != nil || s.High != nil
	if band && (len(s.Low) != len(s.Y) || len(s.High) != len(s.Y)) {
		f.fail(fmt.Errorf("series %q: band has %d low and %d high values for %d points", s.Name, len(s.Low), len(s.High), len(s.Y)))
		return cleaned{}, false
	}
	var c cleaned
	var nonFinite, nonPositive int
	for i := range s.X {
		x, y := s.X[i], s.Y[i]
		lo, hi := y, y
		if band {
			lo, hi = s.Low[i], s.High[i]
		}
		switch {
		case !finite(x) || !finite(y) || !finite(lo) || !finite(hi):
			nonFinite++
			continue
		case (f.logX && x <= 0) || (f.logY && (y <= 0 || lo <= 0)):
			nonPositive++
			continue
		}
		c.xy = append(c.xy, plotter.XY{X: x, Y: y})
		if band {
			c.low = append(c.low, lo)
			c.hig = append(c.hig, hi)
		}
	}
	name := s.Name
	if name == "" {
		name = "unnamed series"
	}
	if nonFinite > 0 {
		f.Note("%s: %d point(s) not drawn (NaN or infinite).", name, nonFinite)
	}
	if nonPositive > 0 {
		f.Note("%s: %d point(s) not drawn (zero or negative on a log axis).", name, nonPositive)
	}
	return c, true
}

func (f *Figure) add(s Series, style int, line, marks bool) {
	if style < 0 {
		style = f.series
	}
	f.series = max(f.series, style+1)
	c, ok := f.clean(s)
	if !ok {
		return
	}
	if len(c.xy) == 0 {
		f.record(s.Name, c)
		return
	}
	var thumbs []plot.Thumbnailer
	if c.low != nil {
		band := bandPolygon(c, line, style)
		if band != nil {
			f.Plot.Add(band)
		}
		if !line {
			bars := errorBars(c, style)
			f.Plot.Add(bars)
		}
	}
	if line {
		l, err := plotter.NewLine(c.xy)
		if err != nil {
			f.fail(err)
			return
		}
		l.LineStyle = lineStyle(style)
		if s.Dashed {
			l.LineStyle.Dashes = dashes[1]
		}
		f.Plot.Add(l)
		thumbs = append(thumbs, l)
	}
	if marks {
		sc, err := plotter.NewScatter(c.xy)
		if err != nil {
			f.fail(err)
			return
		}
		sc.GlyphStyle = glyphStyle(style)
		f.Plot.Add(sc)
		thumbs = append(thumbs, sc)
	}
	if s.Name != "" {
		f.AddLegend(s.Name, thumbs...)
	}
	f.record(s.Name, c)
}

// bandPolygon shades the region between low and high for lines; it needs points sorted by x.
func bandPolygon(c cleaned, line bool, style int) plot.Plotter {
	if !line || len(c.xy) < 2 {
		return nil
	}
	n := len(c.xy)
	ring := make(plotter.XYs, 0, 2*n)
	for i := 0; i < n; i++ {
		ring = append(ring, plotter.XY{X: c.xy[i].X, Y: c.hig[i]})
	}
	for i := n - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: c.xy[i].X, Y: c.low[i]})
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil
	}
	poly.LineStyle.Width = 0
	poly.Color = translucent(Color(style), 0.22)
	return poly
}

// errorBars draws vertical bars from low to high for markers-only series.
func errorBars(c cleaned, style int) plot.Plotter {
	return errorBarPlotter{c: c, style: lineStyle(style)}
}

type errorBarPlotter struct {
	c     cleaned
	style draw.LineStyle
}

func (e errorBarPlotter) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&dc)
	st := e.style
	st.Dashes = nil
	st.Width = vg.Points(1)
	for i, pt := range e.c.xy {
		x := trX(pt.X)
		dc.StrokeLine2(st, x, trY(e.c.low[i]), x, trY(e.c.hig[i]))
	}
}

func (e errorBarPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i, pt := range e.c.xy {
		xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
		ymin, ymax = math.Min(ymin, e.c.low[i]), math.Max(ymax, e.c.hig[i])
	}
	return
}

func (f *Figure) record(name string, c cleaned) {
	for i, pt := range c.xy {
		lo, hi := "", ""
		if c.low != nil {
			lo, hi = formatFloat(c.low[i]), formatFloat(c.hig[i])
		}
		f.Data.Rows = append(f.Data.Rows, []string{name, formatFloat(pt.X), formatFloat(pt.Y), lo, hi})
	}
}

func (f *Figure) drawable(x, y float64) bool {
	return finite(x) && finite(y) && !(f.logX && x <= 0) && !(f.logY && y <= 0)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func labelOrDefault(label, def string) string {
	if label == "" {
		return def
	}
	return label
}

// translucent returns c with the given opacity (premultiplied, as image/color expects).
func translucent(c color.Color, alpha float64) color.Color {
	r, g, b, _ := c.RGBA()
	a := alpha
	return color.RGBA64{uint16(float64(r) * a), uint16(float64(g) * a), uint16(float64(b) * a), uint16(0xffff * a)}
}
