package datasets

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

func xrayTestConfig() XRayConfig {
	return XRayConfig{Variables: 500, Informative: 100, Pairs: 5, Thresholds: 10,
		LinearWeight: 1, PairWeight: 1, ThresholdWeight: 0.5, Noise: 0.2, Seed: 3}
}

// TestXRayPartsHaveTheStatedVariance draws f with one part switched on at a time and checks
// that its variance is the part's weight squared, as the doc comment states, and that the
// pairwise products carry no linear signal (their correlation with every variable is ~0).
func TestXRayPartsHaveTheStatedVariance(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lin, pr float64
		thr     float64
	}{{"linear", 2, 0, 0}, {"pairs", 0, 1.5, 0}, {"thresholds", 0, 0, 1}} {
		cfg := xrayTestConfig()
		cfg.LinearWeight, cfg.PairWeight, cfg.ThresholdWeight = tc.lin, tc.pr, tc.thr
		task, err := NewXRayTask(cfg)
		if err != nil {
			t.Fatal(err)
		}
		d, err := task.Sample(20000, 1)
		if err != nil {
			t.Fatal(err)
		}
		var s, ss float64
		scores := make([]float64, d.Len())
		for i := range scores {
			scores[i] = task.Score(d.Row(i))
			s += scores[i]
			ss += scores[i] * scores[i]
		}
		n := float64(d.Len())
		mean, variance := s/n, ss/n-(s/n)*(s/n)
		want := (tc.lin + tc.pr + tc.thr) * (tc.lin + tc.pr + tc.thr)
		if math.Abs(mean) > 0.05*math.Sqrt(want) || math.Abs(variance/want-1) > 0.05 {
			t.Errorf("%s: mean %.3f, variance %.3f, want 0 and %.3f", tc.name, mean, variance, want)
		}
		if tc.name == "pairs" {
			for _, j := range task.Informative {
				var c float64
				for i := range scores {
					c += scores[i] * d.Row(i)[j]
				}
				if corr := c / n / math.Sqrt(variance); math.Abs(corr) > 0.04 {
					t.Errorf("pairs: correlation %.3f with variable %d, want ~0 (products are invisible to a linear rule)", corr, j)
				}
			}
		}
	}
}

// xrayLogisticAccuracy trains logistic regression on the given columns and returns its test
// accuracy.
func xrayLogisticAccuracy(t *testing.T, train, test nn.Data, cols []int) float64 {
	t.Helper()
	tr, err := XRayColumns(train, cols)
	if err != nil {
		t.Fatal(err)
	}
	te, _ := XRayColumns(test, cols)
	net, err := nn.New(len(cols), []nn.LayerSpec{{Out: 2, Act: nn.Identity, Init: nn.InitGlorotUniform}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Train(tr, nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(1e-2), BatchSize: 100, Epochs: 15, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	_, acc, err := net.Evaluate(te, nn.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

// TestXRayInformativeVariablesMatter is the generator's main promise: a model on the
// informative variables predicts the label, one on as many other variables cannot, and one
// on the informative variables with 30 left out does measurably worse.
func TestXRayInformativeVariablesMatter(t *testing.T) {
	task, err := NewXRayTask(xrayTestConfig())
	if err != nil {
		t.Fatal(err)
	}
	train, _ := task.Sample(4000, 1)
	test, _ := task.Sample(4000, 2)
	var others []int
	for j := 0; j < task.Config.Variables && len(others) < len(task.Informative); j++ {
		if !slices.Contains(task.Informative, j) {
			others = append(others, j)
		}
	}
	missing, err := task.ExpertVariables(30, 1)
	if err != nil {
		t.Fatal(err)
	}
	informative := xrayLogisticAccuracy(t, train, test, task.Informative)
	noise := xrayLogisticAccuracy(t, train, test, others)
	partial := xrayLogisticAccuracy(t, train, test, missing)
	t.Logf("logistic regression accuracy: informative %.3f, 30 missing %.3f, %d other variables %.3f", informative, partial, len(others), noise)
	if informative < 0.7 {
		t.Errorf("on the informative variables: %.3f, want ≥ 0.70", informative)
	}
	if noise > 0.55 {
		t.Errorf("on non-informative variables: %.3f, want chance (≤ 0.55)", noise)
	}
	if informative-partial < 0.02 {
		t.Errorf("leaving out 30 informative variables costs %.3f accuracy, want ≥ 0.02", informative-partial)
	}
}

func TestXRaySampleIsSeededAndNested(t *testing.T) {
	task, _ := NewXRayTask(xrayTestConfig())
	small, _ := task.Sample(50, 9)
	large, _ := task.Sample(200, 9)
	other, _ := task.Sample(50, 10)
	if !slices.Equal(small.X, large.X[:len(small.X)]) || !slices.Equal(small.Labels, large.Labels[:50]) {
		t.Error("a smaller sample with the same seed is not the prefix of a larger one")
	}
	if slices.Equal(small.X, other.X) {
		t.Error("different seeds drew the same rows")
	}
	pos := 0
	for _, l := range large.Labels {
		pos += l
	}
	if pos < 70 || pos > 130 {
		t.Errorf("%d positive labels of 200, want about half", pos)
	}
	again, _ := NewXRayTask(xrayTestConfig())
	if !slices.Equal(again.Informative, task.Informative) {
		t.Error("the same seed chose different informative variables")
	}
	if len(task.Informative) != 100 || !slices.IsSorted(task.Informative) {
		t.Errorf("informative variables %v: want 100, sorted", task.Informative)
	}
}

func TestXRayExpertVariables(t *testing.T) {
	task, _ := NewXRayTask(xrayTestConfig())
	cols, err := task.ExpertVariables(30, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 70 {
		t.Fatalf("%d variables, want 70", len(cols))
	}
	for _, c := range cols {
		if !slices.Contains(task.Informative, c) {
			t.Errorf("variable %d is not informative", c)
		}
	}
	if all, _ := task.ExpertVariables(0, 4); !slices.Equal(all, task.Informative) {
		t.Error("leaving out none should give every informative variable")
	}
	if _, err := task.ExpertVariables(100, 4); err == nil {
		t.Error("leaving out every variable should fail")
	}
}

func TestXRayRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		mutate func(*XRayConfig)
		want   string
	}{
		{func(c *XRayConfig) { c.Informative = 600 }, "informative"},
		{func(c *XRayConfig) { c.Pairs = 50 }, "distinct informative"},
		{func(c *XRayConfig) { c.Noise = -1 }, "noise"},
		{func(c *XRayConfig) { c.LinearWeight, c.PairWeight, c.ThresholdWeight = 0, 0, 0 }, "pure noise"},
	} {
		cfg := xrayTestConfig()
		tc.mutate(&cfg)
		if _, err := NewXRayTask(cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error about %q", err, tc.want)
		}
	}
	d := nn.Data{X: make([]nn.Float, 6), Dim: 3, Labels: []int{0, 1}, Classes: 2}
	if _, err := XRayColumns(d, []int{0, 3}); err == nil || !strings.Contains(err.Error(), "column 3") {
		t.Errorf("column out of range: %v", err)
	}
}
