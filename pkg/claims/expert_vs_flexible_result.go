package claims

// The measurements of expert-vs-flexible: its runs, curves, crossings and result.

// ExpertVsFlexibleRun is one model trained at one size with one seed.
type ExpertVsFlexibleRun struct {
	Model     string // ExpertComplete, ExpertMissingName(k) or ExpertFlexibleModel
	Missing   int    // k for a missing-variable expert; 0 otherwise
	N, Seed   int
	Params    int
	TestError float64 // at the checkpoint kept
	ValError  float64
	// FLOPs are the training FLOPs up to the checkpoint kept; TotalFLOPs those of the whole
	// run (with the evaluations that followed it, until early stopping).
	FLOPs, TotalFLOPs int64
	Steps             int // at the checkpoint
}

// ExpertVsFlexibleCurve is one model's learning curve: the mean over seeds at each size, with
// its 95% t-interval over seeds as the band.
type ExpertVsFlexibleCurve struct {
	Model                    string
	Missing                  int
	N                        []float64
	Error, ErrLow, ErrHigh   []float64
	FLOPs, FLOPsLow, FLOPsHi []float64 // geometric mean over seeds; smallest and largest seed
	// The compute frontier: the least mean error reached with at most FrontierFLOPs[i]
	// (the points of the curve that beat every cheaper one, in increasing FLOPs).
	FrontierFLOPs, FrontierError []float64
}

// ExpertVsFlexibleCrossing says where the flexible model overtakes one expert.
type ExpertVsFlexibleCrossing struct {
	Expert  string
	Missing int
	// Crosses: the flexible model's mean error falls below the expert's within the grid.
	// N is the training-set size where it does (log-interpolated on both axes); NLow and NHigh
	// the 95% t-interval of the per-seed crossings (a seed that does not cross counts at the
	// largest size), SeedsCrossing how many seeds cross. FLOPs is the least training compute
	// at which the flexible model reaches the expert's final error (the expert has stopped
	// improving, so more compute does not help it), with the same per-seed interval.
	Crosses                    bool
	SeedsCrossing              int
	N, NLow, NHigh             float64
	FLOPs, FLOPsLow, FLOPsHigh float64
	// The expert's plateau: PlateauRatio is its error at the largest size over its error at an
	// eighth of it; it reaches within 10% of its final error at PlateauN rows and PlateauFLOPs.
	PlateauRatio           float64
	PlateauN, PlateauFLOPs float64
	// DataMultiple = N/PlateauN and ComputeMultiple = FLOPs/PlateauFLOPs: how much more data
	// and compute the flexible model needs to overtake the expert than the expert needed to
	// reach its best.
	DataMultiple, ComputeMultiple float64
	// Errors at the smallest and the largest size, expert and flexible, and the FLOPs each
	// spent at the smallest size.
	ExpertFirst, FlexibleFirst, ExpertLast, FlexibleLast float64
	ExpertFirstFLOPs, FlexibleFirstFLOPs                 float64
}

// ExpertVsFlexibleResult holds the measurements and the verdict.
type ExpertVsFlexibleResult struct {
	Config ExpertVsFlexibleConfig
	// InformativeVars are the informative columns; the missing experts' left-out ones are
	// in Dropped (same order as Config.Missing).
	InformativeVars []int
	Dropped         [][]int
	Runs            []ExpertVsFlexibleRun
	// Curves: the complete expert, each missing-variable expert, then the flexible model.
	Curves    []ExpertVsFlexibleCurve
	Crossings []ExpertVsFlexibleCrossing // one per expert curve, in the order of Curves
	// Control is the expert given the true functional form on every informative variable.
	Control ExpertVsFlexibleCurve
	// Map is the crossing map, one cell per pair weight × noise (pair weights vary fastest).
	Map     []ExpertVsFlexibleCell
	Verdict Verdict
}
