package nn

// Float is the element type of a Network's buffers, named in one place so that it can
// change.
//
// It stays float64 for every claim and for the gradient checks: finite differences check
// backpropagation to about 1e-8 in float64 against 1e-3 in float32, and the claims' numbers
// were established in float64. float32 training, at twice the FMA rate, is Network32
// (network32.go), a float32 copy of a Network with the same layers; its step is checked
// against this float64 one (network32_test.go) and is what cmd/bench compares with JAX and
// PyTorch in float32. A generic Network[T] would replace both: see issue 17.
type Float = float64
