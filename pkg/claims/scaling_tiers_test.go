package claims

import "testing"

// TestScalingClaimsTiers: the full tier of the four scaling and shortcut claims trains at least
// five seeds (the intervals are t over seeds), every tier's config is valid, and the paper
// tier is at least as large as the full one (more sizes, widths or seeds).
func TestScalingClaimsTiers(t *testing.T) {
	type tier struct {
		seeds, points int // seeds, and sizes × widths (or sizes) trained per seed
		err           error
	}
	for _, tc := range []struct {
		id string
		at func(Scale) tier
	}{
		{"data-scaling", func(s Scale) tier {
			c := DataScaling.Config(s)
			return tier{c.Seeds, len(c.Sizes) * len(c.widths()), c.validate()}
		}},
		{"compute-scaling", func(s Scale) tier {
			c := ComputeScaling.Config(s)
			return tier{c.Seeds, len(c.Sizes) * (1 + 2*c.FrontierSpan), c.validate()}
		}},
		{"shortcut-learning", func(s Scale) tier {
			c := ShortcutLearning.Config(s)
			return tier{c.Seeds, len(c.Ns) + len(c.Matches), c.validate()}
		}},
		{"data-diversity", func(s Scale) tier {
			c := DataDiversity.Config(s)
			return tier{c.Seeds, len(c.Ns)*len(c.Fractions) + len(c.EqualAdded), c.validate()}
		}},
	} {
		full, paper := tc.at(Full), tc.at(Paper)
		for _, s := range Scales {
			if err := tc.at(s).err; err != nil {
				t.Errorf("%s, %s tier: %v", tc.id, s, err)
			}
		}
		if full.seeds < 5 {
			t.Errorf("%s: the full tier trains %d seeds, want at least 5", tc.id, full.seeds)
		}
		if paper.seeds < full.seeds || paper.points <= full.points {
			t.Errorf("%s: the paper tier (%d seeds, %d points) is not larger than the full one (%d, %d)", tc.id, paper.seeds, paper.points, full.seeds, full.points)
		}
	}
}
