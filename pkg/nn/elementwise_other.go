//go:build !amd64

package nn

// Without the amd64 assembly every pass runs in Go: each ...Vec does no element and
// returns 0.

var simd = false // no assembly: TestElementwiseMatchesGo skips

func reluBiasVec(row, bias []float32) int     { return 0 }
func addBiasVec(row, bias []float32) int      { return 0 }
func reluBackBiasVec(d, out, g []float32) int { return 0 }
func addToVec(g, d []float32) int             { return 0 }
func sgdVec(w, g []float32, lr float32) int   { return 0 }

func reluBiasVec64(row, bias []float64) int     { return 0 }
func addBiasVec64(row, bias []float64) int      { return 0 }
func reluBackBiasVec64(d, out, g []float64) int { return 0 }
func addToVec64(g, d []float64) int             { return 0 }
func sgdVec64(w, g []float64, lr float64) int   { return 0 }
