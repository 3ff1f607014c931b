package costmodel

import "math"

// The theory of the cost of improvement, as Spectrum 2021 states it and its companion paper
// derives it (N. C. Thompson, K. Greenewald, K. Lee, G. F. Manso, "The Computational Limits of
// Deep Learning", arXiv:2007.05558, section 2, "Deep learning's computational requirements in
// theory"):
//
//   - Data. For a well-specified statistical model the error of the estimate falls as 1/√n in
//     the number of data points n (the classical parametric rate), so an improvement by a
//     factor k (error divided by k) needs k² times the data.
//   - Compute. An overparameterised model needs parameters in proportion to the data, and a
//     pass over the data costs parameters × data points, so training compute grows as n²;
//     with n ∝ k² that is compute ∝ k⁴: "a 10-fold improvement would require at least a
//     10,000-fold increase in computation" (Spectrum 2021).
//
// Both are lower bounds: a learning curve flatter than 1/√n, or training longer than a fixed
// number of passes, only adds to them.
//
// "Improvement" is a division of the error: k = error before / error after. A resource R
// (data points, FLOPs) with error ∝ R^slope (slope < 0) needs k^(−1/slope) times more of
// itself for a k-fold improvement; −1/slope is what this package calls the improvement
// exponent.
const (
	// TheoryDataExponent: data multiple = k² for a k-fold improvement (Spectrum 2021).
	TheoryDataExponent = 2.0
	// TheoryComputeExponent: compute multiple = k⁴ for an overparameterised model (Spectrum
	// 2021; arXiv:2007.05558 section 2).
	TheoryComputeExponent = 4.0
	// TheoryDataSlope: error ∝ n^(−1/2), the slope of log error against log n.
	TheoryDataSlope = -1 / TheoryDataExponent
	// TheoryComputeSlope: error ∝ compute^(−1/4), the slope of log error against log compute.
	TheoryComputeSlope = -1 / TheoryComputeExponent
)

// TheoryMultiple is how many times more of a resource a k-fold improvement needs when the
// resource multiple grows as k^exponent: k^exponent. TheoryMultiple(10, 4) = 10,000.
func TheoryMultiple(k, exponent float64) float64 { return math.Pow(k, exponent) }

// TheoryDataMultiple is the data a k-fold improvement needs under the 1/√n law: k².
func TheoryDataMultiple(k float64) float64 { return TheoryMultiple(k, TheoryDataExponent) }

// TheoryComputeMultiple is the compute a k-fold improvement needs for an overparameterised
// model: k⁴.
func TheoryComputeMultiple(k float64) float64 { return TheoryMultiple(k, TheoryComputeExponent) }

// TheoryImprovement inverts TheoryMultiple: the improvement k that multiple times more of a
// resource buys, multiple^(1/exponent).
func TheoryImprovement(multiple, exponent float64) float64 {
	return math.Pow(multiple, 1/exponent)
}

// TheoryImprovementExponent converts a fitted slope of log error against log resource
// (error ∝ R^slope) into the improvement exponent −1/slope (R multiple = k^(−1/slope)). A
// slope of −1/2 gives 2, −1/4 gives 4. A slope ≥ 0 (error that does not fall) gives +Inf:
// no amount of the resource buys an improvement.
func TheoryImprovementExponent(slope float64) float64 {
	if slope >= 0 || math.IsNaN(slope) {
		return math.Inf(1)
	}
	return -1 / slope
}

// TheoryComputeExponentFor is the compute exponent implied by a data exponent when the
// model's parameters grow as n^paramGrowth and the number of passes over the data is fixed:
// compute ∝ parameters × n ∝ n^(1+paramGrowth) and n ∝ k^dataExponent, so compute ∝
// k^(dataExponent·(1+paramGrowth)). With the theory's dataExponent 2 and paramGrowth 1
// (parameters proportional to the data) it is 4; a fixed model (paramGrowth 0) gives 2.
func TheoryComputeExponentFor(dataExponent, paramGrowth float64) float64 {
	return dataExponent * (1 + paramGrowth)
}

// TheoryError is the error at resource x on the theory line through (x0, e0) with the given
// improvement exponent: e0·(x/x0)^(−1/exponent). Notebooks and figures draw it next to
// measurements, e.g. TheoryError(n, n0, e0, TheoryDataExponent) for the 1/√n law.
func TheoryError(x, x0, e0, exponent float64) float64 {
	return e0 * math.Pow(x/x0, -1/exponent)
}

// TheoryErrorCurve evaluates TheoryError at every x.
func TheoryErrorCurve(x []float64, x0, e0, exponent float64) []float64 {
	y := make([]float64, len(x))
	for i, xi := range x {
		y[i] = TheoryError(xi, x0, e0, exponent)
	}
	return y
}
