package nn

import "time"

// Counter accumulates the floating-point operations a network performs (see the package
// documentation for the convention) and, when timing is on, the time they take.
type Counter struct {
	MatMul int64 // FLOPs in matrix products
	Other  int64 // FLOPs in everything else: bias, activations, losses, optimiser, penalty

	// MatMulTime and OtherTime are wall time in the two kinds of work, measured only when the
	// network's Timing field is true (timing every product costs a little).
	MatMulTime, OtherTime time.Duration
}

// Total is MatMul + Other.
func (c Counter) Total() int64 { return c.MatMul + c.Other }

// MatMulShare is the fraction of FLOPs spent in matrix products.
func (c Counter) MatMulShare() float64 {
	if c.Total() == 0 {
		return 0
	}
	return float64(c.MatMul) / float64(c.Total())
}

// Sub returns c − d, for measuring a stretch of work.
func (c Counter) Sub(d Counter) Counter {
	return Counter{c.MatMul - d.MatMul, c.Other - d.Other, c.MatMulTime - d.MatMulTime, c.OtherTime - d.OtherTime}
}
