package nn

import "fmt"

// Precision is the floating-point type a network trains in (TrainConfig.Precision). Float64,
// the zero value, trains the Network itself; gradient checks and evaluation are always in
// float64. Float32 trains a float32 copy of the network (Network32, kept on it between
// Train calls) with float32 products, which do twice as many multiply-adds per instruction,
// and writes its parameters back into the Network before every evaluation and callback: it
// is what a user of PyTorch or JAX would train in, and what cmd/bench compares against
// them. Each claim declares the precision it trains in (claims.Info.Precision).
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
