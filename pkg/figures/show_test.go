package figures

import (
	"bytes"
	"encoding/gob"
	"image/png"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"
)

func TestInlinePNG(t *testing.T) {
	for _, tc := range []struct {
		name         string
		w, h         vg.Length
		wantW, wantH int // displayed, CSS pixels
	}{
		{"default size", DefaultWidth, DefaultHeight, 640, 400},
		{"half width", DefaultWidth / 2, DefaultHeight, 320, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := New("inline", "title", "x", "y", Size(tc.w, tc.h))
			f.Line(Series{Name: "s", X: []float64{1, 2}, Y: []float64{1, 2}}, 0)
			b, w, h, err := f.InlinePNG()
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			// The legend adds height under the plot, so only the width is exact.
			if w < tc.wantW-1 || w > tc.wantW+1 || h < tc.wantH {
				t.Errorf("displayed %d×%d, want %d wide and at least %d high", w, h, tc.wantW, tc.wantH)
			}
			if cfg.Width < 2*w-2 || cfg.Width > 2*w+2 || cfg.Height < 2*h-2 || cfg.Height > 2*h+2 {
				t.Errorf("image %d×%d for a %d×%d display: want twice the pixels", cfg.Width, cfg.Height, w, h)
			}
		})
	}
}

func TestSVGScalable(t *testing.T) {
	b, err := nonASCIIFigure().Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	s := string(svgScalable(b))
	start := s[strings.Index(s, "<svg"):]
	if !strings.HasPrefix(start, `<svg width="100%" viewBox=`) {
		t.Errorf("the inline SVG keeps a fixed size: %.120s", start)
	}
}

// TestInlineDisplayEncodes sends Show's message through gob as GoNB's pipe does: a type GoNB
// has not registered would fail here (and, in a notebook, close the pipe).
func TestInlineDisplayEncodes(t *testing.T) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(inlineDisplay([]byte("png"), 640, 400)); err != nil {
		t.Fatalf("GoNB's pipe cannot carry the display: %v", err)
	}
	var got protocol.DisplayData
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	size, ok := got.Metadata["image/png"].(map[string]int)
	if !ok || size["width"] != 640 || size["height"] != 400 {
		t.Errorf("metadata %v, want image/png width 640 and height 400", got.Metadata)
	}
}
