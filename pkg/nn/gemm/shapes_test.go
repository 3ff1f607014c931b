package gemm

import "fmt"

// shape is one product of the training loop (see the package brief): op(A) m×k, op(B) k×n.
type shape struct {
	name           string
	transA, transB bool
	m, n, k        int
}

func (s shape) String() string { return fmt.Sprintf("%s-%dx%dx%d", s.name, s.m, s.n, s.k) }

func (s shape) flops() float64 { return 2 * float64(s.m) * float64(s.n) * float64(s.k) }

// nn, tn and nt are the forward product X·W, the weight gradient Xᵀ·dY and the input
// gradient dY·Wᵀ.
func nn(name string, m, n, k int) shape { return shape{name, false, false, m, n, k} }
func tn(name string, m, n, k int) shape { return shape{name, true, false, m, n, k} }
func nt(name string, m, n, k int) shape { return shape{name, false, true, m, n, k} }

// trainingShapes are the products of one training step of the four reference networks.
var trainingShapes = []shape{
	// mnist MLP 784-256-256-10, batch 128.
	nn("mnist-fwd", 128, 256, 784), nn("mnist-fwd", 128, 256, 256), nn("mnist-fwd", 128, 10, 256),
	tn("mnist-wgrad", 784, 256, 128), tn("mnist-wgrad", 256, 256, 128), tn("mnist-wgrad", 256, 10, 128),
	nt("mnist-igrad", 128, 256, 256), nt("mnist-igrad", 128, 256, 10),
	// wide MLP 784-1024-1024-10, batch 256.
	nn("wide-fwd", 256, 1024, 784), nn("wide-fwd", 256, 1024, 1024), nn("wide-fwd", 256, 10, 1024),
	tn("wide-wgrad", 784, 1024, 256), tn("wide-wgrad", 1024, 1024, 256), tn("wide-wgrad", 1024, 10, 256),
	nt("wide-igrad", 256, 1024, 1024), nt("wide-igrad", 256, 1024, 10),
	// deep: 20 hidden layers of 64, batch 128.
	nn("deep-fwd", 128, 64, 784), nn("deep-fwd", 128, 64, 64), nn("deep-fwd", 128, 10, 64),
	tn("deep-wgrad", 784, 64, 128), tn("deep-wgrad", 64, 64, 128), tn("deep-wgrad", 64, 10, 128),
	nt("deep-igrad", 128, 64, 64), nt("deep-igrad", 128, 64, 10),
	// tiny 2-32-32-1, batch 64.
	nn("tiny-fwd", 64, 32, 2), nn("tiny-fwd", 64, 32, 32), nn("tiny-fwd", 64, 1, 32),
	tn("tiny-wgrad", 2, 32, 64), tn("tiny-wgrad", 32, 32, 64), tn("tiny-wgrad", 32, 1, 64),
	nt("tiny-igrad", 64, 32, 32), nt("tiny-igrad", 64, 32, 1),
}
