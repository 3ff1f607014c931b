package claims

// The measurements of catastrophic-forgetting: its curves, runs, summaries, setups and result.

// ForgettingCurve is the accuracy on one task, measured during the sequence: Epochs counts
// passes over the training data from the start of the first task.
type ForgettingCurve struct {
	Task            int
	Epochs          []float64
	Accuracy        []float64
	AccLow, AccHigh []float64 // 95% t-interval over seeds, in summaries (nil in single runs)
}

// ForgettingRun is one seeded run of a method through a sequence.
type ForgettingRun struct {
	Setup  string
	Method string
	Lambda float64 // 0 for methods without a penalty
	Seed   int     // the seed's index
	// Task is the task a from-scratch run trained (0 for sequential runs).
	Task int
	// Test[k][s] and Val[k][s] are the accuracies on task s after training task k (s ≤ k);
	// a from-scratch run has a single value.
	Test, Val [][]float64
	Curves    []ForgettingCurve
	// Steps counts the SGD steps taken after task A (the budget every method shares).
	Steps int
	// TrainFLOPs is the training work (task A included); FisherFLOPs the Fisher estimates.
	TrainFLOPs, FisherFLOPs, EvalFLOPs int64
}

// ForgettingSummary is a method over seeds, at its chosen λ.
type ForgettingSummary struct {
	Method string
	Lambda float64
	// Test[k][s]: mean test accuracy on task s after task k; Low and High its 95% t-interval
	// over seeds.
	Test, Low, High [][]float64
	// RetainedSeeds[i] is seed i's share of task A's above-chance accuracy kept after the
	// last task: (acc_A after last − chance)/(acc_A after A − chance); Retained its mean and
	// RetainedLow–RetainedHigh its 95% t-interval. RetainedAfterB is the mean after the
	// second task.
	RetainedSeeds                       []float64
	Retained, RetainedLow, RetainedHigh float64
	RetainedAfterB                      float64
	// LearnedSeeds[i] is the worst, over the tasks after A, of the task's above-chance
	// accuracy right after training it relative to a net trained on it from scratch with the
	// same budget (seed i's nets); Learned its mean.
	LearnedSeeds []float64
	Learned      float64
	// KeptAfter[k] is the share of A kept after task k (1 after A itself) and AverageAfter[k]
	// the mean test accuracy over tasks 0..k after task k (the continual-learning average of
	// Kirkpatrick et al.'s fig. 2B), each over seeds with its 95% t-interval.
	KeptAfter, AverageAfter []SeedInterval
	Curves                  []ForgettingCurve
}

// ForgettingSweepPoint is one penalty strength of L2 or EWC (seed means).
type ForgettingSweepPoint struct {
	Method   string
	Lambda   float64
	AAfterB  float64 // test accuracy on A after training B
	BAfterB  float64 // test accuracy on B right after training it
	Retained float64 // as in ForgettingSummary
	Learned  float64
	// NewTask is what chooses λ: the worst, over the tasks after A, of the task's
	// above-chance validation accuracy right after training it, relative to plain
	// fine-tuning's (current-task data only; see forgettingSelectLambda).
	NewTask  float64
	Added    bool // added by growing the grid at an end
	Selected bool
}

// ForgettingSelection says how a penalty method's λ was chosen on one sequence.
type ForgettingSelection struct {
	Method string
	Lambda float64
	// Grown counts the λ values added at the grid's ends; AtEdge is true when the chosen λ
	// is still the grid's smallest or largest after growing it as far as allowed.
	Grown  int
	AtEdge bool
}

// ForgettingSetup is one sequence of tasks and what every method did on it.
type ForgettingSetup struct {
	Key, Name string
	LR        float64
	Tasks     []string
	Heads     []int
	Chance    float64
	Runs      []ForgettingRun
	Methods   []ForgettingSummary // in the order of ForgettingMethods (plain alone in LR sweeps)
	// Scratch[t] is the mean test accuracy of a net trained on task t alone (t = 0: task A
	// after training it, the same for every method). Permuted-MNIST tasks are the same
	// digits through a fixed pixel order, which a fully connected net cannot tell apart
	// (its initialisation is exchangeable over inputs), so their from-scratch reference is
	// task A's own net.
	Scratch    []float64
	Sweep      []ForgettingSweepPoint
	Selections []ForgettingSelection
	// FisherWeights[l] and FisherBiases[l] are the mean Fisher information of layer l+1's
	// weights and biases after task A (mean over seeds): which layers EWC protects most;
	// FisherZero[l] the share of the layer's parameters whose Fisher is exactly zero.
	FisherWeights, FisherBiases, FisherZero []float64
	// The claim's statements on this sequence (see forgettingCriteria), on the seed means:
	// Testable says plain fine-tuning lost enough of A for freezing and EWC to have something
	// to protect.
	PlainLosesMost, Testable, FrozenMitigates, EWCKeepsAndLearns bool
}

// CatastrophicForgettingResult holds every run, the summaries and the verdict.
type CatastrophicForgettingResult struct {
	Config CatastrophicForgettingConfig
	Setups []ForgettingSetup
	// LRSweep is plain fine-tuning on the permuted sequence at each of Config.LRSweep.
	LRSweep []ForgettingSetup
	// Work done, from the training loop's own counters.
	TrainFLOPs, FisherFLOPs, EvalFLOPs int64
	Verdict                            Verdict
}
