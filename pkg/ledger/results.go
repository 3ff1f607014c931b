package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/claims"
)

// ResultsFile and ReportFile are written into the output folder.
const (
	ResultsFile = "results.json"
	ReportFile  = "REPORT.md"
)

// Results is the content of results.json (its shape is fixed by DESIGN.md).
type Results struct {
	Seed        uint64             `json:"seed"`
	Quick       bool               `json:"quick"`
	Assumptions map[string]float64 `json:"assumptions"`
	Claims      []ClaimResult      `json:"claims"`
}

// ClaimResult is one claim's entry in results.json.
type ClaimResult struct {
	ID       string             `json:"id"`
	Title    string             `json:"title"`
	Source   string             `json:"source"`
	Claim    string             `json:"claim"`
	Metric   string             `json:"metric"`
	Measured float64            `json:"measured"`
	Low      float64            `json:"low"`
	High     float64            `json:"high"`
	Expected string             `json:"expected"`
	Verdict  string             `json:"verdict"`
	Reason   string             `json:"reason"`
	Figures  []string           `json:"figures"`
	Seconds  float64            `json:"seconds"`
	Values   map[string]float64 `json:"values"`
}

func newClaimResult(info claims.Info, v claims.Verdict, files []string, seconds float64) ClaimResult {
	values := v.Values
	if values == nil {
		values = map[string]float64{}
	}
	return ClaimResult{
		ID: info.ID, Title: info.Title, Source: info.Source, Claim: info.Claim,
		Metric: v.Metric, Measured: v.Measured, Low: v.Low, High: v.High,
		Expected: v.Expected, Verdict: string(v.Outcome), Reason: v.Reason,
		Figures: files, Seconds: seconds, Values: values,
	}
}

// ReadResults reads a results.json; a missing file is not an error (it returns nil).
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
	return &r, nil
}

// compatible reports whether earlier results were made under the same seed, mode and
// assumptions, so that their entries can sit next to new ones in one report.
func (r *Results) compatible(o *Results) bool {
	return r.Seed == o.Seed && r.Quick == o.Quick && maps.Equal(r.Assumptions, o.Assumptions)
}

// merge keeps the earlier entries of claims not in fresh (those not run this time, or that
// failed) when the earlier results are compatible; it reports whether any were dropped.
func merge(earlier *Results, fresh *Results) (kept, dropped int) {
	if earlier == nil {
		return 0, 0
	}
	have := map[string]bool{}
	for _, c := range fresh.Claims {
		have[c.ID] = true
	}
	for _, c := range earlier.Claims {
		if have[c.ID] {
			continue
		}
		if fresh.compatible(earlier) {
			fresh.Claims = append(fresh.Claims, c)
			kept++
		} else {
			dropped++
		}
	}
	sort.SliceStable(fresh.Claims, func(i, j int) bool {
		return order(fresh.Claims[i].ID) < order(fresh.Claims[j].ID)
	})
	return kept, dropped
}

func writeResults(dir string, r *Results) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("encoding %s: %w", ResultsFile, err)
	}
	return atomicfile.WriteBytes(filepath.Join(dir, ResultsFile), b.Bytes())
}
