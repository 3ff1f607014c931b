package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// forgettingModelSeed is the initialisation seed of seed index k: the same for every method,
// so that they all start from the same net.
func forgettingModelSeed(cfg CatastrophicForgettingConfig, k int) uint64 {
	return cfg.Seed*1_000_003 + uint64(k)*7717
}

// forgettingTrainFirst trains task A and estimates its Fisher information.
func forgettingTrainFirst(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, k, threads int) (forgettingStart, error) {
	var st forgettingStart
	seed := forgettingModelSeed(cfg, k)
	first := seq.tasks[0]
	m, err := newForgettingModel(first.Train.Dim, cfg.Hidden, seq.heads, 10, seed, threads)
	if err != nil {
		return st, err
	}
	spec := &forgettingTrainSpec{cfg: cfg, lr: seq.lr, seed: seed, seen: seq.tasks[:1], monitor: seq.monitor[:1]}
	if err := m.train(spec); err != nil {
		return st, err
	}
	st.curves = spec.curves
	if st.test, err = m.accuracy(first.Test, first.Head); err != nil {
		return st, err
	}
	if st.val, err = m.accuracy(first.Val, first.Head); err != nil {
		return st, err
	}
	st.snap = m.snapshot()
	if seq.plainOnly {
		st.trainFLOPs, st.evalFLOPs = m.flops()
		return st, nil // plain fine-tuning needs no Fisher information
	}
	st.fisher, st.fisherFLOP, err = forgettingFisher(m.use(first.Head), first.Train, cfg.FisherSamples, cfg.Fisher, seed)
	if err != nil {
		return st, err
	}
	st.trainFLOPs, st.evalFLOPs = m.flops()
	return st, nil
}

// forgettingSequenceRun continues a method from task A through the rest of the sequence.
func forgettingSequenceRun(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, st forgettingStart, j forgettingJob, threads int) (ForgettingRun, error) {
	run, _, err := forgettingContinue(cfg, seq, st, j, threads)
	return run, err
}

// forgettingContinue is forgettingSequenceRun that also returns the final model.
func forgettingContinue(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, st forgettingStart, j forgettingJob, threads int) (ForgettingRun, *forgettingModel, error) {
	run := ForgettingRun{Setup: seq.key, Method: j.method, Lambda: j.lambda, Seed: j.seed,
		Test: [][]float64{{st.test}}, Val: [][]float64{{st.val}}, TrainFLOPs: st.trainFLOPs}
	for _, c := range st.curves {
		run.Curves = append(run.Curves, ForgettingCurve{Task: c.Task, Epochs: append([]float64(nil), c.Epochs...), Accuracy: append([]float64(nil), c.Accuracy...)})
	}
	seed := forgettingModelSeed(cfg, j.seed)
	m, err := newForgettingModel(seq.tasks[0].Train.Dim, cfg.Hidden, seq.heads, 10, seed, threads)
	if err != nil {
		return run, nil, err
	}
	if err := m.restore(st.snap); err != nil {
		return run, nil, err
	}
	var anchors []forgettingAnchor
	switch j.method {
	case ForgettingL2:
		anchors = append(anchors, forgettingAnchor{head: seq.tasks[0].Head, center: st.snap[seq.tasks[0].Head]})
	case ForgettingEWC:
		anchors = append(anchors, forgettingAnchor{head: seq.tasks[0].Head, center: st.snap[seq.tasks[0].Head], fisher: st.fisher})
	}
	frozen := 0
	if j.method == ForgettingFrozen {
		frozen = cfg.FrozenLayers
	}
	for t := 1; t < len(seq.tasks); t++ {
		task := seq.tasks[t]
		var pen nn.Penalty
		if len(anchors) > 0 {
			var ps []*nn.Anchor
			for _, a := range anchors {
				ps = append(ps, a.penalty(j.lambda, task.Head, m.trunkLen))
			}
			pen = newForgettingProximal(ps, seq.lr, len(anchors[0].center))
		}
		spec := &forgettingTrainSpec{cfg: cfg, lr: seq.lr, frozen: frozen, penalty: pen, seed: seed + uint64(t),
			xOffset: float64(t * cfg.Epochs), seen: seq.tasks[:t+1], monitor: seq.monitor[:t+1], curves: run.Curves}
		if err := m.train(spec); err != nil {
			return run, nil, fmt.Errorf("%s, λ %g: %w", ForgettingMethodLabel(j.method), j.lambda, err)
		}
		run.Curves = spec.curves
		run.Steps += spec.steps
		var test, val []float64
		for _, s := range seq.tasks[:t+1] {
			a, err := m.accuracy(s.Test, s.Head)
			if err != nil {
				return run, nil, err
			}
			v, err := m.accuracy(s.Val, s.Head)
			if err != nil {
				return run, nil, err
			}
			test, val = append(test, a), append(val, v)
		}
		run.Test, run.Val = append(run.Test, test), append(run.Val, val)
		if len(anchors) > 0 && t < len(seq.tasks)-1 {
			net := m.use(task.Head)
			a := forgettingAnchor{head: task.Head, center: net.Params(nil)}
			if j.method == ForgettingEWC {
				var flops int64
				if a.fisher, flops, err = forgettingFisher(net, task.Train, cfg.FisherSamples, cfg.Fisher, seed+uint64(t)); err != nil {
					return run, nil, err
				}
				run.FisherFLOPs += flops
			}
			anchors = append(anchors, a)
		}
	}
	train, eval := m.flops()
	run.TrainFLOPs += train
	run.EvalFLOPs += eval
	return run, m, nil
}

// forgettingScratchRun trains a fresh net on one later task alone, with the same budget.
func forgettingScratchRun(cfg CatastrophicForgettingConfig, seq forgettingSequenceData, j forgettingJob, threads int) (ForgettingRun, error) {
	run := ForgettingRun{Setup: seq.key, Method: ForgettingScratch, Seed: j.seed, Task: j.task}
	task := seq.tasks[j.task]
	seed := forgettingModelSeed(cfg, j.seed)
	m, err := newForgettingModel(task.Train.Dim, cfg.Hidden, seq.heads, 10, seed, threads)
	if err != nil {
		return run, err
	}
	spec := &forgettingTrainSpec{cfg: cfg, lr: seq.lr, seed: seed + uint64(j.task), seen: []datasets.SequentialTask{task}, monitor: seq.monitor[j.task : j.task+1]}
	if err := m.train(spec); err != nil {
		return run, fmt.Errorf("from scratch: %w", err)
	}
	spec.curves[0].Task = j.task
	run.Curves = spec.curves
	test, err := m.accuracy(task.Test, task.Head)
	if err != nil {
		return run, err
	}
	val, err := m.accuracy(task.Val, task.Head)
	if err != nil {
		return run, err
	}
	run.Test, run.Val = [][]float64{{test}}, [][]float64{{val}}
	run.TrainFLOPs, run.EvalFLOPs = m.flops()
	return run, nil
}
