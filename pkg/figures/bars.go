package figures

import (
	"cmp"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars is one series of horizontal bars on named rows: bar i spans From[i]..To[i] along x
// on the row named Labels[i]. They make range and tornado charts (an interval per fit, the
// answer's low and high under each assumption) and factor decompositions.
type Bars struct {
	Name     string
	Labels   []string
	From, To []float64
	// Mark, if set, puts a marker on each bar (the estimate inside its interval); NaN skips one.
	Mark []float64
	// Slot and Slots place several series side by side in a row: slot 0 of 2 is the upper half.
	// Zero Slots means one series per row.
	Slot, Slots int
}

// Categories names the rows of a bar chart on the y axis, top to bottom, and must be called
// before HBars. The y axis then has no numbers: row i (from the top) sits at y = n−1−i.
func (f *Figure) Categories(labels ...string) {
	if len(labels) == 0 {
		f.fail(fmt.Errorf("categories: no labels"))
		return
	}
	seen := map[string]bool{}
	rev := make([]string, len(labels))
	for i, l := range labels {
		if seen[l] {
			f.fail(fmt.Errorf("categories: %q named twice", l))
			return
		}
		seen[l] = true
		rev[len(labels)-1-i] = l
	}
	f.Plot.NominalY(rev...)
	f.Plot.Y.Min, f.Plot.Y.Max = -0.5, float64(len(labels))-0.5
}

// HBars draws b in the given style (-1: the next in turn) and adds it to the legend and the
// data table (one row per bar: series, mark, row name, from, to).
func (f *Figure) HBars(b Bars, style int) {
	if style < 0 {
		style = f.series
	}
	f.series = max(f.series, style+1)
	rows := barRows(f.Plot)
	if rows == nil {
		f.fail(fmt.Errorf("bars %q: call Categories first", b.Name))
		return
	}
	if len(b.From) != len(b.Labels) || len(b.To) != len(b.Labels) || (b.Mark != nil && len(b.Mark) != len(b.Labels)) {
		f.fail(fmt.Errorf("bars %q: %d labels, %d from, %d to, %d marks", b.Name, len(b.Labels), len(b.From), len(b.To), len(b.Mark)))
		return
	}
	slots := max(b.Slots, 1)
	if b.Slot < 0 || b.Slot >= slots {
		f.fail(fmt.Errorf("bars %q: slot %d of %d", b.Name, b.Slot, slots))
		return
	}
	bp := barsPlotter{style: style}
	dropped := 0
	for i, l := range b.Labels {
		row, ok := rows[l]
		if !ok {
			f.fail(fmt.Errorf("bars %q: row %q is not one of the categories", b.Name, l))
			return
		}
		lo, hi := math.Min(b.From[i], b.To[i]), math.Max(b.From[i], b.To[i])
		if !finite(lo) || !finite(hi) || (f.logX && lo <= 0) {
			dropped++
			continue
		}
		// Slot 0 on top: centre of slot s of n in a row of height 1.
		y := row + 0.5 - (float64(b.Slot)+0.5)/float64(slots)
		mark := math.NaN()
		if b.Mark != nil && finite(b.Mark[i]) && !(f.logX && b.Mark[i] <= 0) {
			mark = b.Mark[i]
		}
		bp.bars = append(bp.bars, barSpan{lo: lo, hi: hi, y: y, mark: mark})
		ms := ""
		if !math.IsNaN(mark) {
			ms = formatFloat(mark)
		}
		f.Data.Rows = append(f.Data.Rows, []string{b.Name, ms, l, formatFloat(b.From[i]), formatFloat(b.To[i])})
	}
	bp.thickness = 0.72 / float64(slots)
	if dropped > 0 {
		f.Note("%s: %d bar(s) not drawn (not finite, or not positive on a log axis).", cmp.Or(b.Name, "bars"), dropped)
	}
	if len(bp.bars) == 0 {
		return
	}
	f.Plot.Add(bp)
	if b.Name != "" {
		f.AddLegend(b.Name, bp)
	}
}

type barSpan struct{ lo, hi, y, mark float64 }

// barsPlotter draws filled bars of a fixed thickness (in y units) with optional markers.
type barsPlotter struct {
	bars      []barSpan
	thickness float64
	style     int
}

func (bp barsPlotter) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&dc)
	fill := translucent(Color(bp.style), 0.8)
	for _, b := range bp.bars {
		x0, x1 := trX(b.lo), trX(b.hi)
		if x1-x0 < vg.Points(1.5) { // a bar of zero length still shows as a tick
			mid := (x0 + x1) / 2
			x0, x1 = mid-vg.Points(0.75), mid+vg.Points(0.75)
		}
		y0, y1 := trY(b.y-bp.thickness/2), trY(b.y+bp.thickness/2)
		rect := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
		dc.SetColor(fill)
		dc.Fill(rect.Path())
		if !math.IsNaN(b.mark) {
			g := glyphStyle(bp.style)
			g.Color = plotter.DefaultLineStyle.Color // black marker reads on any bar colour
			g.Shape = draw.CircleGlyph{}
			dc.DrawGlyph(g, vg.Point{X: trX(b.mark), Y: trY(b.y)})
		}
	}
}

func (bp barsPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, b := range bp.bars {
		xmin, xmax = math.Min(xmin, b.lo), math.Max(xmax, b.hi)
		ymin, ymax = math.Min(ymin, b.y-bp.thickness/2), math.Max(ymax, b.y+bp.thickness/2)
	}
	return
}

// Thumbnail draws the legend entry: a short bar.
func (bp barsPlotter) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) * 0.3
	mid := (c.Min.Y + c.Max.Y) / 2
	r := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: mid - h}, Max: vg.Point{X: c.Max.X, Y: mid + h}}
	c.SetColor(translucent(Color(bp.style), 0.8))
	c.Fill(r.Path())
}

// barRows reads the rows Categories set from the y axis's ticks: name → y.
func barRows(p *plot.Plot) map[string]float64 {
	ticks, ok := p.Y.Tick.Marker.(plot.ConstantTicks)
	if !ok {
		return nil
	}
	rows := map[string]float64{}
	for _, t := range ticks {
		rows[t.Label] = t.Value
	}
	return rows
}
