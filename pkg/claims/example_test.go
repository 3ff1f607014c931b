package claims_test

import (
	"context"
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

// Run a claim with its quick preset (what the tests and the notebook test use) and read its
// verdict; every claim is run the same way, with its own Config and Result types.
func Example() {
	c := claims.HardwareGrowth
	cfg := c.Config(claims.Quick) // quick preset
	r, err := c.Run(context.Background(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Info().ID, "—", c.Info().Title)
	fmt.Printf("%s: ×%s from %.0f to %.0f (article: %s)\n", r.Verdict.Outcome, numfmt.Number(r.Verdict.Measured), cfg.FromYear, cfg.ToYear, r.Verdict.Expected)
	for _, x := range r.Sensitivity {
		fmt.Printf("  series %s: ×%s, %s\n", x.Series, numfmt.Number(x.Ratio), x.Outcome)
	}
	// Output:
	// hardware-growth — Hardware grew about 10-million-fold since the perceptron
	// not reproduced: ×3.12 billion from 1958 to 2009 (article: roughly 10 million×)
	//   series fastest: ×3.12 billion, not reproduced
	//   series landmarks: ×4.7 million, reproduced
}
