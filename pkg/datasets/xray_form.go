package datasets

import (
	"fmt"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// XRayTrueForm returns the features in which f is linear, for the informative variables in
// cols (a subset of Informative; nil: all of them): each variable itself, the product of
// each pair whose two variables are both in cols, and the step 1{x_c > τ_c} of each
// threshold variable in cols. A logistic regression on them is the true functional form of
// the task (f is Σ weight·feature), so with all informative variables it is the
// well-specified model: the best any learner can do up to estimation error. With some
// variables left out it is an expert who knows the form but missed those details.
func (t *XRayTask) XRayTrueForm(d nn.Data, cols []int) (nn.Data, error) {
	if d.Dim != t.Config.Variables {
		return nn.Data{}, fmt.Errorf("x-ray true form: rows have %d variables, the task %d", d.Dim, t.Config.Variables)
	}
	if cols == nil {
		cols = t.Informative
	}
	for _, c := range cols {
		if !slices.Contains(t.Informative, c) {
			return nn.Data{}, fmt.Errorf("x-ray true form: column %d is not an informative variable", c)
		}
	}
	if len(cols) == 0 {
		return nn.Data{}, fmt.Errorf("x-ray true form: no columns")
	}
	var pairs [][2]int
	for _, p := range t.pairs {
		if slices.Contains(cols, p[0]) && slices.Contains(cols, p[1]) {
			pairs = append(pairs, p)
		}
	}
	var steps []int // indices into t.thresh
	for k, c := range t.thresh {
		if slices.Contains(cols, c) {
			steps = append(steps, k)
		}
	}
	dim := len(cols) + len(pairs) + len(steps)
	n := d.Len()
	out := nn.Data{X: make([]nn.Float, n*dim), Dim: dim, Labels: d.Labels, Classes: d.Classes, Y: d.Y, YDim: d.YDim}
	for r := 0; r < n; r++ {
		src := d.Row(r)
		dst := out.X[r*dim : (r+1)*dim]
		i := 0
		for _, c := range cols {
			dst[i] = src[c]
			i++
		}
		for _, p := range pairs {
			dst[i] = src[p[0]] * src[p[1]]
			i++
		}
		for _, k := range steps {
			if src[t.thresh[k]] > t.tau[k] {
				dst[i] = 1
			}
			i++
		}
	}
	return out, nil
}
