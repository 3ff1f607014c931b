package figures

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

func fixedAlexNetNASNetResult() claims.AlexNetNASNetResult {
	return claims.AlexNetNASNetResult{
		Config: claims.AlexNetNASNetConfig{From: "AlexNet", To: "NASNet-A", FromDaysLow: 5, FromDaysHigh: 6,
			ClaimedErrorRatio: 2, ClaimedComputeRatio: 1000, ClaimedHardwareRatio: 6},
		From:     datasets.ImageNetModel{Name: "AlexNet", Year: 2012, Top1ErrorPct: 36.7, Chips: 2, ChipPeakFLOPS: 1.58e12, DaysUsed: 5.5},
		To:       datasets.ImageNetModel{Name: "NASNet-A", Year: 2017, Top1ErrorPct: 17.3, Chips: 500, ChipPeakFLOPS: 9.5e12, DaysUsed: 4},
		FromDays: 5.5, ErrorRatio: 2.12, ComputeRatio: 1100, ComputeRatioLow: 1000, ComputeRatioHigh: 1200,
		ChipSpeedRatio: 6, ChipCountRatio: 250, TimeRatio: 0.73, MoreChipsLongerRatio: 182, HardwareShare: 0.26, ImpliedK: 9.3,
		EnsembleNote: "AlexNet's 36.7% is a 7-CNN ensemble.",
		Verdict:      claims.Verdict{Outcome: claims.Reproduced},
	}
}

func TestAlexNetNASNetGolden(t *testing.T) {
	figs, err := AlexNetNASNet(fixedAlexNetNASNetResult())
	checkGolden(t, figs, err)
}

func TestAlexNetNASNetData(t *testing.T) {
	figs, err := AlexNetNASNet(fixedAlexNetNASNetResult())
	if err != nil {
		t.Fatal(err)
	}
	// Five factor bars and three 2-point references.
	if n := len(figs[0].Data.Rows); n != 5+3*2 {
		t.Errorf("%d data rows, want 11", n)
	}
}
