package datasets

import (
	"math"
	"testing"
)

// TestXRayTrueFormIsLinearInF checks that f is a fixed linear combination of the true form's
// features: the weights read off the task reproduce Score on every row, so a logistic
// regression on them can represent the Bayes rule exactly.
func TestXRayTrueFormIsLinearInF(t *testing.T) {
	task, err := NewXRayTask(xrayTestConfig())
	if err != nil {
		t.Fatal(err)
	}
	d, err := task.Sample(200, 4)
	if err != nil {
		t.Fatal(err)
	}
	feat, err := task.XRayTrueForm(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := task.Config
	if want := c.Informative + c.Pairs + c.Thresholds; feat.Dim != want {
		t.Fatalf("%d features, want %d", feat.Dim, want)
	}
	// The weights of f on the features, in XRayTrueForm's order; the steps' centring is a
	// constant (the bias).
	var w []float64
	w = append(w, task.linear...)
	for k := range task.pairs {
		w = append(w, c.PairWeight*task.pairSign[k]/math.Sqrt(float64(c.Pairs)))
	}
	for i := range w[:c.Informative] {
		w[i] *= c.LinearWeight
	}
	bias := 0.0
	for k := range task.thresh {
		w = append(w, c.ThresholdWeight*task.threshSign[k]/task.threshNorm)
		bias -= c.ThresholdWeight * task.threshSign[k] * task.threshMean[k] / task.threshNorm
	}
	for r := 0; r < d.Len(); r++ {
		got := bias
		for j, v := range feat.Row(r) {
			got += w[j] * v
		}
		if want := task.Score(d.Row(r)); math.Abs(got-want) > 1e-9 {
			t.Fatalf("row %d: features give f = %v, Score %v", r, got, want)
		}
	}
	// An expert who missed a pair's variable loses that product, and only it.
	drop := task.pairs[0][0]
	var cols []int
	for _, j := range task.Informative {
		if j != drop {
			cols = append(cols, j)
		}
	}
	part, err := task.XRayTrueForm(d, cols)
	if err != nil {
		t.Fatal(err)
	}
	if part.Dim != feat.Dim-2 {
		t.Errorf("missing one pair variable: %d features, want %d", part.Dim, feat.Dim-2)
	}
	if _, err := task.XRayTrueForm(d, []int{-1}); err == nil {
		t.Error("a column that is not informative should be an error")
	}
}
