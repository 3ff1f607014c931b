package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.ImageNetHalving,
		func(c *claims.ImageNetHalvingConfig, e Env) { c.Seed = e.Seed },
		func(r claims.ImageNetHalvingResult) claims.Verdict { return r.Verdict },
		figures.ImageNetHalving)
}
