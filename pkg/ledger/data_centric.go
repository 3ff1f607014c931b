package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.DataCentric,
		func(c *claims.DataCentricConfig, e Env) { c.Seed = e.Seed },
		func(r claims.DataCentricResult) claims.Verdict { return r.Verdict },
		figures.DataCentric)
}
