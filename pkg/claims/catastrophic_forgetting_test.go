package claims

import (
	"context"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// forgettingTinyConfig is a few-second configuration for tests of the machinery.
func forgettingTinyConfig() CatastrophicForgettingConfig {
	c := CatastrophicForgetting.Config(Quick)
	c.Tasks = 3
	c.Hidden = []int{32, 32}
	c.TrainSamples, c.ValSamples, c.TestSamples = 400, 100, 100
	c.MonitorSamples, c.MonitorPoints = 50, 2
	c.FisherSamples = 30
	c.EWCLambdas, c.L2Lambdas = []float64{100}, []float64{0.1}
	return c
}

func forgettingTinySequence(t *testing.T, cfg CatastrophicForgettingConfig) forgettingSequenceData {
	t.Helper()
	tasks, err := datasets.PermutedMNIST(cfg.Tasks, datasets.SequentialSizes{Train: cfg.TrainSamples, Val: cfg.ValSamples, Test: cfg.TestSamples}, cfg.Seed)
	if err != nil {
		t.Fatal(err)
	}
	seq := forgettingSequenceData{key: ForgettingPermuted, tasks: tasks, heads: 1, lr: cfg.LR, sameTasks: true}
	for _, task := range tasks {
		seq.monitor = append(seq.monitor, task.Test.Slice(0, cfg.MonitorSamples))
	}
	return seq
}

// TestForgettingFrozenLayersStayFixed runs the frozen method through a whole three-task
// sequence and checks that the frozen layers end exactly as task A left them while the
// layers above them did change.
func TestForgettingFrozenLayersStayFixed(t *testing.T) {
	cfg := forgettingTinyConfig()
	cfg.FrozenLayers = 1
	seq := forgettingTinySequence(t, cfg)
	st, err := forgettingTrainFirst(cfg, seq, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{ForgettingFrozen, ForgettingEWC} {
		run, m, err := forgettingContinue(cfg, seq, st, forgettingJob{method: method, lambda: 100}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Test) != 3 || len(run.Test[2]) != 3 {
			t.Fatalf("%s: accuracy table %v, want 3 stages", method, run.Test)
		}
		after := m.snapshot()[0]
		firstLen := 784*32 + 32
		changedBelow, changedAbove := 0, 0
		for i, v := range after {
			if v != st.snap[0][i] {
				if i < firstLen {
					changedBelow++
				} else {
					changedAbove++
				}
			}
		}
		if method == ForgettingFrozen && changedBelow != 0 {
			t.Errorf("frozen: %d parameters of the frozen first layer changed over tasks B and C", changedBelow)
		}
		if method == ForgettingEWC && changedBelow == 0 {
			t.Errorf("EWC: the first layer did not change at all; the frozen flag leaked")
		}
		if changedAbove == 0 {
			t.Errorf("%s: the layers above did not learn", method)
		}
		for _, l := range m.nets[0].Layers {
			if l.Frozen {
				t.Errorf("%s: a layer is still marked frozen after the run", method)
			}
		}
	}
}

// TestForgettingMultiHeadKeepsOldHead checks the multi-head bookkeeping: training the
// second task through its own head leaves the first head's layer untouched, and a penalty
// from the first task never pulls on the new head.
func TestForgettingMultiHeadKeepsOldHead(t *testing.T) {
	cfg := forgettingTinyConfig()
	tasks, err := datasets.MNISTThenFashion(datasets.SequentialSizes{Train: 400, Val: 100, Test: 100}, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	seq := forgettingSequenceData{key: ForgettingDomainHeads, tasks: tasks, heads: 2, lr: cfg.LR}
	for _, task := range tasks {
		seq.monitor = append(seq.monitor, task.Test.Slice(0, cfg.MonitorSamples))
	}
	st, err := forgettingTrainFirst(cfg, seq, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, m, err := forgettingContinue(cfg, seq, st, forgettingJob{method: ForgettingPlain}, 1)
	if err != nil {
		t.Fatal(err)
	}
	head0 := m.nets[0].Layers[2]
	snapHead := st.snap[0][m.trunkLen:]
	for i, v := range append(append([]nn.Float(nil), head0.W...), head0.B...) {
		if v != snapHead[i] {
			t.Fatalf("head 0 parameter %d changed while training head 1", i)
		}
	}
	trunkMoved := false
	for i := 0; i < m.trunkLen; i++ {
		if m.trunk[i] != st.snap[0][i] {
			trunkMoved = true
			break
		}
	}
	if !trunkMoved {
		t.Error("the shared trunk did not learn the second task")
	}
	a := forgettingAnchor{head: 0, center: st.snap[0], fisher: st.fisher}
	p := a.penalty(10, 1, m.trunkLen)
	for i, w := range p.Weight[m.trunkLen:] {
		if w != 0 {
			t.Fatalf("the first task's anchor weighs parameter %d of the new head by %v", m.trunkLen+i, w)
		}
	}
	if l2 := (forgettingAnchor{head: 0, center: st.snap[0]}).penalty(1, 0, m.trunkLen); l2.Weight != nil {
		t.Error("an L2 anchor on its own head should weigh every parameter alike (Weight nil)")
	}
}

func TestCatastrophicForgettingIsDeterministic(t *testing.T) {
	cfg := forgettingTinyConfig()
	cfg.Tasks = 2
	a, err := CatastrophicForgetting.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, err := CatastrophicForgetting.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Setups) != 4 || len(a.LRSweep) != len(cfg.LRSweep) {
		t.Fatalf("%d sequences and %d swept rates, want 4 (permuted, split, shared head, a head per task) and %d", len(a.Setups), len(a.LRSweep), len(cfg.LRSweep))
	}
	// Freezing is compared at the same budget: every sequential method takes the same steps.
	for _, s := range a.Setups {
		for _, r := range s.Runs {
			if r.Method != ForgettingScratch && r.Steps != s.Runs[0].Steps {
				t.Errorf("%s: %s took %d SGD steps, plain %d", s.Key, r.Method, r.Steps, s.Runs[0].Steps)
			}
		}
	}
	for s := range a.Setups {
		for i, r := range a.Setups[s].Runs {
			o := b.Setups[s].Runs[i]
			for k := range r.Test {
				for j := range r.Test[k] {
					if r.Test[k][j] != o.Test[k][j] {
						t.Fatalf("%s run %d (%s) differs between 2 workers and 1", a.Setups[s].Key, i, r.Method)
					}
				}
			}
		}
	}
	if a.TrainFLOPs != b.TrainFLOPs || a.TrainFLOPs <= 0 {
		t.Errorf("training FLOPs %d and %d", a.TrainFLOPs, b.TrainFLOPs)
	}
}

// TestCatastrophicForgettingQuick runs the quick preset and checks what must hold whatever
// the verdict: when the digits' outputs are retrained on garments, plain fine-tuning loses
// much of the digits and EWC keeps more of them; every method learns the new task.
func TestCatastrophicForgettingQuick(t *testing.T) {
	r, err := CatastrophicForgetting.Run(context.Background(), CatastrophicForgetting.Config(Quick))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Setups {
		if s.Scratch[0] < 0.7 {
			t.Errorf("%s: task A reaches only %.2f", s.Key, s.Scratch[0])
		}
		for _, m := range s.Methods {
			if m.Learned < 0.5 {
				t.Errorf("%s/%s learns the new task to only %.2f of from-scratch", s.Key, m.Method, m.Learned)
			}
		}
		if s.Key == ForgettingDomainShared {
			plain, ewc := s.Method(ForgettingPlain), s.Method(ForgettingEWC)
			if plain.Retained > 0.8 || ewc.Retained < plain.Retained+0.1 {
				t.Errorf("shared head: plain keeps %.2f of the digits, EWC %.2f; want plain ≤ 0.8 and EWC well above it", plain.Retained, ewc.Retained)
			}
		}
	}
}

func TestCatastrophicForgettingRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*CatastrophicForgettingConfig)
		want   string
	}{
		{"one task", func(c *CatastrophicForgettingConfig) { c.Tasks = 1 }, "at least 2"},
		{"freeze the head", func(c *CatastrophicForgettingConfig) { c.FrozenLayers = 3 }, "frozen layers 3"},
		{"no lambdas", func(c *CatastrophicForgettingConfig) { c.EWCLambdas = nil }, "EWC λ"},
		{"negative lambda", func(c *CatastrophicForgettingConfig) { c.L2Lambdas = []float64{-1} }, "λ = -1"},
		{"too many Fisher samples", func(c *CatastrophicForgettingConfig) { c.FisherSamples = c.TrainSamples + 1 }, "Fisher samples"},
		{"monitor beyond test", func(c *CatastrophicForgettingConfig) { c.MonitorSamples = c.TestSamples + 1 }, "monitor"},
	} {
		cfg := CatastrophicForgetting.Config(Quick)
		tc.mutate(&cfg)
		_, err := CatastrophicForgetting.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// forgettingHandSetup is a sequence whose methods keep and learn the given shares.
func forgettingHandSetup(key string, retained, learned map[string]float64) ForgettingSetup {
	s := ForgettingSetup{Key: key, Name: key, Tasks: []string{"A", "B"}, Scratch: []float64{0.9, 0.9}, Chance: 0.1}
	for _, m := range ForgettingMethods {
		a := 0.1 + 0.8*retained[m]
		s.Methods = append(s.Methods, ForgettingSummary{Method: m, Lambda: 1, Retained: retained[m], Learned: learned[m],
			RetainedLow: retained[m], RetainedHigh: retained[m], Test: [][]float64{{0.9}, {a, 0.1 + 0.8*learned[m]}}})
	}
	s.PlainLosesMost, s.Testable, s.FrozenMitigates, s.EWCKeepsAndLearns = forgettingCriteria(forgettingSetupScores(s, -1))
	return s
}

func TestForgettingVerdictRules(t *testing.T) {
	learnsAll := map[string]float64{"plain": 1, "frozen": 0.8, "l2": 0.7, "ewc": 0.95}
	article := forgettingHandSetup("a", map[string]float64{"plain": 0.3, "frozen": 0.5, "l2": 0.6, "ewc": 0.9}, learnsAll)
	noForgetting := forgettingHandSetup("b", map[string]float64{"plain": 0.95, "frozen": 0.9, "l2": 0.97, "ewc": 0.99}, learnsAll)
	ewcFails := forgettingHandSetup("c", map[string]float64{"plain": 0.3, "frozen": 0.35, "l2": 0.6, "ewc": 0.6}, learnsAll)
	freezingSolves := forgettingHandSetup("d", map[string]float64{"plain": 0.3, "frozen": 0.95, "l2": 0.6, "ewc": 0.9}, map[string]float64{"plain": 1, "frozen": 0.95, "l2": 0.7, "ewc": 0.95})
	ewcForgetsB := forgettingHandSetup("e", map[string]float64{"plain": 0.3, "frozen": 0.5, "l2": 0.6, "ewc": 0.95}, map[string]float64{"plain": 1, "frozen": 0.8, "l2": 0.7, "ewc": 0.5})
	for _, tc := range []struct {
		name   string
		setups []ForgettingSetup
		want   Outcome
	}{
		{"every statement holds", []ForgettingSetup{article}, Reproduced},
		{"holds on both sequences", []ForgettingSetup{article, article}, Reproduced},
		{"nothing forgotten anywhere: nothing to protect", []ForgettingSetup{noForgetting}, NotReproduced},
		{"forgets in one sequence of two", []ForgettingSetup{noForgetting, article}, PartlyReproduced},
		{"EWC does not keep A", []ForgettingSetup{ewcFails}, PartlyReproduced},
		{"freezing solves it (does not only mitigate)", []ForgettingSetup{freezingSolves}, PartlyReproduced},
		{"EWC keeps A by not learning B", []ForgettingSetup{ewcForgetsB}, PartlyReproduced},
	} {
		r := CatastrophicForgettingResult{Config: CatastrophicForgettingConfig{FrozenLayers: 1}, Setups: tc.setups}
		v := forgettingVerdict(r)
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if !noForgetting.PlainLosesMost && noForgetting.Testable {
		t.Error("a sequence where plain fine-tuning keeps 95% must leave freezing and EWC untested")
	}
}

// TestForgettingSeedOutcomes checks that each seed is judged by the same rule on its own
// numbers: a seed where every statement holds is reproduced, a seed without forgetting is not,
// and the pooled outcome reads the seed means.
func TestForgettingSeedOutcomes(t *testing.T) {
	learns := map[string]float64{"plain": 1, "frozen": 0.8, "l2": 0.7, "ewc": 0.95}
	seeds := []map[string]float64{
		{"plain": 0.3, "frozen": 0.5, "l2": 0.6, "ewc": 0.9},    // the article's world
		{"plain": 0.95, "frozen": 0.9, "l2": 0.97, "ewc": 0.99}, // nothing forgotten
		{"plain": 0.35, "frozen": 0.55, "l2": 0.6, "ewc": 0.85}, // the article's world again
	}
	mean := map[string]float64{}
	for _, s := range seeds {
		for m, v := range s {
			mean[m] += v / float64(len(seeds))
		}
	}
	s := forgettingHandSetup("a", mean, learns)
	for i := range s.Methods {
		m := &s.Methods[i]
		for _, seed := range seeds {
			m.RetainedSeeds = append(m.RetainedSeeds, seed[m.Method])
			m.LearnedSeeds = append(m.LearnedSeeds, learns[m.Method])
		}
	}
	v := forgettingVerdict(CatastrophicForgettingResult{Config: CatastrophicForgettingConfig{FrozenLayers: 1, Seeds: 3}, Setups: []ForgettingSetup{s}})
	want := []Outcome{Reproduced, NotReproduced, Reproduced}
	if len(v.SeedOutcomes) != len(want) {
		t.Fatalf("%d seed outcomes, want %d", len(v.SeedOutcomes), len(want))
	}
	for i, o := range want {
		if v.SeedOutcomes[i] != o {
			t.Errorf("seed %d: %s, want %s", i+1, v.SeedOutcomes[i], o)
		}
	}
	// Seed means: plain keeps 53%, so forgetting is not "most" of A: partly at best.
	if v.Outcome == Reproduced {
		t.Errorf("pooled outcome %s from seed means where plain keeps %.2f", v.Outcome, mean["plain"])
	}
}

// TestCatastrophicForgettingTiers checks the presets against what they promise: every tier
// valid; full and paper with at least 5 seeds and small learning rates swept; paper at
// Kirkpatrick et al.'s scale (10 permuted tasks, all 60,000 training images, 20 epochs per
// task, 2 × 400 units).
func TestCatastrophicForgettingTiers(t *testing.T) {
	for _, s := range []Scale{Quick, Full, Paper} {
		if err := CatastrophicForgetting.Config(s).validate(); err != nil {
			t.Errorf("%v: %v", s, err)
		}
	}
	for _, s := range []Scale{Full, Paper} {
		c := CatastrophicForgetting.Config(s)
		if c.Seeds < 5 || !c.Split || len(c.LRSweep) == 0 || c.LRSweep[len(c.LRSweep)-1] > 0.001 {
			t.Errorf("%v: %d seeds, split %v, learning rates %v", s, c.Seeds, c.Split, c.LRSweep)
		}
	}
	p := CatastrophicForgetting.Config(Paper)
	if p.Tasks != 10 || p.TrainSamples+p.ValSamples != 60000 || p.Epochs < 20 || len(p.Hidden) != 2 || p.Hidden[0] < 400 {
		t.Errorf("paper tier: %d tasks, %d+%d images, %d epochs, hidden %v", p.Tasks, p.TrainSamples, p.ValSamples, p.Epochs, p.Hidden)
	}
}
