package costmodel

import (
	"fmt"
	"math"
)

// PowerLaw is y = C·x^k, fitted as a line in log10–log10 space: Slope is the exponent k and
// Intercept is log10 C.
type PowerLaw struct{ Fit }

// FitPowerLaw fits y = C·x^k to positive data.
func FitPowerLaw(x, y []float64, o FitOptions) (PowerLaw, error) {
	lx, err := log10All("x", x)
	if err != nil {
		return PowerLaw{}, err
	}
	ly, err := log10All("y", y)
	if err != nil {
		return PowerLaw{}, err
	}
	f, err := FitLine(lx, ly, o)
	return PowerLaw{f}, err
}

// Exponent is k.
func (p PowerLaw) Exponent() float64 { return p.Slope }

// At evaluates C·x^k.
func (p PowerLaw) At(x float64) float64 { return math.Pow(10, p.Line.At(math.Log10(x))) }

// Solve returns the x at which the law reaches y.
func (p PowerLaw) Solve(y float64) float64 {
	return math.Pow(10, (math.Log10(y)-p.Intercept)/p.Slope)
}

// Exponential is y = A·10^(b·x) (for example peak FLOP/s against year), fitted as a line of
// log10 y against x.
type Exponential struct{ Fit }

// FitExponential fits y = A·10^(b·x) to positive y.
func FitExponential(x, y []float64, o FitOptions) (Exponential, error) {
	ly, err := log10All("y", y)
	if err != nil {
		return Exponential{}, err
	}
	f, err := FitLine(x, ly, o)
	return Exponential{f}, err
}

// At evaluates the trend.
func (e Exponential) At(x float64) float64 { return math.Pow(10, e.Line.At(x)) }

// Ratio is the growth factor between x0 and x1 along the trend.
func (e Exponential) Ratio(x0, x1 float64) float64 { return math.Pow(10, e.Slope*(x1-x0)) }

// DoublingTime is the x-distance over which the trend doubles (years, for a trend in years).
func (e Exponential) DoublingTime() float64 { return DoublingTime(e.Line) }

// DoublingTime of a log10 line: log10(2)/slope.
func DoublingTime(l Line) float64 { return math.Log10(2) / l.Slope }

func log10All(name string, v []float64) ([]float64, error) {
	out := make([]float64, len(v))
	for i, x := range v {
		if !(x > 0) || math.IsInf(x, 1) {
			return nil, fmt.Errorf("fit: %s value %d is %v; a log-space fit needs positive finite values", name, i, x)
		}
		out[i] = math.Log10(x)
	}
	return out, nil
}
