package figures

import (
	"fmt"
	"image"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// ShortcutLearning draws four figures: accuracy against training-set size for the background
// cue (animals, and garments dashed), the same for the size cue, sample images of every
// training and test set, and saliency maps of the shortcut network next to a network trained
// on diverse data.
func ShortcutLearning(r claims.ShortcutLearningResult) ([]*Figure, error) {
	cfg := r.Config
	if len(r.Curves) == 0 {
		return nil, fmt.Errorf("figure shortcut-learning: empty result")
	}
	style := map[string]int{claims.ShortcutTestInDist: 0, claims.ShortcutTestBroken: 1, claims.ShortcutTestGrey: 2}
	curve := func(f *Figure, c claims.ShortcutCurve, name string, dashed bool) {
		s := Series{Name: name, X: c.N, Dashed: dashed}
		for _, a := range c.Accuracy {
			s.Y, s.Low, s.High = append(s.Y, a.Mean), append(s.Low, a.Low), append(s.High, a.High)
		}
		f.Line(s, style[c.Test])
	}
	xLo, xHi := float64(cfg.Ns[0]), float64(cfg.Ns[len(cfg.Ns)-1])

	bg := New("shortcut-learning", "Cats indoors, dogs in fields: accuracy against training-set size",
		"training-set size n (images)", "test accuracy (fraction correct)", LogX())
	for _, c := range r.Curves {
		switch c.Cue {
		case claims.ShortcutCueBackground:
			curve(bg, c, "animals, "+c.Test+" test", false)
		case claims.ShortcutCueGarments:
			curve(bg, c, "garments, "+c.Test, true)
		}
	}
	bg.HLine("chance (two classes)", 0.5, xLo, xHi)
	bg.Note("Trained with %.0f%% of images on their class's usual background (cats indoors, dogs in fields); broken correlation: every cat outside, every dog inside. Lines: mean of %d seeds; bands: 95%% t-intervals over seeds.",
		100*cfg.BackgroundMatch, cfg.Seeds)
	if len(cfg.GarmentNs) > 0 {
		bg.Note("Dashed: Fashion-MNIST %s (as cat) and %s (as dog) on the same backgrounds.", shortcutGarmentName(cfg.GarmentClasses[0]), shortcutGarmentName(cfg.GarmentClasses[1]))
	}
	bg.Note("Perceptron %d-%d-2 (ReLU), Adam %g, batches of %d; %s images of %d×%d pixels. Verdict: %s.",
		3*cfg.Size*cfg.Size, cfg.Training.Hidden, cfg.Training.LR, cfg.Training.Batch, "RGB", cfg.Size, cfg.Size, r.Verdict.Outcome)

	size := New("shortcut-learning-size", "Cats far away, dogs close up: accuracy against training-set size",
		"training-set size n (images)", "test accuracy (fraction correct)", LogX())
	for _, c := range r.Curves {
		if c.Cue == claims.ShortcutCueSize {
			curve(size, c, c.Test+" test", false)
		}
	}
	size.HLine("chance (two classes)", 0.5, xLo, xHi)
	size.Note("Trained with %.0f%% of cats far away (%.0f–%.0f%% of the image wide) and dogs close up (%.0f–%.0f%%), backgrounds independent of the label; broken correlation: every cat close up, every dog far away. Mean of %d seeds; bands: 95%% t-intervals over seeds.",
		100*cfg.SizeMatch, 100*datasets.ShortcutFarLow, 100*datasets.ShortcutFarHigh, 100*datasets.ShortcutCloseLow, 100*datasets.ShortcutCloseHigh, cfg.Seeds)

	for _, f := range []*Figure{bg, size} {
		f.Plot.Y.Min, f.Plot.Y.Max = 0, 1 // accuracy's whole range, chance in the middle
	}
	figs := []*Figure{bg, size}
	if len(r.Controls.Correlations) > 0 {
		figs = append(figs, shortcutCorrelationsFigure(r))
	}
	if len(r.Samples) > 0 {
		samples, err := shortcutSampleGrid(r.Samples)
		if err != nil {
			return nil, err
		}
		figs = append(figs, samples)
	}
	if len(r.Saliency.Images) > 0 {
		sal, err := shortcutSaliencyGrid(r)
		if err != nil {
			return nil, err
		}
		figs = append(figs, sal)
	}
	for _, f := range figs {
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// shortcutGarmentName names a Fashion-MNIST class.
func shortcutGarmentName(class int) string {
	if class >= 0 && class < len(datasets.ShortcutGarmentNames) {
		return datasets.ShortcutGarmentNames[class]
	}
	return fmt.Sprintf("class %d", class)
}

// shortcutSampleGrid shows a row of images per training and test set, each captioned with
// its class (and, for the size cue, how far away the animal is).
func shortcutSampleGrid(sets []claims.ShortcutSampleSet) (*Figure, error) {
	var rows []GridRow
	for _, s := range sets {
		row := GridRow{Label: s.Name}
		for i, pix := range s.Images {
			img, err := RGBImage(pix, s.Size, s.Size)
			if err != nil {
				return nil, fmt.Errorf("figure shortcut-learning-samples: %s: %w", s.Name, err)
			}
			row.Cells = append(row.Cells, GridCell{img, s.Classes[s.Labels[i]]})
		}
		rows = append(rows, row)
	}
	f := ImageGrid("shortcut-learning-samples", "What the networks see: samples of each training and test set", rows)
	f.Note("Images at their true resolution (%d×%d pixels), enlarged without smoothing. Classes are balanced; in the training sets the background (or the size) goes with the class, in the broken tests it goes against it.",
		sets[0].Size, sets[0].Size)
	return f, f.Err()
}

// shortcutSaliencyGrid shows broken-correlation test images and, under each, the saliency of
// the shortcut network and of the network trained on diverse data, each map scaled to its own
// largest value; the last column is the mean map over all the images measured.
func shortcutSaliencyGrid(r claims.ShortcutLearningResult) (*Figure, error) {
	cfg, s := r.Config, r.Saliency
	size := cfg.Size
	names := [2]string{"cat", "dog"}
	images := GridRow{Label: "broken-correlation test image"}
	for i, pix := range s.Images {
		img, err := RGBImage(pix, size, size)
		if err != nil {
			return nil, fmt.Errorf("figure shortcut-learning-saliency: %w", err)
		}
		where := "field"
		if s.Labels[i] == 1 {
			where = "room"
		}
		images.Cells = append(images.Cells, GridCell{img, names[s.Labels[i]] + ", " + where})
	}
	mapRow := func(label string, m claims.ShortcutSaliency) (GridRow, error) {
		row := GridRow{Label: label}
		for i, v := range m.Maps {
			if i >= len(s.Images) {
				break
			}
			img, err := shortcutMapImage(v, size)
			if err != nil {
				return row, err
			}
			row.Cells = append(row.Cells, GridCell{img, "says " + names[m.Predicted[i]]})
		}
		img, err := shortcutMapImage(m.Mean, size)
		if err != nil {
			return row, err
		}
		row.Cells = append(row.Cells, GridCell{img, "mean"})
		return row, nil
	}
	short, err := mapRow(fmt.Sprintf("saliency, trained %.0f%% correlated", 100*cfg.BackgroundMatch), s.ShortcutMaps)
	if err != nil {
		return nil, err
	}
	diverse, err := mapRow(fmt.Sprintf("saliency, trained %.0f%% decorrelated", 100*cfg.DiverseFraction), s.DiverseMaps)
	if err != nil {
		return nil, err
	}
	f := ImageGrid("shortcut-learning-saliency", "Where the networks look: input-gradient saliency", []GridRow{images, short, diverse})
	f.Note("Saliency: |∂(cat score − dog score)/∂pixel| summed over colour channels, each map scaled to its largest value (dark purple: none, yellow: most); networks trained on %d images, first seed. Last column: the mean map over %d test images (each map scaled to a sum of 1).",
		s.N, cfg.SaliencyImages)
	f.Note("Share of saliency on the animal, which covers %.0f%% of the pixels: %.0f%% for the shortcut network (a background pixel weighs %.2f× an animal pixel; broken-test accuracy %.2f) against %.0f%% for the diverse-data network (%.2f×; accuracy %.2f). Means of %d seeds.",
		100*s.AreaShare, 100*s.ShortcutShare.Mean, s.ShortcutRatio.Mean, s.ShortcutAccuracy.Mean, 100*s.DiverseShare.Mean, s.DiverseRatio.Mean, s.DiverseAccuracy.Mean, cfg.Seeds)
	return f, f.Err()
}

// shortcutMapImage colours a saliency map from 0 to its largest value.
func shortcutMapImage(v []float64, size int) (image.Image, error) {
	hi := 0.0
	for _, x := range v {
		hi = max(hi, x)
	}
	return SequentialImage(v, size, size, 0, hi)
}

// shortcutCorrelationsFigure draws what the verdict rests on: accuracy of the nets trained at
// each background match on the usual, broken-correlation and grey tests, beside the
// animal-only and background-only controls.
func shortcutCorrelationsFigure(r claims.ShortcutLearningResult) *Figure {
	c := r.Controls
	f := New("shortcut-learning-correlations", "Background matching the class in most training images, not all",
		"training images on their class's usual background (%)", "test accuracy (fraction correct)")
	tests := []struct {
		name string
		band func(claims.ShortcutCorrelation) claims.ShortcutBand
	}{
		{"usual test", func(x claims.ShortcutCorrelation) claims.ShortcutBand { return x.InDist }},
		{"broken correlation (cats outside, dogs inside)", func(x claims.ShortcutCorrelation) claims.ShortcutBand { return x.Broken }},
		{"grey background", func(x claims.ShortcutCorrelation) claims.ShortcutBand { return x.Grey }},
	}
	lo, hi := 100*c.Correlations[0].Match, 100*c.Correlations[len(c.Correlations)-1].Match
	for k, t := range tests {
		s := Series{Name: t.name}
		for _, x := range c.Correlations {
			b := t.band(x)
			s.X = append(s.X, 100*x.Match)
			s.Y, s.Low, s.High = append(s.Y, b.Mean), append(s.Low, b.Low), append(s.High, b.High)
		}
		f.Line(s, k)
	}
	f.HLine(fmt.Sprintf("control: animals alone, on grey (%.2f)", c.AnimalOnly.Mean), c.AnimalOnly.Mean, lo, hi)
	f.HLine(fmt.Sprintf("control: backgrounds alone, broken test (%.2f)", c.BackgroundOnlyBroken.Mean), c.BackgroundOnlyBroken.Mean, lo, hi)
	f.HLine("chance (two classes)", 0.5, lo, hi)
	f.Plot.Y.Min, f.Plot.Y.Max = 0, 1
	f.Note("Nets trained on %d images at each background match, %d seeds: means, bands 95%% t-intervals over seeds. Below 0.5 on the broken test, the net follows the background more often than the animal. Verdict: %s.",
		c.N, r.Config.Seeds, r.Verdict.Outcome)
	return f
}
