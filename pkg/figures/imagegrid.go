package figures

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GridCell is one picture of an image grid, with a caption under it.
type GridCell struct {
	Image   image.Image
	Caption string
}

// GridRow is a row of pictures with a label on its left (what the row shows).
type GridRow struct {
	Label string
	Cells []GridCell
}

// ImageGrid makes a figure that shows small pictures (sample images, saliency maps) in rows,
// each with a caption under it and a label left of each row. Pixels stay sharp: pictures are
// enlarged by repeating pixels, never smoothed. Its Data lists row, column and caption of
// every picture. The height follows from the width so that pictures keep their aspect.
func ImageGrid(name, title string, rows []GridRow, opts ...Option) *Figure {
	f := New(name, title, "", "", opts...)
	f.Data.Columns = []string{"row", "column", "caption", "width (pixels)", "height (pixels)"}
	if len(rows) == 0 {
		f.fail(fmt.Errorf("image grid with no rows"))
		return f
	}
	g := &imageGrid{rows: rows}
	for r, row := range rows {
		g.cols = max(g.cols, len(row.Cells))
		for c, cell := range row.Cells {
			if cell.Image == nil || cell.Image.Bounds().Empty() {
				f.fail(fmt.Errorf("image grid row %d (%q) column %d: no image", r+1, row.Label, c+1))
				return f
			}
			b := cell.Image.Bounds()
			g.aspect = max(g.aspect, float64(b.Dy())/float64(b.Dx()))
			f.Data.Rows = append(f.Data.Rows, []string{row.Label, strconv.Itoa(c + 1), cell.Caption, strconv.Itoa(b.Dx()), strconv.Itoa(b.Dy())})
		}
	}
	if g.cols == 0 {
		f.fail(fmt.Errorf("image grid with no pictures"))
		return f
	}
	f.Plot.HideAxes()
	f.Plot.Add(g)
	g.style = f.textStyle(noteSize)
	g.labelStyle = f.textStyle(tickSize)
	// Height: the title, then per row a picture as wide as a column and its caption.
	w := f.Width - 2*vg.Points(6) - g.labelWidth()
	cell := w / vg.Length(g.cols)
	titleH := f.Plot.Title.TextStyle.Rectangle(title).Size().Y + f.Plot.Title.Padding
	f.Height = titleH + vg.Length(len(rows))*g.rowHeight(cell) + vg.Points(4)
	return f
}

// imageGrid is the plotter that draws the pictures into the plot's data area.
type imageGrid struct {
	rows              []GridRow
	cols              int
	aspect            float64 // the tallest picture's height / width
	style, labelStyle text.Style
}

// gridGap is the space between pictures.
var gridGap = vg.Points(3)

// labelWidth is the room the row labels take: the widest line, with labels wrapped at 11 ems.
func (g *imageGrid) labelWidth() vg.Length {
	var w vg.Length
	for _, r := range g.rows {
		for _, line := range wrap(g.labelStyle, r.Label, g.labelStyle.Font.Size*11) {
			w = max(w, g.labelStyle.Rectangle(line).Size().X)
		}
	}
	if w > 0 {
		w += 2 * gridGap
	}
	return w
}

func (g *imageGrid) captionHeight() vg.Length {
	for _, r := range g.rows {
		for _, c := range r.Cells {
			if c.Caption != "" {
				return g.style.Rectangle("Ag").Size().Y * 1.2
			}
		}
	}
	return 0
}

func (g *imageGrid) rowHeight(cell vg.Length) vg.Length {
	return (cell-gridGap)*vg.Length(g.aspect) + g.captionHeight() + gridGap
}

// Plot draws the grid, shrinking the pictures if the canvas is shorter than planned.
func (g *imageGrid) Plot(c draw.Canvas, p *plot.Plot) {
	labelW := g.labelWidth()
	width := c.Max.X - c.Min.X - labelW
	cell := width / vg.Length(g.cols)
	capH := g.captionHeight()
	rowH := g.rowHeight(cell)
	if total := rowH * vg.Length(len(g.rows)); total > c.Max.Y-c.Min.Y {
		// Shrink the pictures to fit the height.
		avail := (c.Max.Y-c.Min.Y)/vg.Length(len(g.rows)) - capH - gridGap
		cell = avail/vg.Length(g.aspect) + gridGap
		rowH = g.rowHeight(cell)
	}
	pic := cell - gridGap
	// Captions wider than a picture get a smaller type, the same for all.
	capStyle := g.style
	capStyle.XAlign = draw.XCenter
	var widest vg.Length
	for _, row := range g.rows {
		for _, cell := range row.Cells {
			widest = max(widest, capStyle.Rectangle(cell.Caption).Size().X)
		}
	}
	if widest > pic {
		capStyle.Font.Size = max(vg.Points(5), capStyle.Font.Size*pic/widest)
	}
	left := c.Min.X + labelW + (width-cell*vg.Length(g.cols))/2
	top := c.Max.Y
	for r, row := range g.rows {
		y := top - rowH*vg.Length(r+1) + capH + gridGap // bottom of the pictures
		lines := wrap(g.labelStyle, row.Label, g.labelStyle.Font.Size*11)
		lineH := g.labelStyle.Rectangle("Ag").Size().Y * 1.15
		ly := y + pic*vg.Length(g.aspect)/2 + lineH*vg.Length(len(lines))/2
		for _, line := range lines {
			ly -= lineH
			c.FillText(g.labelStyle, vg.Point{X: c.Min.X, Y: ly}, line)
		}
		for col, cell := range row.Cells {
			b := cell.Image.Bounds()
			w := pic
			h := pic * vg.Length(float64(b.Dy())/float64(b.Dx()))
			x := left + vg.Length(col)*(pic+gridGap)
			drawPixels(c, vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}, cell.Image)
			if cell.Caption != "" {
				c.FillText(capStyle, vg.Point{X: x + w/2, Y: y - capH}, cell.Caption)
			}
		}
	}
}

// DataRange is fixed: the grid lays itself out in the canvas.
func (g *imageGrid) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, 1 }

// drawPixels draws img into rect as one filled square per pixel. Embedding the image as a
// raster would be smaller, but gonum/plot's PDF backend writes embedded images in an order
// that depends on Go's map iteration, so two renders of the same figure would differ; and
// vector pixels stay sharp at any zoom. Each square overlaps its right and upper neighbours
// by a hair so that anti-aliasing leaves no seams between them.
func drawPixels(c draw.Canvas, rect vg.Rectangle, img image.Image) {
	b := img.Bounds()
	pw := rect.Size().X / vg.Length(b.Dx())
	ph := rect.Size().Y / vg.Length(b.Dy())
	overlap := vg.Points(0.25)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			x0 := rect.Min.X + pw*vg.Length(x)
			y1 := rect.Max.Y - ph*vg.Length(y) // image rows run top to bottom
			x1, y0 := x0+pw, y1-ph
			if x < b.Dx()-1 {
				x1 += overlap
			}
			if y > 0 {
				y1 += overlap
			}
			c.SetColor(img.At(b.Min.X+x, b.Min.Y+y))
			c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}.Path())
		}
	}
}

// RGBImage turns w×h pixels of RGB values in [0, 1], channels last (pixel (r, c) channel k
// at (r·w + c)·3 + k), into an image. Values outside [0, 1] are clamped.
func RGBImage(pix []float64, w, h int) (image.Image, error) {
	if w <= 0 || h <= 0 || len(pix) != w*h*3 {
		return nil, fmt.Errorf("RGB image of %d×%d needs %d values, got %d", w, h, w*h*3, len(pix))
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ {
		img.Set(i%w, i/w, color.RGBA{gridByte(pix[3*i]), gridByte(pix[3*i+1]), gridByte(pix[3*i+2]), 255})
	}
	return img, nil
}

// SequentialImage turns w×h values (row-major) into an image coloured on the sequential scale
// of SequentialColor, lo mapping to its darkest end and hi to its lightest: for maps of one
// quantity, such as saliency.
func SequentialImage(v []float64, w, h int, lo, hi float64) (image.Image, error) {
	if w <= 0 || h <= 0 || len(v) != w*h {
		return nil, fmt.Errorf("map of %d×%d needs %d values, got %d", w, h, w*h, len(v))
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, x := range v {
		img.Set(i%w, i/w, SequentialColor((x-lo)/(hi-lo)))
	}
	return img, nil
}

func gridByte(v float64) uint8 {
	return uint8(math.Round(255 * math.Max(0, math.Min(1, v))))
}
