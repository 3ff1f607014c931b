package claims

import (
	"context"
	"math"
	"slices"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// The steps of DataCentric.Run, in the order it takes them.

// dataCentricSeeds draws each seed's images and its own label noise.
func dataCentricSeeds(cfg DataCentricConfig, trainSet *datasets.ImageSet, confusion []int) ([]dataCentricSeedData, error) {
	seeds := make([]dataCentricSeedData, cfg.Seeds)
	for s := range seeds {
		clean, err := trainSet.Sample(cfg.samples, cfg.Seed*1000+uint64(s))
		if err != nil {
			return nil, err
		}
		set, truth, err := datasets.LabelNoiseInject(clean, cfg.noiseRate, confusion, cfg.Seed*1000+uint64(s))
		if err != nil {
			return nil, err
		}
		seeds[s] = dataCentricSeedData{set: set, truth: truth, clean: clean, nTrain: cfg.samples - int(math.Round(cfg.ValFraction*float64(cfg.samples)))}
	}
	return seeds, nil
}

// dataCentricCleaned is one seed's set after cleaning, and how many of its rows are for
// training.
type dataCentricCleaned struct {
	set    datasets.LabelNoiseSet
	nTrain int
}

// dataCentricCleanSeeds is the data-centric path: the fold models of every seed, side by
// side, then each seed's labels cleaned by them and the fix scored against the truth.
func dataCentricCleanSeeds(ctx context.Context, cfg DataCentricConfig, seeds []dataCentricSeedData, workers int) ([]dataCentricCleaned, []DataCentricFix, error) {
	threads := sweep.InnerThreads(workers)
	type fold struct{ seed, fold int }
	var folds []fold
	for s := range seeds {
		for k := 0; k < cfg.Folds; k++ {
			folds = append(folds, fold{s, k})
		}
	}
	foldOut, err := sweep.Map(sweep.Unsharded(ctx), len(folds), workers, func(ctx context.Context, i int) (dataCentricFoldOut, error) {
		f := folds[i]
		return dataCentricFold(cfg, seeds[f.seed].set, f.fold, cfg.Seed*1000+uint64(f.seed), threads)
	}, func(done, total int) { Progress(ctx, "cross-validated label check", done, total) })
	if err != nil {
		return nil, nil, err
	}
	cleaned := make([]dataCentricCleaned, len(seeds))
	var fixes []DataCentricFix
	for s := range seeds {
		var parts []dataCentricFoldOut
		for i, f := range folds {
			if f.seed == s {
				parts = append(parts, foldOut[i])
			}
		}
		fixed, oof, flops := dataCentricClean(cfg, seeds[s].set, parts)
		cleaned[s].set, cleaned[s].nTrain = dataCentricApply(seeds[s].set, seeds[s].nTrain, fixed)
		fix, err := dataCentricScoreFix(cfg, seeds[s], fixed, oof)
		if err != nil {
			return nil, nil, err
		}
		fix.Seed, fix.FLOPs = s, flops
		fixes = append(fixes, fix)
	}
	return cleaned, fixes, nil
}

// dataCentricTrainModels trains every candidate model on the noisy labels of every seed, and
// the base model on the cleaned labels, with the noise-robust loss, and on the true labels
// (a reference); the largest models first so that the cores finish together.
func dataCentricTrainModels(ctx context.Context, cfg DataCentricConfig, seeds []dataCentricSeedData, cleaned []dataCentricCleaned, test nn.Data, workers int) ([]DataCentricRun, error) {
	threads := sweep.InnerThreads(workers)
	type job struct {
		seed, model int
		labels      string
	}
	order := make([]int, len(cfg.Models))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return dataCentricParams(test.Dim, cfg.Models[b], test.Classes) - dataCentricParams(test.Dim, cfg.Models[a], test.Classes)
	})
	var jobs []job
	for _, m := range order {
		for s := range seeds {
			// Every candidate on the noisy labels; the original model also on the cleaned labels
			// (the data-centric path), on the true ones (the ceiling) and with the
			// noise-robust loss (a model-centric candidate).
			jobs = append(jobs, job{s, m, DataCentricNoisy})
			if slices.Equal(cfg.Models[m], cfg.Base) {
				jobs = append(jobs, job{s, m, DataCentricCleaned}, job{s, m, DataCentricTrue})
				if cfg.RobustQ > 0 {
					jobs = append(jobs, job{s, m, DataCentricRobust})
				}
			}
		}
	}
	return sweep.Map(ctx, len(jobs), workers, func(ctx context.Context, i int) (DataCentricRun, error) {
		j := jobs[i]
		d, nTrain := seeds[j.seed].set.Data, seeds[j.seed].nTrain
		switch j.labels {
		case DataCentricCleaned:
			d, nTrain = cleaned[j.seed].set.Data, cleaned[j.seed].nTrain
		case DataCentricTrue:
			d = seeds[j.seed].clean
		}
		q := 0.0
		if j.labels == DataCentricRobust {
			q = cfg.RobustQ
		}
		r, err := dataCentricTrain(cfg, d, nTrain, cfg.Models[j.model], test, cfg.Seed*1000+uint64(j.seed), threads, q)
		r.Labels, r.Seed = j.labels, j.seed
		return r, err
	}, func(done, total int) { Progress(ctx, "models on noisy and cleaned labels", done, total) })
}
