package claims

import (
	"fmt"
	"math"
)

// Thresholds of the verdict, in accuracy on the broken-correlation test (chance 0.5; the
// seeds' spread is a few hundredths). (A) Diversity helps: at every n, the largest fraction
// raises accuracy by at least dataDiversityRise over the fully correlated set. (B) It beats
// more data, the article's comparison: the gain from diversity at the smallest n exceeds the
// gain from going to the largest n with correlated images by at least dataDiversityMargin;
// equivalently, a few thousand diverse images beat many times more correlated ones. (C) When
// the size-cue line is run, diversity helps there too (rise ≥ dataDiversityRise). Reproduced
// when all hold, partly when (A) or (B) holds.
const (
	dataDiversityRise   = 0.15
	dataDiversityMargin = 0.1
)

func dataDiversityVerdict(r DataDiversityResult) Verdict {
	cfg := r.Config
	nMin, nMax := cfg.Ns[0], cfg.Ns[len(cfg.Ns)-1]
	fMax := cfg.Fractions[len(cfg.Fractions)-1]
	v := Verdict{
		Metric:   fmt.Sprintf("broken-correlation accuracy with %.0f%% decorrelated images at n = %d", 100*fMax, nMin),
		Expected: fmt.Sprintf("above the accuracy of %d× more correlated images (n = %d, 0%%): diversity, not data, fixes the shortcut", nMax/nMin, nMax),
		Values:   map[string]float64{},
	}
	base, _ := r.Cell(nMin, 0)
	diverse, _ := r.Cell(nMin, fMax)
	more, _ := r.Cell(nMax, 0)
	v.Measured, v.Low, v.High = diverse.Broken.Mean, diverse.Broken.Low, diverse.Broken.High

	rises, minRise := true, math.Inf(1)
	for _, n := range cfg.Ns {
		c0, _ := r.Cell(n, 0)
		c1, _ := r.Cell(n, fMax)
		rise := c1.Broken.Mean - c0.Broken.Mean
		minRise = min(minRise, rise)
		rises = rises && rise >= dataDiversityRise
		v.Values[fmt.Sprintf("broken_n%d_fraction0", n)] = c0.Broken.Mean
		v.Values[fmt.Sprintf("broken_n%d_fraction%g", n, fMax)] = c1.Broken.Mean
	}
	gainDiversity := diverse.Broken.Mean - base.Broken.Mean
	gainData := more.Broken.Mean - base.Broken.Mean
	beats := gainDiversity-gainData >= dataDiversityMargin
	// The smallest fraction that, at the smallest n, beats the largest n without diversity.
	smallest := math.NaN()
	for _, f := range cfg.Fractions[1:] {
		if c, _ := r.Cell(nMin, f); c.Broken.Mean-more.Broken.Mean >= dataDiversityMargin {
			smallest = f
			break
		}
	}
	v.Values["smallest_rise_over_n"] = minRise
	v.Values["gain_from_diversity"] = gainDiversity
	v.Values["gain_from_more_data"] = gainData
	if !math.IsNaN(smallest) {
		v.Values["smallest_fraction_that_beats_more_data"] = smallest
	}
	v.Values["train_flops"] = float64(r.TrainFLOPs)
	sizeOK, sizeRise := true, 0.0
	if len(r.SizeLine) > 0 {
		sizeRise = r.SizeLine[len(r.SizeLine)-1].Broken.Mean - r.SizeLine[0].Broken.Mean
		sizeOK = sizeRise >= dataDiversityRise
		v.Values["size_broken_fraction0"] = r.SizeLine[0].Broken.Mean
		v.Values["size_broken_fraction_max"] = r.SizeLine[len(r.SizeLine)-1].Broken.Mean
	}
	switch {
	case rises && beats && sizeOK:
		v.Outcome = Reproduced
	case rises || beats:
		v.Outcome = PartlyReproduced
	default:
		v.Outcome = NotReproduced
	}
	v.Reason = fmt.Sprintf("On the broken-correlation test, raising the decorrelated share from 0 to %.0f%% adds at least %+.2f accuracy at every n [diversity helps: %s]. At n = %d, diversity takes accuracy from %.2f to %.2f (%+.2f), while %d× more correlated images (n = %d) give %.2f (%+.2f) [diversity beats more data: %s].",
		100*fMax, minRise, yesNo(rises), nMin, base.Broken.Mean, diverse.Broken.Mean, gainDiversity, nMax/nMin, nMax, more.Broken.Mean, gainData, yesNo(beats))
	if !math.IsNaN(smallest) {
		c, _ := r.Cell(nMin, smallest)
		v.Reason += fmt.Sprintf(" Already %.0f%% decorrelated images at n = %d score higher (%.2f) than n = %d without them (%.2f).", 100*smallest, nMin, c.Broken.Mean, nMax, more.Broken.Mean)
	}
	if len(r.SizeLine) > 0 {
		v.Reason += fmt.Sprintf(" Size cue at n = %d: %.2f → %.2f (%+.2f) [%s].", cfg.SizeN, r.SizeLine[0].Broken.Mean, r.SizeLine[len(r.SizeLine)-1].Broken.Mean, sizeRise, yesNo(sizeOK))
	}
	return v
}
