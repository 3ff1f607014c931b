package claims

import (
	"context"
	"fmt"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// The steps of ShortcutLearning.Run, in the order it takes them.

// shortcutCues lists the cues the run covers (the garment cue only when GarmentNs is set, as
// it needs Fashion-MNIST), and gives each cue's garment images (nil for the drawn cues).
func shortcutCues(cfg ShortcutLearningConfig) (cues []string, garmentsFor func(cue string, test bool) *datasets.ImageSet, err error) {
	var garmentTrain, garmentTest *datasets.ImageSet
	cues = []string{ShortcutCueBackground, ShortcutCueSize}
	if len(cfg.GarmentNs) > 0 {
		if garmentTrain, garmentTest, err = datasets.FashionMNIST(); err != nil {
			return nil, nil, fmt.Errorf("shortcut-learning: the garment cue needs Fashion-MNIST (in Go or a notebook, an empty GarmentNs skips that cue): %w", err)
		}
		cues = append(cues, ShortcutCueGarments)
	}
	garmentsFor = func(cue string, test bool) *datasets.ImageSet {
		if cue != ShortcutCueGarments {
			return nil
		}
		if test {
			return garmentTest
		}
		return garmentTrain
	}
	return cues, garmentsFor, nil
}

// shortcutTestSets makes the test sets, shared by every network of a cue.
func shortcutTestSets(cfg ShortcutLearningConfig, cues []string, garmentsFor func(string, bool) *datasets.ImageSet) (map[string]map[string]datasets.ShortcutSet, error) {
	tests := map[string]map[string]datasets.ShortcutSet{}
	for _, cue := range cues {
		tests[cue] = map[string]datasets.ShortcutSet{}
		for name, spec := range cfg.testSpecs(cue, garmentsFor(cue, true)) {
			set, err := shortcutData(spec)
			if err != nil {
				return nil, fmt.Errorf("shortcut-learning: %s test set: %w", name, err)
			}
			tests[cue][name] = set
		}
	}
	return tests, nil
}

// shortcutPoint is one network to train.
type shortcutPoint struct {
	cue   string
	n     int
	seed  int
	match float64
	// saliency: measure where the network looks (the largest-n background networks,
	// and the diverse ones).
	saliency, diverse bool
}

// shortcutPoints lists one point per cue × n × seed, then one diverse-data network per seed
// for saliency, largest training runs first.
func shortcutPoints(cfg ShortcutLearningConfig, cues []string) []shortcutPoint {
	var points []shortcutPoint
	for _, cue := range cues {
		ns, match := cfg.Ns, cfg.BackgroundMatch
		switch cue {
		case ShortcutCueGarments:
			ns = cfg.GarmentNs
		case ShortcutCueSize:
			match = cfg.SizeMatch
		}
		for i, n := range ns {
			for k := 0; k < cfg.Seeds; k++ {
				points = append(points, shortcutPoint{cue: cue, n: n, seed: k, match: match,
					saliency: cue == ShortcutCueBackground && i == len(ns)-1})
			}
		}
	}
	largest := cfg.Ns[len(cfg.Ns)-1]
	for k := 0; k < cfg.Seeds; k++ {
		points = append(points, shortcutPoint{cue: ShortcutCueBackground, n: largest, seed: k, match: 1 - cfg.DiverseFraction, saliency: true, diverse: true})
	}
	// Largest training runs first, so that the last points to finish are short ones and the
	// cores stay busy to the end (results do not depend on the order).
	sort.SliceStable(points, func(i, j int) bool { return points[i].n > points[j].n })
	return points
}

// shortcutOutcome is what one point's network measured.
type shortcutOutcome struct {
	run      ShortcutRun
	saliency ShortcutSaliency
}

// shortcutTrainPoints trains every point's network on all cores and tests it.
func shortcutTrainPoints(ctx context.Context, cfg ShortcutLearningConfig, points []shortcutPoint, tests map[string]map[string]datasets.ShortcutSet, saliencySet datasets.ShortcutSet, garmentsFor func(string, bool) *datasets.ImageSet) ([]shortcutOutcome, error) {
	workers := sweep.Effective(cfg.Workers)
	cueIndex := map[string]int{ShortcutCueBackground: 0, ShortcutCueSize: 1, ShortcutCueGarments: 2}
	return sweep.Map(ctx, len(points), workers, func(ctx context.Context, i int) (shortcutOutcome, error) {
		p := points[i]
		var o shortcutOutcome
		// The training set's seed depends on the cue and the repetition, not on n, so the
		// sets of one repetition nest: the 2,000 images are the 8,000's first 2,000.
		dataSeed := shortcutSeed(cfg.Seed, shortcutSeedTrain, 100*cueIndex[p.cue]+p.seed)
		train, err := shortcutData(cfg.trainSpec(p.cue, p.n, p.match, dataSeed, garmentsFor(p.cue, false)))
		if err != nil {
			return o, err
		}
		net, err := shortcutTrain(cfg.Training, train.Data, shortcutSeed(cfg.Seed, shortcutSeedNet, p.seed), sweep.InnerThreads(workers))
		if err != nil {
			return o, fmt.Errorf("%s cue, n = %d, seed %d: %w", p.cue, p.n, p.seed, err)
		}
		o.run = ShortcutRun{Cue: p.cue, N: p.n, Seed: p.seed, Match: p.match, Steps: cfg.Training.Steps(p.n), FLOPs: net.FLOPs.Total()}
		for name, test := range tests[p.cue] {
			acc, err := shortcutAccuracy(net, test.Data)
			if err != nil {
				return o, err
			}
			o.run.setAccuracy(name, acc)
		}
		if p.saliency {
			keep := 0
			if p.seed == 0 {
				keep = cfg.SaliencyShown
			}
			if o.saliency, err = shortcutSaliency(net, saliencySet, keep); err != nil {
				return o, fmt.Errorf("%s cue, n = %d, seed %d: %w", p.cue, p.n, p.seed, err)
			}
		}
		return o, nil
	}, func(done, total int) { Progress(ctx, "training networks", done, total) })
}

// shortcutCurves are the mean and 95% t-interval over seeds, per cue, test and n.
func shortcutCurves(cfg ShortcutLearningConfig, cues []string, tests map[string]map[string]datasets.ShortcutSet, points []shortcutPoint, outs []shortcutOutcome) []ShortcutCurve {
	var curves []ShortcutCurve
	for _, cue := range cues {
		for _, test := range shortcutTests {
			if _, ok := tests[cue][test]; !ok {
				continue
			}
			curve := ShortcutCurve{Cue: cue, Test: test}
			ns := cfg.Ns
			if cue == ShortcutCueGarments {
				ns = cfg.GarmentNs
			}
			for _, n := range ns {
				var accs []float64
				for i, p := range points {
					if p.cue == cue && p.n == n && !p.diverse {
						accs = append(accs, outs[i].run.Accuracy(test))
					}
				}
				curve.N = append(curve.N, float64(n))
				curve.Accuracy = append(curve.Accuracy, shortcutBand(accs))
			}
			curves = append(curves, curve)
		}
	}
	return curves
}

// shortcutSaliencySummary compares where the shortcut and the diverse networks look, over
// seeds, and keeps the first images for display.
func shortcutSaliencySummary(cfg ShortcutLearningConfig, points []shortcutPoint, outs []shortcutOutcome, saliencySet datasets.ShortcutSet) ShortcutSaliencyResult {
	sal := ShortcutSaliencyResult{N: cfg.Ns[len(cfg.Ns)-1]}
	var sShare, dShare, sRatio, dRatio, sAcc, dAcc []float64
	for i, p := range points {
		o := outs[i]
		if !p.saliency {
			continue
		}
		sal.AreaShare = o.saliency.AreaShare
		acc := o.run.Broken
		if p.diverse {
			dShare, dRatio, dAcc = append(dShare, o.saliency.AnimalShare), append(dRatio, o.saliency.BackgroundPerAnimal), append(dAcc, acc)
			if p.seed == 0 {
				sal.DiverseMaps = o.saliency
			}
		} else {
			sShare, sRatio, sAcc = append(sShare, o.saliency.AnimalShare), append(sRatio, o.saliency.BackgroundPerAnimal), append(sAcc, acc)
			if p.seed == 0 {
				sal.ShortcutMaps = o.saliency
			}
		}
	}
	sal.ShortcutShare, sal.DiverseShare = shortcutBand(sShare), shortcutBand(dShare)
	sal.ShortcutRatio, sal.DiverseRatio = shortcutBand(sRatio), shortcutBand(dRatio)
	sal.ShortcutAccuracy, sal.DiverseAccuracy = shortcutBand(sAcc), shortcutBand(dAcc)
	for i := 0; i < min(cfg.SaliencyShown, saliencySet.Data.Len()); i++ {
		img := append([]float64(nil), saliencySet.Image(i)...)
		for j := range img {
			img[j] += 0.5 // undo the centring for display
		}
		sal.Images = append(sal.Images, img)
		sal.Labels = append(sal.Labels, saliencySet.Data.Labels[i])
	}
	return sal
}
