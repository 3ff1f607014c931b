package figures

import (
	"image/color"
	"math"
	"strings"
	"testing"
)

func TestHeatMapGolden(t *testing.T) {
	f := HeatMap("heatmap", "Accuracy on a grid", HeatMapSpec{
		XLabel: "fraction changed (%)", YLabel: "n (images)", ZLabel: "accuracy (fraction correct)",
		X: []string{"0", "10", "20", "50"}, Y: []string{"100", "1000", "10000"},
		Z:  [][]float64{{0.1, 0.3, 0.5, 0.7}, {0.1, 0.4, 0.6, math.NaN()}, {0.05, 0.5, 0.8, 0.95}},
		Lo: 0, Hi: 1,
	})
	f.Note("One cell is missing (NaN).")
	if len(f.Data.Rows) != 12 || f.Data.Rows[7][0] != "1000" || f.Data.Rows[7][1] != "50" || f.Data.Rows[7][2] != "NaN" {
		t.Errorf("data rows: %v", f.Data.Rows)
	}
	checkGolden(t, []*Figure{f}, f.Err())
	for _, format := range Formats {
		if _, err := f.Render(format); err != nil {
			t.Errorf("%s: %v", format, err)
		}
	}
}

func TestHeatMapErrors(t *testing.T) {
	for _, tc := range []struct {
		spec HeatMapSpec
		want string
	}{
		{HeatMapSpec{X: []string{"a"}, Y: nil}, "1 columns and 0 rows"},
		{HeatMapSpec{X: []string{"a"}, Y: []string{"r"}, Z: nil}, "0 rows of values for 1 row names"},
		{HeatMapSpec{X: []string{"a", "b"}, Y: []string{"r"}, Z: [][]float64{{1}}}, `row 1 ("r") has 1 values for 2 columns`},
		{HeatMapSpec{X: []string{"a"}, Y: []string{"r"}, Z: [][]float64{{math.Inf(1)}}}, "is +Inf"},
	} {
		if err := HeatMap("h", "t", tc.spec).Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

// TestSequentialColorIsOrdered checks the scale's two properties that matter: its ends are
// viridis's, and lightness rises monotonically, so that it reads in greyscale too.
func TestSequentialColorIsOrdered(t *testing.T) {
	if SequentialColor(0) != (color.RGBA{0x44, 0x01, 0x54, 0xff}) || SequentialColor(1) != (color.RGBA{0xFD, 0xE7, 0x25, 0xff}) {
		t.Errorf("ends %v and %v are not viridis's", SequentialColor(0), SequentialColor(1))
	}
	last := -1.0
	for k := 0; k <= 100; k++ {
		r, g, b, _ := SequentialColor(float64(k) / 100).RGBA()
		lum := 0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)
		if lum < last {
			t.Fatalf("luminance falls at %d%%", k)
		}
		last = lum
	}
	if SequentialColor(-1) != SequentialColor(0) || SequentialColor(2) != SequentialColor(1) {
		t.Error("values outside [0, 1] are not clamped")
	}
}
