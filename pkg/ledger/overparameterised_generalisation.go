package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.OverparameterisedGeneralisation,
		func(c *claims.OverparameterisedGeneralisationConfig, e Env) { c.Seed = e.Seed },
		func(r claims.OverparameterisedGeneralisationResult) claims.Verdict { return r.Verdict },
		figures.OverparameterisedGeneralisation)
}
