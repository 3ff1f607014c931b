package ledger

import (
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

func init() {
	add(claims.ShortcutLearning,
		func(c *claims.ShortcutLearningConfig, e Env) { c.Seed = e.Seed },
		func(r claims.ShortcutLearningResult) claims.Verdict { return r.Verdict },
		figures.ShortcutLearning)
}
