package claims

import (
	"context"
	"fmt"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// ImageNetHalving is the claim that on ImageNet, compute has grown with at least the ninth
// power of the improvement in error, so that halving the error costs more than 500× the
// compute.
//
// Spectrum 2021: "Theory tells us that computing needs to scale with at least the fourth
// power of the improvement in performance. In practice, the actual requirements have scaled
// with at least the ninth power. ... This ninth power means that to halve the error rate, you
// can expect to need more than 500 times the computational resources."
//
// We fit log10(top-1 error) against log10(training compute) over published models, for each
// compute definition the data support (hardware burden; published training-compute
// estimates; the hardware burden in the authors' own released table) and for three samples
// (all models; the compute frontier; each year's best), and read off k = −1/slope.
var ImageNetHalving imageNetHalving

type imageNetHalving struct{}

// ImageNetHalvingConfig sets the data, the article's numbers and the bootstrap.
type ImageNetHalvingConfig struct {
	// Models is the table fitted; nil means the embedded data/imagenet_compute.csv.
	Models []datasets.ImageNetModel
	// AuthorsModels is the authors' released table; nil means data/imagenet_thompson2022.csv.
	AuthorsModels []datasets.ImageNetModel
	// Headline picks the fit the verdict is about: the definition and sample closest to what
	// the article fitted (hardware burden over every model that has one).
	HeadlineDefinition, HeadlineSample string
	// ClaimedK is the article's "ninth power"; ClaimedHalving its "more than 500×";
	// TheoryK the "at least the fourth power" of theory.
	ClaimedK, ClaimedHalving, TheoryK float64
	// Bootstrap resamples per fit, and their seed.
	Bootstrap int
	Seed      uint64
}

// ImageNetHalvingResult holds every fit and the verdict.
type ImageNetHalvingResult struct {
	Config ImageNetHalvingConfig
	// Fits are definition × sample, in the order of ImageNetHalvingDefinitions and
	// ImageNetHalvingSamples; Headline indexes the one the verdict is about.
	Fits     []ImageNetFit
	Headline int
	Verdict  Verdict
}

// ImageNetHalvingDefinitions and ImageNetHalvingSamples are the fits the claim runs.
var (
	ImageNetHalvingDefinitions = []string{ImageNetHardwareBurden, ImageNetTrainingCompute, ImageNetAuthorsBurden}
	ImageNetHalvingSamples     = ImageNetSamples
)

func (imageNetHalving) Info() Info {
	return Info{
		ID:       "imagenet-halving",
		Title:    "ImageNet compute grew with the ninth power of improvement",
		Source:   Spectrum2021,
		Claim:    "In practice, the compute used on ImageNet has scaled with at least the ninth power of the improvement in performance: halving the error rate takes more than 500 times the computational resources.",
		Notebook: "03-imagenet-compute.ipynb",
		Tiers: Tiers{
			Quick: "every fit with 400 bootstrap resamples; ~1 s",
			Full:  "every fit with 4,000 bootstrap resamples; ~3 s",
			Paper: "every fit with 20,000 bootstrap resamples; ~15 s",
		},
		Measure:    "log–log fits of top-1 error against training compute over published ImageNet models (`data/`), with bootstrap intervals, under several definitions of compute and samples of models",
		Reproduced: "the headline fit's point estimate of k is at least 9 (halving the error costs at least 2^9 = 512×), with its interval reported; partly when it lies between theory's 4 and 9",
	}
}

func (imageNetHalving) Config(s Scale) ImageNetHalvingConfig {
	c := ImageNetHalvingConfig{
		HeadlineDefinition: ImageNetHardwareBurden, HeadlineSample: ImageNetAllModels,
		ClaimedK: 9, ClaimedHalving: 500, TheoryK: 4,
		Bootstrap: 4000, Seed: 1,
	}
	switch s {
	case Quick:
		c.Bootstrap = 400
	case Paper: // the same fits; tighter interval ends
		c.Bootstrap = 20000
	}
	return c
}

func (imageNetHalving) Run(ctx context.Context, cfg ImageNetHalvingConfig) (ImageNetHalvingResult, error) {
	r := ImageNetHalvingResult{Config: cfg, Headline: -1}
	if !(cfg.ClaimedK > 0 && cfg.TheoryK > 0 && cfg.ClaimedHalving > 1) {
		return r, fmt.Errorf("imagenet-halving: ClaimedK %v, TheoryK %v must be positive and ClaimedHalving %v above 1", cfg.ClaimedK, cfg.TheoryK, cfg.ClaimedHalving)
	}
	if cfg.Bootstrap < 100 {
		return r, fmt.Errorf("imagenet-halving: Bootstrap %d is too few for a 95%% interval (want at least 100)", cfg.Bootstrap)
	}
	models, err := imagenetModels(cfg.Models, datasets.LoadImageNetModels)
	if err != nil {
		return r, err
	}
	authors, err := imagenetModels(cfg.AuthorsModels, datasets.LoadImageNetThompson)
	if err != nil {
		return r, err
	}
	total := len(ImageNetHalvingDefinitions) * len(ImageNetHalvingSamples)
	for _, def := range ImageNetHalvingDefinitions {
		table := models
		if def == ImageNetAuthorsBurden {
			table = authors
		}
		for _, sample := range ImageNetHalvingSamples {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			f, _, err := imagenetFit(table, def, sample, cfg.Bootstrap, cfg.Seed+uint64(len(r.Fits)))
			if err != nil {
				return r, fmt.Errorf("imagenet-halving: %w", err)
			}
			if def == cfg.HeadlineDefinition && sample == cfg.HeadlineSample {
				r.Headline = len(r.Fits)
			}
			r.Fits = append(r.Fits, f)
			Progress(ctx, "fits", len(r.Fits), total)
		}
	}
	if r.Headline < 0 {
		return r, fmt.Errorf("imagenet-halving: headline %s/%s is not one of the fits run", cfg.HeadlineDefinition, cfg.HeadlineSample)
	}
	if h := r.Fits[r.Headline]; h.Skipped != "" {
		return r, fmt.Errorf("imagenet-halving: the headline fit (%s) cannot run: %s", h.Label(), h.Skipped)
	}
	r.Verdict = imagenetHalvingVerdict(r)
	return r, nil
}

// FitsReachingClaim counts the fits made (not skipped) and those whose interval of k reaches
// the article's (contains it or lies above it).
func (r ImageNetHalvingResult) FitsReachingClaim() (reaching, fitted int) {
	for _, f := range r.Fits {
		if f.Skipped != "" {
			continue
		}
		fitted++
		if f.KLow <= r.Config.ClaimedK && r.Config.ClaimedK <= f.KHigh || f.KLow > r.Config.ClaimedK {
			reaching++
		}
	}
	return reaching, fitted
}

// imagenetCapitalise upper-cases the first letter of an ASCII sentence.
func imagenetCapitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
