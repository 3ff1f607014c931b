package claims

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseInts reads a comma-separated list of integers, as notebooks take them in flags
// ("-depths=2,5,10").
func ParseInts(list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("%q is not a list of integers", list)
		}
		out = append(out, v)
	}
	return out, nil
}

// ParseFloats reads a comma-separated list of finite numbers ("-ratios=0.1,0.5,1,2,10"):
// NaN, Inf and numbers beyond float64's range are refused, as no setting takes them.
func ParseFloats(list string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(list, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%q is not a list of finite numbers", list)
		}
		out = append(out, v)
	}
	return out, nil
}

// ParseShortcutFractions reads a comma-separated list of fractions in [0, 1] (a notebook's
// "-diversity=0,0.1,0.5").
func ParseShortcutFractions(list string) ([]float64, error) {
	out, err := ParseFloats(list)
	if err != nil {
		return nil, err
	}
	for _, x := range out {
		if !(x >= 0 && x <= 1) {
			return nil, fmt.Errorf("%q is not a list of fractions in [0, 1]", list)
		}
	}
	return out, nil
}
