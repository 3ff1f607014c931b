package ledger

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A changed assumption must reach the cost figure, results.json and REPORT.md.
func TestCostExtrapolationFollowsThePriceFlag(t *testing.T) {
	run := func(price float64) (string, *Results) {
		dir := t.TempDir()
		o := opts(dir, "cost-extrapolation")
		o.Assumptions.PricePerHour = price
		res, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		return dir, res
	}
	dirA, a := run(3.06)
	dirB, b := run(1.5)
	va, vb := a.Claims[0].Values, b.Claims[0].Values
	if got := vb["5pct_usd"] / va["5pct_usd"]; math.Abs(got-1.5/3.06) > 1e-9 {
		t.Errorf("5%% dollars moved ×%v when the price went ×%v", got, 1.5/3.06)
	}
	if va["5pct_flops"] != vb["5pct_flops"] || va["5pct_nyc_months"] != vb["5pct_nyc_months"] {
		t.Error("the price moved the FLOPs or the CO2")
	}
	if b.Assumptions["price-per-hour"] != 1.5 {
		t.Errorf("results.json records price %v", b.Assumptions["price-per-hour"])
	}
	reportA, _ := os.ReadFile(filepath.Join(dirA, ReportFile))
	reportB, _ := os.ReadFile(filepath.Join(dirB, ReportFile))
	if !strings.Contains(string(reportB), "US$1.5 per accelerator-hour") || strings.Contains(string(reportA), "US$1.5 per accelerator-hour") {
		t.Error("REPORT.md does not show the price the claim ran with")
	}
	csvA, _ := os.ReadFile(filepath.Join(dirA, "cost-extrapolation.csv"))
	csvB, _ := os.ReadFile(filepath.Join(dirB, "cost-extrapolation.csv"))
	if bytes.Equal(csvA, csvB) {
		t.Error("the cost figure's data did not change with the price")
	}
	pngA, _ := os.ReadFile(filepath.Join(dirA, "cost-extrapolation.png"))
	pngB, _ := os.ReadFile(filepath.Join(dirB, "cost-extrapolation.png"))
	if bytes.Equal(pngA, pngB) {
		t.Error("the cost figure did not change with the price")
	}
}

func TestImageNetClaimsWriteTheirFigures(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), opts(dir, "imagenet-halving", "alexnet-nasnet", "cost-extrapolation")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"imagenet-halving", "imagenet-halving-exponents", "imagenet-halving-readings", "alexnet-nasnet",
		"cost-extrapolation", "cost-extrapolation-sensitivity", "cost-extrapolation-year"} {
		for _, ext := range []string{".png", ".svg", ".pdf", ".csv"} {
			if _, err := os.Stat(filepath.Join(dir, name+ext)); err != nil {
				t.Errorf("missing %s%s", name, ext)
			}
		}
	}
}
