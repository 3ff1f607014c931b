package claims

import (
	"context"
	"fmt"
	"math"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// The shortcut-learning claim is judged where the background is informative but not the
// only thing to learn: training sets whose background matches the class in 90%, 95% or 99%
// of the images. Two controls make a preference for the background mean something: the same
// net trained on the animals alone (grey backgrounds) must recognise them, so that it could
// have learnt the animal; and a net trained on the backgrounds alone (no animal) shows what
// following only the background scores.

// ShortcutCorrelation is the nets trained at one background match: accuracy on the usual
// test, on the broken-correlation test (cats outside, dogs inside) and on grey backgrounds.
type ShortcutCorrelation struct {
	Match                float64
	InDist, Broken, Grey ShortcutBand
}

// ShortcutControls holds the controls and the intermediate correlations, all trained on
// ControlN images.
type ShortcutControls struct {
	N int
	// AnimalOnly: trained and tested on grey backgrounds (the animal is all there is).
	AnimalOnly ShortcutBand
	// BackgroundOnly: trained on backgrounds without animals, 100% matched; InDist on new
	// backgrounds alone, Broken on the broken-correlation test (with animals).
	BackgroundOnlyInDist, BackgroundOnlyBroken ShortcutBand
	Correlations                               []ShortcutCorrelation
	FLOPs                                      int64
}

// shortcutRunControls trains Seeds nets of every control and every match in cfg.Matches.
func shortcutRunControls(ctx context.Context, cfg ShortcutLearningConfig) (ShortcutControls, error) {
	out := ShortcutControls{N: cfg.ControlN}
	if out.N == 0 {
		out.N = cfg.Ns[len(cfg.Ns)-1]
	}
	// Test sets: seeds apart from the other experiments' (indices from 300).
	specs := []datasets.ShortcutSpec{
		{BackgroundMatch: 0},                         // broken
		{BackgroundMatch: 1},                         // usual
		{BackgroundMatch: 0.5, GreyBackground: true}, // grey
		{BackgroundMatch: 1, NoSubject: true},        // backgrounds alone
	}
	tests := make([]datasets.ShortcutSet, len(specs))
	for k, spec := range specs {
		spec.N, spec.Size, spec.Seed = cfg.TestN, cfg.Size, shortcutSeed(cfg.Seed, shortcutSeedTest, 300+k)
		var err error
		if tests[k], err = shortcutData(spec); err != nil {
			return out, fmt.Errorf("control test set: %w", err)
		}
	}
	// Jobs: 0 animal only, 1 background only, 2+i the i-th match; each Seeds times.
	kinds := 2 + len(cfg.Matches)
	type job struct{ kind, seed int }
	var jobs []job
	for k := 0; k < kinds; k++ {
		for s := 0; s < cfg.Seeds; s++ {
			jobs = append(jobs, job{k, s})
		}
	}
	workers := sweep.Effective(cfg.Workers)
	type result struct {
		acc   [3]float64 // in-distribution (or grey for the animal only), broken, grey
		flops int64
	}
	res, err := sweep.Map(ctx, len(jobs), workers, func(ctx context.Context, i int) (result, error) {
		j := jobs[i]
		spec := datasets.ShortcutSpec{N: out.N, Size: cfg.Size, Seed: shortcutSeed(cfg.Seed, shortcutSeedTrain, 3000+100*j.kind+j.seed)}
		switch j.kind {
		case 0:
			spec.BackgroundMatch, spec.GreyBackground = 0.5, true
		case 1:
			spec.BackgroundMatch, spec.NoSubject = 1, true
		default:
			spec.BackgroundMatch = cfg.Matches[j.kind-2]
		}
		train, err := shortcutData(spec)
		if err != nil {
			return result{}, err
		}
		net, err := shortcutTrain(cfg.Training, train.Data, shortcutSeed(cfg.Seed, shortcutSeedNet, 300+j.seed), sweep.InnerThreads(workers))
		if err != nil {
			return result{}, fmt.Errorf("control %d, seed %d: %w", j.kind, j.seed, err)
		}
		var r result
		r.flops = net.FLOPs.Total()
		first := tests[1]
		switch j.kind {
		case 0:
			first = tests[2]
		case 1:
			first = tests[3]
		}
		for k, d := range []datasets.ShortcutSet{first, tests[0], tests[2]} {
			if r.acc[k], err = shortcutAccuracy(net, d.Data); err != nil {
				return result{}, err
			}
		}
		return r, nil
	}, func(done, total int) { Progress(ctx, "shortcut controls", done, total) })
	if err != nil {
		return out, err
	}
	band := func(kind, k int) ShortcutBand {
		var xs []float64
		for i, j := range jobs {
			if j.kind == kind {
				xs = append(xs, res[i].acc[k])
			}
		}
		return shortcutBand(xs)
	}
	for _, r := range res {
		out.FLOPs += r.flops
	}
	out.AnimalOnly = band(0, 0)
	out.BackgroundOnlyInDist, out.BackgroundOnlyBroken = band(1, 0), band(1, 1)
	for i, m := range cfg.Matches {
		out.Correlations = append(out.Correlations, ShortcutCorrelation{Match: m, InDist: band(2+i, 0), Broken: band(2+i, 1), Grey: band(2+i, 2)})
	}
	return out, nil
}

// The rule, fixed before the numbers.
const (
	// shortcutAnimalLearns: the animal-only net must classify at least 80% of grey-background
	// images, so the animal is visible to the net (chance is 50%); otherwise a preference for
	// the background says only that the net cannot see the animal.
	shortcutAnimalLearns = 0.8
	// shortcutBackgroundLearns: the background-only net must reach 90% on new backgrounds,
	// so the background is a cue the net can use (the same 0.9 as shortcutHigh).
	shortcutBackgroundLearns = 0.9
	// shortcutFollowsBackground: when background and animal disagree (the broken-correlation
	// test), a net that follows the background more often than the animal scores below
	// chance, 0.5.
	shortcutFollowsBackground = 0.5
)

// ShortcutLearningRule states the verdict rule in words, from the same constants.
func ShortcutLearningRule() string {
	return fmt.Sprintf("Controls first: a net trained on the animals alone (grey backgrounds) must reach %.0f%% on new ones (the animal is learnable), and a net trained on backgrounds alone %.0f%% (the background is). Then nets are trained where the background matches the class in 90%%, 95%% and 99%% of the images; the claim holds at a correlation when accuracy on the broken-correlation test is below %.1f (the net follows the background rather than the animal it could have learnt). Reproduced when it holds at every correlation; partly when at some; not reproduced when at none or when a control fails. The 100%%-correlated curves, the size cue, the garments and the saliency maps are reported, not judged.",
		100*shortcutAnimalLearns, 100*shortcutBackgroundLearns, shortcutFollowsBackground)
}

// seed is seed i's nets alone: every band reduced to that seed's value, so that the rule
// (shortcutControlsOutcome) can be applied to one seed as to the mean over seeds.
func (c ShortcutControls) seed(i int) ShortcutControls {
	out := ShortcutControls{N: c.N, FLOPs: c.FLOPs,
		AnimalOnly: c.AnimalOnly.seed(i), BackgroundOnlyInDist: c.BackgroundOnlyInDist.seed(i), BackgroundOnlyBroken: c.BackgroundOnlyBroken.seed(i)}
	for _, x := range c.Correlations {
		out.Correlations = append(out.Correlations, ShortcutCorrelation{Match: x.Match, InDist: x.InDist.seed(i), Broken: x.Broken.seed(i), Grey: x.Grey.seed(i)})
	}
	return out
}

// seeds is the number of seeds the controls were trained with.
func (c ShortcutControls) seeds() int { return len(c.AnimalOnly.PerSeed) }

// shortcutControlsOutcome applies the rule to the controls and correlations: to the means
// over seeds for the verdict, and to ShortcutControls.seed(i) for seed i alone.
func shortcutControlsOutcome(c ShortcutControls) (o Outcome, followed int, reason string) {
	animal := c.AnimalOnly.Mean >= shortcutAnimalLearns
	background := c.BackgroundOnlyInDist.Mean >= shortcutBackgroundLearns
	reason = fmt.Sprintf("Controls on %d images: animals alone on grey %.2f [learnable: %s]; backgrounds alone %.2f on new backgrounds, %.2f on the broken-correlation test [learnable: %s].",
		c.N, c.AnimalOnly.Mean, yesNo(animal), c.BackgroundOnlyInDist.Mean, c.BackgroundOnlyBroken.Mean, yesNo(background))
	lowest := math.Inf(1)
	for _, x := range c.Correlations {
		ok := x.Broken.Mean < shortcutFollowsBackground
		if ok {
			followed++
		}
		lowest = min(lowest, x.Broken.Mean)
		reason += fmt.Sprintf(" Background %.0f%% matched: usual test %.2f, broken-correlation %.2f (95%% t-interval over %d seeds %.2f to %.2f), grey %.2f [follows the background: %s].",
			100*x.Match, x.InDist.Mean, x.Broken.Mean, len(x.Broken.PerSeed), x.Broken.Low, x.Broken.High, x.Grey.Mean, yesNo(ok))
	}
	switch {
	case !animal || !background || len(c.Correlations) == 0:
		o = NotReproduced
		reason += " A control failed, so a preference for the background cannot be told from not seeing the animal."
	case followed == len(c.Correlations):
		o = Reproduced
	case followed > 0:
		o = PartlyReproduced
	default:
		o = NotReproduced
	}
	return o, followed, reason
}
