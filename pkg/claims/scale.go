package claims

import "fmt"

// Scale is the size of the experiments a claim's Config describes: quick for tests and
// notebooks (seconds), full for the default run (the whole run within about 15 minutes on
// two cores), paper for the budgets of the original papers (hours; meant to be split across
// machines with reproduce -shard). A claim whose paper protocol is no larger than its full
// one returns its full Config for Paper.
type Scale string

const (
	Quick Scale = "quick"
	Full  Scale = "full"
	Paper Scale = "paper"
)

// Scales lists the scales from smallest to largest.
var Scales = []Scale{Quick, Full, Paper}

// ParseScale reads a scale's name, or returns an error that lists the names it knows.
func ParseScale(s string) (Scale, error) {
	for _, x := range Scales {
		if string(x) == s {
			return x, nil
		}
	}
	return "", fmt.Errorf("unknown scale %q: use quick, full or paper", s)
}
