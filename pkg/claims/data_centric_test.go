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

// dataCentricVerdictCase builds a result of two sizes × one noise rate and five seeds whose
// per-seed leads are small+d and large+d for d in −2..2 tenths of a point.
func dataCentricVerdictCase(small, large, dataFLOPs, modelFLOPs float64) DataCentricResult {
	cfg := DataCentricConfig{Sizes: []int{1000, 10000}, NoiseRates: []float64{0.3}, Models: [][]int{{100}, {400}}, Folds: 5, Seeds: 5}
	r := DataCentricResult{Config: cfg}
	for i, lead := range []float64{small, large} {
		c := DataCentricCell{Samples: cfg.Sizes[i], NoiseRate: 0.3, BaseModel: "784-100-10", BaseNoisy: 0.8, BaseTrue: 0.9,
			Fixes: []DataCentricFix{{Score: datasets.LabelNoiseScore{Precision: 0.8, Recall: 0.7, Before: 0.7, LabelAccuracy: 0.9}}}}
		for s := 0; s < cfg.Seeds; s++ {
			l := lead + 0.001*float64(s-2)
			c.Leads = append(c.Leads, l)
			c.DataPath.Gains = append(c.DataPath.Gains, 0.03+l)
			c.ModelPath.Gains = append(c.ModelPath.Gains, 0.03)
			c.DataPath.SeedFLOPs = append(c.DataPath.SeedFLOPs, dataFLOPs)
			c.ModelPath.SeedFLOPs = append(c.ModelPath.SeedFLOPs, modelFLOPs)
		}
		c.DataPath.Gain, c.ModelPath.Gain = 0.03+lead, 0.03
		c.DataPath.FLOPs, c.ModelPath.FLOPs = dataFLOPs, modelFLOPs
		r.Cells = append(r.Cells, c)
	}
	r.DataCentricCell = r.Cells[0]
	r.Trend = dataCentricTrendOf(cfg, r.Cells)
	return r
}

// TestDataCentricVerdictRules runs the rule on made-up leads: it needs a lead above a point at
// the smallest size, no more FLOPs, and a lead that shrinks with n.
func TestDataCentricVerdictRules(t *testing.T) {
	for _, tc := range []struct {
		name         string
		small, large float64
		dataFLOPs    float64
		want         Outcome
	}{
		{"data wins small, less when large", 0.05, 0.01, 5e10, Reproduced},
		{"data wins small but more when large", 0.05, 0.08, 5e10, PartlyReproduced},
		{"data wins small and shrinks, but dearer", 0.05, 0.01, 5e11, PartlyReproduced},
		{"ahead within the margin, shrinking", 0.005, -0.02, 5e10, PartlyReproduced},
		{"model wins small", -0.02, -0.05, 5e10, NotReproduced},
	} {
		r := dataCentricVerdictCase(tc.small, tc.large, tc.dataFLOPs, 1e11)
		v := dataCentricVerdict(r)
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if math.Abs(v.Measured-100*tc.small) > 1e-9 || !(v.Low < v.Measured && v.Measured < v.High) {
			t.Errorf("%s: measured %v [%v, %v], want %v inside its interval", tc.name, v.Measured, v.Low, v.High, 100*tc.small)
		}
		if len(v.SeedOutcomes) != 5 {
			t.Errorf("%s: %d seed outcomes, want 5", tc.name, len(v.SeedOutcomes))
		}
		// The seeds differ by 0.1 point only, so each alone gets the pooled outcome.
		for s, o := range v.SeedOutcomes {
			if o != tc.want {
				t.Errorf("%s: seed %d alone is %s, want %s", tc.name, s, o, tc.want)
			}
		}
	}
	if got := dataCentricSlope([]float64{1000, 10000, 100000}, []float64{0.05, 0.03, 0.01}); math.Abs(got+0.02) > 1e-12 {
		t.Errorf("slope of a lead falling 2 points per decade: %v", got)
	}
}

// TestDataCentricGCEGradient checks the generalised cross-entropy's gradient through a finite
// difference of its loss on a tiny net: p_y^q·(p − e_y) per row, mean over the batch.
func TestDataCentricGCEGradient(t *testing.T) {
	d := nn.Data{X: []nn.Float{0.5, -1, 1.5, 0.2, -0.3, 0.8}, Dim: 2, Labels: []int{0, 2, 1}, Classes: 3}
	net, err := nn.New(2, []nn.LayerSpec{{Out: 3, Act: nn.Identity, Init: nn.InitGlorotUniform}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	const q = 0.7
	loss := func() float64 {
		out, err := net.Forward(d.X, 3)
		if err != nil {
			t.Fatal(err)
		}
		var l float64
		for r := 0; r < 3; r++ {
			z := out[r*3 : (r+1)*3]
			var s float64
			for _, v := range z {
				s += math.Exp(v)
			}
			l += (1 - math.Pow(math.Exp(z[d.Labels[r]])/s, q)) / q / 3
		}
		return l
	}
	// One step of plain SGD with rate 1 moves the parameters by minus the gradient: compare
	// the loss change along it with the squared gradient norm.
	before := net.Params(nil)
	cfg := DataCentricConfig{Batch: 3, Epochs: 1, LR: 1e-3}
	var grads []nn.Float
	err = dataCentricTrainGCE(net, d, d, q, cfg, 1, func(nn.EvalInfo) bool { grads = net.Grads(nil); return false })
	if err != nil {
		t.Fatal(err)
	}
	if err := net.SetParams(before); err != nil {
		t.Fatal(err)
	}
	l0 := loss()
	const h = 1e-6
	var dot float64
	p := slices.Clone(before)
	for i := range p {
		p[i] -= h * grads[i]
		dot += grads[i] * grads[i]
	}
	if err := net.SetParams(p); err != nil {
		t.Fatal(err)
	}
	if got, want := (l0-loss())/h, dot; math.Abs(got-want) > 1e-4*max(1, want) {
		t.Errorf("loss falls %.6g per unit step along minus the gradient, want |g|² = %.6g", got, want)
	}
}

func TestDataCentricRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		mutate func(*DataCentricConfig)
		want   string
	}{
		{func(c *DataCentricConfig) { c.Dataset = "cifar" }, "cifar"},
		{func(c *DataCentricConfig) { c.NoiseRates = []float64{0.6} }, "noise rate"},
		{func(c *DataCentricConfig) { c.Sizes = []int{2000, 1000} }, "increasing"},
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
		rate := cfg.NoiseRates[len(cfg.NoiseRates)-1]
		if math.Abs(f.NoiseRate-rate) > 0.01 {
			t.Errorf("seed %d: realised noise rate %.3f, want %.2f", f.Seed, f.NoiseRate, rate)
		}
		if f.Score.Precision < 1.5*rate || f.Score.Recall < 0.5 {
			t.Errorf("seed %d: precision %.2f, recall %.2f; want well above chance (%.2f) and at least half found", f.Seed, f.Score.Precision, f.Score.Recall, rate)
		}
		if f.Score.LabelAccuracy < f.Score.Before+0.1 {
			t.Errorf("seed %d: labels right %.3f → %.3f, want 10 points better", f.Seed, f.Score.Before, f.Score.LabelAccuracy)
		}
	}
	var gain float64
	for _, c := range r.Cells {
		gain += c.DataPath.Gain / float64(len(r.Cells))
	}
	if len(r.Cells) != len(cfg.Sizes)*len(cfg.NoiseRates) || gain < 0.01 {
		t.Errorf("over %d cells the original model gained %.3f on average from cleaned labels, want ≥ 0.01", len(r.Cells), gain)
	}
	if !(r.BaseTrue > r.BaseNoisy) {
		t.Errorf("the true labels (%.3f) should beat the noisy ones (%.3f)", r.BaseTrue, r.BaseNoisy)
	}
}

func TestDataCentricIsDeterministic(t *testing.T) {
	cfg := DataCentric.Config(Quick)
	cfg.Sizes, cfg.TestSamples, cfg.Seeds = []int{300}, 200, 1
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
