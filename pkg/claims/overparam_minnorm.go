package claims

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// overparamLSQ is a minimum-norm least-squares solution.
type overparamLSQ struct {
	X        *mat.Dense // n×k: the solution
	Rank     int        // singular values kept
	Singular []float64  // singular values of A, largest first
}

// overparamMinNorm returns the X that minimises ‖A·X − B‖_F and, among all minimisers, has
// the smallest ‖X‖_F: X = A⁺·B, the solution gradient descent from zero converges to and the
// one Belkin et al. (2019, PNAS, §"Random Fourier features") fit on both sides of the
// interpolation threshold. A is m×n, B is m×k.
//
// It never forms AᵀA or AAᵀ, which would square the condition number exactly where it
// matters, near m = n. Instead it reduces A to a small triangle by Householder reflections
// (backward stable; Golub & Van Loan, Matrix Computations, 4th ed., §5.2 and §5.5):
//   - m ≥ n (fewer unknowns than equations): A = Q·R, so X = R⁺·(QᵀB)[:n];
//   - m < n (more unknowns than equations):  A = L·Q, so X = Qᵀ·(L⁺·B).
//
// The pseudo-inverse of the n×n (or m×m) triangle comes from its SVD, keeping the singular
// values above rcond·σ_max (rcond ≤ 0 selects max(m, n)·ε, the cut-off of LAPACK's xGELSS and
// NumPy's lstsq). The cost is 2·max(m,n)·min(m,n)² flops for the reduction plus one SVD of a
// min(m,n)-sized square, instead of an SVD of the whole m×n matrix.
func overparamMinNorm(a, b *mat.Dense, rcond float64) (overparamLSQ, error) {
	m, n := a.Dims()
	bm, k := b.Dims()
	switch {
	case m == 0 || n == 0 || k == 0:
		return overparamLSQ{}, fmt.Errorf("min-norm least squares: empty system (A %d×%d, B %d×%d)", m, n, bm, k)
	case bm != m:
		return overparamLSQ{}, fmt.Errorf("min-norm least squares: A has %d rows but B has %d", m, bm)
	}
	if rcond <= 0 {
		rcond = float64(max(m, n)) * 0x1p-52
	}
	f := mat.DenseCopyOf(a)
	fr := f.RawMatrix()
	tau := make([]float64, min(m, n))
	var lsq overparamLSQ
	if m >= n {
		w := overparamWork(func(w []float64, l int) { lapack64.Geqrf(fr, tau, w, l) })
		lapack64.Geqrf(fr, tau, w, len(w)) // A = Q·R, R in the upper triangle
		c := mat.DenseCopyOf(b)
		cr := c.RawMatrix()
		w = overparamWork(func(w []float64, l int) { lapack64.Ormqr(blas.Left, blas.Trans, fr, tau, cr, w, l) })
		lapack64.Ormqr(blas.Left, blas.Trans, fr, tau, cr, w, len(w)) // c = Qᵀ·B
		r := overparamTriangle(fr, n, true)
		x, rank, s, err := overparamPinvMul(r, c.Slice(0, n, 0, k), rcond)
		if err != nil {
			return lsq, err
		}
		return overparamLSQ{X: x, Rank: rank, Singular: s}, nil
	}
	w := overparamWork(func(w []float64, l int) { lapack64.Gelqf(fr, tau, w, l) })
	lapack64.Gelqf(fr, tau, w, len(w)) // A = L·Q, L in the lower triangle
	l := overparamTriangle(fr, m, false)
	z, rank, s, err := overparamPinvMul(l, b, rcond)
	if err != nil {
		return lsq, err
	}
	x := mat.NewDense(n, k, nil) // [z; 0], then Qᵀ·[z; 0] = Q_fullᵀ applied to it
	x.Slice(0, m, 0, k).(*mat.Dense).Copy(z)
	xr := x.RawMatrix()
	w = overparamWork(func(w []float64, l int) { lapack64.Ormlq(blas.Left, blas.Trans, fr, tau, xr, w, l) })
	lapack64.Ormlq(blas.Left, blas.Trans, fr, tau, xr, w, len(w))
	return overparamLSQ{X: x, Rank: rank, Singular: s}, nil
}

// overparamWork sizes a LAPACK workspace by the routine's own query (lwork = −1, which only
// writes the optimal length into work[0]); the caller then runs the routine with it.
func overparamWork(query func(work []float64, lwork int)) []float64 {
	w := []float64{0}
	query(w, -1)
	return make([]float64, max(1, int(w[0])))
}

// overparamTriangle copies the leading p×p upper (R of a QR) or lower (L of an LQ) triangle of
// a factored matrix, zeroing the other side where LAPACK keeps its reflectors.
func overparamTriangle(f blas64.General, p int, upper bool) *mat.Dense {
	t := mat.NewDense(p, p, nil)
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			if (upper && j >= i) || (!upper && j <= i) {
				t.Set(i, j, f.Data[i*f.Stride+j])
			}
		}
	}
	return t
}

// overparamPinvMul returns T⁺·B for a square T through T's SVD, dropping singular values at
// or below rcond·σ_max, with the rank kept and all singular values.
func overparamPinvMul(t *mat.Dense, b mat.Matrix, rcond float64) (*mat.Dense, int, []float64, error) {
	var svd mat.SVD
	if !svd.Factorize(t, mat.SVDThin) {
		return nil, 0, nil, errors.New("min-norm least squares: the SVD did not converge")
	}
	s := svd.Values(nil)
	for _, v := range s {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, nil, errors.New("min-norm least squares: the matrix holds NaN or infinite values")
		}
	}
	rank := 0
	for rank < len(s) && s[rank] > rcond*s[0] {
		rank++
	}
	_, k := b.Dims()
	p, _ := t.Dims()
	if rank == 0 {
		return mat.NewDense(p, k, nil), 0, s, nil
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	var c mat.Dense // Σ⁺·Uᵀ·B over the kept values
	c.Mul(u.Slice(0, p, 0, rank).T(), b)
	for i := 0; i < rank; i++ {
		row := c.RawRowView(i)
		for j := range row {
			row[j] /= s[i]
		}
	}
	x := mat.NewDense(p, k, nil)
	x.Mul(v.Slice(0, p, 0, rank), &c)
	return x, rank, s, nil
}
