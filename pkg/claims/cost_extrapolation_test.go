package claims

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestCostExtrapolationOnPublishedData(t *testing.T) {
	cfg := CostExtrapolation.Config(Quick)
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
	// Hardware burden is peak × time: priced at utilisation 1, not the assumptions' 0.33.
	priced := cfg.Assumptions
	priced.Utilisation = 1
	if five.Cost != priced.Cost(five.FLOPs) || r.PricedUtilisation != 1 {
		t.Error("the 5% cost is not the conversion of its FLOPs at utilisation 1")
	}
	if got := r.AtClaimedAsOperations.USD / r.AtClaimedFLOPs.USD; math.Abs(got-1/cfg.Assumptions.Utilisation) > 1e-9 {
		t.Errorf("pricing as operations changed the dollars ×%v, want 1/utilisation", got)
	}
	// The local k the article's 1e28 implies from Noisy Student (11.6%, 5.574e22 FLOP):
	// log(1e28/5.574e22)/log(11.6/5) = 14.4; the authors' 2022 regression at 5%:
	// 10^((log10(20) + 1.067)/0.0908) = 1.2e26.
	if r.Anchor.Name == "" || math.Abs(r.Anchor.ImpliedK-14.4) > 0.05 {
		t.Errorf("anchor %q implies k = %v, want 14.4", r.Anchor.Name, r.Anchor.ImpliedK)
	}
	if math.Abs(math.Log10(r.Authors2022FLOPs)-26.08) > 0.01 {
		t.Errorf("authors' 2022 fit at 5%%: %v FLOP, want 1.2e26", r.Authors2022FLOPs)
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
	cfg := CostExtrapolation.Config(Quick)
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
			cfg := CostExtrapolation.Config(Quick)
			tc.mutate(&cfg)
			_, err := CostExtrapolation.Run(context.Background(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// The rule's two parts: the FLOPs decide between "not" and the rest; the conversion alone
// never earns "partly".
func TestCostExtrapolationVerdictRule(t *testing.T) {
	base, err := CostExtrapolation.Run(context.Background(), CostExtrapolation.Config(Quick))
	if err != nil {
		t.Fatal(err)
	}
	withFLOPs := func(flops float64, usdScale float64) CostExtrapolationResult {
		r := base
		r.Targets = append([]CostExtrapolationTarget(nil), base.Targets...)
		tg := &r.Targets[0]
		tg.FLOPs, tg.FLOPsLow, tg.FLOPsHigh = flops, flops/3, flops*3
		tg.Cost = costExtrapolationPricing(r.Config).Cost(flops)
		r.AtClaimedFLOPs.USD = base.AtClaimedFLOPs.USD * usdScale
		return r
	}
	for _, tc := range []struct {
		name      string
		flops     float64
		usdScale  float64
		want      Outcome
		wantFLOPs Outcome
		wantConv  Outcome
	}{
		{"FLOPs and conversion agree", 2e28, 1, Reproduced, Reproduced, Reproduced},
		{"FLOPs agree, conversion 1000× off", 2e28, 1000, PartlyReproduced, Reproduced, NotReproduced},
		{"conversion alone agrees", 3e25, 1, NotReproduced, NotReproduced, Reproduced},
		{"neither", 3e25, 1000, NotReproduced, NotReproduced, NotReproduced},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := withFLOPs(tc.flops, tc.usdScale)
			f, c := costExtrapolationChecks(r)
			v := costExtrapolationVerdict(r)
			if v.Outcome != tc.want || f.Outcome != tc.wantFLOPs || c.Outcome != tc.wantConv {
				t.Errorf("got %s (FLOPs %s, conversion %s), want %s (%s, %s)", v.Outcome, f.Outcome, c.Outcome, tc.want, tc.wantFLOPs, tc.wantConv)
			}
			if got := v.Values["flops_subverdict_reproduced"]; got != boolValue(tc.wantFLOPs == Reproduced) {
				t.Errorf("flops_subverdict_reproduced = %v", got)
			}
			if got := v.Values["conversion_subverdict_reproduced"]; got != boolValue(tc.wantConv == Reproduced) {
				t.Errorf("conversion_subverdict_reproduced = %v", got)
			}
		})
	}
}

// The pricing of hardware burden is named as it was done: peak × time at utilisation 1, as
// operations at the utilisation assumption with BurdenUtilisation 0.
func TestCostExtrapolationBurdenPricingSaysHow(t *testing.T) {
	for _, c := range []struct {
		burden float64
		want   string
	}{
		{1, "at utilisation 1 (peak × time)"},
		{0.5, "at utilisation 0.5 (BurdenUtilisation)"},
		{0, "as operations, at the utilisation assumption 0.33"},
	} {
		cfg := CostExtrapolation.Config(Quick)
		cfg.BurdenUtilisation = c.burden
		r, err := CostExtrapolation.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.BurdenPricing(); got != c.want {
			t.Errorf("BurdenUtilisation %v: %q, want %q", c.burden, got, c.want)
		}
		if !strings.Contains(r.ConversionCheck.Reason, "priced "+c.want) {
			t.Errorf("BurdenUtilisation %v: the conversion's reason does not say %q: %s", c.burden, c.want, r.ConversionCheck.Reason)
		}
	}
}
