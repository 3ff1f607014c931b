package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// The steps of CatastrophicForgetting.Run that are not training runs.

// forgettingSequences makes the sequences of tasks: permuted MNIST; with Split,
// class-incremental split MNIST; with Domains, digits → garments through one shared head and
// through a head per task; and permuted MNIST again at each swept learning rate (plain
// fine-tuning only).
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
	permuted := forgettingSequenceData{key: ForgettingPermuted, name: "permuted MNIST", tasks: perm, lr: cfg.LR, sameTasks: true}
	seqs = append(seqs, permuted)
	if cfg.Split {
		split, err := forgettingSplitMNIST(sizes, cfg.Seed)
		if err != nil {
			return nil, err
		}
		seqs = append(seqs, forgettingSequenceData{key: ForgettingSplit, name: "split MNIST, class-incremental", tasks: split, lr: cfg.LR})
	}
	if cfg.Domains || cfg.DomainHeads {
		heads, err := datasets.MNISTThenFashion(sizes, false, cfg.Seed)
		if err != nil {
			return nil, err
		}
		// The same images through one shared head (the rows are shared, not copied).
		shared := append([]datasets.SequentialTask(nil), heads...)
		for i := range shared {
			shared[i].Head = 0
		}
		if cfg.Domains {
			seqs = append(seqs, forgettingSequenceData{key: ForgettingDomainShared, name: "digits → garments, one shared head", tasks: shared, lr: cfg.LR})
		}
		if cfg.DomainHeads {
			seqs = append(seqs, forgettingSequenceData{key: ForgettingDomainHeads, name: "digits → garments, a head per task", tasks: heads, lr: cfg.LR})
		}
	}
	for _, lr := range cfg.LRSweep {
		p := permuted
		p.key, p.name, p.lr, p.plainOnly = ForgettingLRKey(lr), fmt.Sprintf("permuted MNIST at learning rate %g", lr), lr, true
		seqs = append(seqs, p)
	}
	for i := range seqs {
		s := &seqs[i]
		s.monitor, s.heads = nil, 0
		for _, t := range s.tasks {
			if err := forgettingTaskLabelsCheck(t, 10); err != nil {
				return nil, err
			}
			s.monitor = append(s.monitor, t.Test.Slice(0, min(cfg.MonitorSamples, t.Test.Len())))
			s.heads = max(s.heads, t.Head+1)
		}
	}
	return seqs, nil
}

// ForgettingLRKey is the key of the permuted sequence run at a swept learning rate.
func ForgettingLRKey(lr float64) string { return fmt.Sprintf("%s-lr%g", ForgettingPermuted, lr) }

// forgettingJobs lists stage 2: every method (and λ) through the later tasks of every
// sequence and seed, and the from-scratch nets where the later tasks differ from A.
func forgettingJobs(cfg CatastrophicForgettingConfig, seqs []forgettingSequenceData) []forgettingJob {
	var jobs []forgettingJob
	for s, seq := range seqs {
		for k := 0; k < cfg.Seeds; k++ {
			jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingPlain})
			if seq.plainOnly {
				continue
			}
			jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingFrozen})
			for _, l := range cfg.L2Lambdas {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingL2, lambda: l})
			}
			for _, l := range cfg.EWCLambdas {
				jobs = append(jobs, forgettingJob{setup: s, seed: k, method: ForgettingEWC, lambda: l})
			}
			if seq.sameTasks {
				continue
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
