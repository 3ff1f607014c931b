package figures

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"
)

// InlineWidth is the width, in CSS pixels, at which Show displays a figure of DefaultWidth
// (wider or narrower figures in proportion): narrower than a notebook's text column, so the
// figure never needs a scroll bar.
const InlineWidth = 640

// inlineScale is how many image pixels Show puts in each displayed pixel: 2 keeps text and
// thin lines sharp on high-density screens and when zoomed.
const inlineScale = 2

// inlineDPI renders DefaultWidth as inlineScale × InlineWidth pixels.
var inlineDPI = inlineScale * InlineWidth * vg.Inch.Points() / DefaultWidth.Points()

// InlinePNG renders the figure for display: a PNG at twice the display resolution, and the
// width and height, in CSS pixels, to display it at.
func (f *Figure) InlinePNG() (b []byte, width, height int, err error) {
	b, err = f.render("png", inlineDPI)
	if err != nil {
		return nil, 0, 0, err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("figure %s: reading back its PNG: %w", f.Name, err)
	}
	return b, (cfg.Width + inlineScale/2) / inlineScale, (cfg.Height + inlineScale/2) / inlineScale, nil
}

// Show displays the figure inline in a GoNB notebook: a sharp PNG (InlinePNG) with Jupyter's
// width and height metadata, so classic Notebook and JupyterLab show it InlineWidth pixels
// wide. Outside a notebook it prints a one-line placeholder, so notebook code also runs as a
// plain program.
func (f *Figure) Show() error {
	b, w, h, err := f.InlinePNG()
	if err != nil {
		return err
	}
	if !gonbui.IsNotebook {
		fmt.Printf("[figure %s: %d-byte PNG shown %d×%d; run in a GoNB notebook to see it]\n", f.Name, len(b), w, h)
		return nil
	}
	gonbui.SendData(inlineDisplay(b, w, h))
	// The display travels through a pipe that GoNB drains asynchronously; a cell's program
	// that exits right after Show could lose the image. Sync waits until GoNB has it.
	gonbui.Sync()
	return nil
}

// inlineDisplay is the message Show sends: the PNG, and Jupyter's image metadata. The size is
// a map[string]int because GoNB's pipe is a gob stream that registers that type; a
// map[string]any fails to encode, and GoNB then closes the pipe for the rest of the cell.
func inlineDisplay(png []byte, width, height int) *protocol.DisplayData {
	return &protocol.DisplayData{
		Data:     map[protocol.MIMEType]any{protocol.MIMEImagePNG: png},
		Metadata: map[string]any{string(protocol.MIMEImagePNG): map[string]int{"width": width, "height": height}},
	}
}

// ShowSVG displays the figure inline as SVG (sharper when zoomed, heavier for dense plots),
// at the same size as Show.
func (f *Figure) ShowSVG() error {
	b, err := f.Render("svg")
	if err != nil {
		return err
	}
	if !gonbui.IsNotebook {
		fmt.Printf("[figure %s: %d-byte SVG; run in a GoNB notebook to see it]\n", f.Name, len(b))
		return nil
	}
	w := InlineWidth * f.Width.Points() / DefaultWidth.Points()
	gonbui.DisplayHTML(fmt.Sprintf(`<div style="width:%.0fpx;max-width:100%%">%s</div>`, w, svgScalable(b)))
	gonbui.Sync()
	return nil
}

// svgScalable drops the SVG's fixed width and height (the viewBox stays), so it fills the
// box it is put in.
func svgScalable(svg []byte) []byte {
	i := bytes.Index(svg, []byte("<svg "))
	j := bytes.Index(svg, []byte("viewBox="))
	if i < 0 || j < i {
		return svg
	}
	out := append([]byte{}, svg[:i]...)
	out = append(out, `<svg width="100%" `...)
	return append(out, svg[j:]...)
}
