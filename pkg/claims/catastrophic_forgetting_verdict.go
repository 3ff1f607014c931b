package claims

import (
	"fmt"
	"math"
	"strings"
)

// Thresholds of the verdict, on the share of task A's above-chance accuracy a method keeps
// after the last task (Retained: 1 = nothing forgotten, 0 = back to chance) and on how well
// it learns each new task relative to a net trained on that task alone (Learned: 1 = as well
// as from scratch). The claim has three statements, each checked on every sequence:
//
//  1. "Training on a new task wipes out the old one": plain fine-tuning keeps less than
//     forgettingLosesMost (0.5) of A, i.e. loses most of what A had above chance.
//  2. "Freezing the early layers only mitigates it": frozen keeps at least forgettingMitigates
//     (0.1) more of A than plain fine-tuning, and does not solve the problem: it keeps less
//     than forgettingKeepsMost of A or learns the new tasks less than forgettingLearns.
//  3. "EWC protects the weights that mattered": EWC, at the λ chosen on validation data,
//     keeps at least forgettingKeepsMost (0.8) of A and learns every new task to at least
//     forgettingLearns (0.9) of a from-scratch net. "Most" is read as the paper's figure 2A
//     shows it (task A stays near its level), not as a bare majority: a method that lets 40%
//     of A go does not protect it.
//
// Statements 2 and 3 can only be tested where there is something to protect: a sequence in
// which plain fine-tuning itself keeps forgettingKeepsMost of A or more leaves them untested.
const (
	forgettingLosesMost = 0.5
	forgettingMitigates = 0.1
	forgettingKeepsMost = 0.8
	forgettingLearns    = 0.9
)

// forgettingScore is what the rule reads of a method on a sequence: the share of A it keeps
// after the last task and how well it learns the later tasks (see ForgettingSummary).
type forgettingScore struct{ Retained, Learned float64 }

// forgettingSetupScores returns every method's scores on a sequence: the seed means when
// seed < 0, else seed's own.
func forgettingSetupScores(s ForgettingSetup, seed int) map[string]forgettingScore {
	out := map[string]forgettingScore{}
	for _, m := range s.Methods {
		if seed < 0 {
			out[m.Method] = forgettingScore{m.Retained, m.Learned}
		} else {
			out[m.Method] = forgettingScore{m.RetainedSeeds[seed], m.LearnedSeeds[seed]}
		}
	}
	return out
}

// forgettingCriteria evaluates the three statements on one sequence's scores.
func forgettingCriteria(sc map[string]forgettingScore) (plainLoses, testable, frozenMitigates, ewcKeeps bool) {
	plain, frozen, ewc := sc[ForgettingPlain], sc[ForgettingFrozen], sc[ForgettingEWC]
	plainLoses = plain.Retained < forgettingLosesMost
	testable = plain.Retained < forgettingKeepsMost
	frozenMitigates = testable && frozen.Retained >= plain.Retained+forgettingMitigates &&
		(frozen.Retained < forgettingKeepsMost || frozen.Learned < forgettingLearns)
	ewcKeeps = testable && ewc.Retained >= forgettingKeepsMost && ewc.Learned >= forgettingLearns
	return
}

// forgettingTally counts, over sequences, where each statement held and was tested.
type forgettingTally struct{ loses, tested, mitigates, keeps, sequences int }

func (t *forgettingTally) add(plainLoses, testable, frozenMitigates, ewcKeeps bool) {
	t.sequences++
	if plainLoses {
		t.loses++
	}
	if testable {
		t.tested++
		if frozenMitigates {
			t.mitigates++
		}
		if ewcKeeps {
			t.keeps++
		}
	}
}

// judge combines the statements: all three held wherever tested, reproduced; none held
// anywhere, not reproduced; otherwise partly reproduced. The same function judges the seed
// means and each seed alone.
func (t forgettingTally) judge() (Outcome, []Outcome) {
	statements := []Outcome{forgettingStatus(t.loses, t.sequences), forgettingStatus(t.mitigates, t.tested), forgettingStatus(t.keeps, t.tested)}
	all, none := true, true
	for _, o := range statements {
		all = all && o == Reproduced
		none = none && o == NotReproduced
	}
	switch {
	case all:
		return Reproduced, statements
	case none:
		return NotReproduced, statements
	}
	return PartlyReproduced, statements
}

// forgettingSeedOutcome applies the rule to seed k's measurements alone (at the λ chosen on
// the seed means).
func forgettingSeedOutcome(setups []ForgettingSetup, k int) Outcome {
	var t forgettingTally
	for _, s := range setups {
		t.add(forgettingCriteria(forgettingSetupScores(s, k)))
	}
	o, _ := t.judge()
	return o
}

// Method returns the summary of a method (plain, frozen, l2, ewc), the zero value if absent.
func (s ForgettingSetup) Method(name string) ForgettingSummary {
	for _, m := range s.Methods {
		if m.Method == name {
			return m
		}
	}
	return ForgettingSummary{Method: name}
}

// forgettingStatus says how a statement fared over the sequences where it could be tested:
// held in all of them, in some, or in none (or untestable everywhere).
func forgettingStatus(held, tested int) Outcome {
	switch {
	case tested > 0 && held == tested:
		return Reproduced
	case held > 0:
		return PartlyReproduced
	}
	return NotReproduced
}

// forgettingVerdict judges every sequence by the three statements (on the seed means, and on
// each seed alone for the stability line). The headline number is the share of task A that
// plain fine-tuning keeps on permuted MNIST (the paper's benchmark and CLAIMS.md's first
// measurement); the reason gives every method on every sequence, and the learning rates at
// which plain fine-tuning does not forget.
func forgettingVerdict(r CatastrophicForgettingResult) Verdict {
	v := Verdict{
		Metric:   "share of task A's above-chance test accuracy kept by plain fine-tuning after the last permuted-MNIST task (mean and 95% t-interval over seeds)",
		Expected: fmt.Sprintf("plain fine-tuning keeps < %.0f%% of A; frozen lower layers keep ≥ %.0f points more but not all (or learn the new task worse); EWC keeps ≥ %.0f%% of A and learns each new task to ≥ %.0f%% of a from-scratch net", 100*forgettingLosesMost, 100*forgettingMitigates, 100*forgettingKeepsMost, 100*forgettingLearns),
		Values:   map[string]float64{},
	}
	if len(r.Setups) == 0 {
		v.Outcome, v.Reason = NotReproduced, "no sequence was run"
		return v
	}
	var tally forgettingTally
	var parts []string
	for _, s := range r.Setups {
		forgettingVerdictValues(v.Values, s)
		tally.add(s.PlainLosesMost, s.Testable, s.FrozenMitigates, s.EWCKeepsAndLearns)
		parts = append(parts, forgettingSetupReason(r.Config, s))
	}
	for _, s := range r.LRSweep {
		forgettingVerdictValues(v.Values, s)
		plain := s.Method(ForgettingPlain)
		part := fmt.Sprintf("At learning rate %g (same steps; A %.1f%% after training it) plain fine-tuning keeps %.0f%% of A after %d tasks", s.LR, 100*s.Scratch[0], 100*plain.Retained, len(s.Tasks))
		switch {
		case !(s.Scratch[0] >= s.Chance+forgettingAMinAboveChance):
			part = fmt.Sprintf("At learning rate %g task A itself reaches only %.1f%% in the same steps: nothing to forget at this budget.", s.LR, 100*s.Scratch[0])
		case s.PlainLosesMost:
			part += ": catastrophic forgetting."
		default:
			part += ": no catastrophic forgetting at this budget."
		}
		parts = append(parts, part)
	}
	v.Values["sequences"] = float64(tally.sequences)
	v.Values["plain_loses_most_in"] = float64(tally.loses)
	v.Values["sequences_with_forgetting_to_protect"] = float64(tally.tested)
	v.Values["frozen_only_mitigates_in"] = float64(tally.mitigates)
	v.Values["ewc_keeps_and_learns_in"] = float64(tally.keeps)
	var statements []Outcome
	v.Outcome, statements = tally.judge()
	seeds := len(r.Setups[0].Method(ForgettingPlain).RetainedSeeds)
	if seeds > 1 {
		v.SeedOutcomes = PerSeedOutcomes(seeds, func(k int) Outcome { return forgettingSeedOutcome(r.Setups, k) })
	}
	plain := r.Setups[0].Method(ForgettingPlain)
	v.Measured, v.Low, v.High = plain.Retained, plain.RetainedLow, plain.RetainedHigh
	v.Reason = fmt.Sprintf("(1) Plain fine-tuning loses most of A in %d of %d sequences: %s. Where it lost enough for there to be something to protect (%d of %d sequences): (2) freezing only mitigates in %d: %s; (3) EWC keeps most of A while still learning in %d: %s. %s",
		tally.loses, tally.sequences, statements[0], tally.tested, tally.sequences, tally.mitigates, statements[1], tally.keeps, statements[2], strings.Join(parts, " "))
	return v
}

// forgettingAMinAboveChance is how far above chance task A must be learnt for a share of it
// kept to mean anything (a learning rate too small for the steps leaves A near chance): 10
// points, several times the seed-to-seed spread of A's accuracy.
const forgettingAMinAboveChance = 0.1

// forgettingVerdictValues records a sequence's numbers under its key (the finite ones: a share
// of a task never learnt is undefined).
func forgettingVerdictValues(all map[string]float64, s ForgettingSetup) {
	values := forgettingFinite(all)
	for _, m := range s.Methods {
		values.set(s.Key+"_"+m.Method+"_retained", m.Retained)
		values.set(s.Key+"_"+m.Method+"_learned", m.Learned)
		values.set(s.Key+"_"+m.Method+"_a_after_last", m.Test[len(m.Test)-1][0])
		values.set(s.Key+"_"+m.Method+"_b_after_b", m.Test[1][1])
		if m.Lambda > 0 {
			values.set(s.Key+"_"+m.Method+"_lambda", m.Lambda)
		}
	}
	for _, sel := range s.Selections {
		values.set(s.Key+"_"+sel.Method+"_lambda_grid_grown", float64(sel.Grown))
		values.set(s.Key+"_"+sel.Method+"_lambda_at_edge", map[bool]float64{false: 0, true: 1}[sel.AtEdge])
	}
	values.set(s.Key+"_a_after_a", s.Scratch[0])
	for t := 1; t < len(s.Scratch); t++ {
		values.set(fmt.Sprintf("%s_scratch_task%d", s.Key, t+1), s.Scratch[t])
	}
}

// forgettingFinite is a map that keeps only finite values.
type forgettingFinite map[string]float64

func (m forgettingFinite) set(k string, v float64) {
	if !math.IsNaN(v) && !math.IsInf(v, 0) {
		m[k] = v
	}
}

// forgettingSetupReason says what every method did on one sequence.
func forgettingSetupReason(cfg CatastrophicForgettingConfig, s ForgettingSetup) string {
	plain, frozen, ewc, l2 := s.Method(ForgettingPlain), s.Method(ForgettingFrozen), s.Method(ForgettingEWC), s.Method(ForgettingL2)
	part := fmt.Sprintf("%s (%d tasks; A %.1f%% after training it): plain fine-tuning keeps %.0f%% of A (%.0f–%.0f%%) [loses most: %s]",
		s.Name, len(s.Tasks), 100*s.Scratch[0], 100*plain.Retained, 100*plain.RetainedLow, 100*plain.RetainedHigh, yesNo(s.PlainLosesMost))
	if !s.Testable {
		return part + fmt.Sprintf(": no catastrophic forgetting at this budget, so there is little to protect (freezing and EWC untested here; they keep %.0f%% and %.0f%%).", 100*frozen.Retained, 100*ewc.Retained)
	}
	return part + fmt.Sprintf("; freezing %d layer(s) (same steps) keeps %.0f%% and learns the new tasks to %.0f%% of from-scratch [only mitigates: %s]; EWC (λ = %g, %s) keeps %.0f%% (%.0f–%.0f%%) and learns them to %.0f%% [keeps most and learns: %s]; L2 (λ = %g) keeps %.0f%% and learns %.0f%%.",
		cfg.FrozenLayers, 100*frozen.Retained, 100*frozen.Learned, yesNo(s.FrozenMitigates),
		ewc.Lambda, forgettingSelectionText(s.Selection(ForgettingEWC)), 100*ewc.Retained, 100*ewc.RetainedLow, 100*ewc.RetainedHigh, 100*ewc.Learned, yesNo(s.EWCKeepsAndLearns),
		l2.Lambda, 100*l2.Retained, 100*l2.Learned)
}

// Selection returns how a penalty method's λ was chosen on the sequence.
func (s ForgettingSetup) Selection(method string) ForgettingSelection {
	for _, sel := range s.Selections {
		if sel.Method == method {
			return sel
		}
	}
	return ForgettingSelection{Method: method}
}

// forgettingSelectionText says how λ was chosen, for reasons and notes.
func forgettingSelectionText(sel ForgettingSelection) string {
	t := "chosen on the current tasks' validation rows"
	if sel.Grown > 0 {
		t += fmt.Sprintf(", grid grown by %d", sel.Grown)
	}
	if sel.AtEdge {
		return t + ", still at the grid's edge"
	}
	return t + ", inside the grid"
}

// CatastrophicForgettingRule states the catastrophic-forgetting rule from its constants.
func CatastrophicForgettingRule() string {
	return fmt.Sprintf("Three statements, each checked on every sequence (seed means): plain fine-tuning keeps less than %.0f%% of task A's above-chance accuracy; freezing the lower layers (same steps) keeps at least %.0f points more but does not solve it (less than %.0f%% of A, or the new tasks learnt to less than %.0f%% of a from-scratch net); EWC keeps at least %.0f%% of A and learns every new task to at least %.0f%%. Statements 2 and 3 are tested only where plain fine-tuning keeps less than %.0f%%. Each statement is reproduced when it holds in every sequence tested, partly when in some; the verdict is reproduced when all three are, not reproduced when none is, partly otherwise; the same rule is applied to each seed alone. EWC's and L2's λ is the largest at which every new task still reaches %.0f%% of plain fine-tuning's above-chance accuracy on its own validation rows (no old task's data), on a grid grown by ×%d at an end until that λ is inside it.",
		100*forgettingLosesMost, 100*forgettingMitigates, 100*forgettingKeepsMost, 100*forgettingLearns, 100*forgettingKeepsMost, 100*forgettingLearns, 100*forgettingKeepsMost, 100*forgettingSelectKeepsNew, forgettingGridFactor)
}
