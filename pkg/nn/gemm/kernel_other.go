//go:build !amd64

package gemm

// No assembly kernels on this architecture: Gemm runs the portable ones.
var (
	simdSets   []*kernels[float64]
	simdSets32 []*kernels[float32]
)
