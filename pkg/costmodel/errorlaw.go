package costmodel

import (
	"fmt"
	"math"
)

// ErrorComputeLaw is a power law of error against compute, error = C · compute^(−a), fitted
// as a straight line in log10–log10 space (Slope = −a). Read the other way round it is the
// Spectrum 2021 article's "compute ∝ improvement^k": dividing the error by a factor r takes
// r^k times the compute, with k = 1/a. Halving the error takes 2^k times the compute; the
// article's k = 9 gives 512×, its "more than 500×".
//
// Every derived quantity has a bootstrap interval from the fit's replicates (Fit.Interval):
// the rows are resampled, so the interval reflects how much the answer depends on which
// models happen to be in the table.
type ErrorComputeLaw struct{ PowerLaw }

// FitErrorComputeLaw fits error = C · compute^(−a) to positive (compute, error) pairs. It fails
// when the fitted error does not fall with compute, since then no improvement exponent exists.
func FitErrorComputeLaw(compute, errs []float64, o FitOptions) (ErrorComputeLaw, error) {
	p, err := FitPowerLaw(compute, errs, o)
	if err != nil {
		return ErrorComputeLaw{}, err
	}
	if !(p.Slope < 0) {
		return ErrorComputeLaw{}, fmt.Errorf("fit: error does not fall with compute (log-log slope %.3g), so there is no improvement exponent", p.Slope)
	}
	return ErrorComputeLaw{p}, nil
}

// errorLawK is k = 1/a = −1/slope for a falling line, NaN otherwise (a bootstrap replicate
// whose line does not fall has no exponent; Interval skips it).
func errorLawK(l Line) float64 {
	if !(l.Slope < 0) {
		return math.NaN()
	}
	return -1 / l.Slope
}

// ErrorExponent is a, the exponent of error ∝ compute^(−a).
func (e ErrorComputeLaw) ErrorExponent() float64 { return -e.Slope }

// K is the improvement exponent k = 1/a: compute ∝ (1/error)^k.
func (e ErrorComputeLaw) K() float64 { return errorLawK(e.Line) }

// KInterval is the bootstrap interval of K.
func (e ErrorComputeLaw) KInterval() (low, high float64) { return e.Interval(errorLawK) }

// ComputeMultiple is the factor of compute that divides the error by improvement: improvement^k.
func (e ErrorComputeLaw) ComputeMultiple(improvement float64) float64 {
	return math.Pow(improvement, e.K())
}

// ComputeMultipleInterval is the bootstrap interval of ComputeMultiple.
func (e ErrorComputeLaw) ComputeMultipleInterval(improvement float64) (low, high float64) {
	return e.Interval(func(l Line) float64 { return math.Pow(improvement, errorLawK(l)) })
}

// HalvingMultiple is the compute multiple that halves the error, 2^k.
func (e ErrorComputeLaw) HalvingMultiple() float64 { return e.ComputeMultiple(2) }

// HalvingInterval is the bootstrap interval of HalvingMultiple.
func (e ErrorComputeLaw) HalvingInterval() (low, high float64) { return e.ComputeMultipleInterval(2) }

// ErrorAt is the fitted error at a given compute.
func (e ErrorComputeLaw) ErrorAt(compute float64) float64 { return e.PowerLaw.At(compute) }

// ErrorAtInterval is the bootstrap interval of ErrorAt.
func (e ErrorComputeLaw) ErrorAtInterval(compute float64) (low, high float64) {
	lc := math.Log10(compute)
	return e.Interval(func(l Line) float64 { return math.Pow(10, l.At(lc)) })
}

// ComputeFor is the compute at which the fitted law reaches the given error: the fit
// inverted, an extrapolation when err lies below every fitted point.
func (e ErrorComputeLaw) ComputeFor(err float64) float64 { return e.Solve(err) }

// ComputeForInterval is the bootstrap interval of ComputeFor. Replicates whose line does not
// fall are skipped (they never reach a lower error).
func (e ErrorComputeLaw) ComputeForInterval(err float64) (low, high float64) {
	le := math.Log10(err)
	return e.Interval(func(l Line) float64 {
		if !(l.Slope < 0) {
			return math.NaN()
		}
		return math.Pow(10, (le-l.Intercept)/l.Slope)
	})
}
