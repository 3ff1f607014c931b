package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.ExpertVsFlexible,
		func(c *claims.ExpertVsFlexibleConfig, e Env) { c.Seed = e.Seed },
		func(r claims.ExpertVsFlexibleResult) claims.Verdict { return r.Verdict },
		figures.ExpertVsFlexible)
}
