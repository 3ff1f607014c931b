package claims

import (
	"context"
	"math"
	"strings"
	"testing"
)

// randomLabelsHand builds a result with one seed from per-corruption (train error, test
// error, epochs) rows for corruptions 0, 0.5, 1, and random pixels fitted.
func randomLabelsHand(rows [3][3]float64) RandomLabelsResult {
	r := RandomLabelsResult{Config: RandomLabelsConfig{TrainSamples: 1000, Width: 256, MaxEpochs: 300, Seeds: 1, Corruptions: []float64{0, 0.5, 1}, Pixels: true}, Params: 53002}
	for i, c := range []float64{0, 0.5, 1} {
		tr, te, ep := rows[i][0], rows[i][1], rows[i][2]
		s := RandomLabelsSet{Name: "x", Corruption: c, PerSeedTrainError: []float64{tr}, PerSeedTestError: []float64{te}, PerSeedEpochs: []float64{ep}, PerSeedFitted: []bool{tr <= randomLabelsFitError}}
		s.TrainError, s.TestError, s.Epochs = NewSeedInterval(s.PerSeedTrainError), NewSeedInterval(s.PerSeedTestError), NewSeedInterval(s.PerSeedEpochs)
		r.Sets = append(r.Sets, s)
	}
	pix := RandomLabelsSet{Name: RandomLabelsPixels, Pixels: true, PerSeedTrainError: []float64{0}, PerSeedTestError: []float64{0.9}, PerSeedEpochs: []float64{50}, PerSeedFitted: []bool{true}}
	pix.TrainError, pix.TestError, pix.Epochs = NewSeedInterval(pix.PerSeedTrainError), NewSeedInterval(pix.PerSeedTestError), NewSeedInterval(pix.PerSeedEpochs)
	r.Sets = append(r.Sets, pix)
	return r
}

func TestRandomLabelsVerdictRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [3][3]float64
		want Outcome
	}{
		{"Zhang's Figure 1", [3][3]float64{{0, 0.1, 10}, {0, 0.5, 30}, {0, 0.9, 60}}, Reproduced},
		{"random labels not fitted", [3][3]float64{{0, 0.1, 10}, {0, 0.5, 30}, {0.3, 0.9, 300}}, NotReproduced},
		{"no slower with corruption", [3][3]float64{{0, 0.1, 40}, {0, 0.5, 30}, {0, 0.9, 60}}, PartlyReproduced},
		{"test error above chance at 100%", [3][3]float64{{0, 0.1, 10}, {0, 0.5, 30}, {0, 0.7, 60}}, PartlyReproduced},
		{"true labels do not generalise", [3][3]float64{{0, 0.6, 10}, {0, 0.7, 30}, {0, 0.9, 60}}, PartlyReproduced},
		{"just inside the thresholds", [3][3]float64{{0, 0.5, 10}, {0, 0.6, 15}, {0.01, 0.85, 20}}, Reproduced},
	} {
		v := randomLabelsVerdict(randomLabelsHand(tc.rows))
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if len(v.SeedOutcomes) != 1 || v.SeedOutcomes[0] != tc.want {
			t.Errorf("%s: seed outcomes %v, want the pooled one (one seed)", tc.name, v.SeedOutcomes)
		}
		if v.Measured != tc.rows[2][0] {
			t.Errorf("%s: measured %v", tc.name, v.Measured)
		}
	}
}

func TestSpearman(t *testing.T) {
	for _, tc := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{0, 1, 2, 3}, []float64{1, 5, 7, 100}, 1},
		{[]float64{0, 1, 2, 3}, []float64{9, 5, 2, 1}, -1},
		{[]float64{0, 1, 2}, []float64{3, 3, 3}, 0},
		{[]float64{0, 1, 2, 3}, []float64{1, 2, 2, 3}, 0.9486832980505138},
	} {
		if got := spearman(tc.x, tc.y); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("spearman(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

// TestRandomLabelsCorrupt checks the corruption: p = 0 keeps every label, p = 1 leaves
// about 1 in 10 equal to the truth (a uniform class), and p = 0.5 about 55%.
func TestRandomLabelsCorrupt(t *testing.T) {
	labels := make([]int, 5000)
	for i := range labels {
		labels[i] = i % 10
	}
	same := func(p float64) float64 {
		out := randomLabelsCorrupt(labels, 10, p, 7)
		k := 0
		for i := range out {
			if out[i] == labels[i] {
				k++
			}
		}
		return float64(k) / float64(len(labels))
	}
	if f := same(0); f != 1 {
		t.Errorf("p = 0 changed labels: %.3f kept", f)
	}
	if f := same(1); math.Abs(f-0.1) > 0.02 {
		t.Errorf("p = 1: %.3f equal to the truth, want about 0.1", f)
	}
	if f := same(0.5); math.Abs(f-0.55) > 0.03 {
		t.Errorf("p = 0.5: %.3f equal to the truth, want about 0.55", f)
	}
}

// TestRandomLabelsGaussian checks that random pixels keep the pixels' mean and spread and
// the labels, but not the images.
func TestRandomLabelsGaussian(t *testing.T) {
	train, _, _, err := overparamMNIST(2000, 10, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	pix := randomLabelsGaussian(train, 1)
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
	m1, s1 := stats(pix.X)
	if math.Abs(m0-m1) > 0.01 || math.Abs(s0-s1) > 0.01 {
		t.Errorf("random pixels: mean %.3f sd %.3f, real %.3f %.3f", m1, s1, m0, s0)
	}
	if pix.Labels[5] != train.Labels[5] || pix.X[0] == train.X[0] {
		t.Error("random pixels must keep the labels and replace the images")
	}
}

// TestRandomLabelsQuick runs the quick preset: every set is fitted, random labels take
// longer than true ones, and only the true labels carry over to the test set.
func TestRandomLabelsQuick(t *testing.T) {
	cfg := RandomLabels.Config(Quick)
	r, err := RandomLabels.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	if len(r.Sets) != len(cfg.Corruptions)+1 || len(r.Verdict.SeedOutcomes) != cfg.Seeds {
		t.Fatalf("%d sets, %d seed outcomes", len(r.Sets), len(r.Verdict.SeedOutcomes))
	}
	tru, random := r.Sets[0], r.Sets[len(cfg.Corruptions)-1]
	for _, s := range r.Sets {
		if s.Fitted() != cfg.Seeds || s.TrainError.Mean > randomLabelsFitError {
			t.Errorf("%s: %d of %d seeds fitted, training error %.3f", s.Name, s.Fitted(), cfg.Seeds, s.TrainError.Mean)
		}
		if len(s.Curve) != int(s.PerSeedEpochs[0]) {
			t.Errorf("%s: %d curve points for %v epochs", s.Name, len(s.Curve), s.PerSeedEpochs[0])
		}
	}
	if random.Epochs.Mean <= tru.Epochs.Mean {
		t.Errorf("random labels fitted in %.1f epochs, true labels in %.1f", random.Epochs.Mean, tru.Epochs.Mean)
	}
	if tru.TestError.Mean > 0.35 || random.TestError.Mean < 0.8 {
		t.Errorf("test error %.3f (true) and %.3f (random), want below 0.35 and near chance (0.9)", tru.TestError.Mean, random.TestError.Mean)
	}
}

func TestRandomLabelsRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*RandomLabelsConfig)
		want   string
	}{
		{"no random labels", func(c *RandomLabelsConfig) { c.Corruptions = []float64{0, 0.5} }, "from 0 (true labels) to 1"},
		{"decreasing", func(c *RandomLabelsConfig) { c.Corruptions = []float64{0, 0.6, 0.5, 1} }, "must increase"},
		{"epochs", func(c *RandomLabelsConfig) { c.MaxEpochs = 0 }, "epochs 0"},
	} {
		cfg := RandomLabels.Config(Quick)
		tc.mutate(&cfg)
		_, err := RandomLabels.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestRandomLabelsTiers checks that the three presets are valid and grow: the paper tier
// is Zhang et al.'s 50,000 images at full resolution, the full tier runs at least 5 seeds.
func TestRandomLabelsTiers(t *testing.T) {
	q, f, p := RandomLabels.Config(Quick), RandomLabels.Config(Full), RandomLabels.Config(Paper)
	for name, c := range map[string]RandomLabelsConfig{"quick": q, "full": f, "paper": p} {
		if err := c.validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !(q.TrainSamples < f.TrainSamples && f.TrainSamples < p.TrainSamples) || p.TrainSamples != 50000 || p.Pool != 1 || f.Seeds < 5 || p.Seeds < 5 {
		t.Errorf("tiers do not grow to Zhang et al.'s size: quick %+v, full %+v, paper %+v", q, f, p)
	}
}
