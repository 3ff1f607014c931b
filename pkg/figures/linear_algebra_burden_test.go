package figures

import (
	"testing"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

func TestLinearAlgebraBurdenGolden(t *testing.T) {
	r := claims.LinearAlgebraBurdenResult{
		Config:  claims.LinearAlgebraBurdenConfig{Steps: 10},
		Verdict: claims.Verdict{Outcome: claims.Reproduced},
		Shares: []claims.LinearAlgebraShare{
			{Name: "tiny", Small: true, FLOPShare: 0.956, TimeShare: 0.7},
			{Name: "mnist", FLOPShare: 0.995, TimeShare: 0.93},
			{Name: "wide", FLOPShare: 0.998, TimeShare: 0.97},
		},
	}
	figs, err := LinearAlgebraBurden(r)
	checkGolden(t, figs, err)
	if len(figs[0].Data.Rows) != 3 {
		t.Errorf("data table has %d rows, want one per workload", len(figs[0].Data.Rows))
	}
}
