package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.RandomLabels,
		func(c *claims.RandomLabelsConfig, e Env) { c.Seed = e.Seed },
		func(r claims.RandomLabelsResult) claims.Verdict { return r.Verdict },
		figures.RandomLabels)
}
