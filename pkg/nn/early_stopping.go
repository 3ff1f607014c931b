package nn

import "math"

// EarlyStopping decides, from a validation score measured now and then during training,
// when the best checkpoint is behind and training should stop. Lower scores are better: pass
// an error or a loss, or minus an accuracy. Call Observe from TrainConfig.OnEval (or OnStep)
// and return its goOn.
//
// Two rules:
//   - Patience (Factor 0): stop after Patience evaluations in a row without a new best, the
//     usual rule (Prechelt, "Early Stopping – But When?", 1998; Goodfellow et al., Deep
//     Learning, 2016, algorithm 7.1).
//   - Factor > 0: stop once training has gone at least MinSteps steps and Factor times as many
//     steps as the best evaluation's, a patience that grows with the run, for runs whose
//     evaluations are spaced geometrically.
//
// The zero value with Patience set is ready to use.
type EarlyStopping struct {
	Patience int
	Factor   float64
	MinSteps int

	// Best is the best score so far and BestStep the step it was measured at; valid once
	// Observe has been called.
	Best     float64
	BestStep int

	since   int // evaluations since the best
	started bool
}

// Observe records the score measured at step. It reports whether the score is a new best (the
// caller keeps the checkpoint then) and whether training should go on.
func (s *EarlyStopping) Observe(step int, score float64) (improved, goOn bool) {
	if !s.started {
		s.Best, s.started = math.Inf(1), true
	}
	if score < s.Best {
		s.Best, s.BestStep, s.since = score, step, 0
		improved = true
	} else {
		s.since++
	}
	if s.Factor > 0 {
		return improved, !(step >= s.MinSteps && float64(step) >= s.Factor*float64(s.BestStep))
	}
	return improved, improved || s.since < s.Patience
}
