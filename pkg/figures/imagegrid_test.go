package figures

import (
	"bytes"
	"image"
	"image/color"
	"strings"
	"testing"
)

// gridTestImages is a 3×3 checkerboard in colour and a 4×4 ramp on the sequential scale.
func gridTestImages(t *testing.T) (checker, ramp image.Image) {
	t.Helper()
	var pix []float64
	for i := 0; i < 9; i++ {
		if i%2 == 0 {
			pix = append(pix, 0.9, 0.2, 0.1)
		} else {
			pix = append(pix, 0.1, 0.5, 0.9)
		}
	}
	checker, err := RGBImage(pix, 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, 16)
	for i := range v {
		v[i] = float64(i)
	}
	ramp, err = SequentialImage(v, 4, 4, 0, 15)
	if err != nil {
		t.Fatal(err)
	}
	return checker, ramp
}

func TestImageGridGolden(t *testing.T) {
	checker, ramp := gridTestImages(t)
	f := ImageGrid("imagegrid", "Pictures in rows, pixels kept sharp", []GridRow{
		{Label: "checkerboards", Cells: []GridCell{{checker, "first"}, {checker, "second"}, {checker, "third"}}},
		{Label: "a ramp on the sequential scale, a long label that wraps", Cells: []GridCell{{ramp, "0 to 15"}, {ramp, ""}}},
	})
	f.Note("Two rows of three and two pictures.")
	checkGolden(t, []*Figure{f}, f.Err())
	for _, format := range Formats {
		if _, err := f.Render(format); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

// TestImageGridRendersAreIdentical guards against embedded rasters: gonum/plot's PDF backend
// orders embedded images by map iteration, so a grid of same-sized pictures came out in a
// different byte order on each render.
func TestImageGridRendersAreIdentical(t *testing.T) {
	checker, ramp := gridTestImages(t)
	var cells []GridCell
	for i := 0; i < 6; i++ {
		cells = append(cells, GridCell{checker, ""}, GridCell{ramp, ""})
	}
	f := ImageGrid("same", "same", []GridRow{{Label: "row", Cells: cells}})
	for _, format := range Formats {
		a, err := f.Render(format)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 3; k++ {
			if b, _ := f.Render(format); !bytes.Equal(a, b) {
				t.Fatalf("%s: two renders of the same grid differ", format)
			}
		}
	}
}

func TestImageGridErrors(t *testing.T) {
	if err := ImageGrid("g", "t", nil).Err(); err == nil || !strings.Contains(err.Error(), "no rows") {
		t.Errorf("no rows: %v", err)
	}
	if err := ImageGrid("g", "t", []GridRow{{Label: "x", Cells: []GridCell{{}}}}).Err(); err == nil || !strings.Contains(err.Error(), `row 1 ("x") column 1`) {
		t.Errorf("missing image: %v", err)
	}
	if _, err := RGBImage(make([]float64, 10), 2, 2); err == nil || !strings.Contains(err.Error(), "needs 12 values, got 10") {
		t.Errorf("short RGB buffer: %v", err)
	}
	if _, err := SequentialImage(make([]float64, 3), 2, 2, 0, 1); err == nil {
		t.Error("short map accepted")
	}
}

func TestRGBImageClampsAndRounds(t *testing.T) {
	img, err := RGBImage([]float64{-0.2, 0.5, 1.3}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := img.At(0, 0), (color.RGBA{0, 128, 255, 255}); got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}
