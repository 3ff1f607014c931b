package figures

import (
	"strings"
	"testing"
)

func TestHBarsTornadoGolden(t *testing.T) {
	f := New("bars-tornado", "A tornado chart", "answer, × the default", "", LogX())
	f.Categories("price", "fit", "watts")
	f.HBars(Bars{Name: "US$", Labels: []string{"price", "fit", "watts"}, From: []float64{0.5, 0.3, 1}, To: []float64{2, 4, 1}, Slots: 2}, 0)
	f.HBars(Bars{Name: "CO2", Labels: []string{"price", "fit", "watts"}, From: []float64{1, 0.3, 0.5}, To: []float64{1, 4, 2}, Slot: 1, Slots: 2}, 1)
	f.HBars(Bars{Name: "estimate in an interval", Labels: []string{"fit"}, From: []float64{0.6}, To: []float64{1.6}, Mark: []float64{1.1}, Slot: 1, Slots: 2}, 2)
	f.VLine("default", 1, -0.5, 2.5)
	if len(f.Data.Rows) != 3+3+1+2 {
		t.Errorf("data table has %d rows, want one per bar and 2 reference points", len(f.Data.Rows))
	}
	if row := f.Data.Rows[6]; row[1] != "1.1" || row[2] != "fit" || row[3] != "0.6" || row[4] != "1.6" {
		t.Errorf("bar row %q, want mark, category, from, to", row)
	}
	checkGolden(t, []*Figure{f}, f.Err())
}

func TestHBarsErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw func(f *Figure)
		want string
	}{
		{"no categories", func(f *Figure) {
			f.HBars(Bars{Name: "b", Labels: []string{"x"}, From: []float64{1}, To: []float64{2}}, 0)
		}, "call Categories first"},
		{"unknown row", func(f *Figure) {
			f.Categories("a")
			f.HBars(Bars{Name: "b", Labels: []string{"x"}, From: []float64{1}, To: []float64{2}}, 0)
		}, `row "x" is not one of the categories`},
		{"lengths", func(f *Figure) {
			f.Categories("a")
			f.HBars(Bars{Name: "b", Labels: []string{"a"}, From: []float64{1, 2}, To: []float64{2}}, 0)
		}, "1 labels, 2 from, 1 to"},
		{"duplicate category", func(f *Figure) { f.Categories("a", "a") }, `"a" named twice`},
		{"bad slot", func(f *Figure) {
			f.Categories("a")
			f.HBars(Bars{Name: "b", Labels: []string{"a"}, From: []float64{1}, To: []float64{2}, Slot: 2, Slots: 2}, 0)
		}, "slot 2 of 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := New("bars", "t", "x", "")
			tc.draw(f)
			if err := f.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestHBarsDropsNonPositiveOnLogAxis(t *testing.T) {
	f := New("bars", "t", "x", "", LogX())
	f.Categories("a", "b")
	f.HBars(Bars{Name: "b", Labels: []string{"a", "b"}, From: []float64{0, 1}, To: []float64{2, 3}}, 0)
	if len(f.Notes) != 1 || !strings.Contains(f.Notes[0], "1 bar(s) not drawn") {
		t.Errorf("notes %q", f.Notes)
	}
}
