package datasets

import (
	"math"
	"strings"
	"testing"
)

func TestShortcutImagesAreDeterministic(t *testing.T) {
	spec := ShortcutSpec{N: 60, Size: 16, BackgroundMatch: 0.7, SizeCue: true, SizeMatch: 0.8, Seed: 5}
	a, err := ShortcutImages(spec)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ShortcutImages(spec)
	for i := range a.Data.X {
		if a.Data.X[i] != b.Data.X[i] {
			t.Fatalf("value %d differs between two runs with seed 5", i)
		}
	}
	for i := range a.Mask {
		if a.Mask[i] != b.Mask[i] {
			t.Fatalf("mask value %d differs between two runs with seed 5", i)
		}
	}
	// A longer set with the same seed starts with the same images (sets nest as n grows).
	spec.N = 100
	long, _ := ShortcutImages(spec)
	for i := range a.Data.X {
		if a.Data.X[i] != long.Data.X[i] {
			t.Fatalf("the first 60 images change when 100 are drawn (value %d)", i)
		}
	}
	spec.Seed = 6
	other, _ := ShortcutImages(spec)
	same := 0
	for i := range a.Data.X {
		if a.Data.X[i] == other.Data.X[i] {
			same++
		}
	}
	if same > len(a.Data.X)/10 {
		t.Errorf("seeds 5 and 6 share %d of %d values", same, len(a.Data.X))
	}
}

// shortcutLooksGreen is the share of an image's background pixels (subject coverage below
// 1%) that are clearly green: grass, which only fields have.
func shortcutLooksGreen(set ShortcutSet, i int) float64 {
	img, mask := set.Image(i), set.ImageMask(i)
	green, bg := 0, 0
	for p, m := range mask {
		if m > 0.01 {
			continue
		}
		bg++
		r, g, b := img[3*p], img[3*p+1], img[3*p+2]
		if g > r+0.05 && g > b+0.05 {
			green++
		}
	}
	return float64(green) / float64(max(bg, 1))
}

// TestShortcutBackgroundCorrelation measures, on 4,000 images per setting, that the share of
// images showing their class's usual background (cats indoors, dogs in a field) is the knob's
// value, both as recorded and as seen in the pixels: grass covers a large part of every field
// and no room.
func TestShortcutBackgroundCorrelation(t *testing.T) {
	const n = 4000
	// Binomial standard deviation at n = 4000 is at most 0.008: allow 4 of them.
	const tol = 0.032
	for _, match := range []float64{1, 0.9, 0.7, 0.5, 0.2, 0} {
		set, err := ShortcutImages(ShortcutSpec{N: n, Size: 16, BackgroundMatch: match, Seed: 11})
		if err != nil {
			t.Fatal(err)
		}
		usual, seenUsual, disagree, cats := 0, 0, 0, 0
		for i := 0; i < n; i++ {
			label := set.Data.Labels[i]
			if label == 0 {
				cats++
			}
			field := shortcutLooksGreen(set, i) > 0.2
			if field != (set.Background[i] == ShortcutField) {
				disagree++
			}
			if set.UsualBackground[i] {
				usual++
			}
			if field == (label == 1) {
				seenUsual++
			}
		}
		if cats != n/2 {
			t.Errorf("match %v: %d cats of %d images, want exactly half", match, cats, n)
		}
		if disagree > n/200 {
			t.Errorf("match %v: the pixels contradict the recorded background in %d of %d images", match, disagree, n)
		}
		for name, got := range map[string]float64{"recorded": float64(usual) / n, "seen in the pixels": float64(seenUsual) / n} {
			if math.Abs(got-match) > tol {
				t.Errorf("match %v: %s share of usual backgrounds %.3f", match, name, got)
			}
		}
	}
}

// TestShortcutSizeCorrelation checks the size knob: the share of cats far away and dogs close
// up is the knob's value, scales lie in their stated ranges, and the animal's area in the
// mask follows its scale (close-up animals cover more than twice the pixels of far ones).
func TestShortcutSizeCorrelation(t *testing.T) {
	const n = 4000
	for _, match := range []float64{1, 0.8, 0.5, 0} {
		set, err := ShortcutImages(ShortcutSpec{N: n, Size: 16, BackgroundMatch: 0.5, SizeCue: true, SizeMatch: match, Seed: 12})
		if err != nil {
			t.Fatal(err)
		}
		usual := 0
		var area [2][2]float64 // by label, by far (0) or close (1)
		var count [2][2]int
		for i := 0; i < n; i++ {
			s, label := set.Scale[i], set.Data.Labels[i]
			far := s >= ShortcutFarLow && s <= ShortcutFarHigh
			close := s >= ShortcutCloseLow && s <= ShortcutCloseHigh
			if !far && !close {
				t.Fatalf("match %v: image %d has scale %v outside both ranges", match, i, s)
			}
			if far == (label == 0) {
				usual++
			}
			if far == (label == 0) != set.UsualSize[i] {
				t.Fatalf("match %v: image %d's recorded usual size disagrees with its scale", match, i)
			}
			var a float64
			for _, m := range set.ImageMask(i) {
				a += float64(m)
			}
			k := 0
			if close {
				k = 1
			}
			area[label][k] += a
			count[label][k]++
		}
		if got := float64(usual) / n; math.Abs(got-match) > 0.032 {
			t.Errorf("size match %v: measured share %.3f", match, got)
		}
		for label := range area {
			if count[label][0] == 0 || count[label][1] == 0 {
				continue
			}
			far, close := area[label][0]/float64(count[label][0]), area[label][1]/float64(count[label][1])
			if close < 2*far {
				t.Errorf("size match %v, class %d: close-up animals cover %.1f pixels, far ones %.1f", match, label, close, far)
			}
		}
	}
	// Without the size cue both classes span the whole range.
	set, _ := ShortcutImages(ShortcutSpec{N: 2000, Size: 16, BackgroundMatch: 1, Seed: 13})
	var mean [2]float64
	for i, s := range set.Scale {
		if s < ShortcutFarLow || s > ShortcutCloseHigh {
			t.Fatalf("scale %v outside [%v, %v]", s, ShortcutFarLow, ShortcutCloseHigh)
		}
		mean[set.Data.Labels[i]] += s / 1000
	}
	if math.Abs(mean[0]-mean[1]) > 0.02 {
		t.Errorf("without the size cue, cats average scale %.3f and dogs %.3f", mean[0], mean[1])
	}
}

func TestShortcutGreyBackground(t *testing.T) {
	set, err := ShortcutImages(ShortcutSpec{N: 200, Size: 16, GreyBackground: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < set.Data.Len(); i++ {
		if set.Background[i] != ShortcutGrey || set.UsualBackground[i] {
			t.Fatalf("image %d recorded as %v", i, set.Background[i])
		}
		img, covered := set.Image(i), 0.0
		for p, m := range set.ImageMask(i) {
			covered += float64(m)
			if m == 0 {
				for k := 0; k < 3; k++ {
					if v := img[3*p+k]; math.Abs(v-0.5) > 0.1 {
						t.Fatalf("image %d: background pixel %d channel %d is %v, not grey", i, p, k, v)
					}
				}
			}
		}
		if covered < 5 {
			t.Fatalf("image %d: the animal covers only %.1f pixels", i, covered)
		}
	}
}

// TestShortcutGarments draws from a hand-made two-class "garment" set: class 3 a vertical bar,
// class 5 a horizontal one; the composited subjects keep their orientation.
func TestShortcutGarments(t *testing.T) {
	const side = 8
	g := &ImageSet{N: 4, Rows: side, Cols: side, Classes: 6, Labels: []byte{3, 5, 3, 5}}
	g.Pixels = make([]byte, g.N*side*side)
	for k := 0; k < g.N; k++ {
		for r := 0; r < side; r++ {
			for c := 0; c < side; c++ {
				vertical := c >= 3 && c <= 4
				horizontal := r >= 3 && r <= 4
				if (g.Labels[k] == 3 && vertical) || (g.Labels[k] == 5 && horizontal) {
					g.Pixels[k*side*side+r*side+c] = 255
				}
			}
		}
	}
	set, err := ShortcutImages(ShortcutSpec{N: 40, Size: 24, BackgroundMatch: 1, Garments: &ShortcutGarments{Set: g, Classes: [2]int{3, 5}}, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < set.Data.Len(); i++ {
		// The mask's spread along rows against columns tells a vertical bar from a
		// horizontal one.
		var sr, sc, srr, scc, w float64
		for p, m := range set.ImageMask(i) {
			r, c := float64(p/24), float64(p%24)
			w += float64(m)
			sr += float64(m) * r
			sc += float64(m) * c
			srr += float64(m) * r * r
			scc += float64(m) * c * c
		}
		varR, varC := srr/w-(sr/w)*(sr/w), scc/w-(sc/w)*(sc/w)
		if vertical := varR > varC; vertical != (set.Data.Labels[i] == 0) {
			t.Errorf("image %d (class %d): row variance %.1f, column variance %.1f", i, set.Data.Labels[i], varR, varC)
		}
	}
	g.Labels[1], g.Labels[3] = 3, 3
	if _, err := ShortcutImages(ShortcutSpec{N: 4, Size: 16, Garments: &ShortcutGarments{Set: g, Classes: [2]int{3, 5}}}); err == nil || !strings.Contains(err.Error(), "no image of class 5") {
		t.Errorf("a class without images: %v", err)
	}
}

func TestShortcutRejectsBadSpecs(t *testing.T) {
	for _, tc := range []struct {
		spec ShortcutSpec
		want string
	}{
		{ShortcutSpec{N: 0, Size: 16}, "0 images"},
		{ShortcutSpec{N: 10, Size: 4}, "size 4"},
		{ShortcutSpec{N: 10, Size: 16, BackgroundMatch: 1.5}, "background match 1.5"},
		{ShortcutSpec{N: 10, Size: 16, BackgroundMatch: math.NaN()}, "background match NaN"},
		{ShortcutSpec{N: 10, Size: 16, SizeCue: true, SizeMatch: -0.1}, "size match -0.1"},
		{ShortcutSpec{N: 10, Size: 16, Garments: &ShortcutGarments{}}, "without a garment set"},
		{ShortcutSpec{N: 10, Size: 16, Garments: &ShortcutGarments{Set: &ImageSet{Classes: 10}, Classes: [2]int{0, 10}}}, "garment class 10"},
		{ShortcutSpec{N: 10, Size: 16, Garments: &ShortcutGarments{Set: &ImageSet{Classes: 10}, Classes: [2]int{2, 2}}}, "both classes"},
	} {
		if _, err := ShortcutImages(tc.spec); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want an error containing %q", tc.spec, err, tc.want)
		}
	}
}
