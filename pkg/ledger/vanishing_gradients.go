package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.VanishingGradients,
		func(c *claims.VanishingGradientsConfig, e Env) { c.Seed = e.Seed },
		func(r claims.VanishingGradientsResult) claims.Verdict { return r.Verdict },
		figures.VanishingGradients)
}
