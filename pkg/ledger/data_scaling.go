package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.DataScaling,
		func(c *claims.DataScalingConfig, e Env) { c.Seed = e.Seed },
		func(r claims.DataScalingResult) claims.Verdict { return r.Verdict },
		figures.DataScaling)
}
