package claims

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
	"gonum.org/v1/gonum/diff/fd"
)

// forgettingTwoSamples is a 1-layer softmax classifier (2 inputs, 3 classes) with zero
// weights, so that it predicts 1/3 for every class, and two labelled samples.
func forgettingTwoSamples(t *testing.T) (*nn.Network, nn.Data) {
	t.Helper()
	n, err := nn.New(2, []nn.LayerSpec{{Out: 3, Act: nn.Identity, Init: nn.InitGlorotUniform}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	clear(n.Layers[0].W)
	d := nn.Data{X: []nn.Float{1, 2, 3, 0}, Dim: 2, Labels: []int{0, 2}, Classes: 3}
	return n, d
}

// TestForgettingFisherHandComputed checks the estimators on a case worked by hand. For a
// linear softmax layer the gradient of −log p(y|x) is x_i·(p_j − δ_jy) for W[i][j] and
// p_j − δ_jy for b_j. With p = 1/3 everywhere and the samples x¹ = (1, 2) label 0 and
// x² = (3, 0) label 2:
//
//	empirical F = mean over samples of x_i²·(1/3 − δ_jy)²   (1/9 off the label, 4/9 on it)
//	true F      = mean over samples of x_i²·Σ_y p_y (p_j − δ_jy)² = x_i²·p_j(1 − p_j) = 2/9·x_i²
//
// Parameters are in the order W[0][0..2], W[1][0..2], b[0..2].
func TestForgettingFisherHandComputed(t *testing.T) {
	n, d := forgettingTwoSamples(t)
	const a, b = 1.0 / 9, 4.0 / 9 // (p − 0)², (p − 1)²
	empirical := []float64{
		(1*b + 9*a) / 2, (1*a + 9*a) / 2, (1*a + 9*b) / 2, // W[0][j]: x_0² = 1, 9
		(4*b + 0) / 2, (4*a + 0) / 2, (4*a + 0) / 2, // W[1][j]: x_1² = 4, 0
		(b + a) / 2, (a + a) / 2, (a + b) / 2, // b_j
	}
	c := 2.0 / 9
	trueF := []float64{c * 5, c * 5, c * 5, c * 2, c * 2, c * 2, c, c, c}
	for _, tc := range []struct {
		est  ForgettingFisherEstimator
		want []float64
	}{{ForgettingFisherEmpirical, empirical}, {ForgettingFisherTrue, trueF}} {
		got, flops, err := forgettingFisher(n, d, 2, tc.est, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("%s Fisher[%d] = %.6f, want %.6f", tc.est, i, got[i], tc.want[i])
			}
		}
		if flops <= 0 {
			t.Errorf("%s: no FLOPs counted", tc.est)
		}
	}
	if n.FLOPs.Total() != 0 {
		t.Errorf("the estimate ran on the caller's net: %d FLOPs counted there", n.FLOPs.Total())
	}
}

// TestForgettingFisherSampledConverges checks that one label drawn per image from the
// model's predictive distribution estimates the true Fisher: on a random layer and 4,000
// images the sampled and exact estimates agree to within Monte Carlo error.
func TestForgettingFisherSampledConverges(t *testing.T) {
	n, err := nn.New(2, []nn.LayerSpec{{Out: 3, Act: nn.Identity, Init: nn.InitGlorotUniform}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	d := nn.Data{Dim: 2, Classes: 3}
	for i := 0; i < 4000; i++ {
		d.X = append(d.X, rng.NormFloat64(), rng.NormFloat64())
		d.Labels = append(d.Labels, rng.IntN(3))
	}
	exact, _, err := forgettingFisher(n, d, d.Len(), ForgettingFisherTrue, 1)
	if err != nil {
		t.Fatal(err)
	}
	sampled, _, err := forgettingFisher(n, d, d.Len(), ForgettingFisherSampled, 1)
	if err != nil {
		t.Fatal(err)
	}
	again, _, _ := forgettingFisher(n, d, d.Len(), ForgettingFisherSampled, 1)
	for i := range exact {
		if rel := math.Abs(sampled[i]-exact[i]) / exact[i]; rel > 0.08 {
			t.Errorf("parameter %d: sampled %.4f vs exact %.4f (%.0f%% apart)", i, sampled[i], exact[i], 100*rel)
		}
		if again[i] != sampled[i] {
			t.Fatalf("the sampled estimate is not reproducible with the same seed")
		}
	}
}

func TestForgettingFisherRejectsBadInput(t *testing.T) {
	n, d := forgettingTwoSamples(t)
	if _, _, err := forgettingFisher(n, d, 3, ForgettingFisherTrue, 1); err == nil {
		t.Error("3 samples of 2 rows accepted")
	}
	if _, _, err := forgettingFisher(n, d, 2, ForgettingFisherEstimator(9), 1); err == nil {
		t.Error("unknown estimator accepted")
	}
	if _, err := ParseForgettingFisherEstimator("diagonal"); err == nil {
		t.Error("unknown estimator name accepted")
	}
	if e, err := ParseForgettingFisherEstimator("empirical"); err != nil || e != ForgettingFisherEmpirical {
		t.Errorf("parse empirical: %v %v", e, err)
	}
}

// TestForgettingEWCGradient checks the EWC objective as the sequential runs build it — a
// Fisher estimated on a real task, one anchor per earlier task, a head left free when it is
// not the anchor's own — against central finite differences of the full objective
// L_B(θ) + Σ_k λ/2·Σ_i F_k,i(θ_i − θ*_k,i)².
func TestForgettingEWCGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	net, err := nn.New(5, []nn.LayerSpec{{Out: 4, Act: nn.Tanh, Init: nn.InitGlorotUniform}, {Out: 3, Act: nn.Identity, Init: nn.InitGlorotUniform}}, 7)
	if err != nil {
		t.Fatal(err)
	}
	task := nn.Data{Dim: 5, Classes: 3}
	for i := 0; i < 40; i++ {
		for j := 0; j < 5; j++ {
			task.X = append(task.X, rng.NormFloat64())
		}
		task.Labels = append(task.Labels, rng.IntN(3))
	}
	fisherA, _, err := forgettingFisher(net, task, 40, ForgettingFisherTrue, 1)
	if err != nil {
		t.Fatal(err)
	}
	centerA := net.Params(nil)
	trunkLen := 5*4 + 4
	// A second earlier task trained through another head: its head part must not pull.
	centerB := append([]nn.Float(nil), centerA...)
	fisherB := append([]nn.Float(nil), fisherA...)
	for i := range centerB {
		centerB[i] += 0.3 * rng.NormFloat64()
		fisherB[i] *= 1 + rng.Float64()
	}
	anchors := []forgettingAnchor{{head: 0, center: centerA, fisher: fisherA}, {head: 1, center: centerB, fisher: fisherB}}
	const lambda = 50.0
	var pen forgettingPenalties
	for _, a := range anchors {
		pen = append(pen, a.penalty(lambda, 0, trunkLen))
	}
	// Move away from the anchors so that the penalty's gradient is not zero.
	theta := net.Params(nil)
	for i := range theta {
		theta[i] += 0.2 * rng.NormFloat64()
	}
	if err := net.SetParams(theta); err != nil {
		t.Fatal(err)
	}
	x, labels := task.X[:8*5], task.Labels[:8]
	objective := func(p []float64) float64 {
		c := net.Clone()
		if err := c.SetParams(p); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Forward(x, 8); err != nil {
			t.Fatal(err)
		}
		v, err := c.LossValue(nn.SoftmaxCrossEntropy, labels, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The objective written out, independently of nn.Anchor.
		for _, a := range anchors {
			for i := range p {
				w := a.fisher[i]
				if i >= trunkLen && a.head != 0 {
					w = 0
				}
				d := p[i] - a.center[i]
				v += lambda / 2 * w * d * d
			}
		}
		return v
	}
	want := make([]float64, len(theta))
	fd.Gradient(want, objective, theta, &fd.Settings{Formula: fd.Central, Step: 1e-5})
	if _, err := net.Forward(x, 8); err != nil {
		t.Fatal(err)
	}
	if _, err := net.LossGrad(nn.SoftmaxCrossEntropy, labels, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Backward(false); err != nil {
		t.Fatal(err)
	}
	penValue, _, err := pen.AddGrad(net)
	if err != nil {
		t.Fatal(err)
	}
	got := net.Grads(nil)
	scale := 0.0
	for _, v := range want {
		scale = max(scale, math.Abs(v))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-6*max(1, scale) {
			t.Errorf("∂J/∂θ[%d] = %.8f, finite differences %.8f", i, got[i], want[i])
		}
	}
	// And the value: objective − loss is the penalty.
	if _, err := net.Forward(x, 8); err != nil {
		t.Fatal(err)
	}
	loss, _ := net.LossValue(nn.SoftmaxCrossEntropy, labels, nil)
	if d := objective(theta) - loss - penValue; math.Abs(d) > 1e-9*max(1, penValue) {
		t.Errorf("penalty value %.8f differs from the objective's by %.3g", penValue, d)
	}
}

// TestForgettingProximalStep checks that an SGD step with the proximal penalty lands where
// the closed form says, θ ← (θ − η·g_B + η·c·θ*)/(1 + η·c), including for a curvature η·c
// far beyond the explicit step's stability limit of 2, and that frozen layers do not move.
func TestForgettingProximalStep(t *testing.T) {
	net, err := nn.New(3, []nn.LayerSpec{{Out: 2, Act: nn.ReLU, Init: nn.InitHeNormal}, {Out: 2, Act: nn.Identity, Init: nn.InitHeNormal}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	p := net.NumParams()
	center := make([]nn.Float, p)
	fisher := make([]nn.Float, p)
	for i := range center {
		center[i] = 0.5
		fisher[i] = float64(i%4) * 10 // 0 to 30
	}
	const eta, lambda = 0.1, 20.0 // η·c up to 60
	anchors := []*nn.Anchor{{Lambda: lambda, Center: center, Weight: fisher}, {Lambda: lambda, Center: center}}
	prox := newForgettingProximal(anchors, eta, p)
	data := nn.Data{X: []nn.Float{1, -1, 0.5, 0.2, 0.3, -2}, Dim: 3, Labels: []int{0, 1}, Classes: 2}
	for _, frozen := range []bool{false, true} {
		net.Layers[0].Frozen = frozen
		before := net.Params(nil)
		// g_B alone, from a copy.
		c := net.Clone()
		if _, err := c.Forward(data.X, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := c.LossGrad(nn.SoftmaxCrossEntropy, data.Labels, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Backward(false); err != nil {
			t.Fatal(err)
		}
		gB := c.Grads(nil)
		if _, err := net.Train(data, nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.SGD(eta), BatchSize: 2, Steps: 1, Penalty: prox}); err != nil {
			t.Fatal(err)
		}
		after := net.Params(nil)
		frozenLen := 3*2 + 2
		for i := range after {
			want := before[i]
			if !(frozen && i < frozenLen) {
				curv := lambda*fisher[i] + lambda
				want = (before[i] - eta*gB[i] + eta*curv*center[i]) / (1 + eta*curv)
			}
			if math.Abs(after[i]-want) > 1e-12 {
				t.Errorf("frozen=%v: θ[%d] = %.10f after the step, want %.10f", frozen, i, after[i], want)
			}
		}
	}
}

func TestForgettingFisherLayers(t *testing.T) {
	// Layer 1: 2×2 weights then 2 biases; layer 2: 2×1 weights then 1 bias.
	f := []nn.Float{0, 4, 0, 0, 1, 3, 2, 2, 0}
	w, b, z := forgettingFisherLayers([]int{2, 2, 1}, f)
	want := [][]float64{{1, 2}, {2, 0}, {3.0 / 6, 1.0 / 3}}
	for i, got := range [][]float64{w, b, z} {
		for l := range got {
			if math.Abs(got[l]-want[i][l]) > 1e-15 {
				t.Errorf("summary %d layer %d = %v, want %v", i, l+1, got[l], want[i][l])
			}
		}
	}
}
