package figures

import (
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// fixedImageNetFit is a hand-made fit through the given points with exponent k.
func fixedImageNetFit(def, sample string, k float64, pts ...claims.ImageNetPoint) claims.ImageNetFit {
	f := claims.ImageNetFit{Definition: def, Sample: sample, Points: pts, N: len(pts), K: k, KLow: k * 0.9, KHigh: k * 1.1,
		Slope: -1 / k, Halving: math.Exp2(k), HalvingLow: math.Exp2(0.9 * k), HalvingHigh: math.Exp2(1.1 * k), R2: 0.95, KReverse: 0.95 * k}
	f.Intercept = math.Log10(pts[0].ErrorPct) + math.Log10(pts[0].ComputeFLOP)/k
	c0, c1 := pts[0].ComputeFLOP, pts[len(pts)-1].ComputeFLOP
	for i := 0; i < 8; i++ {
		c := c0 * math.Pow(c1/c0, float64(i)/7)
		e := math.Pow(10, f.Intercept+f.Slope*math.Log10(c))
		f.CurveCompute = append(f.CurveCompute, c)
		f.CurveError = append(f.CurveError, e)
		f.CurveLow = append(f.CurveLow, e*0.9)
		f.CurveHigh = append(f.CurveHigh, e*1.1)
	}
	return f
}

func fixedImageNetPoints(scale float64) []claims.ImageNetPoint {
	names := []string{"AlexNet", "VGG-16", "NASNet-A", "Noisy Student", "CoAtNet-7"}
	var pts []claims.ImageNetPoint
	for i, n := range names {
		c := 1.5e18 * math.Pow(10, 1.3*float64(i)) * scale
		pts = append(pts, claims.ImageNetPoint{Name: n, Year: 2012 + 2*i, ComputeFLOP: c, ErrorPct: 36.7 * math.Pow(c/1.5e18/scale, -1.0/9) * (1 + 0.05*float64(i%2))})
	}
	return pts
}

func fixedImageNetHalvingResult() claims.ImageNetHalvingResult {
	r := claims.ImageNetHalvingResult{
		Config: claims.ImageNetHalvingConfig{ClaimedK: 9, ClaimedHalving: 500, TheoryK: 4},
		Fits: []claims.ImageNetFit{
			fixedImageNetFit(claims.ImageNetHardwareBurden, claims.ImageNetAllModels, 8.8, fixedImageNetPoints(1)...),
			fixedImageNetFit(claims.ImageNetHardwareBurden, claims.ImageNetFrontier, 7.9, fixedImageNetPoints(1)[:4]...),
			fixedImageNetFit(claims.ImageNetTrainingCompute, claims.ImageNetAllModels, 8.9, fixedImageNetPoints(0.3)...),
			{Definition: claims.ImageNetTrainingCompute, Sample: claims.ImageNetBestOfYear, Skipped: "2 model(s); a fit needs 4", N: 2},
			fixedImageNetFit(claims.ImageNetAuthorsBurden, claims.ImageNetAllModels, 10.7, fixedImageNetPoints(1.2)...),
			fixedImageNetFit(claims.ImageNetHardwareBurden, claims.ImageNet1kOnly, 7.1, fixedImageNetPoints(1)[:4]...),
			{Definition: claims.ImageNetHardwareBurden, Sample: claims.ImageNetLikeWithLike, Skipped: "3 model(s); a fit needs 4", N: 3},
		},
		Headline: 0,
		Verdict:  claims.Verdict{Outcome: claims.PartlyReproduced},
	}
	// The partial exponents: one bounded, one open-ended, one not fitted.
	r.Fits[0].Year = claims.ImageNetYearFit{N: 5, K: 25, KLow: 17, KHigh: 70, Corr: 0.96}
	r.Fits[1].Year = claims.ImageNetYearFit{N: 4, K: 19, KLow: 10, KHigh: math.Inf(1), Corr: 0.98}
	r.Fits[5].Year = claims.ImageNetYearFit{Skipped: "too few models for compute and year together"}
	return r
}

func TestImageNetHalvingGolden(t *testing.T) {
	figs, err := ImageNetHalving(fixedImageNetHalvingResult())
	if len(figs) != 3 {
		t.Fatalf("%d figures, want the fit, the exponents and the readings", len(figs))
	}
	checkGolden(t, figs, err)
}

func TestImageNetHalvingData(t *testing.T) {
	figs, err := ImageNetHalving(fixedImageNetHalvingResult())
	if err != nil {
		t.Fatal(err)
	}
	// Three "all models" fits: 5 points and 8 curve points each, plus two 2-point references.
	if n := len(figs[0].Data.Rows); n != 3*(5+8)+2*2 {
		t.Errorf("fit figure has %d data rows, want %d", n, 3*(5+8)+4)
	}
	// One bar per fitted (not skipped) fit, plus two 2-point reference lines.
	if n := len(figs[1].Data.Rows); n != 5+2*2 {
		t.Errorf("exponents figure has %d data rows, want 9", n)
	}
	// Readings: the headline definition's three fitted samples, and the two partial k's.
	if n := len(figs[2].Data.Rows); n != 3+2+2*2 {
		t.Errorf("readings figure has %d data rows, want 9", n)
	}
}
