package claims

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func overparamRandomDense(r, c int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, rng.NormFloat64())
		}
	}
	return m
}

func overparamMaxDiff(t *testing.T, got, want mat.Matrix) float64 {
	t.Helper()
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		t.Fatalf("shape %d×%d, want %d×%d", gr, gc, wr, wc)
	}
	d := 0.0
	for i := 0; i < gr; i++ {
		for j := 0; j < gc; j++ {
			d = max(d, math.Abs(got.At(i, j)-want.At(i, j)))
		}
	}
	return d
}

// More equations than unknowns, full column rank: the least-squares solution is unique and
// the normal equations AᵀA·X = AᵀB give it.
func TestOverparamMinNormOverdeterminedMatchesNormalEquations(t *testing.T) {
	for _, sz := range [][2]int{{8, 3}, {40, 17}, {12, 12}} {
		a, b := overparamRandomDense(sz[0], sz[1], 1), overparamRandomDense(sz[0], 2, 2)
		got, err := overparamMinNorm(a, b, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ata, atb, want mat.Dense
		ata.Mul(a.T(), a)
		atb.Mul(a.T(), b)
		if err := want.Solve(&ata, &atb); err != nil {
			t.Fatal(err)
		}
		if d := overparamMaxDiff(t, got.X, &want); d > 1e-9 {
			t.Errorf("%d×%d: differs from the normal equations by %.2g", sz[0], sz[1], d)
		}
		if got.Rank != sz[1] {
			t.Errorf("%d×%d: rank %d, want %d", sz[0], sz[1], got.Rank, sz[1])
		}
	}
}

// Fewer equations than unknowns: the min-norm interpolant is Aᵀ(AAᵀ)⁻¹B. It fits B exactly,
// and adding any null-space direction makes it longer.
func TestOverparamMinNormUnderdeterminedIsTheMinimumNormInterpolant(t *testing.T) {
	a, b := overparamRandomDense(5, 13, 3), overparamRandomDense(5, 3, 4)
	got, err := overparamMinNorm(a, b, 0)
	if err != nil {
		t.Fatal(err)
	}
	var aat, inv, want mat.Dense
	aat.Mul(a, a.T())
	if err := inv.Inverse(&aat); err != nil {
		t.Fatal(err)
	}
	want.Product(a.T(), &inv, b)
	if d := overparamMaxDiff(t, got.X, &want); d > 1e-9 {
		t.Errorf("differs from Aᵀ(AAᵀ)⁻¹B by %.2g", d)
	}
	var fit mat.Dense
	fit.Mul(a, got.X)
	if d := overparamMaxDiff(t, &fit, b); d > 1e-9 {
		t.Errorf("does not interpolate: max |AX − B| = %.2g", d)
	}
	// A null-space direction: project a random vector off A's row space.
	v := overparamRandomDense(13, 1, 5)
	var proj, av, sol mat.Dense
	av.Mul(a, v)
	sol.Solve(&aat, &av)
	proj.Mul(a.T(), &sol)
	v.Sub(v, &proj)
	var check mat.Dense
	check.Mul(a, v)
	if mat.Norm(&check, 2) > 1e-9 {
		t.Fatal("test setup: v is not in the null space")
	}
	norm := mat.Norm(got.X, 2)
	for _, eps := range []float64{1e-3, -1e-3, 0.5} {
		var other mat.Dense
		other.Apply(func(i, j int, x float64) float64 { return x + eps*v.At(i, 0) }, got.X)
		if mat.Norm(&other, 2) <= norm {
			t.Errorf("adding %g×(null-space vector) did not lengthen the solution", eps)
		}
	}
}

// Rank-deficient systems, where only the cut-off makes the answer unique. A duplicated
// column splits its weight in two; a rank-one A = u·vᵀ has A⁺ = v·uᵀ/(‖u‖²‖v‖²).
func TestOverparamMinNormRankDeficient(t *testing.T) {
	col := overparamRandomDense(10, 1, 6)
	b := overparamRandomDense(10, 1, 7)
	var one mat.Dense
	one.Solve(col, b) // the 1-column least-squares coefficient c
	c := one.At(0, 0)
	dup := mat.NewDense(10, 2, nil)
	for i := 0; i < 10; i++ {
		dup.Set(i, 0, col.At(i, 0))
		dup.Set(i, 1, col.At(i, 0))
	}
	got, err := overparamMinNorm(dup, b, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rank != 1 || math.Abs(got.X.At(0, 0)-c/2) > 1e-10 || math.Abs(got.X.At(1, 0)-c/2) > 1e-10 {
		t.Errorf("duplicated column: rank %d, x = %v, want rank 1 and (%.6g, %.6g)", got.Rank, mat.Formatted(got.X.T()), c/2, c/2)
	}

	for _, sz := range [][2]int{{4, 6}, {6, 4}} {
		u, v := overparamRandomDense(sz[0], 1, 8), overparamRandomDense(sz[1], 1, 9)
		var a mat.Dense
		a.Mul(u, v.T())
		y := overparamRandomDense(sz[0], 2, 10)
		got, err := overparamMinNorm(&a, y, 0)
		if err != nil {
			t.Fatal(err)
		}
		uu, vv := mat.Dot(u.ColView(0), u.ColView(0)), mat.Dot(v.ColView(0), v.ColView(0))
		var want mat.Dense
		want.Product(v, u.T(), y)
		want.Scale(1/(uu*vv), &want)
		if d := overparamMaxDiff(t, got.X, &want); d > 1e-10 || got.Rank != 1 {
			t.Errorf("rank-one %d×%d: rank %d, differs from v·uᵀ·B/(‖u‖²‖v‖²) by %.2g", sz[0], sz[1], got.Rank, d)
		}
	}
}

func TestOverparamMinNormRejectsBadShapes(t *testing.T) {
	if _, err := overparamMinNorm(overparamRandomDense(4, 3, 1), overparamRandomDense(5, 1, 1), 0); err == nil || !strings.Contains(err.Error(), "4 rows but B has 5") {
		t.Errorf("mismatched rows: %v", err)
	}
	nan := overparamRandomDense(3, 3, 1)
	nan.Set(1, 1, math.NaN())
	if _, err := overparamMinNorm(nan, overparamRandomDense(3, 1, 1), 0); err == nil {
		t.Error("NaN in A: no error")
	}
}
