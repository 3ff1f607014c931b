package ledger

import (
	"reflect"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// TestTiers checks the presets against what the issues ask of them: every claim says what each
// tier runs (docs/CLAIMS.md), every claim that trains runs at least five seeds in the full tier
// (issue 15: intervals over ≥ 5 seeds), and its paper tier is larger than its full one
// (issue 18).
func TestTiers(t *testing.T) {
	for _, e := range table {
		t.Run(e.Info.ID, func(t *testing.T) {
			if tr := e.Info.Tiers; tr.Quick == "" || tr.Full == "" || tr.Paper == "" {
				t.Errorf("Info.Tiers does not say what every tier runs: %+v", tr)
			}
			full := e.config(claims.Full)
			seeds := reflect.ValueOf(full).FieldByName("Seeds")
			if !seeds.IsValid() {
				return // trains nothing
			}
			if n := seeds.Int(); n < minFullSeeds {
				t.Errorf("the full tier runs %d seeds, want at least %d", n, minFullSeeds)
			}
			if reflect.DeepEqual(full, e.config(claims.Paper)) {
				t.Error("the paper tier is the full one")
			}
			if reflect.DeepEqual(full, e.config(claims.Quick)) {
				t.Error("the quick tier is the full one")
			}
		})
	}
}

// minFullSeeds is the fewest seeds a t-interval over seeds is worth quoting from (issue 15).
const minFullSeeds = 5

// TestPrecisionIsDeclared: every claim that trains networks (its config has Seeds, or
// MLPSeeds for overparameterised-generalisation's) declares
// the precision they train in (Info.Precision, printed in docs/CLAIMS.md and written to
// results.json), and every tier of its config trains in that precision; a claim that
// trains none declares none.
func TestPrecisionIsDeclared(t *testing.T) {
	for _, e := range table {
		t.Run(e.Info.ID, func(t *testing.T) {
			full := reflect.ValueOf(e.config(claims.Full))
			trains := full.FieldByName("Seeds").IsValid() || full.FieldByName("MLPSeeds").IsValid()
			if trains != (e.Info.Precision != "") {
				t.Fatalf("Info.Precision %q for a claim that trains networks: %v", e.Info.Precision, trains)
			}
			for _, s := range []claims.Scale{claims.Quick, claims.Full, claims.Paper} {
				p, ok := configPrecision(e.config(s))
				if ok != trains || (ok && p.String() != e.Info.Precision) {
					t.Errorf("%s tier: the config trains in %v (has a precision: %v), Info.Precision says %q", s, p, ok, e.Info.Precision)
				}
			}
		})
	}
}
