package claims

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/nn/gemm"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// Random feature maps for the random-features regression of Belkin, Hsu, Ma & Mandal (2019,
// PNAS, "Reconciling modern machine-learning practice and the bias-variance trade-off").
const (
	// OverparamFourier: φ_j(x) = √2·cos(w_j·x + b_j), w_j ~ N(0, I/σ²), b_j ~ U[0, 2π)
	// (Rahimi & Recht 2007, "Random features for large-scale kernel machines", §3), whose
	// inner products approximate the Gaussian kernel exp(−‖x−y‖²/2σ²) Belkin et al. use.
	OverparamFourier = "fourier"
	// OverparamReLU: φ_j(x) = max(0, w_j·x + b_j), w_j ~ N(0, I/σ²), b_j ~ N(0, 1): random
	// ReLU features, a one-hidden-layer net whose first layer is frozen at initialisation
	// (the setting of Mei & Montanari 2019, "The generalization error of random features
	// regression", with a bias added).
	OverparamReLU = "relu"
)

// overparamFeatureMap is a fixed random map from Dim inputs to up to N features; the first
// N' < N features are the map with N' features, so that every feature count is nested in the
// next (the same draw, more columns), as in Belkin et al.'s sweeps.
type overparamFeatureMap struct {
	Kind   string
	Dim, N int
	W      []float64 // Dim×N, row-major
	B      []float64 // N
}

func overparamNewFeatureMap(kind string, dim, n int, bandwidth float64, seed uint64) (overparamFeatureMap, error) {
	if kind != OverparamFourier && kind != OverparamReLU {
		return overparamFeatureMap{}, fmt.Errorf("feature type %q: want %q or %q", kind, OverparamFourier, OverparamReLU)
	}
	if dim < 1 || n < 1 || !(bandwidth > 0) {
		return overparamFeatureMap{}, fmt.Errorf("feature map needs positive inputs (%d), features (%d) and bandwidth (%v)", dim, n, bandwidth)
	}
	rng := rand.New(rand.NewPCG(seed, 0xfea7))
	f := overparamFeatureMap{Kind: kind, Dim: dim, N: n, W: make([]float64, dim*n), B: make([]float64, n)}
	for i := range f.W {
		f.W[i] = rng.NormFloat64() / bandwidth
	}
	for j := range f.B {
		if kind == OverparamFourier {
			f.B[j] = 2 * math.Pi * rng.Float64()
		} else {
			f.B[j] = rng.NormFloat64()
		}
	}
	return f, nil
}

// apply returns the rows×N feature matrix of x (rows×Dim, row-major).
func (f overparamFeatureMap) apply(x []float64, rows, threads int) []float64 {
	out := make([]float64, rows*f.N)
	gemm.Gemm(false, false, rows, f.N, f.Dim, 1, x, f.Dim, f.W, f.N, 0, out, f.N, threads)
	for i := 0; i < rows; i++ {
		row := out[i*f.N : (i+1)*f.N]
		for j := range row {
			z := row[j] + f.B[j]
			if f.Kind == OverparamFourier {
				row[j] = math.Sqrt2 * math.Cos(z)
			} else {
				row[j] = max(z, 0)
			}
		}
	}
	return out
}

// overparamRFFit is one min-norm fit with a given number of features.
type overparamRFFit struct {
	Features              int
	TrainMSE, TestMSE     float64 // mean over rows of Σ_k (ŷ_k − y_k)²
	TrainError, TestError float64 // fraction of rows whose largest output is not the label (0 without labels)
	WeightNorm            float64 // ‖W‖_F of the fit
	Rank                  int
}

// overparamRFCurve fits the minimum-norm least-squares regression of train.Y on the first N
// random features, for every N in counts, with one feature draw (seed), and scores each fit
// on train and test. Targets are the rows of Y (one-hot for classification); when the data
// carry labels the 0-1 error is the argmax rule's. The fits run workers at a time.
func overparamRFCurve(ctx context.Context, train, test nn.Data, kind string, bandwidth float64, counts []int, seed uint64, workers int, done func(int, int)) ([]overparamRFFit, error) {
	if train.Y == nil || test.Y == nil || train.YDim != test.YDim || train.Dim != test.Dim {
		return nil, fmt.Errorf("random features: train and test need regression targets of the same width and inputs of the same size")
	}
	nmax := 0
	for _, c := range counts {
		if c < 1 {
			return nil, fmt.Errorf("random features: feature count %d must be positive", c)
		}
		nmax = max(nmax, c)
	}
	fm, err := overparamNewFeatureMap(kind, train.Dim, nmax, bandwidth, seed)
	if err != nil {
		return nil, err
	}
	ntr, nte := train.Len(), test.Len()
	phiTrain := fm.apply(train.X, ntr, sweep.Workers())
	phiTest := fm.apply(test.X, nte, sweep.Workers())
	k := train.YDim
	yTrain := mat.NewDense(ntr, k, train.Y)
	return sweep.Map(ctx, len(counts), workers, func(ctx context.Context, i int) (overparamRFFit, error) {
		n := counts[i]
		a := mat.NewDense(ntr, nmax, phiTrain).Slice(0, ntr, 0, n).(*mat.Dense)
		lsq, err := overparamMinNorm(a, yTrain, 0)
		if err != nil {
			return overparamRFFit{}, fmt.Errorf("random features, N = %d: %w", n, err)
		}
		fit := overparamRFFit{Features: n, Rank: lsq.Rank, WeightNorm: mat.Norm(lsq.X, 2)}
		fit.TrainMSE, fit.TrainError = overparamScore(a, lsq.X, train)
		at := mat.NewDense(nte, nmax, phiTest).Slice(0, nte, 0, n)
		fit.TestMSE, fit.TestError = overparamScore(at, lsq.X, test)
		if math.IsNaN(fit.TestMSE) || math.IsInf(fit.TestMSE, 0) {
			return fit, fmt.Errorf("random features, N = %d: test loss is %v", n, fit.TestMSE)
		}
		return fit, nil
	}, done)
}

// overparamScore returns the mean squared loss (summed over outputs) and the 0-1 error of the
// predictions Φ·W on d.
func overparamScore(phi mat.Matrix, w *mat.Dense, d nn.Data) (mse, errRate float64) {
	var pred mat.Dense
	pred.Mul(phi, w)
	rows, k := pred.Dims()
	wrong := 0
	for i := 0; i < rows; i++ {
		p := pred.RawRowView(i)
		y := d.Y[i*k : (i+1)*k]
		for j := range p {
			mse += (p[j] - y[j]) * (p[j] - y[j])
		}
		if d.Labels != nil {
			best := 0
			for j := range p {
				if p[j] > p[best] {
					best = j
				}
			}
			if best != d.Labels[i] {
				wrong++
			}
		}
	}
	return mse / float64(rows), float64(wrong) / float64(rows)
}
