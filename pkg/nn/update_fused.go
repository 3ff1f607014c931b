package nn

// A training step without a Penalty updates each weight matrix inside its weight-gradient
// product, block by block (gemm.Gemm32Then, gemm.GemmThen): the goroutine that computed a
// block of GW applies the optimizer to the same block of W at once, while GW is still in
// its core's cache. After the backward pass the update used to read all of GW and W again,
// on cores that mostly had not computed them: on 2 threads the mnist float32 update took
// 78 µs against 60 µs on one (GW's lines had to come from the other core), 5% of the step.
// The biases, and the weights of a layer whose gradient products run side by side (the
// input gradient, which reads W, runs at the same time), are updated after the pass as
// before. Paired rounds, fused over apart, at 2 threads: mnist 1.08× in float32 and 1.05×
// in float64, deep 1.04× and 1.03×, wide 1.00×.
//
// The bits do not change: every parameter gets the same operations in the same order, from
// the same gradient (a block of GW is final when it is handed over), and W is changed only
// after the layer's input gradient read it (the backward pass runs that product first).
// update32.go has the float32 step, update64.go the float64 one.

// fuseUpdate can be turned off to update after the backward pass (BenchmarkFusedUpdate).
var fuseUpdate = true

// fusedLayers is what a fused step keeps per layer, in either precision: whether the
// backward pass has updated the layer's weights, and the callback that updates them block
// by block, made once per network so that a step does not allocate.
type fusedLayers struct {
	done []bool
	then []func(i0, i1, j0, j1 int)
}

// ready clears the done flags and reports whether the callbacks exist for this many
// layers; if not, the caller makes them (make).
func (f *fusedLayers) ready(layers int) bool {
	clear(f.done)
	return len(f.then) == layers
}

// make makes the callbacks of layers layers, each calling block with its layer's index.
func (f *fusedLayers) make(layers int, block func(i, i0, i1, j0, j1 int)) {
	f.then = make([]func(i0, i1, j0, j1 int), layers)
	for i := range f.then {
		f.then[i] = func(i0, i1, j0, j1 int) { block(i, i0, i1, j0, j1) }
	}
	f.done = make([]bool, layers)
}

// take returns layer i's callback and marks the layer done.
func (f *fusedLayers) take(i int) func(i0, i1, j0, j1 int) {
	f.done[i] = true
	return f.then[i]
}
