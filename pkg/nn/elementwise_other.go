//go:build !amd64

package nn

import "github.com/dlreturns/dlreturns/pkg/nn/gemm"

// Without the amd64 assembly every pass runs in Go: each ...Vec does no element and
// returns 0.

var simd = false // no assembly: TestElementwiseMatchesGo skips

func reluBiasVec[T gemm.Float](row, bias []T) int     { return 0 }
func addBiasVec[T gemm.Float](row, bias []T) int      { return 0 }
func reluBackBiasVec[T gemm.Float](d, out, g []T) int { return 0 }
func reluBackVec[T gemm.Float](d, out []T) int        { return 0 }
func addToVec[T gemm.Float](g, d []T) int             { return 0 }
func sgdVec[T gemm.Float](w, g []T, lr T) int         { return 0 }
