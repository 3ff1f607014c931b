package costmodel

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Line is y = Intercept + Slope·x.
type Line struct {
	Slope, Intercept float64
}

// At evaluates the line.
func (l Line) At(x float64) float64 { return l.Intercept + l.Slope*x }

// Fit is an ordinary-least-squares line with a percentile-bootstrap interval obtained by
// resampling the (x, y) rows with replacement.
type Fit struct {
	Line
	N  int     // points fitted
	R2 float64 // coefficient of determination
	// Level is the two-sided coverage of the intervals, e.g. 0.95.
	Level                       float64
	SlopeLow, SlopeHigh         float64
	InterceptLow, InterceptHigh float64
	// Replicates are the bootstrap fits; Interval derives intervals of any function of the line.
	Replicates []Line
}

// FitOptions controls the bootstrap.
type FitOptions struct {
	Bootstrap int     // resamples; 0 means 2000
	Level     float64 // interval coverage; 0 means 0.95
	Seed      uint64  // the same seed gives the same interval
}

func (o FitOptions) withDefaults() FitOptions {
	if o.Bootstrap == 0 {
		o.Bootstrap = 2000
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	return o
}

// FitLine fits y = a + b·x by least squares and bootstraps the interval.
func FitLine(x, y []float64, o FitOptions) (Fit, error) {
	o = o.withDefaults()
	if len(x) != len(y) {
		return Fit{}, fmt.Errorf("fit: %d x values but %d y values", len(x), len(y))
	}
	if len(x) < 3 {
		return Fit{}, fmt.Errorf("fit: need at least 3 points, have %d", len(x))
	}
	if o.Level <= 0 || o.Level >= 1 {
		return Fit{}, fmt.Errorf("fit: interval level %v is not in (0, 1)", o.Level)
	}
	if o.Bootstrap < 0 {
		return Fit{}, fmt.Errorf("fit: negative bootstrap count %d", o.Bootstrap)
	}
	for i := range x {
		if !finite(x[i]) || !finite(y[i]) {
			return Fit{}, fmt.Errorf("fit: point %d is (%v, %v), not finite", i, x[i], y[i])
		}
	}
	line, r2, err := ols(x, y)
	if err != nil {
		return Fit{}, err
	}
	f := Fit{Line: line, N: len(x), R2: r2, Level: o.Level}
	if o.Bootstrap == 0 {
		f.SlopeLow, f.SlopeHigh = line.Slope, line.Slope
		f.InterceptLow, f.InterceptHigh = line.Intercept, line.Intercept
		return f, nil
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	bx := make([]float64, len(x))
	by := make([]float64, len(y))
	f.Replicates = make([]Line, 0, o.Bootstrap)
	for tries := 0; len(f.Replicates) < o.Bootstrap; tries++ {
		if tries > 20*o.Bootstrap {
			return Fit{}, errors.New("fit: bootstrap resamples keep having a single distinct x; too few distinct x values")
		}
		for i := range bx {
			j := rng.IntN(len(x))
			bx[i], by[i] = x[j], y[j]
		}
		l, _, err := ols(bx, by)
		if err != nil {
			continue // every resampled x equal: no slope, draw again
		}
		f.Replicates = append(f.Replicates, l)
	}
	f.SlopeLow, f.SlopeHigh = f.Interval(func(l Line) float64 { return l.Slope })
	f.InterceptLow, f.InterceptHigh = f.Interval(func(l Line) float64 { return l.Intercept })
	return f, nil
}

// Interval is the percentile-bootstrap interval, at the fit's Level, of any quantity derived
// from the line (an exponent, a doubling time, an extrapolated value).
func (f Fit) Interval(g func(Line) float64) (low, high float64) {
	if len(f.Replicates) == 0 {
		v := g(f.Line)
		return v, v
	}
	vals := make([]float64, 0, len(f.Replicates))
	for _, l := range f.Replicates {
		if v := g(l); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(vals)
	alpha := (1 - f.Level) / 2
	return quantile(vals, alpha), quantile(vals, 1-alpha)
}

// ols is the closed-form least-squares line and its R².
func ols(x, y []float64) (Line, float64, error) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxx, sxy, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 {
		return Line{}, 0, errors.New("fit: all x values are equal")
	}
	b := sxy / sxx
	l := Line{Slope: b, Intercept: my - b*mx}
	r2 := 1.0
	if syy > 0 {
		r2 = sxy * sxy / (sxx * syy)
	}
	return l, r2, nil
}

// quantile of sorted values, linear interpolation between order statistics.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	pos := q * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	frac := pos - float64(i)
	return sorted[i]*(1-frac) + sorted[i+1]*frac
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
