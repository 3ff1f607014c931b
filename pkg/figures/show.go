package figures

import (
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
)

// Show displays the figure inline in a GoNB notebook as a PNG. Outside a notebook it prints
// a one-line placeholder, so notebook code also runs as a plain program.
func (f *Figure) Show() error {
	b, err := f.Render("png")
	if err != nil {
		return err
	}
	if !gonbui.IsNotebook {
		fmt.Printf("[figure %s: %d-byte PNG; run in a GoNB notebook to see it]\n", f.Name, len(b))
		return nil
	}
	gonbui.DisplayPNG(b)
	// The display travels through a pipe that GoNB drains asynchronously; a cell's program
	// that exits right after Show could lose the image. Sync waits until GoNB has it.
	gonbui.Sync()
	return nil
}

// ShowSVG displays the figure inline as SVG (sharper when zoomed, heavier for dense plots).
func (f *Figure) ShowSVG() error {
	b, err := f.Render("svg")
	if err != nil {
		return err
	}
	if !gonbui.IsNotebook {
		fmt.Printf("[figure %s: %d-byte SVG; run in a GoNB notebook to see it]\n", f.Name, len(b))
		return nil
	}
	gonbui.DisplaySVG(string(b))
	gonbui.Sync()
	return nil
}
