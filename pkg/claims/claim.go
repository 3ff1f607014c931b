package claims

import (
	"fmt"
	"math"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// IDs lists every claim of CLAIMS.md in its order; results.json and REPORT.md follow it.
var IDs = []string{
	"vanishing-gradients",
	"data-scaling",
	"compute-scaling",
	"imagenet-halving",
	"alexnet-nasnet",
	"cost-extrapolation",
	"overparameterised-generalisation",
	"random-labels",
	"expert-vs-flexible",
	"shortcut-learning",
	"data-diversity",
	"catastrophic-forgetting",
	"data-centric",
	"linear-algebra-burden",
	"hardware-growth",
}

// Order returns the position of id in IDs, or len(IDs) if it is not there.
func Order(id string) int {
	for i, x := range IDs {
		if x == id {
			return i
		}
	}
	return len(IDs)
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
	return fmt.Sprintf("%s: %s = %s%s (article: %s). %s", v.Outcome, v.Metric, numfmt.Number(v.Measured), interval, v.Expected, v.Reason)
}

// yesNo writes a criterion's result into a verdict's reason.
func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
