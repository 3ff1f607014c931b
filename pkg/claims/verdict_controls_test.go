package claims

import (
	"context"
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// A verdict is worth citing only if it could have come out otherwise. For every claim,
// TestVerdictCanFail runs the claim's own experiment and verdict rule on a world where the
// claim is false and asserts that the verdict is not "reproduced"; TestVerdictCanPass runs
// it on a world where the claim holds and asserts that it is. The worlds are built through
// the claims' Configs (a data table, a mechanism switch), never by copying a rule.

// verdictControl is one claim's pair of worlds: what each is, and a run of the claim in it.
type verdictControl struct {
	falseWorld, trueWorld string
	fail, pass            func(ctx context.Context) (Verdict, error)
	// passPartly marks a claim whose true world, at sizes a test can afford, reaches only
	// "partly reproduced" (so does its full run); it says why. The positive control then
	// asserts at least that. Every negative control asserts "not reproduced".
	passPartly string
}

func verdictControls() map[string]verdictControl {
	return map[string]verdictControl{
		"vanishing-gradients": {
			falseWorld: "the sigmoid's place taken by the identity (derivative 1 everywhere) with Glorot init: gradients neither vanish nor stop a deep net learning",
			trueWorld:  "sigmoid (Glorot) against ReLU (He), quick sizes, trained long enough to tell them apart",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := vanishingControlConfig()
				cfg.Setups = []VanishingSetup{{Name: "identity (Glorot)", Act: nn.Identity, Init: nn.InitGlorotUniform, Role: VanishingSubject}, cfg.Setups[1]}
				r, err := VanishingGradients.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := VanishingGradients.Run(ctx, vanishingControlConfig())
				return r.Verdict, err
			},
		},
		"data-scaling": {
			falseWorld: "MNIST with every training label replaced by a random class: the test error cannot fall with n",
			trueWorld:  "MNIST as it is, quick sizes",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := DataScaling.Config(Quick)
				cfg.Training.LabelNoise = 1
				r, err := DataScaling.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := DataScaling.Run(ctx, DataScaling.Config(Quick))
				return r.Verdict, err
			},
		},
		"compute-scaling": {
			falseWorld: "MNIST with every training label random: the error does not fall with compute, so no exponent can be priced (the old rule called its unbounded exponent reproduced)",
			trueWorld:  "MNIST with 85% of training labels random: the error falls slowly with compute",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := computeControlConfig()
				cfg.Training.LabelNoise = 1
				r, err := ComputeScaling.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				cfg := computeControlConfig()
				cfg.Training.LabelNoise = 0.85
				r, err := ComputeScaling.Run(ctx, cfg)
				return r.Verdict, err
			},
		},
		"imagenet-halving": {
			falseWorld: "a synthetic ImageNet table on which compute ∝ (1/error)^4 (theory's rate, not the ninth power)",
			trueWorld:  "a synthetic table on which compute ∝ (1/error)^12",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := ImageNetHalving.Config(Quick)
				cfg.Models = imagenetControlTable(4, 40, 1e18)
				cfg.AuthorsModels = cfg.Models
				r, err := ImageNetHalving.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				cfg := ImageNetHalving.Config(Quick)
				cfg.Models = imagenetControlTable(12, 40, 1e18)
				cfg.AuthorsModels = cfg.Models
				r, err := ImageNetHalving.Run(ctx, cfg)
				return r.Verdict, err
			},
		},
		"alexnet-nasnet": {
			falseWorld: "NASNet-A at 30% error on 20 chips 20× faster than AlexNet's: error not halved, compute ×97, most of it from faster chips",
			trueWorld:  "a pair built to the article's numbers under both readings: error halved, ×1,500 compute (search and final training), chips ×6",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := AlexNetNASNet.Config(Quick)
				cfg.Models = alexnetControlTable(30, 20, 20, 31.7)
				r, err := AlexNetNASNet.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				cfg := AlexNetNASNet.Config(Quick)
				cfg.Models = alexnetControlTable(17, 500, 6, 1500)
				r, err := AlexNetNASNet.Run(ctx, cfg)
				return r.Verdict, err
			},
		},
		"cost-extrapolation": {
			falseWorld: "a synthetic table with k = 4: 5% error is reached near 4·10^21 FLOP, not 10^28",
			trueWorld:  "a synthetic table with k = 10 that reaches 5% error at 10^28 FLOP",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := CostExtrapolation.Config(Quick)
				cfg.Models = imagenetControlTable(4, 40, 1e18)
				cfg.AuthorsModels = cfg.Models
				r, err := CostExtrapolation.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				cfg := CostExtrapolation.Config(Quick)
				cfg.Models = imagenetControlTable(10, 5, 1e28)
				cfg.AuthorsModels = cfg.Models
				r, err := CostExtrapolation.Run(ctx, cfg)
				return r.Verdict, err
			},
		},
		"overparameterised-generalisation": {
			falseWorld: "half the training labels random and the models stopped at 3 parameters per sample: the widest model interpolates noise without being far overparameterised",
			trueWorld:  "the quick setting (20% noisy labels, widths up to 512)",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := OverparameterisedGeneralisation.Config(Quick)
				cfg.LabelNoise = 0.5
				cfg.FeatureRatios = []float64{0.1, 0.3, 0.6, 0.9, 1, 1.1, 1.5, 3}
				cfg.Widths = []int{1, 2, 4, 8, 16}
				r, err := OverparameterisedGeneralisation.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := OverparameterisedGeneralisation.Run(ctx, OverparameterisedGeneralisation.Config(Quick))
				return r.Verdict, err
			},
			passPartly: "the widest models generalise, but at quick sizes (cross-entropy, 400 epochs of 100 images) the MLP's test error shows no clear peak at its interpolation threshold; the full run (squared loss, 600 epochs of 500 images) shows one and is reproduced",
		},
		"random-labels": {
			falseWorld: "a net of width 2: too small to memorise 150 random labels within its epochs",
			trueWorld:  "the quick setting (n = 150, width 128, corruption 0, 50, 100% and random pixels)",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := RandomLabels.Config(Quick)
				cfg.Width = 2
				r, err := RandomLabels.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := RandomLabels.Run(ctx, RandomLabels.Config(Quick))
				return r.Verdict, err
			},
			passPartly: "at n = 150 the net fits random labels and random pixels and its test error rises to chance, but half-corrupted labels take as long to fit as fully random ones, so the time-to-fit part fails; the full run (n = 1,000, six corruption levels) is reproduced",
		},
		"expert-vs-flexible": {
			falseWorld: "experts given the true functional form (products and steps as features), one of them missing 1 of 100 variables: nothing is left for flexibility to win",
			trueWorld:  "the quick setting (linear experts on a task with pairs and thresholds; one misses 30 variables)",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := ExpertVsFlexible.Config(Quick)
				cfg.ExpertsKnowForm, cfg.Missing = true, []int{1}
				cfg.MapPairWeights, cfg.MapNoises = nil, nil // the map is reported, not judged
				r, err := ExpertVsFlexible.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				cfg := ExpertVsFlexible.Config(Quick)
				cfg.MapPairWeights, cfg.MapNoises = nil, nil
				r, err := ExpertVsFlexible.Run(ctx, cfg)
				return r.Verdict, err
			},
		},
		"shortcut-learning": {
			falseWorld: "training sets whose background matches the class in 50% of the images: the background carries nothing, so the net must follow the animal",
			trueWorld:  "the quick setting: backgrounds 90%, 95% and 99% matched, with the animal-only and background-only controls",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := shortcutControlConfig()
				cfg.Matches = []float64{0.5}
				r, err := ShortcutLearning.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := ShortcutLearning.Run(ctx, shortcutControlConfig())
				return r.Verdict, err
			},
		},
		"data-diversity": {
			falseWorld: "a base set whose backgrounds already say nothing about the class (match 50%): adding images with random backgrounds is adding more of the same",
			trueWorld:  "the quick setting: a base set 95% matched, so the shortcut is strong but not total",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := diversityControlConfig()
				cfg.EqualBaseMatch = 0.5
				r, err := DataDiversity.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := DataDiversity.Run(ctx, diversityControlConfig())
				return r.Verdict, err
			},
		},
		"catastrophic-forgetting": {
			falseWorld: "a sequence of identical tasks (MNIST, then MNIST again), without split MNIST and the digits → garments sequences: nothing to forget",
			trueWorld:  "the quick setting: permuted MNIST and digits → garments (shared head, a head per task)",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := forgettingControlConfig()
				cfg.Identical, cfg.Split, cfg.Domains, cfg.DomainHeads = true, false, false, false
				r, err := CatastrophicForgetting.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := CatastrophicForgetting.Run(ctx, forgettingControlConfig())
				return r.Verdict, err
			},
			passPartly: "at quick sizes plain fine-tuning forgets digits → garments but hardly permuted MNIST (the full run is partly reproduced too)",
		},
		"data-centric": {
			falseWorld: "clean labels (noise rate 0): there is nothing for cleaning to fix",
			trueWorld:  "the quick setting at 40% noise, one seed (1,000 and 2,000 images): the data fix leads, by less at 2,000",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := dataCentricControlConfig()
				cfg.NoiseRates = []float64{0}
				r, err := DataCentric.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := DataCentric.Run(ctx, dataCentricControlConfig())
				return r.Verdict, err
			},
		},
		"linear-algebra-burden": {
			falseWorld: "workloads dominated by elementwise work: a 4,096- or 16,384-way softmax over one input (1-4096 batch 256, 1-16384 batch 64), where exp and the bias outweigh the outer products",
			trueWorld:  "the reference workloads",
			fail: func(ctx context.Context) (Verdict, error) {
				cfg := LinearAlgebraBurden.Config(Quick)
				cfg.Workloads = []LinearAlgebraWorkload{
					{Workload: nn.Workload{Name: "softmax-4096", Sizes: []int{1, 4096}, Batch: 256, Loss: nn.SoftmaxCrossEntropy}},
					{Workload: nn.Workload{Name: "softmax-16384", Sizes: []int{1, 16384}, Batch: 64, Loss: nn.SoftmaxCrossEntropy}},
				}
				r, err := LinearAlgebraBurden.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				r, err := LinearAlgebraBurden.Run(ctx, LinearAlgebraBurden.Config(Quick))
				return r.Verdict, err
			},
		},
		"hardware-growth": {
			falseWorld: "the fastest-computer series with every machine's rise over the first one shrunk 10× in orders of magnitude (growth 10× slower)",
			trueWorld:  "a synthetic series on the fastest-computer years that grows exactly 10^7 from 1958 to 2009 (±10% wobble)",
			fail: func(ctx context.Context) (Verdict, error) {
				ms, err := datasets.LoadMachineSeries(datasets.MachinesFastest)
				if err != nil {
					return Verdict{}, err
				}
				base := math.Log10(ms[0].PeakFLOPS)
				for i := range ms {
					ms[i].PeakFLOPS = math.Pow(10, base+(math.Log10(ms[i].PeakFLOPS)-base)/10)
				}
				cfg := HardwareGrowth.Config(Quick)
				cfg.Machines = ms
				r, err := HardwareGrowth.Run(ctx, cfg)
				return r.Verdict, err
			},
			pass: func(ctx context.Context) (Verdict, error) {
				ms, err := datasets.LoadMachineSeries(datasets.MachinesFastest)
				if err != nil {
					return Verdict{}, err
				}
				for i := range ms {
					ms[i].PeakFLOPS = 1e4 * math.Pow(10, 7*float64(ms[i].Year-1958)/51) * (1 + 0.1*math.Sin(float64(i)))
				}
				cfg := HardwareGrowth.Config(Quick)
				cfg.Machines = ms
				r, err := HardwareGrowth.Run(ctx, cfg)
				return r.Verdict, err
			},
		},
	}
}

// controlIDs lists every claim's id, in the order of the claims table (pkg/ledger's table
// holds the same order; its tests check that every claim there has a Rule, and
// TestVerdictControlsCoverEveryClaim that every Rule has controls).
func controlIDs() []string {
	var ids []string
	for _, info := range []Info{
		VanishingGradients.Info(), DataScaling.Info(), ComputeScaling.Info(), ImageNetHalving.Info(),
		AlexNetNASNet.Info(), CostExtrapolation.Info(), OverparameterisedGeneralisation.Info(),
		RandomLabels.Info(), ExpertVsFlexible.Info(), ShortcutLearning.Info(), DataDiversity.Info(),
		CatastrophicForgetting.Info(), DataCentric.Info(), LinearAlgebraBurden.Info(), HardwareGrowth.Info(),
	} {
		ids = append(ids, info.ID)
	}
	return ids
}

func TestVerdictCanFail(t *testing.T) {
	controls := verdictControls()
	for _, id := range controlIDs() {
		t.Run(id, func(t *testing.T) {
			c, ok := controls[id]
			if !ok {
				t.Fatalf("claim %s has no negative control", id)
			}
			v, err := c.fail(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Check(); err != nil {
				t.Error(err)
			}
			if v.Outcome != NotReproduced {
				t.Errorf("false world (%s): verdict %q, want not reproduced: %s", c.falseWorld, v.Outcome, v.Reason)
			}
			t.Logf("false world: %s → %s", c.falseWorld, v.Outcome)
		})
	}
}

func TestVerdictCanPass(t *testing.T) {
	controls := verdictControls()
	for _, id := range controlIDs() {
		t.Run(id, func(t *testing.T) {
			c, ok := controls[id]
			if !ok {
				t.Fatalf("claim %s has no positive control", id)
			}
			v, err := c.pass(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Check(); err != nil {
				t.Error(err)
			}
			want := Reproduced
			if c.passPartly != "" {
				want = PartlyReproduced
				t.Logf("asserting only %q: %s", want, c.passPartly)
			}
			if v.Outcome != want && v.Outcome != Reproduced {
				t.Errorf("true world (%s): verdict %q, want %s: %s", c.trueWorld, v.Outcome, want, v.Reason)
			}
			t.Logf("true world: %s → %s", c.trueWorld, v.Outcome)
		})
	}
}

func TestVerdictControlsCoverEveryClaim(t *testing.T) {
	controls := verdictControls()
	for _, id := range controlIDs() {
		if _, ok := controls[id]; !ok {
			t.Errorf("claim %s has no controls", id)
		}
	}
	if len(controls) != len(controlIDs()) || len(rules) != len(controlIDs()) {
		t.Errorf("%d controls and %d rules for %d claims", len(controls), len(rules), len(controlIDs()))
	}
	for id := range rules {
		if _, ok := controls[id]; !ok {
			t.Errorf("claim %s has a rule but no controls", id)
		}
	}
}
