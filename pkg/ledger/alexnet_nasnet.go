package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.AlexNetNASNet,
		func(c *claims.AlexNetNASNetConfig, e Env) { c.Seed = e.Seed },
		func(r claims.AlexNetNASNetResult) claims.Verdict { return r.Verdict },
		figures.AlexNetNASNet)
}
