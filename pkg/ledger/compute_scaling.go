package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.ComputeScaling,
		func(c *claims.ComputeScalingConfig, e Env) { c.Seed = e.Seed },
		func(r claims.ComputeScalingResult) claims.Verdict { return r.Verdict },
		figures.ComputeScaling)
}
