package claims

import (
	"context"
	"math"
	"strings"
	"testing"
)

// randomLabelsHand builds a result whose widest net has the given (train, test) errors for
// true labels, shuffled labels and random pixels.
func randomLabelsHand(errs [3][2]float64) RandomLabelsResult {
	r := RandomLabelsResult{Config: RandomLabelsConfig{TrainSamples: 500, Widths: []int{8, 512}, Steps: 3000}, Params: []float64{1690, 106000}}
	for i, name := range RandomLabelsVariants {
		tr, te := errs[i][0], errs[i][1]
		r.Variants = append(r.Variants, RandomLabelsVariant{
			Name:       name,
			TrainError: []float64{0.5, tr}, TrainErrorLow: []float64{0.5, tr}, TrainErrorHigh: []float64{0.5, tr},
			TestError: []float64{0.5, te}, TestErrorLow: []float64{0.5, te}, TestErrorHigh: []float64{0.5, te},
			StepsToFit: 1000, Fitted: tr < 0.05,
		})
	}
	return r
}

func TestRandomLabelsVerdictRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		errs [3][2]float64
		want Outcome
	}{
		{"everything fits, random at chance", [3][2]float64{{0, 0.1}, {0.01, 0.89}, {0, 0.91}}, Reproduced},
		{"shuffled labels not fitted", [3][2]float64{{0, 0.1}, {0.3, 0.89}, {0, 0.91}}, PartlyReproduced},
		{"random pixels above chance on test", [3][2]float64{{0, 0.1}, {0.01, 0.89}, {0, 0.7}}, PartlyReproduced},
		{"control does not fit", [3][2]float64{{0.2, 0.2}, {0.01, 0.89}, {0, 0.91}}, PartlyReproduced},
		{"nothing random fits", [3][2]float64{{0, 0.1}, {0.4, 0.9}, {0.2, 0.9}}, NotReproduced},
		{"just inside the thresholds", [3][2]float64{{0.05, 0.5}, {0.05, 0.85}, {0.05, 0.85}}, Reproduced},
	} {
		v := randomLabelsVerdict(randomLabelsHand(tc.errs))
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if v.Measured != tc.errs[1][0] || v.Values["pixels_test_error"] != tc.errs[2][1] {
			t.Errorf("%s: measured %v, values %v", tc.name, v.Measured, v.Values)
		}
	}
}

// TestRandomLabelsSets checks the two randomisations: shuffled labels keep the class counts
// but agree with the true label about 1 time in 10; random pixels keep the pixels' mean and
// spread but not the images.
func TestRandomLabelsSets(t *testing.T) {
	train, _, _, err := overparamMNIST(2000, 10, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	sets := randomLabelsSets(train, 1)
	count := func(l []int) [10]int {
		var c [10]int
		for _, v := range l {
			c[v]++
		}
		return c
	}
	if count(sets[1].Labels) != count(train.Labels) {
		t.Error("shuffling changed the class counts")
	}
	same := 0
	for i := range train.Labels {
		if sets[1].Labels[i] == train.Labels[i] {
			same++
		}
	}
	if f := float64(same) / 2000; f > 0.14 {
		t.Errorf("%.2f of shuffled labels equal the true one, want about 0.1", f)
	}
	stats := func(x []float64) (mean, sd float64) {
		for _, v := range x {
			mean += v
		}
		mean /= float64(len(x))
		for _, v := range x {
			sd += (v - mean) * (v - mean)
		}
		return mean, math.Sqrt(sd / float64(len(x)))
	}
	m0, s0 := stats(train.X)
	m1, s1 := stats(sets[2].X)
	if math.Abs(m0-m1) > 0.01 || math.Abs(s0-s1) > 0.01 {
		t.Errorf("random pixels: mean %.3f sd %.3f, real %.3f %.3f", m1, s1, m0, s0)
	}
	if &sets[0].X[0] != &train.X[0] || sets[2].Labels[5] != train.Labels[5] {
		t.Error("the true-label set must be the data itself, and random pixels keep the labels")
	}
}

// TestRandomLabelsQuick runs the quick preset: the widest net fits true labels and random
// pixels, and only the true labels carry over to the test set.
func TestRandomLabelsQuick(t *testing.T) {
	cfg := RandomLabels.Config(Quick)
	r, err := RandomLabels.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	w := len(cfg.Widths) - 1
	tru, shuf, pix := r.Variants[0], r.Variants[1], r.Variants[2]
	if tru.TrainError[w] > 0.05 || pix.TrainError[w] > 0.05 {
		t.Errorf("widest net: training error %.3f on true labels and %.3f on random pixels, want ≤ 0.05", tru.TrainError[w], pix.TrainError[w])
	}
	if tru.TestError[w] > 0.3 {
		t.Errorf("true labels: test error %.3f", tru.TestError[w])
	}
	if shuf.TestError[w] < 0.8 || pix.TestError[w] < 0.8 {
		t.Errorf("test error %.3f (shuffled) and %.3f (pixels), want near chance (0.9)", shuf.TestError[w], pix.TestError[w])
	}
	if shuf.TrainError[w] >= shuf.TrainError[0] {
		t.Errorf("shuffled labels: training error %.3f at the widest width is not below %.3f at the narrowest", shuf.TrainError[w], shuf.TrainError[0])
	}
	if len(tru.Curve) != cfg.Steps/cfg.CurveEvery || tru.Curve[len(tru.Curve)-1] >= tru.Curve[0] {
		t.Errorf("training-loss curve %v", tru.Curve)
	}
}

func TestRandomLabelsRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*RandomLabelsConfig)
		want   string
	}{
		{"widths", func(c *RandomLabelsConfig) { c.Widths = []int{8, 8} }, "widths"},
		{"curve", func(c *RandomLabelsConfig) { c.CurveEvery = 0 }, "curve interval 0"},
		{"steps", func(c *RandomLabelsConfig) { c.Steps = 0 }, "steps 0"},
	} {
		cfg := RandomLabels.Config(Quick)
		tc.mutate(&cfg)
		_, err := RandomLabels.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
