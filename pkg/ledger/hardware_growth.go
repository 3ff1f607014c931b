package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.HardwareGrowth,
		func(c *claims.HardwareGrowthConfig, e Env) { c.Seed = e.Seed },
		func(r claims.HardwareGrowthResult) claims.Verdict { return r.Verdict },
		figures.HardwareGrowth)
}
