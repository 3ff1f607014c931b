package claims

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// overparamTeacher returns rows of x ~ N(0, I_d) with y = x·β/√d + noise·N(0, 1), β ~ N(0, I).
func overparamTeacher(rows, d int, noise float64, beta []float64, seed uint64) nn.Data {
	rng := rand.New(rand.NewPCG(seed, 11))
	data := nn.Data{Dim: d, X: make([]float64, rows*d), YDim: 1, Y: make([]float64, rows)}
	for i := 0; i < rows; i++ {
		var y float64
		for j := 0; j < d; j++ {
			x := rng.NormFloat64()
			data.X[i*d+j] = x
			y += x * beta[j]
		}
		data.Y[i] = y/math.Sqrt(float64(d)) + noise*rng.NormFloat64()
	}
	return data
}

// The theory of ridgeless random-features regression (Mei & Montanari 2019, "The
// generalization error of random features regression", Thm. 1 and Fig. 1; Hastie, Montanari,
// Rosset & Tibshirani 2019, §6) puts the peak of the test error exactly at N = n, where the
// min-norm interpolant is unique and its norm diverges. On a noisy linear teacher, the
// argmax of the mean test loss over feature counts must sit at n (within the grid's ±10%),
// and it must stand far above both ends.
func TestOverparamRandomFeaturesPeakAtNEqualsN(t *testing.T) {
	const n, d = 100, 20
	rng := rand.New(rand.NewPCG(3, 3))
	beta := make([]float64, d)
	for i := range beta {
		beta[i] = rng.NormFloat64()
	}
	train := overparamTeacher(n, d, 0.5, beta, 1)
	test := overparamTeacher(2000, d, 0.5, beta, 2)
	counts := []int{20, 40, 60, 80, 90, 100, 110, 125, 150, 200, 400, 800}
	for _, kind := range []string{OverparamReLU, OverparamFourier} {
		mean := make([]float64, len(counts))
		for s := uint64(0); s < 4; s++ {
			// Bandwidth √d makes w·x ~ N(0, 1) for x ~ N(0, I_d).
			fits, err := overparamRFCurve(context.Background(), train, test, kind, math.Sqrt(d), counts, s, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range fits {
				mean[i] += f.TestMSE / 4
				if f.Features > n && f.TrainMSE > 1e-12 {
					t.Errorf("%s, N = %d > n: training loss %.3g, want an interpolating fit", kind, f.Features, f.TrainMSE)
				}
			}
		}
		peak := 0
		for i := range mean {
			if mean[i] > mean[peak] {
				peak = i
			}
		}
		if c := counts[peak]; c < 90 || c > 110 {
			t.Errorf("%s: test loss peaks at N = %d, want N = n = %d (losses %.3g)", kind, c, n, mean)
		}
		if mean[peak] < 5*mean[0] || mean[peak] < 5*mean[len(mean)-1] {
			t.Errorf("%s: peak %.3g is not well above both ends (%.3g at N = %d, %.3g at N = %d)", kind, mean[peak], mean[0], counts[0], mean[len(mean)-1], counts[len(counts)-1])
		}
	}
}

// overparamHandCurve builds a curve from test and train errors (per seed, one seed).
func overparamHandCurve(ratio, test, train []float64, paramsPerRatio float64) OverparamCurve {
	c := OverparamCurve{Samples: 100, Ratio: ratio, TestError: test, TrainError: train, PerSeedTestError: [][]float64{test}}
	for _, r := range ratio {
		c.Params = append(c.Params, r*100*paramsPerRatio)
		c.TestLoss = append(c.TestLoss, 1)
	}
	return c
}

func TestOverparamSummariseReadsThePeak(t *testing.T) {
	c := overparamHandCurve(
		[]float64{0.1, 0.3, 0.6, 1, 1.5, 3, 10, 20},
		[]float64{0.40, 0.30, 0.50, 0.85, 0.60, 0.30, 0.15, 0.12},
		[]float64{0.35, 0.2, 0.05, 0, 0, 0, 0, 0}, 10)
	s := overparamSummarise(c, 1)
	if s.BestSmallRatio != 0.3 || s.BestSmallError != 0.30 || s.PeakRatio != 1 || s.PeakError != 0.85 || s.WidestError != 0.12 || s.WidestParamsPerSample != 200 {
		t.Errorf("summary %+v", s)
	}
	if !s.ClearPeak || !s.PeakNearThreshold || !s.WidestGeneralises {
		t.Errorf("want a clear peak near the threshold and a widest model that generalises: %+v", s)
	}
	if math.Abs(s.WidestOverBestSmall-0.4) > 1e-12 {
		t.Errorf("widest/best small %.3g, want 0.4", s.WidestOverBestSmall)
	}
	// The same curve with the peak moved to N/n = 3, far from the threshold.
	far := c
	far.TestError = []float64{0.40, 0.30, 0.32, 0.35, 0.45, 0.60, 0.15, 0.12}
	if s := overparamSummarise(far, 1); !s.ClearPeak || s.PeakNearThreshold || s.PeakRatio != 3 {
		t.Errorf("peak at 3: %+v", s)
	}
	// A monotone curve has no peak; its widest model still generalises.
	flat := c
	flat.TestError = []float64{0.40, 0.30, 0.28, 0.25, 0.22, 0.20, 0.18, 0.15}
	if s := overparamSummarise(flat, 1); s.ClearPeak || !s.WidestGeneralises {
		t.Errorf("monotone: %+v", s)
	}
	// Too few parameters at the widest point: not "far more parameters than data".
	narrow := c
	narrow.Params = append([]float64(nil), c.Params...)
	narrow.Params[len(narrow.Params)-1] = 50 * 100
	if s := overparamSummarise(narrow, 1); s.WidestGeneralises {
		t.Errorf("50 parameters per sample counted as ≥ 100: %+v", s)
	}
	// No threshold (the MLP never interpolated): every model but the widest is small, and no
	// peak is placed.
	if s := overparamSummarise(c, math.NaN()); s.ClearPeak || s.BestSmallError != 0.15 {
		t.Errorf("no threshold: %+v", s)
	}
}

func TestOverparamVerdictRules(t *testing.T) {
	rf := overparamHandCurve(
		[]float64{0.1, 0.3, 1, 3, 20},
		[]float64{0.40, 0.30, 0.85, 0.30, 0.12},
		[]float64{0.35, 0.2, 0, 0, 0}, 10)
	mlp := overparamHandCurve(
		[]float64{0.2, 1, 4, 16, 300},
		[]float64{0.80, 0.30, 0.36, 0.30, 0.22},
		[]float64{0.80, 0.30, 0.005, 0, 0}, 1)
	result := func(rf, mlp OverparamCurve, mlpThreshold float64) OverparameterisedGeneralisationResult {
		r := OverparameterisedGeneralisationResult{Config: OverparameterisedGeneralisation.Config(Full), RF: rf, MLP: mlp}
		r.RFSummary, r.MLPSummary = overparamSummarise(rf, 1), overparamSummarise(mlp, mlpThreshold)
		return r
	}
	check := func(name string, r OverparameterisedGeneralisationResult, want Outcome) {
		t.Helper()
		v := overparamVerdict(r)
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if v.Outcome != want {
			t.Errorf("%s: %s, want %s (%s)", name, v.Outcome, want, v.Reason)
		}
	}
	check("both peaks, both widest generalise", result(rf, mlp, 4), Reproduced)

	noPeak := mlp
	noPeak.TestError = []float64{0.80, 0.30, 0.29, 0.27, 0.22}
	noPeak.PerSeedTestError = [][]float64{noPeak.TestError}
	check("MLP without a peak", result(rf, noPeak, 4), PartlyReproduced)
	check("MLP never interpolates", result(rf, mlp, math.NaN()), PartlyReproduced)

	worse := func(c OverparamCurve) OverparamCurve {
		c.TestError = append([]float64(nil), c.TestError...)
		c.TestError[len(c.TestError)-1] = 0.5
		c.PerSeedTestError = [][]float64{c.TestError}
		return c
	}
	check("only the MLP's widest is worse", result(rf, worse(mlp), 4), PartlyReproduced)
	check("both widest models are worse", result(worse(rf), worse(mlp), 4), NotReproduced)

	// Per seed: the same rule on each seed's curves. Seed 0 has the peak, seed 1 none, so
	// the pooled verdict (from the means) and one seed agree and the other does not.
	twoSeeds := mlp
	flat := []float64{0.80, 0.30, 0.29, 0.27, 0.22}
	twoSeeds.PerSeedTestError = [][]float64{mlp.TestError, flat}
	twoSeeds.PerSeedTrainError = [][]float64{mlp.TrainError, mlp.TrainError}
	if got := overparamVerdict(result(rf, twoSeeds, 4)).SeedOutcomes; len(got) != 2 || got[0] != Reproduced || got[1] != PartlyReproduced {
		t.Errorf("seed outcomes %v, want [reproduced partly reproduced]", got)
	}

	v := overparamVerdict(result(rf, mlp, 4))
	if v.Values["rf_peak_ratio"] != 1 || v.Values["mlp_widest_params_per_sample"] != 300 || math.Abs(v.Measured-0.22/0.30) > 1e-12 {
		t.Errorf("values %v, measured %v", v.Values, v.Measured)
	}
}

// TestOverparameterisedGeneralisationQuick runs the quick preset and checks the physics: the
// min-norm fit interpolates from N = n on, its test error peaks there, and the widest MLP
// fits its (noisy) training labels.
func TestOverparameterisedGeneralisationQuick(t *testing.T) {
	cfg := OverparameterisedGeneralisation.Config(Quick)
	r, err := OverparameterisedGeneralisation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	for i, x := range r.RF.Ratio {
		if x >= 1 && r.RF.TrainError[i] != 0 {
			t.Errorf("N/n = %.2f: training error %.3f, want 0 (interpolation)", x, r.RF.TrainError[i])
		}
	}
	if p := r.RFSummary.PeakRatio; p < 0.5 || p > 2 || !r.RFSummary.ClearPeak {
		t.Errorf("random features: peak at N/n = %.2f (clear: %v), want a clear peak near 1", p, r.RFSummary.ClearPeak)
	}
	last := len(r.MLP.TrainError) - 1
	if r.MLP.TrainError[last] > 0.05 || r.MLP.TrainError[0] < 0.5 {
		t.Errorf("MLP training error %.3f at width %d and %.3f at width %d: the widest should fit, the narrowest not", r.MLP.TrainError[last], cfg.Widths[last], r.MLP.TrainError[0], cfg.Widths[0])
	}
	if len(r.EpochWise) != len(cfg.Widths) || len(r.EpochWise[last].TestError) != cfg.Steps/cfg.TestEvery {
		t.Errorf("epoch-wise curves: %d widths, want %d, each with %d records", len(r.EpochWise), len(cfg.Widths), cfg.Steps/cfg.TestEvery)
	} else if e := r.EpochWise[last]; e.TestError[len(e.TestError)-1] != r.MLP.PerSeedTestError[0][last] || e.Epochs[len(e.Epochs)-1] != float64(cfg.Steps*cfg.BatchSize)/float64(cfg.TrainSamples) {
		t.Errorf("the widest net's last epoch-wise record (%v at epoch %v) is not its final test error %v", e.TestError[len(e.TestError)-1], e.Epochs[len(e.Epochs)-1], r.MLP.PerSeedTestError[0][last])
	}
	if want := int(0.2 * float64(cfg.TrainSamples)); r.FlippedLabels < want/2 || r.FlippedLabels > 2*want {
		t.Errorf("%d labels flipped, want about %d", r.FlippedLabels, want)
	}
}

func TestOverparameterisedGeneralisationIsDeterministic(t *testing.T) {
	cfg := OverparameterisedGeneralisation.Config(Quick)
	cfg.TrainSamples, cfg.TestSamples = 60, 60
	cfg.FeatureRatios = []float64{0.5, 1, 2}
	cfg.Widths, cfg.Steps, cfg.MLPSeeds, cfg.FeatureSeeds = []int{2, 8, 32}, 30, 2, 1
	a, err := OverparameterisedGeneralisation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, err := OverparameterisedGeneralisation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.MLP.TestLoss {
		if a.MLP.TestLoss[i] != b.MLP.TestLoss[i] || a.RF.TestLoss[min(i, len(a.RF.TestLoss)-1)] != b.RF.TestLoss[min(i, len(b.RF.TestLoss)-1)] {
			t.Fatalf("point %d differs between 2 workers and 1", i)
		}
	}
}

func TestOverparameterisedGeneralisationRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*OverparameterisedGeneralisationConfig)
		want   string
	}{
		{"features", func(c *OverparameterisedGeneralisationConfig) { c.Features = "gabor" }, `"gabor"`},
		{"ratios above 1 only", func(c *OverparameterisedGeneralisationConfig) { c.FeatureRatios = []float64{2, 3, 4} }, "below and above 1"},
		{"ratios unsorted", func(c *OverparameterisedGeneralisationConfig) { c.FeatureRatios = []float64{0.5, 2, 1} }, "increasing"},
		{"noise", func(c *OverparameterisedGeneralisationConfig) { c.LabelNoise = 1.5 }, "label noise 1.5"},
		{"widths", func(c *OverparameterisedGeneralisationConfig) { c.Widths = []int{4, 2, 8} }, "widths"},
		{"loss", func(c *OverparameterisedGeneralisationConfig) { c.Loss = "hinge" }, `"hinge"`},
		{"pool", func(c *OverparameterisedGeneralisationConfig) { c.Pool = 3 }, "pooling 28×28 images by 3"},
	} {
		cfg := OverparameterisedGeneralisation.Config(Quick)
		tc.mutate(&cfg)
		_, err := OverparameterisedGeneralisation.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestOverparamNoisyLabelsAreWrong(t *testing.T) {
	labels := make([]int, 10000)
	for i := range labels {
		labels[i] = i % 10
	}
	noisy, changed := overparamNoisyLabels(labels, 10, 0.2, 1)
	wrong := 0
	for i := range labels {
		if noisy[i] != labels[i] {
			wrong++
		}
		if noisy[i] < 0 || noisy[i] > 9 {
			t.Fatalf("label %d out of range", noisy[i])
		}
	}
	if wrong != changed || math.Abs(float64(wrong)/10000-0.2) > 0.015 {
		t.Errorf("%d labels wrong, %d reported changed, want about 2000 of 10000", wrong, changed)
	}
}

func TestOverparamPoolAverages(t *testing.T) {
	d := nn.Data{Dim: 16, X: make([]float64, 16), Labels: []int{0}, Classes: 1}
	for i := range d.X {
		d.X[i] = float64(i) // rows 0..3 of a 4×4 image
	}
	p, err := overparamPool(d, 4, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{2.5, 4.5, 10.5, 12.5} // e.g. (0+1+4+5)/4
	for i, v := range want {
		if p.X[i] != v {
			t.Errorf("pooled pixel %d = %v, want %v", i, p.X[i], v)
		}
	}
}

// TestOverparameterisedGeneralisationTiers checks that the three presets are valid and
// grow: the paper tier is Belkin et al.'s Fig. 3 (n = 4,000, full resolution, squared loss),
// the full tier runs at least 5 seeds and feature draws.
func TestOverparameterisedGeneralisationTiers(t *testing.T) {
	q, f, p := OverparameterisedGeneralisation.Config(Quick), OverparameterisedGeneralisation.Config(Full), OverparameterisedGeneralisation.Config(Paper)
	for name, c := range map[string]OverparameterisedGeneralisationConfig{"quick": q, "full": f, "paper": p} {
		if err := c.validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !(q.TrainSamples < f.TrainSamples && f.TrainSamples < p.TrainSamples) || p.TrainSamples != 4000 || p.Pool != 1 || p.Loss != "mse" || f.MLPSeeds < 5 || f.FeatureSeeds < 5 {
		t.Errorf("tiers do not grow to Belkin et al.'s size: quick %+v, full %+v, paper %+v", q, f, p)
	}
	last := len(p.Widths) - 1
	if per := float64(OverparamMLPParams(28*28, p.Widths[last], 10)) / float64(p.TrainSamples); per < overparamWide {
		t.Errorf("paper tier's widest net has %.0f parameters per sample, below the rule's %d", per, overparamWide)
	}
}
