package claims

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// Claim is what every claim value (ComputeScaling, HardwareGrowth, ...) provides: its
// metadata, its configuration (the defaults that reproduce the figure, or a quick preset), and
// its experiment. The ledger's table and the notebooks take claims as this interface, so the
// Result type of a claim is known at compile time wherever it is used.
//
// Every Config has a Seed field (uint64) and every Result a Verdict field; the ledger's table
// checks both when the program starts.
type Claim[C, R any] interface {
	Info() Info
	Config(s Scale) C
	Run(ctx context.Context, cfg C) (R, error)
}

// Sources, by the short names CLAIMS.md uses.
const (
	Spectrum2021   = "Spectrum 2021"
	Torrent2020    = "Torrent 2020"
	Robicheaux2021 = "Robicheaux 2021"
)

// Info describes a claim.
type Info struct {
	ID     string
	Title  string
	Source string // Spectrum2021, Torrent2020 or Robicheaux2021
	Claim  string // the claim in a sentence, as the article makes it
	// Measure says what the lab measures, and Reproduced when that counts as reproducing the
	// claim, in a sentence each for docs/CLAIMS.md (the rule itself is the claim's verdict
	// function, in <id>_verdict.go).
	Measure, Reproduced string
	// Notebook is the file under notebooks/ that explores the claim (one notebook may hold a
	// pair of claims).
	Notebook string
	// Figure names the figure that stands for the claim in the README's gallery; "" means
	// the figure named ID.
	Figure string
	// Tiers says, for docs/CLAIMS.md, what each Scale runs and how long it takes on the
	// 2-core reference machine.
	Tiers Tiers
	// Precision is the floating-point type the claim's networks train in, "float64" or
	// "float32" (nn.Precision's names; its Config sets the same in its training settings),
	// and "" for a claim that trains no network. Evaluation is float64 in either.
	Precision string
}

// Tiers describes a claim's three presets in a phrase each, with the time they take, e.g.
// "5 seeds × 6 sizes up to n = 16,000, 20 passes; ~3 min".
type Tiers struct {
	Quick, Full, Paper string
}

// GalleryFigure is the name of the figure that stands for the claim.
func (i Info) GalleryFigure() string {
	if i.Figure != "" {
		return i.Figure
	}
	return i.ID
}

// Outcome is the verdict's one-word answer.
type Outcome string

const (
	Reproduced       Outcome = "reproduced"
	PartlyReproduced Outcome = "partly reproduced"
	NotReproduced    Outcome = "not reproduced"
)

// Verdict is what a claim's experiment concluded, computed from its measurements.
type Verdict struct {
	Metric    string  // what Measured is, with its unit
	Measured  float64 // the headline number
	Low, High float64 // its interval (equal to Measured when there is none)
	Expected  string  // what the article says, in the same terms
	Outcome   Outcome
	Reason    string             // why, in a sentence or two, quoting the numbers
	Values    map[string]float64 // the named numbers the outcome was computed from
	// SeedOutcomes is, for a claim that trains over several seeds, the outcome the same rule
	// gives on each seed's measurements alone, in seed order (see PerSeedOutcomes); nil for
	// a claim that trains nothing. results.json records it and REPORT.md and String say how
	// many seeds agree with the pooled outcome.
	SeedOutcomes []Outcome
}

// Check reports a verdict that cannot be published: a missing outcome or reason, or a
// non-finite number (the mark of a run that diverged).
func (v Verdict) Check() error {
	switch v.Outcome {
	case Reproduced, PartlyReproduced, NotReproduced:
	default:
		return fmt.Errorf("verdict outcome %q is not one of %q, %q, %q", v.Outcome, Reproduced, PartlyReproduced, NotReproduced)
	}
	if v.Metric == "" || v.Reason == "" || v.Expected == "" {
		return fmt.Errorf("verdict lacks its metric, expected value or reason")
	}
	for name, x := range map[string]float64{"measured": v.Measured, "low": v.Low, "high": v.High} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("verdict %s is %v", name, x)
		}
	}
	for i, o := range v.SeedOutcomes {
		switch o {
		case Reproduced, PartlyReproduced, NotReproduced:
		default:
			return fmt.Errorf("seed %d's outcome %q is not one of %q, %q, %q", i+1, o, Reproduced, PartlyReproduced, NotReproduced)
		}
	}
	keys := make([]string, 0, len(v.Values))
	for k := range v.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if x := v.Values[k]; math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("verdict value %s is %v", k, x)
		}
	}
	return nil
}

// String is the one-line form notebooks print.
func (v Verdict) String() string {
	interval := ""
	if v.Low != v.High {
		interval = " [" + numfmt.Range(v.Low, v.High) + "]"
	}
	s := fmt.Sprintf("%s: %s = %s%s (article: %s). %s", v.Outcome, v.Metric, numfmt.Number(v.Measured), interval, v.Expected, v.Reason)
	if len(v.SeedOutcomes) > 0 {
		s += " Stability: " + SeedStability(v.Outcome, v.SeedOutcomes) + ", each seed judged alone by the same rule."
	}
	return s
}

// passedOf is the outcome of a rule made of n criteria, met of which hold: reproduced when
// all hold, partly reproduced when at least partly of them hold (partly ≥ 1), otherwise not
// reproduced. A rule with no criteria to check (n = 0) is not reproduced.
func passedOf(met, n, partly int) Outcome {
	switch {
	case n > 0 && met >= n:
		return Reproduced
	case met >= max(partly, 1):
		return PartlyReproduced
	default:
		return NotReproduced
	}
}

// countTrue is the number of criteria that hold.
func countTrue(criteria ...bool) int {
	n := 0
	for _, ok := range criteria {
		if ok {
			n++
		}
	}
	return n
}

// yesNo writes a criterion's result into a verdict's reason.
func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
