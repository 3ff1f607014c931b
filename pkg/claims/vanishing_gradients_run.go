package claims

import (
	"context"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// VanishingProfile is a setup's nets of one depth at initialisation, over the seeds.
type VanishingProfile struct {
	Setup string
	Depth int
	// Norms[i] is layer i+1's ‖∂L/∂W‖, the geometric mean over seeds; Low and High its 95%
	// t-interval over seeds (computed on the logarithm).
	Norms, Low, High []float64
	// ActStd, Saturated and Zero are the layers' output statistics, means over seeds.
	ActStd, Saturated, Zero []float64
}

// VanishingRatio is the first-layer/last-layer gradient-norm ratio at each depth.
type VanishingRatio struct {
	Setup            string
	Depths           []float64
	Ratio, Low, High []float64 // geometric mean over seeds and its 95% t-interval (on the log)
	// Factor is the fitted per-layer factor, ratio ∝ Factor^depth, over every seed's point;
	// FactorLow and FactorHigh its 95% bootstrap interval; SeedFactor the fit on each seed's
	// points alone; SeedRatio[k][d] is seed k's ratio at Depths[d].
	Factor, FactorLow, FactorHigh float64
	SeedFactor                    []float64
	SeedRatio                     [][]float64
}

// VanishingTrained is a setup trained at one depth: the rate chosen on seed 0 and every
// seed's run at it.
type VanishingTrained struct {
	Setup string
	Depth int
	LR    float64
	// Test is the test accuracy over seeds (95% t-interval); SeedTest each seed's, chance
	// for a seed that diverged; Diverged counts those.
	Test     SeedInterval
	SeedTest []float64
	Diverged int
	// Steps and ValAccuracy are the validation curve, the mean over the seeds that did not
	// diverge.
	Steps, ValAccuracy []float64
	// Snapshots are the layers during training: gradient norms as geometric means, output
	// statistics as means, over the seeds that did not diverge.
	Snapshots []VanishingSnapshot
}

// VanishingGradientsResult holds the measurements and the verdict.
type VanishingGradientsResult struct {
	Config   VanishingGradientsConfig
	Profiles []VanishingProfile // setups × Depths
	Ratios   []VanishingRatio   // one per setup
	// Sweep holds seed 0's runs at every rate; Runs every run kept (seed 0's chosen one and
	// the other seeds'); Trained one entry per setup × TrainDepths, in that order.
	Sweep     []VanishingRun
	Runs      []VanishingRun
	Trained   []VanishingTrained
	Contrasts []VanishingContrast
	Verdict   Verdict
}

func (vanishingGradients) Run(ctx context.Context, cfg VanishingGradientsConfig) (VanishingGradientsResult, error) {
	res := VanishingGradientsResult{Config: cfg}
	if err := cfg.validate(); err != nil {
		return res, fmt.Errorf("vanishing-gradients: %w", err)
	}
	trainSet, testSet, err := datasets.MNIST()
	if err != nil {
		return res, err
	}
	idx, err := datasets.SampleIndices(trainSet.N, cfg.TrainSamples+cfg.ValSamples, cfg.Seed)
	if err != nil {
		return res, err
	}
	train, val := trainSet.Data(idx[:cfg.TrainSamples]), trainSet.Data(idx[cfg.TrainSamples:])
	test, err := testSet.Sample(cfg.TestSamples, cfg.Seed+1)
	if err != nil {
		return res, err
	}
	if err := vanishingAtInit(ctx, cfg, train, &res); err != nil {
		return res, fmt.Errorf("vanishing-gradients: %w", err)
	}
	if err := vanishingTraining(ctx, cfg, train, val, test, &res); err != nil {
		return res, fmt.Errorf("vanishing-gradients: %w", err)
	}
	res.Contrasts = vanishingContrasts(cfg, res.Trained)
	res.Verdict = vanishingVerdict(res)
	return res, nil
}

// vanishingAtInit measures every setup × depth × seed at initialisation and fits the
// per-layer factor of each setup.
func vanishingAtInit(ctx context.Context, cfg VanishingGradientsConfig, train nn.Data, res *VanishingGradientsResult) error {
	nd, ns := len(cfg.Depths), cfg.Seeds
	workers := sweep.Effective(cfg.Workers)
	// Unsharded: the fits below, and the training after them, need every snapshot.
	snaps, err := sweep.Map(sweep.Unsharded(ctx), len(cfg.Setups)*nd*ns, workers, func(ctx context.Context, i int) (VanishingSnapshot, error) {
		s, d, k := i/(nd*ns), i/ns%nd, i%ns
		return vanishingInit(cfg, cfg.Setups[s], cfg.Depths[d], vanishingSeed(cfg, k), train, sweep.InnerThreads(workers))
	}, func(done, total int) { Progress(ctx, "gradient norms at initialisation", done, total) })
	if err != nil {
		return err
	}
	for s, setup := range cfg.Setups {
		ratio := VanishingRatio{Setup: setup.Name}
		var fitDepth, fitRatio []float64
		seedDepth, seedRatio := make([][]float64, ns), make([][]float64, ns)
		for d, depth := range cfg.Depths {
			group := snaps[(s*nd+d)*ns : (s*nd+d+1)*ns]
			prof := VanishingProfile{Setup: setup.Name, Depth: depth}
			for l := 0; l < depth; l++ {
				g := logInterval(group, func(x VanishingSnapshot) float64 { return x.GradNorm[l] })
				prof.Norms, prof.Low, prof.High = append(prof.Norms, g.Mean), append(prof.Low, g.Low), append(prof.High, g.High)
				prof.ActStd = append(prof.ActStd, meanOf(group, func(x VanishingSnapshot) float64 { return x.ActStd[l] }))
				prof.Saturated = append(prof.Saturated, meanOf(group, func(x VanishingSnapshot) float64 { return x.Saturated[l] }))
				prof.Zero = append(prof.Zero, meanOf(group, func(x VanishingSnapshot) float64 { return x.Zero[l] }))
			}
			res.Profiles = append(res.Profiles, prof)
			first := func(x VanishingSnapshot) float64 { return x.GradNorm[0] / x.GradNorm[depth-1] }
			g := logInterval(group, first)
			ratio.Depths = append(ratio.Depths, float64(depth))
			ratio.Ratio, ratio.Low, ratio.High = append(ratio.Ratio, g.Mean), append(ratio.Low, g.Low), append(ratio.High, g.High)
			for k, x := range group {
				fitDepth, fitRatio = append(fitDepth, float64(depth)), append(fitRatio, first(x))
				seedDepth[k], seedRatio[k] = append(seedDepth[k], float64(depth)), append(seedRatio[k], first(x))
			}
		}
		// ratio(depth) ≈ C·f^depth: fit log10 ratio linearly in depth over every seed's point.
		fit, err := costmodel.FitExponential(fitDepth, fitRatio, costmodel.FitOptions{Seed: cfg.Seed})
		if err != nil {
			return fmt.Errorf("fitting %s: %w", setup.Name, err)
		}
		factor := func(l costmodel.Line) float64 { return math.Pow(10, l.Slope) }
		ratio.Factor = factor(fit.Line)
		ratio.FactorLow, ratio.FactorHigh = fit.Interval(factor)
		for k := range seedDepth {
			ratio.SeedFactor = append(ratio.SeedFactor, math.Pow(10, logSlope(seedDepth[k], seedRatio[k])))
			ratio.SeedRatio = append(ratio.SeedRatio, seedRatio[k])
		}
		res.Ratios = append(res.Ratios, ratio)
	}
	return nil
}

// vanishingTraining chooses each setup's rate at each depth on seed 0, then trains the other
// seeds at it.
func vanishingTraining(ctx context.Context, cfg VanishingGradientsConfig, train, val, test nn.Data, res *VanishingGradientsResult) error {
	workers := sweep.Effective(cfg.Workers)
	type point struct {
		setup, depth, seed int
		lr                 float64
	}
	var sweepPts []point
	for s, setup := range cfg.Setups {
		for d := range cfg.TrainDepths {
			for _, lr := range vanishingRates(cfg, setup) {
				sweepPts = append(sweepPts, point{s, d, 0, lr})
			}
		}
	}
	trainAt := func(ctx context.Context, pts []point, stage string) ([]VanishingRun, error) {
		return sweep.Map(ctx, len(pts), workers, func(ctx context.Context, i int) (VanishingRun, error) {
			p := pts[i]
			return vanishingTrain(cfg, cfg.Setups[p.setup], cfg.TrainDepths[p.depth], p.seed, p.lr, train, val, test, sweep.InnerThreads(workers))
		}, func(done, total int) { Progress(ctx, stage, done, total) })
	}
	// Unsharded: the rates chosen on these runs decide the other seeds' points (-shard).
	swept, err := trainAt(sweep.Unsharded(ctx), sweepPts, "training runs: choosing rates (seed 1)")
	if err != nil {
		return err
	}
	res.Sweep = swept
	chosen := map[[2]int]VanishingRun{}
	var seedPts []point
	for s := range cfg.Setups {
		for d := range cfg.TrainDepths {
			best := -1
			for i, p := range sweepPts {
				if p.setup == s && p.depth == d && !swept[i].Diverged && (best < 0 || swept[i].FinalVal > swept[best].FinalVal) {
					best = i
				}
			}
			if best < 0 {
				// Every rate diverged: the setup is at chance at this depth, for every seed.
				chosen[[2]int{s, d}] = VanishingRun{Setup: cfg.Setups[s].Name, Depth: cfg.TrainDepths[d], Diverged: true, TestAccuracy: 0.1}
				continue
			}
			chosen[[2]int{s, d}] = swept[best]
			for k := 1; k < cfg.Seeds; k++ {
				seedPts = append(seedPts, point{s, d, k, swept[best].LR})
			}
		}
	}
	more, err := trainAt(ctx, seedPts, "training runs: the other seeds")
	if err != nil {
		return err
	}
	for s, setup := range cfg.Setups {
		for d, depth := range cfg.TrainDepths {
			runs := []VanishingRun{chosen[[2]int{s, d}]}
			for i, p := range seedPts {
				if p.setup == s && p.depth == d {
					runs = append(runs, more[i])
				}
			}
			for len(runs) < cfg.Seeds { // every rate diverged: so does every seed
				runs = append(runs, VanishingRun{Setup: setup.Name, Depth: depth, SeedIndex: len(runs), Diverged: true, TestAccuracy: 0.1})
			}
			res.Runs = append(res.Runs, runs...)
			res.Trained = append(res.Trained, vanishingSummarise(setup.Name, depth, runs))
		}
	}
	return nil
}

func vanishingRates(cfg VanishingGradientsConfig, s VanishingSetup) []float64 {
	if s.Adam {
		return cfg.AdamRates
	}
	return cfg.LearningRates
}

// vanishingSummarise pools one setup's seeds at one depth.
func vanishingSummarise(setup string, depth int, runs []VanishingRun) VanishingTrained {
	t := VanishingTrained{Setup: setup, Depth: depth, LR: runs[0].LR}
	var ok []VanishingRun
	for _, r := range runs {
		t.SeedTest = append(t.SeedTest, r.TestAccuracy)
		if r.Diverged {
			t.Diverged++
			continue
		}
		ok = append(ok, r)
	}
	t.Test = NewSeedInterval(t.SeedTest).Within(0, 1)
	if len(ok) == 0 {
		return t
	}
	t.Steps = ok[0].Steps
	for i := range t.Steps {
		t.ValAccuracy = append(t.ValAccuracy, meanOf(ok, func(r VanishingRun) float64 { return r.ValAccuracy[i] }))
	}
	for j, s := range ok[0].Snapshots {
		snaps := make([]VanishingSnapshot, len(ok))
		for i, r := range ok {
			snaps[i] = r.Snapshots[j]
		}
		m := VanishingSnapshot{Step: s.Step}
		for l := range s.GradNorm {
			m.GradNorm = append(m.GradNorm, logInterval(snaps, func(x VanishingSnapshot) float64 { return x.GradNorm[l] }).Mean)
			m.GradRMS = append(m.GradRMS, logInterval(snaps, func(x VanishingSnapshot) float64 { return x.GradRMS[l] }).Mean)
			m.ActStd = append(m.ActStd, meanOf(snaps, func(x VanishingSnapshot) float64 { return x.ActStd[l] }))
			m.Saturated = append(m.Saturated, meanOf(snaps, func(x VanishingSnapshot) float64 { return x.Saturated[l] }))
			m.Zero = append(m.Zero, meanOf(snaps, func(x VanishingSnapshot) float64 { return x.Zero[l] }))
		}
		t.Snapshots = append(t.Snapshots, m)
	}
	return t
}

// logInterval is the geometric mean of positive values and its 95% t-interval over seeds,
// computed on their logarithms (gradient norms spread over orders of magnitude).
func logInterval[T any](xs []T, f func(T) float64) SeedInterval {
	logs := make([]float64, len(xs))
	for i, x := range xs {
		logs[i] = math.Log(f(x))
	}
	s := NewSeedInterval(logs)
	return SeedInterval{Seeds: s.Seeds, Mean: math.Exp(s.Mean), Low: math.Exp(s.Low), High: math.Exp(s.High)}
}

func meanOf[T any](xs []T, f func(T) float64) float64 {
	var s float64
	for _, x := range xs {
		s += f(x)
	}
	return s / float64(len(xs))
}

// logSlope is the least-squares slope of log10 y against x.
func logSlope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i] / float64(len(x))
		my += math.Log10(y[i]) / float64(len(x))
	}
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (math.Log10(y[i]) - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}
