package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// forgettingModel is a trunk of hidden layers shared by one or more output heads. Each head
// is held as a whole network (trunk + head layer) built from nn; the trunk's parameters are
// the first trunkLen values of every head network's Params, and the model keeps the current
// trunk apart so that training through one head and evaluating through another see the same
// trunk. Permuted MNIST uses one head (every task is "which digit"); MNIST-then-Fashion uses
// two, as a multi-head continual-learning net does (a new output layer per task).
type forgettingModel struct {
	nets     []*nn.Network
	trunkLen int
	trunk    []nn.Float
	buf      []nn.Float
}

// newForgettingModel builds the trunk (ReLU layers of the given widths, He init) and heads
// linear 10-way heads (or classes-way), every part initialised from seed.
func newForgettingModel(in int, hidden []int, heads, classes int, seed uint64, threads int) (*forgettingModel, error) {
	if heads < 1 {
		return nil, fmt.Errorf("a model needs at least one head, got %d", heads)
	}
	var specs []nn.LayerSpec
	for _, w := range hidden {
		specs = append(specs, nn.LayerSpec{Out: w, Act: nn.ReLU, Init: nn.InitHeNormal})
	}
	specs = append(specs, nn.LayerSpec{Out: classes, Act: nn.Identity, Init: nn.InitHeNormal})
	m := &forgettingModel{}
	for h := 0; h < heads; h++ {
		// Each head's layer gets its own seed; the trunk is then copied from head 0.
		n, err := nn.New(in, specs, seed+uint64(h)*7919)
		if err != nil {
			return nil, err
		}
		n.Threads = threads
		m.nets = append(m.nets, n)
	}
	last := m.nets[0].Layers[len(hidden)]
	m.trunkLen = m.nets[0].NumParams() - len(last.W) - len(last.B)
	m.trunk = append([]nn.Float(nil), m.nets[0].Params(nil)[:m.trunkLen]...)
	return m, nil
}

// use copies the current trunk into head h's network and returns it.
func (m *forgettingModel) use(h int) *nn.Network {
	n := m.nets[h]
	m.buf = n.Params(m.buf)
	copy(m.buf, m.trunk)
	if err := n.SetParams(m.buf); err != nil {
		panic(err) // same architecture by construction
	}
	return n
}

// keep takes the trunk from head h's network (after training it).
func (m *forgettingModel) keep(h int) {
	m.buf = m.nets[h].Params(m.buf)
	copy(m.trunk, m.buf[:m.trunkLen])
}

// accuracy evaluates task data through its head with the current trunk.
func (m *forgettingModel) accuracy(d nn.Data, head int) (float64, error) {
	_, acc, err := m.use(head).Evaluate(d, nn.SoftmaxCrossEntropy)
	return acc, err
}

// snapshot returns every head network's parameters (with the current trunk).
func (m *forgettingModel) snapshot() [][]nn.Float {
	out := make([][]nn.Float, len(m.nets))
	for h := range m.nets {
		out[h] = m.use(h).Params(nil)
	}
	return out
}

// restore sets every head network from a snapshot.
func (m *forgettingModel) restore(s [][]nn.Float) error {
	if len(s) != len(m.nets) {
		return fmt.Errorf("snapshot of %d heads for a model of %d", len(s), len(m.nets))
	}
	for h, p := range s {
		if err := m.nets[h].SetParams(p); err != nil {
			return err
		}
	}
	copy(m.trunk, s[0][:m.trunkLen])
	return nil
}

// flops is the training work of every head network so far.
func (m *forgettingModel) flops() (train, eval int64) {
	for _, n := range m.nets {
		train += n.FLOPs.Total()
		eval += n.EvalFLOPs.Total()
	}
	return train, eval
}

// forgettingAnchor is what EWC (or the L2 pull) remembers of an earlier task: the
// parameters after training it (through its head) and their Fisher information (nil for
// the L2 pull, which weighs every parameter alike).
type forgettingAnchor struct {
	head   int
	center []nn.Float
	fisher []nn.Float
}

// penalty turns the anchor into an nn.Anchor for training through head h: the trunk is
// pulled toward the anchor's trunk; the head too when it is the anchor's own head, while a
// different head (a new task's own output layer) is free.
func (a forgettingAnchor) penalty(lambda float64, h, trunkLen int) *nn.Anchor {
	p := &nn.Anchor{Lambda: lambda, Center: a.center}
	switch {
	case a.fisher != nil:
		p.Weight = append([]nn.Float(nil), a.fisher...)
		if h != a.head {
			clear(p.Weight[trunkLen:])
		}
	case h != a.head:
		p.Weight = make([]nn.Float, len(a.center))
		for i := range p.Weight[:trunkLen] {
			p.Weight[i] = 1
		}
	}
	return p
}

// forgettingTrainSpec is how one task is trained.
type forgettingTrainSpec struct {
	cfg     CatastrophicForgettingConfig
	lr      float64    // the sequence's learning rate
	frozen  int        // lowest layers kept fixed
	penalty nn.Penalty // nil: none
	seed    uint64
	xOffset float64 // curve x (epochs into the sequence) at the task's start
	seen    []datasets.SequentialTask
	monitor []nn.Data // per seen task, the rows the curves are measured on
	curves  []ForgettingCurve
	steps   int // SGD steps taken (set by train)
}

// train trains the last task of spec.seen through its head, recording the
// accuracy on every seen task at the start and MonitorPoints times during training.
func (m *forgettingModel) train(spec *forgettingTrainSpec) error {
	cfg := spec.cfg
	task := spec.seen[len(spec.seen)-1]
	net := m.use(task.Head)
	for i, l := range net.Layers {
		l.Frozen = i < spec.frozen
	}
	defer func() {
		for _, l := range net.Layers {
			l.Frozen = false
		}
	}()
	rows := task.Train.Len()
	perEpoch := (rows + cfg.Batch - 1) / cfg.Batch
	total := perEpoch * cfg.Epochs
	// record measures every seen task at step; at a task's start the earlier tasks were
	// measured at the end of the previous one (same parameters), so only the new one is.
	record := func(step int, start bool) error {
		m.keep(task.Head)
		x := spec.xOffset + float64(step)/float64(perEpoch)
		for s, t := range spec.seen {
			if start && s < len(spec.seen)-1 {
				continue
			}
			acc, err := m.accuracy(spec.monitor[s], t.Head)
			if err != nil {
				return err
			}
			for len(spec.curves) <= s {
				spec.curves = append(spec.curves, ForgettingCurve{Task: len(spec.curves)})
			}
			spec.curves[s].Epochs = append(spec.curves[s].Epochs, x)
			spec.curves[s].Accuracy = append(spec.curves[s].Accuracy, acc)
		}
		return nil
	}
	if err := record(0, true); err != nil {
		return err
	}
	// Measure at MonitorPoints evenly spaced steps, the last one after the final step.
	points := min(cfg.MonitorPoints, total)
	next := 1
	due := func(k int) int { return k * total / points }
	var monitorErr error
	_, err := net.Train(task.Train, nn.TrainConfig{
		Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.SGD(spec.lr), BatchSize: cfg.Batch,
		Epochs: cfg.Epochs, Seed: spec.seed, Penalty: spec.penalty, Precision: cfg.Precision,
		OnStep: func(s nn.StepInfo) bool {
			if next < points && s.Step == due(next) {
				monitorErr = record(s.Step, false)
				next++
			}
			return monitorErr == nil
		},
	})
	if err == nil {
		err = monitorErr
	}
	if err != nil {
		return fmt.Errorf("training on %s: %w", task.Name, err)
	}
	m.keep(task.Head)
	spec.steps = total
	return record(total, false)
}
