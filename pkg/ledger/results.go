package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
	"github.com/dlreturns/dlreturns/pkg/nn"
)

// ResultsFile and ReportFile are written into the output folder.
const (
	ResultsFile = "results.json"
	ReportFile  = "REPORT.md"
)

// Results is the content of results.json (its shape is fixed by DESIGN.md; the fields after
// Claims were added by issue 14 and are optional for readers).
//
// Seed, Quick, Assumptions and HardwareSeries are the settings of the latest run that wrote
// the file. An entry made under other settings that matter to its claim (an earlier run with
// another seed or mode, or other assumptions for the claim that takes them, for a claim the
// latest run did not run or could not finish) is kept, with its own settings in MadeWith, and
// marked Stale: results.json never loses a claim's result, and never mixes settings without
// saying so.
type Results struct {
	Seed        uint64             `json:"seed"`
	Quick       bool               `json:"quick"` // Scale == quick, kept for DESIGN.md's readers
	Scale       claims.Scale       `json:"scale,omitempty"`
	Assumptions map[string]float64 `json:"assumptions"`
	// HardwareSeries is the latest run's -hardware-series ("" for the default).
	HardwareSeries string        `json:"hardware_series,omitempty"`
	Claims         []ClaimResult `json:"claims"`
	// Provenance is what produced the latest run: code, toolchain, machine, flags, data.
	Provenance *Provenance `json:"provenance,omitempty"`
}

func (r *Results) settings() Settings {
	return Settings{Seed: r.Seed, Quick: r.Quick, Scale: r.Scale, Assumptions: r.Assumptions, HardwareSeries: r.HardwareSeries}
}

// ClaimResult is one claim's entry in results.json.
type ClaimResult struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Source   string  `json:"source"`
	Claim    string  `json:"claim"`
	Metric   string  `json:"metric"`
	Measured float64 `json:"measured"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	Expected string  `json:"expected"`
	Verdict  string  `json:"verdict"`
	Reason   string  `json:"reason"`
	// Rule is the verdict rule in words, written from the rule's own thresholds.
	Rule string `json:"rule,omitempty"`
	// Seeds is the number of seeds the claim's measurements pool (0 for a claim that trains
	// nothing), and SeedVerdicts the verdict the same rule gives on each seed's measurements
	// alone, in seed order.
	Seeds        int      `json:"seeds,omitempty"`
	SeedVerdicts []string `json:"seed_verdicts,omitempty"`
	// RerunVerdicts is the verdict of each single-seed rerun of the whole claim (reproduce
	// -seed-verdicts N), seeds Seed+1, Seed+2, ...; empty when none was run.
	RerunVerdicts []string `json:"rerun_verdicts,omitempty"`
	Figures       []string `json:"figures"`
	Seconds       float64  `json:"seconds"`
	// Precision is the floating-point type of the claim's computations: its networks'
	// training (claims.Info.Precision, float32 or float64) where it trains networks, float64
	// otherwise. Evaluation is float64 in either.
	Precision string             `json:"precision,omitempty"`
	Values    map[string]float64 `json:"values"`
	// SHA256 holds the digest of each of Figures, as committed with this entry.
	SHA256 map[string]string `json:"sha256,omitempty"`
	// MadeWith are the settings of the run that made this entry, those its claim takes
	// (Settings.forClaim); Stale is true when they are not the file's.
	MadeWith Settings `json:"made_with"`
	Stale    bool     `json:"stale"`
	// Revision is the code revision of the run that made this entry (see Provenance).
	Revision string `json:"revision,omitempty"`
}

// claimPrecision is the precision of a claim's computations: the one its networks train in
// (Info.Precision), float64 for a claim that trains none.
func claimPrecision(info claims.Info) string {
	if info.Precision != "" {
		return info.Precision
	}
	return nn.Float64.String()
}

func newClaimResult(info claims.Info, v claims.Verdict, files []figures.File, seconds float64, s Settings, revision string) ClaimResult {
	values := v.Values
	if values == nil {
		values = map[string]float64{}
	}
	c := ClaimResult{
		ID: info.ID, Title: info.Title, Source: info.Source, Claim: info.Claim,
		Metric: v.Metric, Measured: v.Measured, Low: v.Low, High: v.High,
		Expected: v.Expected, Verdict: string(v.Outcome), Reason: v.Reason, Rule: claims.Rule(info.ID),
		Seconds: seconds, Precision: claimPrecision(info), Values: values, SHA256: map[string]string{}, MadeWith: s.forClaim(info.ID), Revision: revision,
	}
	for _, o := range v.SeedOutcomes {
		c.SeedVerdicts = append(c.SeedVerdicts, string(o))
	}
	c.Seeds = len(c.SeedVerdicts)
	for _, f := range files {
		c.Figures = append(c.Figures, f.Name)
		c.SHA256[f.Name] = sha256Hex(f.Data)
	}
	return c
}

// ReadResults reads a results.json; a missing file is not an error (it returns nil). Entries
// written before MadeWith existed get the file's settings.
func ReadResults(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range r.Claims {
		if r.Claims[i].MadeWith.Assumptions == nil {
			r.Claims[i].MadeWith = r.settings()
		}
	}
	return &r, nil
}

// put adds or replaces a claim's entry, makes the file's settings the given ones, re-marks
// every entry's staleness and keeps CLAIMS.md order. It returns how many entries are stale.
func (r *Results) put(c ClaimResult, s Settings, p *Provenance) int {
	r.Seed, r.Quick, r.Scale, r.Assumptions, r.HardwareSeries, r.Provenance = s.Seed, s.Quick, s.Scale, s.Assumptions, s.HardwareSeries, p
	replaced := false
	for i := range r.Claims {
		if r.Claims[i].ID == c.ID {
			r.Claims[i], replaced = c, true
		}
	}
	if !replaced {
		r.Claims = append(r.Claims, c)
	}
	sort.SliceStable(r.Claims, func(i, j int) bool {
		return order(r.Claims[i].ID) < order(r.Claims[j].ID)
	})
	stale := 0
	for i := range r.Claims {
		id := r.Claims[i].ID
		r.Claims[i].Stale = !r.Claims[i].MadeWith.forClaim(id).equal(s.forClaim(id))
		if r.Claims[i].Stale {
			stale++
		}
	}
	return stale
}

// encode is the exact content of results.json for r.
func (r *Results) encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encoding %s: %w", ResultsFile, err)
	}
	return b.Bytes(), nil
}

func writeResults(dir string, r *Results) error {
	b, err := r.encode()
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, ResultsFile), b)
}
