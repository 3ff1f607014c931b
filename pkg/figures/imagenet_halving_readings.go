package figures

import (
	"fmt"
	"math"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// imagenetReadings draws, for every sample of the headline's compute definition, the exponent
// k of error on compute alone beside the partial k with the year as a second covariate, each
// with its 95% bootstrap interval: the article's k read apart from time, extra data, search
// costs and mixed precisions.
func imagenetReadings(r claims.ImageNetHalvingResult) *Figure {
	cfg := r.Config
	h := r.Fits[r.Headline]
	g := New("imagenet-halving-readings", "The exponent k apart from time, extra data, search and precision",
		"improvement exponent k, where compute = C·(1/error)^k", "")
	var fits []claims.ImageNetFit
	var skipped []string
	for _, f := range r.Fits {
		if f.Definition != h.Definition {
			continue
		}
		if f.Skipped != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", claims.ImageNetSampleName(f.Sample), f.Skipped))
			continue
		}
		fits = append(fits, f)
	}
	var rows []string
	for _, f := range fits {
		rows = append(rows, imagenetShortRow(f))
	}
	g.Categories(rows...)
	// Unbounded upper ends (a resampled slope that does not fall) are drawn to the axis edge.
	const edge = 30.0 // beyond three times the article's 9, one k is as bad as another for the claim
	clip := func(k float64) float64 { return math.Min(k, edge) }
	plain := Bars{Name: "error on compute alone", Slot: 0, Slots: 2}
	year := Bars{Name: "with the year as a covariate (partial k)", Slot: 1, Slots: 2}
	var open []string
	for i, f := range fits {
		plain.Labels = append(plain.Labels, rows[i])
		plain.From, plain.To, plain.Mark = append(plain.From, f.KLow), append(plain.To, clip(f.KHigh)), append(plain.Mark, clip(f.K))
		if y := f.Year; y.Skipped == "" {
			year.Labels = append(year.Labels, rows[i])
			year.From, year.To, year.Mark = append(year.From, clip(y.KLow)), append(year.To, clip(y.KHigh)), append(year.Mark, clip(y.K))
			if y.KHigh > edge || y.K > edge {
				open = append(open, rows[i])
			}
		}
	}
	g.HBars(plain, 0)
	if len(year.Labels) > 0 {
		g.HBars(year, 1)
	}
	n := float64(len(rows))
	g.VLine(fmt.Sprintf("article: k = %g (512× per halving)", cfg.ClaimedK), cfg.ClaimedK, -0.5, n-0.5)
	g.VLine(fmt.Sprintf("theory: k = %g", cfg.TheoryK), cfg.TheoryK, -0.5, n-0.5)
	g.Label(cfg.ClaimedK, -0.45, "article", -1)
	g.Label(cfg.TheoryK, -0.45, "theory", -1)
	g.Plot.X.Min, g.Plot.X.Max = 0, edge
	g.Note("%s. Bars: 95%% bootstrap interval over models; dot: the fit. (n) = models. The verdict compares the headline's dot (all models: k = %.1f, %.0f× per halving) with 9 and 512×: %s.",
		claims.ImageNetDefinitionName(h.Definition), h.K, h.Halving, r.Verdict.Outcome)
	g.Note("1k only: no JFT, Instagram or ImageNet Fall 2011 data. Single runs: without the architecture searches of NASNet-A, AmoebaNet-A, PNASNet-5. FP32 / bf16 peaks: GPU single-precision or TPU bfloat16 peak rates, one per fit. Like with like: all three.")
	g.Note("Partial k: log10(error) = a + b·log10(compute) + c·year, k = −1/b. Compute and year rise together, so b is what compute buys among models of the same year.")
	if len(open) > 0 {
		g.Note("Drawn to the edge (%g): upper ends beyond it, or unbounded where some resamples' error does not fall with compute at fixed year: %s.", edge, strings.Join(open, ", "))
	}
	if len(skipped) > 0 {
		g.Note("Not fitted: %s.", strings.Join(skipped, "; "))
	}
	return g
}
