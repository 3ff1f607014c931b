package nn

import "fmt"

// Precision is the floating-point type a network trains in. Float64 is the default of
// every Network and of every claim: gradient checks, counters and figures are in float64.
// Float32 trains a float32 copy of a network (Network32) with float32 products, which do
// twice as many multiply-adds per instruction; it is what a user of PyTorch or JAX would
// train in, and what cmd/bench compares against them.
type Precision int

const (
	Float64 Precision = iota
	Float32
)

func (p Precision) String() string {
	switch p {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	}
	return fmt.Sprintf("Precision(%d)", int(p))
}

// ParsePrecision reads "float64" or "float32" (also "f64", "f32").
func ParsePrecision(s string) (Precision, error) {
	switch s {
	case "float64", "f64":
		return Float64, nil
	case "float32", "f32":
		return Float32, nil
	}
	return 0, fmt.Errorf("unknown precision %q (want float64 or float32)", s)
}
