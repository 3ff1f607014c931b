package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.CostExtrapolation,
		func(c *claims.CostExtrapolationConfig, e Env) {
			c.Seed = e.Seed
			c.Assumptions = e.Assumptions // the -price-per-hour etc. flags reach the conversion here
		},
		func(r claims.CostExtrapolationResult) claims.Verdict { return r.Verdict },
		figures.CostExtrapolation)
}
