package datasets

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// labelNoiseTestData is n rows with labels cycling through 10 classes.
func labelNoiseTestData(n int) nn.Data {
	d := nn.Data{X: make([]nn.Float, n), Dim: 1, Labels: make([]int, n), Classes: 10}
	for i := range d.Labels {
		d.Labels[i] = (i * 7) % 10
	}
	return d
}

// TestLabelNoiseRatesAndMap checks the injector's promise at several rates: in every class the
// share of flipped labels is the requested rate (to the nearest row), and every flip goes to
// the class the confusion map names.
func TestLabelNoiseRatesAndMap(t *testing.T) {
	clean := labelNoiseTestData(3003)
	for _, rate := range []float64{0, 0.2, 0.3, 0.4} {
		set, truth, err := LabelNoiseInject(clean, rate, LabelNoiseMNISTMap, 5)
		if err != nil {
			t.Fatal(err)
		}
		m, err := truth.Transitions(set.Data.Labels, 10)
		if err != nil {
			t.Fatal(err)
		}
		flips := 0
		for c := 0; c < 10; c++ {
			total := 0
			for to, k := range m[c] {
				total += k
				if to != c && to != LabelNoiseMNISTMap[c] && k > 0 {
					t.Errorf("rate %.1f: %d labels of class %d became %d, which the map does not allow", rate, k, c, to)
				}
			}
			flipped := m[c][LabelNoiseMNISTMap[c]]
			flips += flipped
			if math.Abs(float64(flipped)-rate*float64(total)) > 0.5 {
				t.Errorf("rate %.1f: class %d has %d of %d labels flipped, want %.1f", rate, c, flipped, total, rate*float64(total))
			}
		}
		if got := truth.Rate(); math.Abs(got-rate) > 0.002 || got != float64(flips)/3003 {
			t.Errorf("rate %.1f: realised rate %.4f (%d flips)", rate, got, flips)
		}
	}
	if clean.Labels[1] != 7 {
		t.Error("the injector modified its input")
	}
}

func TestLabelNoiseIsSeeded(t *testing.T) {
	clean := labelNoiseTestData(500)
	a, _, _ := LabelNoiseInject(clean, 0.3, LabelNoiseFashionMap, 1)
	b, _, _ := LabelNoiseInject(clean, 0.3, LabelNoiseFashionMap, 1)
	c, _, _ := LabelNoiseInject(clean, 0.3, LabelNoiseFashionMap, 2)
	if !slices.Equal(a.Data.Labels, b.Data.Labels) {
		t.Error("the same seed flipped different labels")
	}
	if slices.Equal(a.Data.Labels, c.Data.Labels) {
		t.Error("different seeds flipped the same labels")
	}
}

func TestLabelNoiseScore(t *testing.T) {
	clean := nn.Data{X: make([]nn.Float, 6), Dim: 1, Labels: []int{0, 1, 2, 3, 4, 5}, Classes: 10}
	set, truth, err := LabelNoiseInject(clean, 0.5, LabelNoiseMNISTMap, 1)
	if err != nil {
		t.Fatal(err)
	}
	// With one row per class, round(0.5·1) = 1: every label is flipped.
	obs := set.Data.Labels
	if !slices.Equal(obs, []int{6, 7, 7, 5, 9, 3}) {
		t.Fatalf("noisy labels %v", obs)
	}
	// Fix: row 0 corrected, row 1 relabelled wrongly, row 2 dropped, rows 3-5 untouched.
	s, err := truth.Score(obs, []int{0, 4, -1, 5, 9, 3})
	if err != nil {
		t.Fatal(err)
	}
	want := LabelNoiseScore{Flagged: 3, Noisy: 6, TruePositives: 3, Precision: 1, Recall: 0.5, Corrected: 1, Broken: 0, LabelAccuracy: 1.0 / 5, Before: 0}
	if s != want {
		t.Errorf("score %+v, want %+v", s, want)
	}
	if _, err := truth.Score(obs, []int{1}); err == nil {
		t.Error("a short label list should fail")
	}
}

func TestLabelNoiseRejectsBadInput(t *testing.T) {
	clean := labelNoiseTestData(100)
	for _, tc := range []struct {
		rate float64
		m    []int
		want string
	}{
		{1.5, LabelNoiseMNISTMap, "rate"},
		{0.3, LabelNoiseMNISTMap[:9], "9 entries"},
		{0.3, []int{0, 7, 7, 5, 9, 3, 0, 1, 3, 4}, "class 0 maps to 0"},
		{0.3, []int{6, 7, 7, 5, 9, 3, 0, 1, 3, 10}, "class 9 maps to 10"},
	} {
		if _, _, err := LabelNoiseInject(clean, tc.rate, tc.m, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error about %q", err, tc.want)
		}
	}
}
