package claims

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// The fits over published ImageNet models that imagenet-halving and cost-extrapolation share.
//
// A fit regresses log10(top-1 error) on log10(training compute), as the authors' companion
// website does (computerprogress.com, components/deep-learnings-diminishing-returns/Chart2.js:
// an ordinary least-squares line through (log10 hardware_burden, log10 error)), and reads off
// k = −1/slope: compute ∝ (1/error)^k.

// Compute definitions: what the x axis of a fit counts.
const (
	// ImageNetHardwareBurden is chips × peak FLOP/s × training time from data/imagenet_compute.csv:
	// the definition Thompson et al. fit (arXiv:2007.05558), and the one the article's numbers use.
	ImageNetHardwareBurden = "hardware-burden"
	// ImageNetTrainingCompute is the published estimate of the FLOPs actually performed
	// (Epoch AI, OpenAI's "AI and Compute"), from data/imagenet_compute.csv.
	ImageNetTrainingCompute = "training-compute"
	// ImageNetAuthorsBurden is the hardware burden in the table Thompson et al. released
	// (data/imagenet_thompson2022.csv): the authors' own sample, for a like-with-like fit.
	ImageNetAuthorsBurden = "authors-hardware-burden"
)

// Samples: which models of a definition a fit uses.
const (
	ImageNetAllModels = "all"
	// ImageNetFrontier keeps a model when no model with less or equal compute has a lower
	// error: the best model at each compute level.
	ImageNetFrontier = "frontier"
	// ImageNetBestOfYear keeps the lowest-error model of each year (the companion website's
	// selection for its scatter).
	ImageNetBestOfYear = "best-of-year"
	// ImageNet1kOnly keeps models trained on ImageNet-1k alone (the table's extra_data is
	// "none"): no JFT, Instagram or ImageNet-21k pre-training.
	ImageNet1kOnly = "imagenet-1k-only"
	// ImageNetSingleRun keeps models whose compute counts one training run, leaving out the
	// architecture searches (NASNet-A, AmoebaNet-A, PNASNet-5; the table's cost_scope).
	ImageNetSingleRun = "single-run"
	// ImageNetFP32Peak and ImageNetBF16Peak keep the models whose hardware burden uses a GPU
	// FP32 peak, or a TPU bfloat16 peak (the table's peak_precision): one precision per fit.
	ImageNetFP32Peak = "fp32-peak"
	ImageNetBF16Peak = "bf16-peak"
	// ImageNetLikeWithLike keeps the models that are all three: ImageNet-1k only, one
	// training run, FP32 peak.
	ImageNetLikeWithLike = "like-with-like"
)

// imagenetDefinitionNames and imagenetSampleNames are the labels figures and reasons use.
var (
	imagenetDefinitionNames = map[string]string{
		ImageNetHardwareBurden:  "hardware burden (our table)",
		ImageNetTrainingCompute: "published training compute",
		ImageNetAuthorsBurden:   "hardware burden (authors' 2022 data)",
	}
	imagenetSampleNames = map[string]string{
		ImageNetAllModels:    "all models",
		ImageNetFrontier:     "compute frontier",
		ImageNetBestOfYear:   "best of each year",
		ImageNet1kOnly:       "ImageNet-1k only",
		ImageNetSingleRun:    "single training runs",
		ImageNetFP32Peak:     "FP32 (GPU) peaks",
		ImageNetBF16Peak:     "bf16 (TPU) peaks",
		ImageNetLikeWithLike: "1k only, single runs, FP32",
	}
)

// ImageNetDefinitionName is the readable name of a compute definition.
func ImageNetDefinitionName(def string) string { return cmp.Or(imagenetDefinitionNames[def], def) }

// ImageNetSampleName is the readable name of a sample.
func ImageNetSampleName(sample string) string { return cmp.Or(imagenetSampleNames[sample], sample) }

// ImageNetPoint is one model in a fit.
type ImageNetPoint struct {
	Name        string
	Year        int
	ComputeFLOP float64
	ErrorPct    float64
	// ExtraData, CostScope and PeakPrecision are the table's columns of the same names
	// (datasets.ImageNetModel); empty when the table does not say.
	ExtraData, CostScope, PeakPrecision string
}

// ImageNetFit is one log-log fit of top-1 error against compute.
type ImageNetFit struct {
	Definition, Sample string
	Points             []ImageNetPoint
	// Skipped says why there is no fit (fewer than imagenetMinPoints models); the numbers
	// below are then zero.
	Skipped string
	N       int
	// log10(error %) = Intercept + Slope·log10(compute), with the slope's 95% interval and R².
	Slope, SlopeLow, SlopeHigh, Intercept, R2 float64
	// K = −1/Slope: compute ∝ (1/error)^K; Halving = 2^K, the compute multiple that halves error.
	K, KLow, KHigh                   float64
	Halving, HalvingLow, HalvingHigh float64
	// KReverse comes from the other regression, log10(compute) on log10(error). With scatter
	// the two differ (KReverse = R²·K); the truth for the trend lies between them.
	KReverse, KReverseLow, KReverseHigh float64
	// The fitted line and its 95% band (error %, at CurveCompute).
	CurveCompute, CurveError, CurveLow, CurveHigh []float64
	// Year is the same sample fitted with the year as a second covariate: the exponent
	// apart from time.
	Year ImageNetYearFit
}

// Label is "definition, sample".
func (f ImageNetFit) Label() string {
	return ImageNetDefinitionName(f.Definition) + ", " + ImageNetSampleName(f.Sample)
}

const imagenetMinPoints = 4

// imagenetPoints turns the table into (compute, error) points under one definition, keeping
// models that have both numbers.
func imagenetPoints(models []datasets.ImageNetModel, def string) ([]ImageNetPoint, error) {
	var out []ImageNetPoint
	for _, m := range models {
		var c float64
		switch def {
		case ImageNetHardwareBurden, ImageNetAuthorsBurden:
			c = m.HardwareBurdenFLOP
		case ImageNetTrainingCompute:
			c = m.TrainComputeFLOP
		default:
			return nil, fmt.Errorf("unknown compute definition %q (want %q, %q or %q)", def, ImageNetHardwareBurden, ImageNetTrainingCompute, ImageNetAuthorsBurden)
		}
		if c > 0 && m.HasError() {
			out = append(out, ImageNetPoint{Name: datasets.ImageNetShortName(m.Name), Year: m.Year, ComputeFLOP: c, ErrorPct: m.Top1ErrorPct,
				ExtraData: m.ExtraData, CostScope: m.CostScope, PeakPrecision: m.PeakPrecision})
		}
	}
	return out, nil
}

// ImageNetSamples lists every sample a fit can take.
var ImageNetSamples = []string{ImageNetAllModels, ImageNetFrontier, ImageNetBestOfYear,
	ImageNet1kOnly, ImageNetSingleRun, ImageNetFP32Peak, ImageNetBF16Peak, ImageNetLikeWithLike}

// imagenetAttributeSamples select by the table's columns; a model whose column is empty is
// left out (the table does not say).
var imagenetAttributeSamples = map[string]func(ImageNetPoint) bool{
	ImageNet1kOnly:    func(p ImageNetPoint) bool { return p.ExtraData == "none" },
	ImageNetSingleRun: func(p ImageNetPoint) bool { return p.CostScope == "single-run" },
	ImageNetFP32Peak:  func(p ImageNetPoint) bool { return p.PeakPrecision == "fp32" },
	ImageNetBF16Peak:  func(p ImageNetPoint) bool { return p.PeakPrecision == "bf16" },
	ImageNetLikeWithLike: func(p ImageNetPoint) bool {
		return p.ExtraData == "none" && p.CostScope == "single-run" && p.PeakPrecision == "fp32"
	},
}

// imagenetTableSays reports whether any point has the columns the sample selects by.
func imagenetTableSays(points []ImageNetPoint, _ func(ImageNetPoint) bool, sample string) bool {
	for _, p := range points {
		switch {
		case sample == ImageNet1kOnly && p.ExtraData != "",
			sample == ImageNetSingleRun && p.CostScope != "",
			(sample == ImageNetFP32Peak || sample == ImageNetBF16Peak) && p.PeakPrecision != "",
			sample == ImageNetLikeWithLike && p.ExtraData != "" && p.CostScope != "" && p.PeakPrecision != "":
			return true
		}
	}
	return false
}

// imagenetSample selects the models of a sample, sorted by compute.
func imagenetSample(points []ImageNetPoint, sample string) ([]ImageNetPoint, error) {
	ps := slices.Clone(points)
	slices.SortStableFunc(ps, func(a, b ImageNetPoint) int {
		return cmp.Or(cmp.Compare(a.ComputeFLOP, b.ComputeFLOP), cmp.Compare(a.ErrorPct, b.ErrorPct))
	})
	switch sample {
	case ImageNetAllModels:
		return ps, nil
	case ImageNetFrontier:
		var out []ImageNetPoint
		best := math.Inf(1)
		for _, p := range ps {
			if p.ErrorPct < best {
				out = append(out, p)
				best = p.ErrorPct
			}
		}
		return out, nil
	case ImageNetBestOfYear:
		best := map[int]ImageNetPoint{}
		for _, p := range ps { // by compute, so a tie in error keeps the cheaper model
			if b, ok := best[p.Year]; !ok || p.ErrorPct < b.ErrorPct {
				best[p.Year] = p
			}
		}
		var out []ImageNetPoint
		for _, p := range ps {
			if best[p.Year] == p {
				out = append(out, p)
			}
		}
		return out, nil
	}
	if keep, ok := imagenetAttributeSamples[sample]; ok {
		return slices.DeleteFunc(ps, func(p ImageNetPoint) bool { return !keep(p) }), nil
	}
	return nil, fmt.Errorf("unknown sample %q (want one of %q)", sample, ImageNetSamples)
}

// imagenetFit fits one definition × sample. Too few points is not an error: the fit comes back
// with Skipped set and a zero law.
func imagenetFit(models []datasets.ImageNetModel, def, sample string, bootstrap int, seed uint64) (ImageNetFit, costmodel.ErrorComputeLaw, error) {
	f := ImageNetFit{Definition: def, Sample: sample}
	all, err := imagenetPoints(models, def)
	if err != nil {
		return f, costmodel.ErrorComputeLaw{}, err
	}
	if f.Points, err = imagenetSample(all, sample); err != nil {
		return f, costmodel.ErrorComputeLaw{}, err
	}
	f.N = len(f.Points)
	if keep, ok := imagenetAttributeSamples[sample]; ok && f.N == 0 && !imagenetTableSays(all, keep, sample) {
		f.Skipped = "the table has no extra_data, cost_scope or peak_precision column to select by"
		return f, costmodel.ErrorComputeLaw{}, nil
	}
	if (sample == ImageNetFP32Peak || sample == ImageNetBF16Peak) && def == ImageNetTrainingCompute {
		f.Skipped = "peak precision does not enter published training compute"
		return f, costmodel.ErrorComputeLaw{}, nil
	}
	if f.N < imagenetMinPoints {
		f.Skipped = fmt.Sprintf("%d model(s) with this compute and an error; a fit needs %d", f.N, imagenetMinPoints)
		return f, costmodel.ErrorComputeLaw{}, nil
	}
	x := make([]float64, f.N)
	y := make([]float64, f.N)
	for i, p := range f.Points {
		x[i], y[i] = p.ComputeFLOP, p.ErrorPct
	}
	opts := costmodel.FitOptions{Bootstrap: bootstrap, Seed: seed}
	law, err := costmodel.FitErrorComputeLaw(x, y, opts)
	if err != nil {
		// A sample whose error does not fall with compute has no exponent: a reading, not a failure.
		f.Skipped = err.Error()
		return f, costmodel.ErrorComputeLaw{}, nil
	}
	rev, err := costmodel.FitPowerLaw(y, x, opts)
	if err != nil {
		return f, law, fmt.Errorf("%s, reverse regression: %w", f.Label(), err)
	}
	f.Slope, f.SlopeLow, f.SlopeHigh, f.Intercept, f.R2 = law.Slope, law.SlopeLow, law.SlopeHigh, law.Intercept, law.R2
	f.K = law.K()
	f.KLow, f.KHigh = law.KInterval()
	f.Halving = law.HalvingMultiple()
	f.HalvingLow, f.HalvingHigh = law.HalvingInterval()
	f.KReverse, f.KReverseLow, f.KReverseHigh = -rev.Slope, -rev.SlopeHigh, -rev.SlopeLow
	lo, hi := x[0], x[f.N-1]
	f.CurveCompute, f.CurveError, f.CurveLow, f.CurveHigh = imagenetCurve(law, lo, hi, 40)
	f.Year = imagenetYearFit(f.Points, bootstrap, seed+7919)
	return f, law, nil
}

// imagenetCurve evaluates the law and its band at n log-spaced computes from lo to hi.
func imagenetCurve(law costmodel.ErrorComputeLaw, lo, hi float64, n int) (c, e, low, high []float64) {
	for i := 0; i < n; i++ {
		ci := lo * math.Pow(hi/lo, float64(i)/float64(n-1))
		l, h := law.ErrorAtInterval(ci)
		c = append(c, ci)
		e = append(e, law.ErrorAt(ci))
		low = append(low, l)
		high = append(high, h)
	}
	return
}

// imagenetModels returns the given models, or the embedded table when nil.
func imagenetModels(given []datasets.ImageNetModel, load func() ([]datasets.ImageNetModel, error)) ([]datasets.ImageNetModel, error) {
	if given != nil {
		// The embedded tables are checked by their reader; a table passed in Config gets the
		// same checks of the numbers the fits use, instead of losing bad rows silently.
		for i, m := range given {
			for _, c := range []struct {
				name string
				v    float64
			}{
				{"TrainComputeFLOP", m.TrainComputeFLOP}, {"HardwareBurdenFLOP", m.HardwareBurdenFLOP},
				{"Top1ErrorPct", m.Top1ErrorPct}, {"ChipPeakFLOPS", m.ChipPeakFLOPS}, {"ChipDays", m.ChipDays},
			} {
				if math.IsNaN(c.v) || math.IsInf(c.v, 0) || c.v < 0 {
					return nil, fmt.Errorf("model table given in Config, row %d (%s): %s = %v, want a finite number ≥ 0 (0: unknown)", i+1, m.Name, c.name, c.v)
				}
			}
			if m.Top1ErrorPct >= 100 {
				return nil, fmt.Errorf("model table given in Config, row %d (%s): Top1ErrorPct = %v, want below 100", i+1, m.Name, m.Top1ErrorPct)
			}
		}
		return given, nil
	}
	return load()
}
