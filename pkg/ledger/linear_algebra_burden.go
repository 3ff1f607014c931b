package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.LinearAlgebraBurden,
		func(c *claims.LinearAlgebraBurdenConfig, e Env) { c.Seed = e.Seed },
		func(r claims.LinearAlgebraBurdenResult) claims.Verdict { return r.Verdict },
		figures.LinearAlgebraBurden)
}
