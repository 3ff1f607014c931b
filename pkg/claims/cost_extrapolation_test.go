package claims

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestCostExtrapolationOnPublishedData(t *testing.T) {
	cfg := CostExtrapolation.Config(true)
	r, err := CostExtrapolation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	five, one := r.Targets[0], r.Targets[1]
	if !(five.FLOPsLow <= five.FLOPs && five.FLOPs <= five.FLOPsHigh) {
		t.Errorf("5%%: %v outside its interval [%v, %v]", five.FLOPs, five.FLOPsLow, five.FLOPsHigh)
	}
	// 1% is five-fold lower error: k orders more compute, 5^k.
	if got, want := one.FLOPs/five.FLOPs, math.Pow(5, r.Fit.K); math.Abs(got/want-1) > 1e-9 {
		t.Errorf("1%%/5%% compute ratio %v, want 5^k = %v", got, want)
	}
	if five.Cost != cfg.Assumptions.Cost(five.FLOPs) {
		t.Error("the 5% cost is not the assumptions' conversion of its FLOPs")
	}
	if !(five.Year > 2021 && five.Year < 2040) {
		t.Errorf("the year trend reaches 5%% in %v", five.Year)
	}
	// The article's own FLOPs under the website's constants: the values in
	// cost_assumptions.md section 1 ($1.45e11, about 2.8 NYC-months at 1e28).
	if math.Abs(r.SiteUSDAtClaimed/1.4547e11-1) > 1e-3 || math.Abs(r.SiteNYCAtClaimed/2.75-1) > 0.03 {
		t.Errorf("website constants at 1e28: $%v, %v NYC-months", r.SiteUSDAtClaimed, r.SiteNYCAtClaimed)
	}
	t.Log(r.Verdict)
}

// The price flag must reach the answer: dollars scale with it, nothing else moves.
func TestCostExtrapolationFollowsThePrice(t *testing.T) {
	cfg := CostExtrapolation.Config(true)
	a, err := CostExtrapolation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Assumptions.PricePerHour *= 0.5
	b, err := CostExtrapolation.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Targets[0].Cost.USD / a.Targets[0].Cost.USD; math.Abs(got-0.5) > 1e-12 {
		t.Errorf("halving the price moved the 5%% dollars ×%v", got)
	}
	if a.Targets[0].FLOPs != b.Targets[0].FLOPs || a.Targets[0].Cost.NYCMonths != b.Targets[0].Cost.NYCMonths {
		t.Error("the price changed the FLOPs or the CO₂")
	}
	if a.Verdict.Reason == b.Verdict.Reason {
		t.Error("the verdict's reason does not show the price")
	}
}

func TestCostExtrapolationRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*CostExtrapolationConfig)
		want   string
	}{
		{"negative price", func(c *CostExtrapolationConfig) { c.Assumptions.PricePerHour = -1 }, "price-per-hour"},
		{"target 0", func(c *CostExtrapolationConfig) { c.TargetErrorsPct = []float64{0} }, "target error 0%"},
		{"unknown definition", func(c *CostExtrapolationConfig) { c.Definition = "vibes" }, `unknown compute definition "vibes"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := CostExtrapolation.Config(true)
			tc.mutate(&cfg)
			_, err := CostExtrapolation.Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}
