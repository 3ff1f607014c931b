//go:build !amd64

package nn

// Without the amd64 assembly every pass runs in Go: each ...Vec does no element and
// returns 0.

var simd32 = false // no assembly: TestElementwise32MatchesGo skips

func reluBiasVec(row, bias []float32) int     { return 0 }
func addBiasVec(row, bias []float32) int      { return 0 }
func reluBackBiasVec(d, out, g []float32) int { return 0 }
func addToVec(g, d []float32) int             { return 0 }
func sgdVec(w, g []float32, lr float32) int   { return 0 }
