// Package nn is the project's training loop: multi-layer perceptrons with hand-written
// backpropagation over contiguous row-major buffers, small enough to read in one sitting and
// fast enough for the claims' sweeps.
//
// A Network is a stack of Dense layers (y = act(x·W + b)). Activations: Identity, Sigmoid,
// Tanh, ReLU, LeakyReLU. Initialisers: Normal, GlorotUniform, GlorotNormal, HeNormal,
// HeUniform. Losses: MSE and SoftmaxCrossEntropy. Optimisers: SGD, SGD with momentum, Adam,
// each with optional L2 weight decay. Train runs minibatch training with callbacks that can
// stop early and read per-layer statistics; layers can be frozen and a Penalty (for example
// an Anchor, which covers elastic weight consolidation) added to the loss.
//
// # Precision
//
// A Network holds float64 parameters. TrainConfig.Precision Float32 trains them in float32
// (train32.go): a float32 copy (Network32) is refreshed from them at the start of Train, runs
// every step with float32 products (twice the multiply-adds per instruction), and is written
// back before every evaluation, callback and return. Evaluation stays float64: it costs a
// forward pass now and then, and keeps the numbers a claim reports computed by one code path
// whatever it trains in. The batches are the same as in float64 (same shuffle), the
// optimizer's state carries over between Train calls as in float64, FLOPs are counted by the
// same convention (the same totals), a Penalty is computed in float64 on the float32
// parameters, and divergence is reported the same way.
//
// # Exact FLOP accounting
//
// The network counts the floating-point operations it performs in Counter, split into matrix
// products and everything else. The convention:
//
//   - A matrix product of an m×k by a k×n matrix is 2·m·n·k FLOPs (a multiply-add is 2).
//   - Every other elementary operation on a float (add, subtract, multiply, divide, compare,
//     max) and every call to a transcendental function (exp, log, tanh, sqrt) is 1 FLOP.
//     Copies, index arithmetic and the shuffling of data are not counted.
//
// Per element, that makes: bias add 1; ReLU 1 forward (max) and 1 backward (compare);
// LeakyReLU 2 and 2; Sigmoid 4 forward (negate, exp, add, divide) and 3 backward (dA·a·(1−a));
// Tanh 1 and 3 (dA·(1−a²)); Identity 0 and 0; bias gradient 1 (one add per term). Losses and
// optimisers document their counts next to their code. Tests check the totals against hand
// counts for known shapes.
//
// # Threads
//
// Network.Threads bounds the goroutines of a step. The forward pass and the input gradient
// dY·Wᵀ are cut by rows of the batch when the weights are not much larger than the batch's
// inputs: each thread takes blocks of rows through every layer, or computes its rows of
// dY·Wᵀ and the lower layer's activation derivative in one go (forward_rows.go,
// backward_rows.go); in a float32 step, a block's rows also take their softmax
// cross-entropy at the end of the block (loss32.go). The weight gradients Xᵀ·dY, sums over the batch, are split inside each
// product (package gemm), and the elementwise passes by ranges (passes.go). A training step
// without a Penalty updates each weight matrix inside its gradient product, block by block
// on the core that computed the block (update32.go, update64.go); the biases and whatever
// was not fused are updated by ranges after the pass.
//
// With AVX2 the elementwise passes of a ReLU network (bias and ReLU, the ReLU derivative
// alone or with the bias gradient, the bias sums, the SGD update) run in assembly on whole vectors
// (elementwise_amd64.s), with the same operations in the same order as the Go loops, which
// do the rest and everything on other CPUs: the same bits either way.
//
// # Determinism
//
// Initialisation and shuffling use seeded PCG generators, and the matrix products (package
// gemm) sum in an order that does not depend on the number of threads or on which rows are
// computed together: the same seed gives the same bits whatever GOMAXPROCS is.
//
// Package nn draws no figures and reads no files.
package nn
