package figures

import (
	"fmt"
	"math"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// ImageNetHalving draws the published models' top-1 error against training compute with the
// fitted power laws (one per compute definition, over all models), the article's ninth power
// and theory's fourth power as references; and a second figure with the exponent k of every
// fit (definition × sample) and its 95% interval.
func ImageNetHalving(r claims.ImageNetHalvingResult) ([]*Figure, error) {
	if r.Headline < 0 || r.Headline >= len(r.Fits) {
		return nil, fmt.Errorf("figure imagenet-halving: the result has no headline fit")
	}
	h := r.Fits[r.Headline]
	cfg := r.Config
	f := New("imagenet-halving", "ImageNet: top-1 error against training compute",
		"training compute (FLOP)", "top-1 error (%)", LogX(), LogY())

	for d, def := range claims.ImageNetHalvingDefinitions {
		for _, fit := range r.Fits {
			if fit.Definition != def || fit.Sample != claims.ImageNetAllModels || fit.Skipped != "" {
				continue
			}
			var s Series
			s.Name = fmt.Sprintf("%s (%d)", claims.ImageNetDefinitionName(def), fit.N)
			for _, p := range fit.Points {
				s.X = append(s.X, p.ComputeFLOP)
				s.Y = append(s.Y, p.ErrorPct)
			}
			f.Scatter(s, d)
			f.Curve(Series{Name: fmt.Sprintf("fit: k = %.1f [%.1f, %.1f]", fit.K, fit.KLow, fit.KHigh),
				X: fit.CurveCompute, Y: fit.CurveError, Low: fit.CurveLow, High: fit.CurveHigh}, d)
		}
	}
	imagenetLabelPoints(f, h)

	// References through the headline fit's centre (geometric means of compute and error).
	var lc, le float64
	for _, p := range h.Points {
		lc += math.Log10(p.ComputeFLOP)
		le += math.Log10(p.ErrorPct)
	}
	lc /= float64(h.N)
	le /= float64(h.N)
	x0, x1 := h.Points[0].ComputeFLOP, h.Points[h.N-1].ComputeFLOP
	through := func(k float64) []float64 {
		return []float64{math.Pow(10, le-(math.Log10(x0)-lc)/k), math.Pow(10, le-(math.Log10(x1)-lc)/k)}
	}
	f.Reference(fmt.Sprintf("article: k = %g, halving costs %.0f× (along the fits)", cfg.ClaimedK, math.Exp2(cfg.ClaimedK)), []float64{x0, x1}, through(cfg.ClaimedK))
	f.Reference(fmt.Sprintf("theory: k = %g (steep)", cfg.TheoryK), []float64{x0, x1}, through(cfg.TheoryK))
	// Both dashed lines share the reference style: name the steep one where it ends (the
	// article's lies along the fits).
	f.Label(x1, through(cfg.TheoryK)[1], fmt.Sprintf("k = %g", cfg.TheoryK), -1)

	f.Note("Fit: log10(error) on log10(compute), as the authors' website does; k = −1/slope, so compute = C·(1/error)^k. Bands and [intervals]: 95%% bootstrap over models.")
	f.Note("Headline (%s): k = %.1f [%.1f, %.1f]; halving the error costs %.0f× [%.0f, %.0f] (article: 9, >500×). Verdict: %s.",
		h.Label(), h.K, h.KLow, h.KHigh, h.Halving, h.HalvingLow, h.HalvingHigh, r.Verdict.Outcome)
	f.Note("Hardware burden = chips × peak FLOP/s × training time (architecture search for NASNet-A and AmoebaNet-A, left out of the single-run fits); training compute = FLOPs performed (Epoch AI, OpenAI). Data: data/imagenet_compute.csv, data/imagenet_thompson2022.csv.")

	g, err := imagenetExponents(r)
	if err != nil {
		return nil, err
	}
	figs := []*Figure{f, g, imagenetReadings(r)}
	for _, x := range figs {
		if err := x.Err(); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// imagenetLabelFirst are labelled before their neighbours.
var imagenetLabelFirst = map[string]bool{"AlexNet": true, "NASNet-A": true, "Noisy Student": true}

// imagenetLabelPoints names the headline fit's models where they do not crowd each other.
func imagenetLabelPoints(f *Figure, h claims.ImageNetFit) {
	type pt struct{ x, y float64 }
	var done []pt
	// The models the other claims talk about first, then the rest in order of compute.
	var order []claims.ImageNetPoint
	for _, first := range []bool{true, false} {
		for _, p := range h.Points {
			if imagenetLabelFirst[p.Name] == first {
				order = append(order, p)
			}
		}
	}
	for _, p := range order {
		x, y := math.Log10(p.ComputeFLOP), math.Log10(p.ErrorPct)
		crowded := false
		for _, d := range done {
			if math.Abs(x-d.x) < 0.9 && math.Abs(y-d.y) < 0.08 {
				crowded = true
			}
		}
		if !crowded {
			f.Label(p.ComputeFLOP, p.ErrorPct, p.Name, -1)
			done = append(done, pt{x, y})
		}
	}
}

// imagenetShortRow names a fit in a few words for a chart row.
func imagenetShortRow(fit claims.ImageNetFit) string {
	def := map[string]string{
		claims.ImageNetHardwareBurden:  "burden",
		claims.ImageNetTrainingCompute: "training FLOPs",
		claims.ImageNetAuthorsBurden:   "authors' burden",
	}[fit.Definition]
	sample := map[string]string{
		claims.ImageNetAllModels:    "all",
		claims.ImageNetFrontier:     "frontier",
		claims.ImageNetBestOfYear:   "best/year",
		claims.ImageNet1kOnly:       "1k only",
		claims.ImageNetSingleRun:    "single runs",
		claims.ImageNetFP32Peak:     "FP32 peaks",
		claims.ImageNetBF16Peak:     "bf16 peaks",
		claims.ImageNetLikeWithLike: "like with like",
	}[fit.Sample]
	return fmt.Sprintf("%s · %s (%d)", def, sample, fit.N)
}

// imagenetExponents draws k with its interval for every fit.
func imagenetExponents(r claims.ImageNetHalvingResult) (*Figure, error) {
	cfg := r.Config
	g := New("imagenet-halving-exponents", "Improvement exponent k by compute definition and sample",
		"improvement exponent k, where compute = C·(1/error)^k", "")
	var rows []string
	var skipped []string
	for _, fit := range r.Fits {
		if fit.Skipped != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", fit.Label(), fit.Skipped))
			continue
		}
		rows = append(rows, imagenetShortRow(fit))
	}
	g.Categories(rows...)
	lo, hi := cfg.TheoryK, cfg.ClaimedK
	for d, def := range claims.ImageNetHalvingDefinitions {
		b := Bars{Name: claims.ImageNetDefinitionName(def)}
		for _, fit := range r.Fits {
			if fit.Definition != def || fit.Skipped != "" {
				continue
			}
			b.Labels = append(b.Labels, imagenetShortRow(fit))
			b.From = append(b.From, fit.KLow)
			b.To = append(b.To, fit.KHigh)
			b.Mark = append(b.Mark, fit.K)
			lo, hi = math.Min(lo, fit.KLow), math.Max(hi, fit.KHigh)
		}
		if len(b.Labels) > 0 {
			g.HBars(b, d)
		}
	}
	n := float64(len(rows))
	g.VLine(fmt.Sprintf("article: k = %g", cfg.ClaimedK), cfg.ClaimedK, -0.5, n-0.5)
	g.VLine(fmt.Sprintf("theory: k = %g", cfg.TheoryK), cfg.TheoryK, -0.5, n-0.5)
	g.Label(cfg.ClaimedK, -0.45, "article", -1)
	g.Label(cfg.TheoryK, -0.45, "theory", -1)
	g.Plot.X.Min, g.Plot.X.Max = math.Floor(lo-0.5), math.Ceil(hi+0.5)
	g.Note("Bars: 95%% bootstrap interval of k; dot: the fit. (n) = models in the fit. burden = chips × peak FLOP/s × time (our table); training FLOPs = published estimates; authors' burden = the table Thompson et al. released.")
	reaching, fitted := r.FitsReachingClaim()
	g.Note("frontier: models no cheaper model beats; best/year: each year's lowest error. %d of %d intervals reach the article's 9.",
		reaching, fitted)
	if len(skipped) > 0 {
		g.Note("Not fitted: %s.", strings.Join(skipped, "; "))
	}
	return g, g.Err()
}
