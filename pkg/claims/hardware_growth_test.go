package claims

import (
	"context"
	"math"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

func TestHardwareGrowthOnTheTable(t *testing.T) {
	res, err := HardwareGrowth.Run(context.Background(), HardwareGrowth.Config(Quick))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Verdict.Check(); err != nil {
		t.Fatal(err)
	}
	// Peak rates doubled roughly every 1.5 to 3 years over the whole period (Moore's law).
	if res.DoublingYears < 1.2 || res.DoublingYears > 3.5 {
		t.Errorf("doubling time %.2f years is outside 1.2–3.5", res.DoublingYears)
	}
	if !(res.RatioLow <= res.Ratio && res.Ratio <= res.RatioHigh) {
		t.Errorf("ratio %g outside its own interval [%g, %g]", res.Ratio, res.RatioLow, res.RatioHigh)
	}
}

func TestHardwareGrowthVerdictFollowsTheData(t *testing.T) {
	// Synthetic machines growing exactly 10^g per decade rise 10^(5.1·g) from 1958 to 2009:
	// g = 1.1 is 1.4 orders short of the claim (not reproduced), g = 1.2 is 0.9 orders short
	// (partly), g = 1.4 is 0.14 orders over (reproduced), g = 1.5 is 0.65 over (partly).
	for _, tc := range []struct {
		perDecade float64
		want      Outcome
	}{
		{1.1, NotReproduced},
		{1.2, PartlyReproduced},
		{1.4, Reproduced},
		{1.5, PartlyReproduced},
	} {
		var ms []datasets.Machine
		for y := 1950; y <= 2020; y += 5 {
			ms = append(ms, datasets.Machine{Year: y, Name: "m", Kind: "k", PeakFLOPS: math.Pow(10, 3+tc.perDecade*float64(y-1950)/10), Source: "synthetic"})
		}
		cfg := HardwareGrowth.Config(Quick)
		cfg.Machines = ms
		res, err := HardwareGrowth.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict.Outcome != tc.want {
			t.Errorf("growth 10^%.2f per decade: verdict %q, want %q (%s)", tc.perDecade, res.Verdict.Outcome, tc.want, res.Verdict.Reason)
		}
	}
}

func TestHardwareGrowthSeries(t *testing.T) {
	for _, name := range datasets.MachineSeriesNames {
		cfg := HardwareGrowth.Config(Quick)
		cfg.Series = name
		res, err := HardwareGrowth.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Sensitivity) != len(datasets.MachineSeriesNames) {
			t.Fatalf("%d series in the sensitivity, want %d", len(res.Sensitivity), len(datasets.MachineSeriesNames))
		}
		var mine HardwareSeriesRatio
		for _, x := range res.Sensitivity {
			if x.Series == name {
				mine = x
			}
		}
		if mine.Ratio != res.Ratio || mine.Outcome != res.Verdict.Outcome {
			t.Errorf("series %s: headline %g %s, sensitivity row %g %s", name, res.Ratio, res.Verdict.Outcome, mine.Ratio, mine.Outcome)
		}
	}
	cfg := HardwareGrowth.Config(Quick)
	cfg.Series = "gpus"
	if _, err := HardwareGrowth.Run(context.Background(), cfg); err == nil {
		t.Error("unknown series accepted")
	}
}

func TestHardwareGrowthIsDeterministic(t *testing.T) {
	a, _ := HardwareGrowth.Run(context.Background(), HardwareGrowth.Config(Quick))
	b, _ := HardwareGrowth.Run(context.Background(), HardwareGrowth.Config(Quick))
	if a.RatioLow != b.RatioLow || a.RatioHigh != b.RatioHigh {
		t.Fatal("same seed, different intervals")
	}
}

func TestSlug(t *testing.T) {
	if got := slug("NVIDIA GeForce GTX 280"); got != "nvidia_geforce_gtx_280" {
		t.Errorf("slug = %q", got)
	}
}
