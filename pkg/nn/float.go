package nn

// Float is the element type of a Network's buffers, named in one place so that it can
// change.
//
// It stays float64 for the gradient checks and for evaluation: finite differences check
// backpropagation to about 1e-8 in float64 against 1e-3 in float32. float32 training, at
// twice the FMA rate, is Network32 (network32.go), a float32 copy of a Network with the
// same layers; its step is checked against this float64 one (network32_test.go). Train
// uses it when TrainConfig.Precision is Float32 (train32.go): the Network keeps its float64
// parameters, which the float32 copy's are written back into before every evaluation and
// callback, so that statistics, evaluation and figures read float64 whatever the precision
// a claim trains in. cmd/bench compares Network32 with JAX and PyTorch in float32. A
// generic Network[T] would replace both: see issue 17.
type Float = float64
