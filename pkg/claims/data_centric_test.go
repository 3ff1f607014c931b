package claims

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// dataCentricReaches reports whether a value of type t can hold a LabelNoiseTruth, directly
// or through pointers, slices, maps, arrays, struct fields or function arguments.
func dataCentricReaches(t reflect.Type, seen map[reflect.Type]bool) bool {
	truth := reflect.TypeOf(datasets.LabelNoiseTruth{})
	if t == truth {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return dataCentricReaches(t.Elem(), seen)
	case reflect.Map:
		return dataCentricReaches(t.Key(), seen) || dataCentricReaches(t.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if dataCentricReaches(t.Field(i).Type, seen) {
				return true
			}
		}
	case reflect.Func:
		for i := 0; i < t.NumIn(); i++ {
			if dataCentricReaches(t.In(i), seen) {
				return true
			}
		}
	case reflect.Interface:
		return true // an interface could carry anything
	}
	return false
}

// TestDataCentricCleaningCannotReadTrueLabels enforces the rule by the types: nothing the
// label check is given (the cleaner, the fold trainer, the noisy set) can carry the truth,
// and the truth's labels are unexported, so code outside package datasets cannot read them.
func TestDataCentricCleaningCannotReadTrueLabels(t *testing.T) {
	// The check itself must see a truth passed in any of these ways.
	for _, f := range []any{func(*datasets.LabelNoiseTruth) {}, func([]struct{ T datasets.LabelNoiseTruth }) {}, func(any) {}} {
		if !dataCentricReaches(reflect.TypeOf(f), map[reflect.Type]bool{}) {
			t.Errorf("the check misses the truth in %T", f)
		}
	}
	for name, f := range map[string]any{
		"dataCentricClean":  dataCentricClean,
		"dataCentricFold":   dataCentricFold,
		"dataCentricDecide": dataCentricDecide,
	} {
		if dataCentricReaches(reflect.TypeOf(f), map[reflect.Type]bool{}) {
			t.Errorf("%s can be given a LabelNoiseTruth", name)
		}
	}
	if dataCentricReaches(reflect.TypeOf(datasets.LabelNoiseSet{}), map[reflect.Type]bool{}) {
		t.Error("a LabelNoiseSet can carry a LabelNoiseTruth")
	}
	truth := reflect.TypeOf(datasets.LabelNoiseTruth{})
	for i := 0; i < truth.NumField(); i++ {
		if truth.Field(i).IsExported() {
			t.Errorf("LabelNoiseTruth exports its field %s", truth.Field(i).Name)
		}
	}
}

// TestDataCentricCleaningIgnoresTheTruth gives the cleaner the same noisy set drawn from two
// different truths: the same images and observed labels, but different true labels and
// different flipped rows. Its output must not change, and the scores must.
func TestDataCentricCleaningIgnoresTheTruth(t *testing.T) {
	cfg := DataCentric.Config(Quick)
	set, truth, err := datasets.LabelNoiseInject(dataCentricToyData(200), 0.3, datasets.LabelNoiseMNISTMap, 1)
	if err != nil {
		t.Fatal(err)
	}
	// A second "clean" source whose labels are the first one's noisy labels: injecting no
	// noise gives the same observed set with a different truth.
	other := set.Data
	other.Labels = slices.Clone(set.Data.Labels)
	set2, truth2, err := datasets.LabelNoiseInject(other, 0, datasets.LabelNoiseMNISTMap, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(set.Data.Labels, set2.Data.Labels) {
		t.Fatal("the two sets should show the same labels")
	}
	var folds []dataCentricFoldOut
	for k := 0; k < 2; k++ {
		f, err := dataCentricFold(cfg, set, k, 3, 1)
		if err != nil {
			t.Fatal(err)
		}
		folds = append(folds, f)
	}
	fixed, _, _ := dataCentricClean(cfg, set, folds)
	fixed2, _, _ := dataCentricClean(cfg, set2, folds)
	if !slices.Equal(fixed, fixed2) {
		t.Error("the cleaner's output depends on the truth")
	}
	s1, _ := truth.Score(set.Data.Labels, fixed)
	s2, _ := truth2.Score(set2.Data.Labels, fixed)
	if s1 == s2 {
		t.Error("the two truths should score the same fix differently")
	}
}

// dataCentricToyData is n 784-pixel images of 10 classes, each class a bright block in its
// own place with noise, easy enough to learn in a few epochs.
func dataCentricToyData(n int) nn.Data {
	d := nn.Data{X: make([]nn.Float, n*784), Dim: 784, Labels: make([]int, n), Classes: 10}
	for i := 0; i < n; i++ {
		c := (i * 3) % 10
		d.Labels[i] = c
		row := d.Row(i)
		for j := range row {
			row[j] = 0.1 * float64((i*131+j*71)%7) / 7
		}
		for j := c * 70; j < c*70+70; j++ {
			row[j] += 0.8
		}
	}
	return d
}

func TestDataCentricApplyAndDecide(t *testing.T) {
	set := datasets.LabelNoiseSet{Data: nn.Data{X: []nn.Float{0, 1, 2, 3, 4}, Dim: 1, Labels: []int{1, 2, 3, 4, 5}, Classes: 10}}
	got, nTrain := dataCentricApply(set, 3, []int{1, -1, 7, -1, 5})
	if nTrain != 2 || !slices.Equal(got.Data.Labels, []int{1, 7, 5}) || !slices.Equal(got.Data.X, []nn.Float{0, 2, 4}) {
		t.Errorf("applied: %v %v, %d training rows", got.Data.X, got.Data.Labels, nTrain)
	}
	for _, tc := range []struct {
		o    dataCentricOOF
		want int
	}{
		{dataCentricOOF{pred: 3, margin: 0}, 3},    // agrees: kept
		{dataCentricOOF{pred: 5, margin: 0.1}, 3},  // below the flagging margin: kept
		{dataCentricOOF{pred: 5, margin: 0.3}, -1}, // flagged, not confident: dropped
		{dataCentricOOF{pred: 5, margin: 0.7}, 5},  // flagged, confident: relabelled
	} {
		if got := dataCentricDecide(0.2, 0.5, 3, tc.o); got != tc.want {
			t.Errorf("%+v: %d, want %d", tc.o, got, tc.want)
		}
	}
}

func TestDataCentricVerdictRules(t *testing.T) {
	mk := func(modelGain, dataGain, modelFLOPs, dataFLOPs float64) DataCentricResult {
		return DataCentricResult{
			Config:    DataCentricConfig{Samples: 3000, NoiseRate: 0.3, Models: [][]int{{100}, {400}}, Folds: 5},
			BaseModel: "784-100-10", BaseNoisy: 0.8, BaseTrue: 0.9,
			ModelPath: DataCentricPath{Accuracy: 0.8 + modelGain, Gain: modelGain, GainLow: modelGain - 0.01, GainHigh: modelGain + 0.01, FLOPs: modelFLOPs},
			DataPath:  DataCentricPath{Accuracy: 0.8 + dataGain, Gain: dataGain, GainLow: dataGain - 0.01, GainHigh: dataGain + 0.01, FLOPs: dataFLOPs},
			Fixes:     []DataCentricFix{{Score: datasets.LabelNoiseScore{Precision: 0.8, Recall: 0.7, Before: 0.7, LabelAccuracy: 0.9}}},
			LeadLow:   dataGain - modelGain - 0.01, LeadHigh: dataGain - modelGain + 0.01,
		}
	}
	for _, tc := range []struct {
		name string
		r    DataCentricResult
		want Outcome
	}{
		{"data wins, cheaper", mk(0.01, 0.05, 1e11, 5e10), Reproduced},
		{"data wins, dearer", mk(0.01, 0.05, 1e10, 5e10), PartlyReproduced},
		{"data ahead within the margin", mk(0.01, 0.015, 1e11, 5e10), PartlyReproduced},
		{"model wins", mk(0.05, 0.01, 1e11, 5e10), NotReproduced},
	} {
		v := dataCentricVerdict(tc.r)
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		want := 100 * (tc.r.DataPath.Gain - tc.r.ModelPath.Gain)
		if math.Abs(v.Measured-want) > 1e-9 {
			t.Errorf("%s: measured %v, want %v", tc.name, v.Measured, want)
		}
	}
}

func TestDataCentricRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		mutate func(*DataCentricConfig)
		want   string
	}{
		{func(c *DataCentricConfig) { c.Dataset = "cifar" }, "cifar"},
		{func(c *DataCentricConfig) { c.NoiseRate = 0.6 }, "noise rate"},
		{func(c *DataCentricConfig) { c.Folds = 1 }, "2 folds"},
		{func(c *DataCentricConfig) { c.Base = []int{77} }, "must be one of"},
		{func(c *DataCentricConfig) { c.Margin = 1 }, "margin"},
	} {
		cfg := DataCentric.Config(Quick)
		tc.mutate(&cfg)
		if _, err := DataCentric.Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error about %q", err, tc.want)
		}
	}
}

// TestDataCentricQuick runs the quick preset on MNIST and checks what the claim rests on:
// the fix finds wrong labels far better than chance and leaves more labels right than it
// found, and the original model gains from the cleaned labels.
func TestDataCentricQuick(t *testing.T) {
	cfg := DataCentric.Config(Quick)
	r, err := DataCentric.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Fixes {
		if math.Abs(f.NoiseRate-cfg.NoiseRate) > 0.01 {
			t.Errorf("seed %d: realised noise rate %.3f, want %.2f", f.Seed, f.NoiseRate, cfg.NoiseRate)
		}
		if f.Score.Precision < 1.5*cfg.NoiseRate || f.Score.Recall < 0.5 {
			t.Errorf("seed %d: precision %.2f, recall %.2f; want well above chance (%.2f) and at least half found", f.Seed, f.Score.Precision, f.Score.Recall, cfg.NoiseRate)
		}
		if f.Score.LabelAccuracy < f.Score.Before+0.1 {
			t.Errorf("seed %d: labels right %.3f → %.3f, want 10 points better", f.Seed, f.Score.Before, f.Score.LabelAccuracy)
		}
	}
	if r.DataPath.Gain < 0.01 {
		t.Errorf("the original model gained %.3f from cleaned labels, want ≥ 0.01", r.DataPath.Gain)
	}
	if !(r.BaseTrue > r.BaseNoisy) {
		t.Errorf("the true labels (%.3f) should beat the noisy ones (%.3f)", r.BaseTrue, r.BaseNoisy)
	}
}

func TestDataCentricIsDeterministic(t *testing.T) {
	cfg := DataCentric.Config(Quick)
	cfg.Samples, cfg.TestSamples, cfg.Seeds = 300, 200, 1
	cfg.Base, cfg.Models = []int{16}, [][]int{{16}, {32}}
	cfg.Folds, cfg.FoldEpochs, cfg.Epochs = 2, 1, 2
	a, err := DataCentric.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, err := DataCentric.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Runs, b.Runs) || !reflect.DeepEqual(a.Fixes, b.Fixes) {
		t.Error("2 workers and 1 gave different results")
	}
}
