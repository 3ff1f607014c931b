package claims_test

import (
	"context"
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
)

// Run a claim with its quick preset (what the tests and the notebook test use) and read its
// verdict; every claim is run the same way, with its own Config and Result types.
func Example() {
	c := claims.HardwareGrowth
	cfg := c.Config(true) // quick preset
	r, err := c.Run(context.Background(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Info().ID, "—", c.Info().Title)
	fmt.Printf("%s: ×%.2g from %.0f to %.0f (article: %s)\n", r.Verdict.Outcome, r.Verdict.Measured, cfg.FromYear, cfg.ToYear, r.Verdict.Expected)
	// Output:
	// hardware-growth — Hardware grew about 10-million-fold since the perceptron
	// reproduced: ×4.7e+06 from 1958 to 2009 (article: roughly 1e+07×)
}
