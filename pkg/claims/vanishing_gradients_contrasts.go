package claims

import (
	"fmt"
	"strings"
)

// VanishingContrast is the difference in test accuracy between two setups trained at the same
// depth, A − B, paired by seed (the same seed gives both nets the same batch order), with
// its 95% t-interval over seeds. Changes names what differs between the two setups: the
// activation, the initialisation, the optimiser, or several.
type VanishingContrast struct {
	A, B    string
	Depth   int
	Changes string
	Diff    SeedInterval
	SeedDif []float64
}

// Name is "A − B".
func (c VanishingContrast) Name() string { return c.A + " − " + c.B }

// vanishingContrasts pairs, at every trained depth, each setup with the subject (what each
// change does to the sigmoid net) and each other setup with the fix (what ReLU with He init
// has that the others lack).
func vanishingContrasts(cfg VanishingGradientsConfig, trained []VanishingTrained) []VanishingContrast {
	subject, fix := vanishingRoleIndex(cfg, VanishingSubject), vanishingRoleIndex(cfg, VanishingFix)
	var out []VanishingContrast
	for d, depth := range cfg.TrainDepths {
		at := func(s int) VanishingTrained { return trained[s*len(cfg.TrainDepths)+d] }
		add := func(a, b int) {
			ta, tb := at(a), at(b)
			c := VanishingContrast{A: ta.Setup, B: tb.Setup, Depth: depth, Changes: vanishingChanges(cfg.Setups[a], cfg.Setups[b])}
			for k := range ta.SeedTest {
				c.SeedDif = append(c.SeedDif, ta.SeedTest[k]-tb.SeedTest[k])
			}
			c.Diff = NewSeedInterval(c.SeedDif).Within(-1, 1)
			out = append(out, c)
		}
		if fix >= 0 && subject >= 0 {
			add(fix, subject)
		}
		for s := range cfg.Setups {
			if s != subject && s != fix && subject >= 0 {
				add(s, subject)
			}
		}
		for s := range cfg.Setups {
			if s != subject && s != fix && fix >= 0 {
				add(fix, s)
			}
		}
	}
	return out
}

// vanishingRoleIndex is the first setup with role r, or −1.
func vanishingRoleIndex(cfg VanishingGradientsConfig, r VanishingRole) int {
	for i, s := range cfg.Setups {
		if s.Role == r {
			return i
		}
	}
	return -1
}

// vanishingChanges names the ingredients in which two setups differ.
func vanishingChanges(a, b VanishingSetup) string {
	var ch []string
	if a.Act != b.Act {
		ch = append(ch, "activation")
	}
	if a.Init != b.Init {
		ch = append(ch, "initialisation")
	}
	if a.Adam != b.Adam {
		ch = append(ch, "optimiser")
	}
	if len(ch) == 0 {
		return "nothing"
	}
	return strings.Join(ch, " + ")
}

// Contrast returns the contrast A − B at depth, if the run has it.
func (r VanishingGradientsResult) Contrast(a, b string, depth int) (VanishingContrast, bool) {
	for _, c := range r.Contrasts {
		if c.A == a && c.B == b && c.Depth == depth {
			return c, true
		}
	}
	return VanishingContrast{}, false
}

// TrainedAt returns the setup's training summary at depth.
func (r VanishingGradientsResult) TrainedAt(setup string, depth int) (VanishingTrained, error) {
	for _, t := range r.Trained {
		if t.Setup == setup && t.Depth == depth {
			return t, nil
		}
	}
	return VanishingTrained{}, fmt.Errorf("vanishing-gradients: no training of %q at depth %d", setup, depth)
}

// VanishingContrastsOf computes the contrasts of a result's training summaries, as Run does
// (for figures and tests built from hand-made results).
func VanishingContrastsOf(cfg VanishingGradientsConfig, trained []VanishingTrained) []VanishingContrast {
	return vanishingContrasts(cfg, trained)
}
