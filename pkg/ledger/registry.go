package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

// Env is what a run passes to every claim.
type Env struct {
	Quick       bool
	Seed        uint64
	Assumptions costmodel.Assumptions
}

// Entry is one runnable claim.
type Entry struct {
	Info claims.Info
	Run  func(ctx context.Context, env Env) (claims.Verdict, []*figures.Figure, error)
}

var registry = map[string]Entry{}

// register adds a claim; the id must be one of claims.IDs.
func register(e Entry) {
	if claims.Order(e.Info.ID) == len(claims.IDs) {
		panic(fmt.Sprintf("ledger: claim %q is not in claims.IDs", e.Info.ID))
	}
	if _, dup := registry[e.Info.ID]; dup {
		panic(fmt.Sprintf("ledger: claim %q registered twice", e.Info.ID))
	}
	registry[e.Info.ID] = e
}

// claim is what every value in package claims provides.
type claim[C, R any] interface {
	Info() claims.Info
	Config(quick bool) C
	Run(ctx context.Context, cfg C) (R, error)
}

// add registers a claim from its parts: setup copies the run's seed (and assumptions, where
// the claim has them) into its Config; verdict picks the Verdict out of its Result; draw
// makes its figures.
func add[C, R any](c claim[C, R], setup func(*C, Env), verdict func(R) claims.Verdict, draw func(R) ([]*figures.Figure, error)) {
	register(Entry{
		Info: c.Info(),
		Run: func(ctx context.Context, env Env) (claims.Verdict, []*figures.Figure, error) {
			cfg := c.Config(env.Quick)
			setup(&cfg, env)
			r, err := c.Run(ctx, cfg)
			if err != nil {
				return claims.Verdict{}, nil, err
			}
			figs, err := draw(r)
			return verdict(r), figs, err
		},
	})
}

// Entries returns the registered claims in the order of CLAIMS.md.
func Entries() []Entry {
	out := make([]Entry, 0, len(registry))
	for _, e := range registry {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return claims.Order(out[i].Info.ID) < claims.Order(out[j].Info.ID) })
	return out
}

// Select returns the entries named in only (all when only is empty), in CLAIMS.md order, or
// an error naming each id that is unknown or not yet implemented.
func Select(only []string) ([]Entry, error) {
	if len(only) == 0 {
		return Entries(), nil
	}
	want := map[string]bool{}
	var bad []string
	for _, id := range only {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if _, ok := registry[id]; !ok {
			if claims.Order(id) < len(claims.IDs) {
				bad = append(bad, fmt.Sprintf("%s (in CLAIMS.md, not implemented yet)", id))
			} else {
				bad = append(bad, fmt.Sprintf("%s (unknown)", id))
			}
			continue
		}
		want[id] = true
	}
	if len(bad) > 0 {
		var have []string
		for _, e := range Entries() {
			have = append(have, e.Info.ID)
		}
		return nil, fmt.Errorf("cannot run %s; claims available: %s", strings.Join(bad, ", "), strings.Join(have, ", "))
	}
	var out []Entry
	for _, e := range Entries() {
		if want[e.Info.ID] {
			out = append(out, e)
		}
	}
	return out, nil
}
