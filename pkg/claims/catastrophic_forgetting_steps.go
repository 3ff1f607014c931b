package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// The steps of CatastrophicForgetting.Run that are not training runs.

// forgettingSequences makes the sequences of tasks: permuted MNIST, and with Domains digits →
// garments through one shared head and through a head per task.
func forgettingSequences(cfg CatastrophicForgettingConfig) ([]forgettingSequenceData, error) {
	sizes := datasets.SequentialSizes{Train: cfg.TrainSamples, Val: cfg.ValSamples, Test: cfg.TestSamples}
	var seqs []forgettingSequenceData
	perm, err := datasets.PermutedMNIST(cfg.Tasks, sizes, cfg.Seed)
	if err != nil {
		return nil, err
	}
	if cfg.Identical {
		for t := 1; t < len(perm); t++ {
			perm[t] = perm[0]
			perm[t].Name = fmt.Sprintf("MNIST again (%d)", t)
		}
	}
	seqs = append(seqs, forgettingSequenceData{key: ForgettingPermuted, name: "permuted MNIST", tasks: perm})
	if cfg.Domains {
		heads, err := datasets.MNISTThenFashion(sizes, false, cfg.Seed)
		if err != nil {
			return nil, err
		}
		// The same images through one shared head (the rows are shared, not copied).
		shared := append([]datasets.SequentialTask(nil), heads...)
		for i := range shared {
			shared[i].Head = 0
		}
		seqs = append(seqs,
			forgettingSequenceData{key: ForgettingDomainShared, name: "digits → garments, one shared head", tasks: shared},
			forgettingSequenceData{key: ForgettingDomainHeads, name: "digits → garments, a head per task", tasks: heads})
	}
	for i := range seqs {
		s := &seqs[i]
		for _, t := range s.tasks {
			if err := forgettingTaskLabelsCheck(t, 10); err != nil {
				return nil, err
			}
			s.monitor = append(s.monitor, t.Test.Slice(0, cfg.MonitorSamples))
			s.heads = max(s.heads, t.Head+1)
		}
	}
	return seqs, nil
}

// forgettingJobs lists stage 2: every method (and λ) through the later tasks of every
// sequence and seed, and the from-scratch nets.
func forgettingJobs(cfg CatastrophicForgettingConfig, seqs []forgettingSequenceData) []forgettingJob {
	var jobs []forgettingJob
	for s, seq := range seqs {
		for k := 0; k < cfg.Seeds; k++ {
			jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingPlain}, forgettingJob{setup: s, seed: k, method: ForgettingFrozen})
			for _, l := range cfg.L2Lambdas {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingL2, lambda: l})
			}
			for _, l := range cfg.EWCLambdas {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingEWC, lambda: l})
			}
			for t := 1; t < len(seq.tasks); t++ {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingScratch, task: t})
			}
		}
	}
	return jobs
}

// forgettingCountFLOPs adds up the work of every start and run: training, Fisher estimates
// and evaluation. A sequential run's count includes task A, which is counted once, in its start.
func forgettingCountFLOPs(res *CatastrophicForgettingResult, cfg CatastrophicForgettingConfig, starts []forgettingStart, jobs []forgettingJob, runs []ForgettingRun) {
	for _, st := range starts {
		res.FisherFLOPs += st.fisherFLOP
		res.EvalFLOPs += st.evalFLOPs
		res.TrainFLOPs += st.trainFLOPs
	}
	for i, r := range runs {
		res.FisherFLOPs += r.FisherFLOPs
		res.EvalFLOPs += r.EvalFLOPs
		res.TrainFLOPs += r.TrainFLOPs
		if r.Method != ForgettingScratch {
			// A sequential run's count includes task A, which is counted once, in its start.
			res.TrainFLOPs -= starts[jobs[i].setup*cfg.Seeds+r.Seed].trainFLOPs
		}
	}
}
