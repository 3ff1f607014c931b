package claims

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// VanishingGradients is the claim that sigmoid's gradients vanish in deep stacks while ReLU's
// do not, which is what let many layers be stacked (Torrent 2020).
//
// Why: backpropagation multiplies the gradient, layer by layer, by Wᵀ·diag(act'(z)). The
// sigmoid's derivative is at most 1/4 (σ' = σ(1−σ), largest at z = 0), so with weights that
// preserve norms (Glorot init, Glorot & Bengio 2010) each sigmoid layer shrinks the gradient
// by a factor of about 1/4 or less, and the first layers of a deep stack barely learn. ReLU's
// derivative is 0 or 1 and He init (He et al. 2015) keeps the backward signal's variance
// constant.
//
// The claim credits the activation, but a deep net's trainability also depends on its
// initialisation and its optimiser. Controls separate the three: tanh, which saturates like
// the sigmoid but has slope 1 at 0, with Glorot init; the sigmoid with Glorot's range scaled
// by 4 (which undoes σ'(0) = 1/4); ReLU without He's factor √2; and the sigmoid trained by
// Adam (Kingma & Ba 2015), whose per-parameter step does not depend on the gradient's scale.
var VanishingGradients vanishingGradients

type vanishingGradients struct{}

// VanishingRole says what a setup stands for in the verdict.
type VanishingRole int

const (
	// VanishingOther is measured and drawn, not judged.
	VanishingOther VanishingRole = iota
	// VanishingSubject is the activation the claim says vanishes: the sigmoid with Glorot
	// init, trained by plain SGD.
	VanishingSubject
	// VanishingFix is the claimed fix: ReLU with He init.
	VanishingFix
	// VanishingSaturating is a saturating activation with an initialisation matched to it
	// (tanh with Glorot; the sigmoid with Glorot ×4): if one of them trains deep under plain
	// SGD, ReLU was not needed.
	VanishingSaturating
	// VanishingInitSwap is the fix without its initialisation: ReLU with Glorot init.
	VanishingInitSwap
	// VanishingOptimiser is the subject trained by Adam instead of SGD.
	VanishingOptimiser
)

// VanishingSetup is an activation with an initialiser and an optimiser.
type VanishingSetup struct {
	Name string
	Act  nn.Activation
	Init nn.Init
	// Adam trains the setup with Adam (Kingma & Ba 2015) on Config.AdamRates; otherwise plain
	// SGD on Config.LearningRates.
	Adam bool
	Role VanishingRole
}

// VanishingGradientsConfig sets the nets measured and trained.
type VanishingGradientsConfig struct {
	Setups []VanishingSetup
	// Gradient norms and forward statistics at initialisation: nets of each depth (number of
	// weight layers, the last one the 10-way output) and width, averaged over Batches batches
	// for each of Seeds nets.
	Depths         []int
	Width          int
	Batch, Batches int
	// Seeds is the number of independent repetitions (initial weights and batch order) of
	// every measurement: the nets at initialisation and the trained nets.
	Seeds int
	// Training: nets of each TrainDepths, trained for Steps steps of TrainBatch images. The
	// learning rate is chosen once per setup and depth, on the first seed's validation
	// accuracy, from LearningRates (SGD) or AdamRates (Adam); the other seeds reuse it.
	TrainDepths   []int
	Steps         int
	TrainBatch    int
	LearningRates []float64
	AdamRates     []float64
	EvalEvery     int
	// Snapshots is the number of points during training (the first step, then evenly spaced
	// to the last) at which per-layer gradient norms and activation statistics are recorded.
	Snapshots int
	// MNIST rows used: training images, validation images (held out of the training images,
	// to choose the learning rate) and test images (to report).
	TrainSamples, ValSamples, TestSamples int
	Seed                                  uint64
	// Workers runs that many nets at once (0: one per core).
	Workers int
	// Precision is the type the nets train in (nn.TrainConfig.Precision); evaluation is
	// always float64.
	Precision nn.Precision
}

func (vanishingGradients) Info() Info {
	return Info{
		ID:         "vanishing-gradients",
		Title:      "Sigmoid gradients vanish in deep stacks; ReLU's do not",
		Source:     Torrent2020,
		Claim:      "The sigmoid squashes gradients so that deep stacks do not train; ReLU fixed that and let many layers be stacked.",
		Notebook:   "01-vanishing-gradients.ipynb",
		Measure:    "per-layer gradient norms and activation statistics at initialisation (depths 2–30) and during training, for sigmoid, tanh and ReLU under their standard initialisations and swapped ones, and the sigmoid under Adam; deep nets trained on MNIST for the same number of steps, over 5 seeds",
		Reproduced: "sigmoid's first/last-layer gradient ratio shrinks geometrically with depth; ReLU with He initialisation keeps it near 1; at depth ≥ 10 ReLU trains and sigmoid stalls under SGD; Adam lifts the deep sigmoid net out of the stall (the gradient's scale was the cause); and no saturating activation with a matched initialisation trains as deep (ReLU was needed)",
		Precision:  vanishingGradientsPrecision.String(),
		Tiers: Tiers{
			Quick: "2 seeds, width 48, 6 setups at depths 2–10, trained at depths 2 and 10 for 200 steps; ~5 CPU-s",
			Full:  "5 seeds, width 64, 6 setups at depths 2–30, trained at depths 5 and 20 for 800 steps of 32 images (rate from 4 SGD or 2 Adam rates, chosen on seed 1); ~140 CPU-s, ~70 s on 2 free cores",
			Paper: "10 seeds, width 100, 6 setups at depths 2–40, trained at depths 5, 10, 20 and 30 for 3,000 steps of 64 on 50k images (5 SGD or 3 Adam rates); projected ~2.6 CPU-h: ~1.3 h on 2 cores, ~10 min on 16",
		},
	}
}

// Glorot ×4 for the logistic sigmoid (Glorot & Bengio 2010, as the Theano deep-learning
// tutorial's MLP page, deeplearning.net/tutorial/mlp.html, states it): Glorot's range keeps
// the signal's variance for a unit of slope 1 at 0 (tanh); the logistic sigmoid's slope at 0
// is 1/4, so its weights need 4 times that range.
const vanishingSigmoidGlorotScale = 4

// DefaultVanishingSetups are the three standard pairs (sigmoid and tanh with Glorot
// initialisation, ReLU with He) and the controls that swap one ingredient at a time.
func DefaultVanishingSetups() []VanishingSetup {
	return []VanishingSetup{
		{Name: "sigmoid (Glorot)", Act: nn.Sigmoid, Init: nn.InitGlorotUniform, Role: VanishingSubject},
		{Name: "tanh (Glorot)", Act: nn.Tanh, Init: nn.InitGlorotUniform, Role: VanishingSaturating},
		{Name: "ReLU (He)", Act: nn.ReLU, Init: nn.InitHeNormal, Role: VanishingFix},
		{Name: "sigmoid (Glorot ×4)", Act: nn.Sigmoid, Init: nn.Init{Kind: nn.GlorotUniform, Scale: vanishingSigmoidGlorotScale}, Role: VanishingSaturating},
		{Name: "ReLU (Glorot)", Act: nn.ReLU, Init: nn.InitGlorotUniform, Role: VanishingInitSwap},
		{Name: "sigmoid (Glorot), Adam", Act: nn.Sigmoid, Init: nn.InitGlorotUniform, Adam: true, Role: VanishingOptimiser},
	}
}

// vanishingGradientsPrecision is the type its nets train in: float64.
// Its measurements are the gradients and activations themselves: per-layer gradient norms
// that shrink by 0.24 per layer (about 10⁻¹⁹ at depth 30) and activation statistics read in
// OnStep, which float32 training does not write back (nn.StepInfo). Not measured in float32.
const vanishingGradientsPrecision = nn.Float64

func (vanishingGradients) Config(s Scale) VanishingGradientsConfig {
	c := VanishingGradientsConfig{
		Setups: DefaultVanishingSetups(),
		Depths: []int{2, 5, 10, 15, 20, 30}, Width: 64, Batch: 128, Batches: 2, Seeds: 5,
		TrainDepths: []int{5, 20}, Steps: 800, TrainBatch: 32,
		LearningRates: []float64{0.03, 0.1, 0.3, 1}, AdamRates: []float64{0.001, 0.003}, EvalEvery: 100, Snapshots: 4,
		TrainSamples: 10000, ValSamples: 1000, TestSamples: 2000,
		Seed: 1,
	}
	c.Precision = vanishingGradientsPrecision
	switch s {
	case Quick:
		c.Depths = []int{2, 5, 10}
		c.Width, c.Batches, c.Seeds = 48, 1, 2
		c.TrainDepths = []int{2, 10}
		c.Steps, c.EvalEvery = 200, 50
		c.LearningRates, c.AdamRates = []float64{0.1}, []float64{0.003}
		c.TrainSamples, c.ValSamples, c.TestSamples = 3000, 500, 500
	case Paper:
		c.Depths = []int{2, 5, 10, 15, 20, 25, 30, 40}
		c.Width, c.Batches, c.Seeds = 100, 4, 10
		c.TrainDepths = []int{5, 10, 20, 30}
		c.TrainBatch, c.Steps, c.EvalEvery, c.Snapshots = 64, 3000, 250, 6
		c.LearningRates, c.AdamRates = []float64{0.03, 0.1, 0.3, 1, 3}, []float64{0.0003, 0.001, 0.003}
		c.TrainSamples, c.ValSamples, c.TestSamples = 50000, 10000, 10000
	}
	return c
}

func (c VanishingGradientsConfig) validate() error {
	switch {
	case len(c.Setups) == 0:
		return errors.New("no activations to compare")
	case len(c.Depths) < 3:
		return fmt.Errorf("need at least 3 depths to fit the per-layer factor, have %v", c.Depths)
	case c.Width < 1 || c.Batch < 1 || c.Batches < 1 || c.Seeds < 1:
		return fmt.Errorf("width %d, batch %d, batches %d and seeds %d must be positive", c.Width, c.Batch, c.Batches, c.Seeds)
	case len(c.TrainDepths) == 0 || c.Steps < 1 || c.TrainBatch < 1 || c.EvalEvery < 1:
		return errors.New("the training comparison needs depths, steps, a batch size and an evaluation interval")
	case c.Snapshots < 2:
		return fmt.Errorf("snapshots %d: need at least 2 (the first step and the last)", c.Snapshots)
	case c.TrainSamples < c.TrainBatch || c.ValSamples < 1 || c.TestSamples < 1:
		return fmt.Errorf("sample sizes %d/%d/%d are too small", c.TrainSamples, c.ValSamples, c.TestSamples)
	}
	for _, d := range append(append([]int(nil), c.Depths...), c.TrainDepths...) {
		if d < 2 {
			return fmt.Errorf("depth %d: a net needs at least one hidden layer (depth ≥ 2)", d)
		}
	}
	names := map[string]bool{}
	for _, s := range c.Setups {
		if names[s.Name] {
			return fmt.Errorf("two setups are named %q", s.Name)
		}
		names[s.Name] = true
		rates, kind := c.LearningRates, "learning rates (SGD)"
		if s.Adam {
			rates, kind = c.AdamRates, "Adam rates"
		}
		if len(rates) == 0 {
			return fmt.Errorf("setup %q: no %s to choose from", s.Name, kind)
		}
		for _, lr := range rates {
			if !(lr > 0) {
				return fmt.Errorf("setup %q: learning rate %v must be positive", s.Name, lr)
			}
		}
	}
	for _, r := range []VanishingRole{VanishingSubject, VanishingFix, VanishingOptimiser, VanishingInitSwap} {
		if n := countRole(c.Setups, r); n > 1 {
			return fmt.Errorf("%d setups have the role %s; at most one may", n, r)
		}
	}
	return nil
}

func countRole(setups []VanishingSetup, r VanishingRole) int {
	n := 0
	for _, s := range setups {
		if s.Role == r {
			n++
		}
	}
	return n
}

func (r VanishingRole) String() string {
	names := []string{"other", "subject", "fix", "saturating control", "initialisation swap", "optimiser control"}
	if int(r) < 0 || int(r) >= len(names) {
		return fmt.Sprintf("VanishingRole(%d)", int(r))
	}
	return names[r]
}

// ParseVanishingSetups reads a comma-separated list of activations ("sigmoid,tanh,relu")
// and pairs each with its usual initialiser: Glorot for sigmoid, tanh and identity, He for
// ReLU and leaky ReLU. The first sigmoid is the claim's subject and the first ReLU its fix;
// tanh is a saturating control. A name may end in "+adam" (the subject's optimiser control,
// "sigmoid+adam"), and "sigmoid-x4" and "relu-glorot" are the swapped initialisations.
func ParseVanishingSetups(list string) ([]VanishingSetup, error) {
	var out []VanishingSetup
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if s, ok := vanishingNamedControl(name); ok {
			out = append(out, s)
			continue
		}
		base, adam := strings.CutSuffix(name, "+adam")
		act, err := nn.ParseActivation(base)
		if err != nil {
			return nil, err
		}
		s := VanishingSetup{Act: act, Init: nn.InitGlorotUniform, Name: act.String() + " (Glorot)"}
		switch act {
		case nn.ReLU, nn.LeakyReLU:
			s.Init, s.Name = nn.InitHeNormal, act.String()+" (He)"
		case nn.Tanh:
			s.Role = VanishingSaturating
		}
		if act == nn.ReLU {
			s.Name = "ReLU (He)"
			if countRole(out, VanishingFix) == 0 {
				s.Role = VanishingFix
			}
		}
		if act == nn.Sigmoid && countRole(out, VanishingSubject) == 0 && !adam {
			s.Role = VanishingSubject
		}
		if adam {
			s.Adam, s.Name, s.Role = true, s.Name+", Adam", VanishingOther
			if act == nn.Sigmoid {
				s.Role = VanishingOptimiser
			}
		}
		if slices.ContainsFunc(out, func(o VanishingSetup) bool { return o.Name == s.Name }) {
			return nil, fmt.Errorf("activation %q is listed twice", name)
		}
		out = append(out, s)
	}
	return out, nil
}

// vanishingNamedControl is one of the swapped-initialisation controls by its short name.
func vanishingNamedControl(name string) (VanishingSetup, bool) {
	want := map[string]string{"sigmoid-x4": "sigmoid (Glorot ×4)", "relu-glorot": "ReLU (Glorot)"}[name]
	for _, s := range DefaultVanishingSetups() {
		if want != "" && s.Name == want {
			return s, true
		}
	}
	return VanishingSetup{}, false
}
