package claims

import (
	"strings"
	"testing"
)

func TestEveryClaimStatesItsRule(t *testing.T) {
	for _, id := range controlIDs() {
		r := Rule(id)
		if len(r) < 80 {
			t.Errorf("%s: rule %q is missing or too short to state thresholds", id, r)
		}
	}
	if Rule("no-such-claim") != "" {
		t.Error("an unknown id has a rule")
	}
	// The words come from the constants: changing one changes the text.
	for _, tc := range []struct{ id, want string }{
		{"linear-algebra-burden", "50%"},
		{"hardware-growth", "0.5 orders"},
		{"data-scaling", "a ≤ 0.5"},
		{"data-diversity", "0.05"},
		{"shortcut-learning", "80%"},
		{"alexnet-nasnet", "1.08"},
	} {
		if !strings.Contains(Rule(tc.id), tc.want) {
			t.Errorf("%s: rule lacks %q: %s", tc.id, tc.want, Rule(tc.id))
		}
	}
}
