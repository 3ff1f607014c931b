package claims

import (
	"context"
	"strings"
	"testing"
)

// TestDataDiversityQuick runs the quick preset and checks that diversity works where more
// correlated data does not: at every n the most diverse training set lifts broken-correlation
// accuracy well above the fully correlated one, which stays near 0 at every n.
func TestDataDiversityQuick(t *testing.T) {
	cfg := DataDiversity.Config(Quick)
	r, err := DataDiversity.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	fMax := cfg.Fractions[len(cfg.Fractions)-1]
	for _, n := range cfg.Ns {
		c0, _ := r.Cell(n, 0)
		c1, _ := r.Cell(n, fMax)
		if c0.Broken.Mean > 0.2 {
			t.Errorf("n = %d, no diversity: broken-correlation accuracy %.3f, want near 0", n, c0.Broken.Mean)
		}
		if c1.Broken.Mean-c0.Broken.Mean < 0.2 {
			t.Errorf("n = %d: diversity moves broken-correlation accuracy only from %.3f to %.3f", n, c0.Broken.Mean, c1.Broken.Mean)
		}
		if c0.Usual.Mean < 0.9 {
			t.Errorf("n = %d, no diversity: usual accuracy %.3f", n, c0.Usual.Mean)
		}
	}
	if len(r.SizeLine) != len(cfg.Fractions) {
		t.Errorf("size line has %d points for %d fractions", len(r.SizeLine), len(cfg.Fractions))
	}
}

func TestDataDiversityRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*DataDiversityConfig)
		want   string
	}{
		{"no baseline", func(c *DataDiversityConfig) { c.Fractions = []float64{0.1, 0.5} }, "starting at 0"},
		{"fraction above 1", func(c *DataDiversityConfig) { c.Fractions = []float64{0, 1.5} }, "within [0, 1]"},
		{"one n", func(c *DataDiversityConfig) { c.Ns = []int{1000} }, "at least 2 training-set sizes"},
		{"no seeds", func(c *DataDiversityConfig) { c.Seeds = 0 }, "seeds 0"},
	} {
		cfg := DataDiversity.Config(Quick)
		tc.mutate(&cfg)
		_, err := DataDiversity.Run(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// diversityHandResult builds a grid from a rule: broken accuracy = base + slope·fraction +
// perN·(index of n), the size line from its own slope, and an equal-cost comparison where
// diversity's arm gains gaps[i] over quantity's at the i-th m.
func diversityHandResult(base, slope, perN, sizeSlope float64, gaps ...float64) DataDiversityResult {
	cfg := DataDiversityConfig{Ns: []int{1000, 4000, 16000}, Fractions: []float64{0, 0.1, 0.5}, SizeN: 4000, EqualBaseN: 1000, EqualBaseMatch: 0.95}
	r := DataDiversityResult{Config: cfg}
	for i, n := range cfg.Ns {
		for _, f := range cfg.Fractions {
			v := base + slope*f + perN*float64(i)
			r.Cells = append(r.Cells, DataDiversityCell{N: n, Fraction: f, Broken: shortcutBand([]float64{v})})
		}
	}
	for _, f := range cfg.Fractions {
		v := 0.2 + sizeSlope*f
		r.SizeLine = append(r.SizeLine, DataDiversityCell{N: 4000, Fraction: f, Broken: shortcutBand([]float64{v})})
	}
	for i, g := range gaps {
		m := 250 << (2 * i)
		r.Config.EqualAdded = append(r.Config.EqualAdded, m)
		r.EqualCost = append(r.EqualCost, DataDiversityEqualCost{Added: m,
			Quantity:  DataDiversityCell{N: 1000 + m, Broken: shortcutBand([]float64{0.1, 0.1})},
			Diversity: DataDiversityCell{N: 1000 + m, Broken: shortcutBand([]float64{0.1 + g, 0.1 + g})}})
	}
	return r
}

func TestDataDiversityVerdictRules(t *testing.T) {
	for _, tc := range []struct {
		name                         string
		base, slope, perN, sizeSlope float64
		gaps                         []float64
		want                         Outcome
	}{
		{"diversity beats quantity at every m", 0.02, 1.4, 0.01, 1, []float64{0.1, 0.3, 0.5}, Reproduced},
		{"the grid does not decide", 0.02, 0.1, 0.01, 0, []float64{0.1, 0.3, 0.5}, Reproduced},
		{"only at large m", 0.02, 1.4, 0.01, 1, []float64{0.01, 0.03, 0.2}, PartlyReproduced},
		{"quantity as good", 0.02, 1.4, 0.01, 1, []float64{0.01, -0.02, 0.04}, NotReproduced},
		{"no equal-cost comparison", 0.02, 1.4, 0.01, 1, nil, NotReproduced},
	} {
		v := dataDiversityVerdict(diversityHandResult(tc.base, tc.slope, tc.perN, tc.sizeSlope, tc.gaps...))
		if err := v.Check(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if v.Outcome != tc.want {
			t.Errorf("%s: %s, want %s (%s)", tc.name, v.Outcome, tc.want, v.Reason)
		}
	}
}

// TestDataDiversitySeedOutcomes: each seed is judged by the same rule on its own arms, so a
// seed whose diversity arm loses is not reproduced while the mean still wins.
func TestDataDiversitySeedOutcomes(t *testing.T) {
	r := diversityHandResult(0.02, 1.4, 0.01, 1, 0.2, 0.2)
	r.Config.Seeds = 2
	for i := range r.EqualCost {
		r.EqualCost[i].Quantity.Broken = shortcutBand([]float64{0.1, 0.3})
		r.EqualCost[i].Diversity.Broken = shortcutBand([]float64{0.6, 0.32}) // mean gap 0.26; seed 1: 0.02
	}
	v := dataDiversityVerdict(r)
	if v.Outcome != Reproduced || len(v.SeedOutcomes) != 2 || v.SeedOutcomes[0] != Reproduced || v.SeedOutcomes[1] != NotReproduced {
		t.Errorf("pooled %s, per seed %v; want reproduced, [reproduced not reproduced]", v.Outcome, v.SeedOutcomes)
	}
	if !(v.Low < v.Measured && v.Measured < v.High) {
		t.Errorf("gap interval %v to %v does not surround the mean %v", v.Low, v.High, v.Measured)
	}
}
