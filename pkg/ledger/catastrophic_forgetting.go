package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.CatastrophicForgetting,
		func(c *claims.CatastrophicForgettingConfig, e Env) { c.Seed = e.Seed },
		func(r claims.CatastrophicForgettingResult) claims.Verdict { return r.Verdict },
		figures.CatastrophicForgetting)
}
