package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.DataDiversity,
		func(c *claims.DataDiversityConfig, e Env) { c.Seed = e.Seed },
		func(r claims.DataDiversityResult) claims.Verdict { return r.Verdict },
		figures.DataDiversity)
}
