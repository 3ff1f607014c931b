package claims

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// ForgettingFisherEstimator says how the diagonal Fisher information of a task is estimated.
// For a classifier p_θ(y|x) the Fisher information is
//
//	F = E_{x∼data} E_{y∼p_θ(·|x)} [ (∂ log p_θ(y|x)/∂θ)² ]   (diagonal, per parameter)
//
// This is the Fisher information proper, the quantity Kirkpatrick et al. 2017 (PNAS,
// "Overcoming catastrophic forgetting", eq. 3) put in EWC's penalty for the properties they
// rely on: near a minimum it equals the second derivative of the loss, yet it needs first
// derivatives only. The "empirical" Fisher, which many implementations use, puts the data's
// labels in place of the model's: a different quantity, which shrinks toward zero as the
// model fits its training labels (Kunstner, Balles & Hennig 2019, "Limitations of the
// empirical Fisher approximation for natural gradient descent", NeurIPS).
type ForgettingFisherEstimator int

const (
	// ForgettingFisherTrue computes the inner expectation exactly: one forward pass per image
	// and one backward pass per class, weighted by the model's probability of that class.
	ForgettingFisherTrue ForgettingFisherEstimator = iota
	// ForgettingFisherSampled draws one label per image from the model's predictive
	// distribution (a one-sample Monte Carlo estimate of the true Fisher, as most EWC code does).
	ForgettingFisherSampled
	// ForgettingFisherEmpirical uses each image's true label.
	ForgettingFisherEmpirical
)

var forgettingFisherNames = map[ForgettingFisherEstimator]string{
	ForgettingFisherTrue:      "true",
	ForgettingFisherSampled:   "sampled",
	ForgettingFisherEmpirical: "empirical",
}

func (e ForgettingFisherEstimator) String() string {
	if s, ok := forgettingFisherNames[e]; ok {
		return s
	}
	return fmt.Sprintf("ForgettingFisherEstimator(%d)", int(e))
}

// ParseForgettingFisherEstimator reads "true", "sampled" or "empirical".
func ParseForgettingFisherEstimator(s string) (ForgettingFisherEstimator, error) {
	for e, name := range forgettingFisherNames {
		if name == s {
			return e, nil
		}
	}
	return 0, fmt.Errorf("unknown Fisher estimator %q (want true, sampled or empirical)", s)
}

// forgettingFisher returns the diagonal Fisher information of net's parameters (in the order
// of Network.Params) on the first samples rows of data, averaged over those rows. Every
// per-image gradient comes from its own batch-1 forward and backward pass (the squares of a
// batch's mean gradient would not be the mean of the squares). The net is not changed; its
// FLOPs are counted in the returned total, not in net's counters.
func forgettingFisher(net *nn.Network, data nn.Data, samples int, est ForgettingFisherEstimator, seed uint64) ([]nn.Float, int64, error) {
	if samples < 1 || samples > data.Len() {
		return nil, 0, fmt.Errorf("Fisher estimate from %d samples of %d rows", samples, data.Len())
	}
	if data.Labels == nil {
		return nil, 0, errors.New("Fisher estimate needs labelled data")
	}
	if _, ok := forgettingFisherNames[est]; !ok {
		return nil, 0, fmt.Errorf("unknown Fisher estimator %d", int(est))
	}
	n := net.Clone()
	n.Threads = 1
	for _, l := range n.Layers {
		l.Frozen = false // every parameter needs its gradient
	}
	classes := n.Out()
	fisher := make([]nn.Float, n.NumParams())
	grad := make([]nn.Float, 0, len(fisher))
	outGrad := make([]nn.Float, classes)
	probs := make([]float64, classes)
	rng := rand.New(rand.NewPCG(seed, 0xf15e))
	// accumulate adds w·g² for the gradient of −log p(y|x) whose output gradient is p − e_y.
	accumulate := func(y int, w float64) error {
		for j := range outGrad {
			outGrad[j] = probs[j]
		}
		outGrad[y]--
		if err := n.SetOutputGrad(outGrad); err != nil {
			return err
		}
		if _, err := n.Backward(false); err != nil {
			return err
		}
		grad = n.Grads(grad)
		for i, g := range grad {
			fisher[i] += w * g * g
		}
		return nil
	}
	for r := 0; r < samples; r++ {
		out, err := n.Forward(data.Row(r), 1)
		if err != nil {
			return nil, 0, err
		}
		softmaxInto(out, probs)
		switch est {
		case ForgettingFisherTrue:
			for y, p := range probs {
				if p > 0 {
					if err := accumulate(y, p); err != nil {
						return nil, 0, err
					}
				}
			}
		case ForgettingFisherSampled:
			u, y := rng.Float64(), classes-1
			for j, p := range probs {
				if u < p {
					y = j
					break
				}
				u -= p
			}
			if err := accumulate(y, 1); err != nil {
				return nil, 0, err
			}
		case ForgettingFisherEmpirical:
			if err := accumulate(data.Labels[r], 1); err != nil {
				return nil, 0, err
			}
		}
	}
	inv := 1 / float64(samples)
	for i, v := range fisher {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, fmt.Errorf("Fisher estimate of parameter %d is %v", i, v)
		}
		fisher[i] = v * inv
	}
	// Each accumulated gradient costs 3 FLOPs per parameter (square, weight, add) beyond the
	// network's own count, and the final scaling one more.
	passes := int64(samples)
	if est == ForgettingFisherTrue {
		passes *= int64(classes)
	}
	flops := n.FLOPs.Total() + passes*3*int64(len(fisher)) + int64(len(fisher))
	return fisher, flops, nil
}

// forgettingPenalties is the sum of several penalties, one per earlier task: EWC on a third
// task keeps the parameters close to those of both earlier tasks, each weighted by its own
// Fisher information (Kirkpatrick et al. 2017: "either with two separate penalties, or as one
// by noting that the sum of two quadratic penalties is itself a quadratic penalty"). Keeping
// them separate keeps each task's anchor and Fisher as measured.
type forgettingPenalties []nn.Penalty

// AddGrad implements nn.Penalty.
func (ps forgettingPenalties) AddGrad(n *nn.Network) (float64, int64, error) {
	var total float64
	var flops int64
	for _, p := range ps {
		v, f, err := p.AddGrad(n)
		if err != nil {
			return 0, 0, err
		}
		total += v
		flops += f
	}
	return total, flops, nil
}

// forgettingProximal makes plain SGD on the penalised objective stable for any λ. An SGD step
// on a quadratic penalty of curvature c_i = Σ_k λ·F_k,i diverges when η·c_i > 2 (η the
// learning rate); with this package's learning rate (0.1, so that a task trains in two
// epochs) that caps λ near 2/(η·max F) ≈ 100, far below the strengths EWC needs. So the
// penalty's part of the step is taken implicitly, the forward–backward (proximal gradient)
// splitting: θ ← (θ − η·∂L_B/∂θ + η·c·θ*)/(1 + η·c), which is the SGD step on the full
// gradient g + c·(θ − θ*) divided, per parameter, by 1 + η·c. For η·c ≪ 1 (the small
// learning rate of Kirkpatrick et al., 10⁻³) it is the plain gradient step; for large η·c it
// moves the parameter to the penalty's minimum instead of past it. Use it only with
// nn.SGD(eta).
type forgettingProximal struct {
	penalties forgettingPenalties
	eta       float64
	scale     []nn.Float // 1/(1 + η·c_i), in the order of Network.Params
}

// newForgettingProximal sums the curvature of the anchors (λ·Weight, Weight nil meaning 1).
func newForgettingProximal(anchors []*nn.Anchor, eta float64, params int) *forgettingProximal {
	p := &forgettingProximal{eta: eta, scale: make([]nn.Float, params)}
	curv := make([]float64, params)
	for _, a := range anchors {
		p.penalties = append(p.penalties, a)
		for i := range curv {
			w := 1.0
			if a.Weight != nil {
				w = a.Weight[i]
			}
			curv[i] += a.Lambda * w
		}
	}
	for i, c := range curv {
		p.scale[i] = 1 / (1 + eta*c)
	}
	return p
}

// AddGrad implements nn.Penalty: it adds the penalties' gradient, then rescales every
// parameter's gradient by 1/(1 + η·c_i).
func (p *forgettingProximal) AddGrad(n *nn.Network) (float64, int64, error) {
	v, flops, err := p.penalties.AddGrad(n)
	if err != nil {
		return 0, 0, err
	}
	if len(p.scale) != n.NumParams() {
		return 0, 0, fmt.Errorf("proximal step for %d parameters on a net of %d", len(p.scale), n.NumParams())
	}
	off := 0
	for _, l := range n.Layers {
		for _, g := range [][]nn.Float{l.GW, l.GB} {
			if !l.Frozen {
				for i, s := range p.scale[off : off+len(g)] {
					g[i] *= s
				}
				flops += int64(len(g))
			}
			off += len(g)
		}
	}
	return v, flops, nil
}

// forgettingFisherLayers summarises a Fisher vector per layer of a net with the given layer
// sizes: the mean over the layer's weights and over its biases, and the share of the
// layer's parameters whose Fisher information is exactly zero (weights from pixels that are
// blank in every sampled image, units that never fire): EWC leaves those entirely free.
func forgettingFisherLayers(sizes []int, fisher []nn.Float) (weights, biases, zero []float64) {
	off := 0
	for l := 1; l < len(sizes); l++ {
		nw, nb := sizes[l-1]*sizes[l], sizes[l]
		var sw, sb float64
		zeros := 0
		for _, v := range fisher[off : off+nw] {
			sw += v
			if v == 0 {
				zeros++
			}
		}
		for _, v := range fisher[off+nw : off+nw+nb] {
			sb += v
			if v == 0 {
				zeros++
			}
		}
		weights = append(weights, sw/float64(nw))
		biases = append(biases, sb/float64(nb))
		zero = append(zero, float64(zeros)/float64(nw+nb))
		off += nw + nb
	}
	return weights, biases, zero
}

// forgettingTaskLabelsCheck reports a task whose labels do not fit its head.
func forgettingTaskLabelsCheck(t datasets.SequentialTask, outputs int) error {
	if t.Train.Classes > outputs || t.Test.Classes > outputs {
		return fmt.Errorf("task %q has %d classes for a head of %d outputs", t.Name, t.Train.Classes, outputs)
	}
	return nil
}
