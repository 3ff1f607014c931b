package ledger

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
	"github.com/dlreturns/dlreturns/pkg/nn"
	"github.com/dlreturns/dlreturns/pkg/resultcache"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

// table wires every claim to its figures, in the order of the claims table
// (docs/CLAIMS.md); results.json, REPORT.md, -list, the README's gallery and the index
// notebook follow it. Adding a claim adds one line here.
var table = []Entry{
	row(claims.VanishingGradients, figures.VanishingGradients),
	row(claims.DataScaling, figures.DataScaling),
	row(claims.ComputeScaling, figures.ComputeScaling),
	row(claims.ImageNetHalving, figures.ImageNetHalving),
	row(claims.AlexNetNASNet, figures.AlexNetNASNet),
	row(claims.CostExtrapolation, figures.CostExtrapolation),
	row(claims.OverparameterisedGeneralisation, figures.OverparameterisedGeneralisation),
	row(claims.RandomLabels, figures.RandomLabels),
	row(claims.ExpertVsFlexible, figures.ExpertVsFlexible),
	row(claims.ShortcutLearning, figures.ShortcutLearning),
	row(claims.DataDiversity, figures.DataDiversity),
	row(claims.CatastrophicForgetting, figures.CatastrophicForgetting),
	row(claims.DataCentric, figures.DataCentric),
	row(claims.LinearAlgebraBurden, figures.LinearAlgebraBurden),
	row(claims.HardwareGrowth, figures.HardwareGrowth),
}

// Env is what a run passes to every claim.
type Env struct {
	Scale       claims.Scale
	Seed        uint64
	Assumptions costmodel.Assumptions
	// HardwareSeries, when set, picks hardware-growth's series of machines (its Config's
	// Series field); empty keeps the claim's default.
	HardwareSeries string
}

// Entry is one runnable claim.
type Entry struct {
	Info claims.Info
	Run  func(ctx context.Context, env Env) (claims.Verdict, []*figures.Figure, error)
	// Replicate runs the claim once more with a single seed (its Config's Seeds set to 1 and
	// Seed to seed) and returns that run's outcome, without figures; nil for a claim whose
	// Config has no Seeds field (one that trains nothing).
	Replicate func(ctx context.Context, env Env, seed uint64) (claims.Outcome, error)
	name      string // the claim's Go name, e.g. claims.ComputeScaling, as notebooks call it
	// takesAssumptions and takesSeries say whether the run's cost assumptions and
	// -hardware-series reach the claim's Config: only then do they belong to its settings.
	takesAssumptions, takesSeries bool
	// config is the claim's Config at a scale, for tests of the presets.
	config func(claims.Scale) any
}

var (
	seedType        = reflect.TypeFor[uint64]()
	assumptionsType = reflect.TypeFor[costmodel.Assumptions]()
	verdictType     = reflect.TypeFor[claims.Verdict]()
)

// row makes a claim's entry: its Config from the run's Env (the quick or full preset, the
// run's seed, and the run's cost assumptions where the Config has an Assumptions field), its
// experiment, its verdict (the Result's Verdict field) and its figures. It panics when the
// program starts if the Config lacks a Seed or the Result a Verdict, so that a claim cannot be
// wired in without them.
func row[C, R any](c claims.Claim[C, R], draw func(R) ([]*figures.Figure, error)) Entry {
	info := c.Info()
	ct, rt := reflect.TypeFor[C](), reflect.TypeFor[R]()
	if f, ok := ct.FieldByName("Seed"); !ok || f.Type != seedType {
		panic(fmt.Sprintf("ledger: %s's config %v has no field Seed uint64", info.ID, ct))
	}
	if f, ok := rt.FieldByName("Verdict"); !ok || f.Type != verdictType {
		panic(fmt.Sprintf("ledger: %s's result %v has no field Verdict claims.Verdict", info.ID, rt))
	}
	f, takesAssumptions := ct.FieldByName("Assumptions")
	takesAssumptions = takesAssumptions && f.Type == assumptionsType
	typ := reflect.TypeOf(c).Name() // computeScaling, the type of claims.ComputeScaling
	var replicate func(ctx context.Context, env Env, seed uint64) (claims.Outcome, error)
	if f, ok := ct.FieldByName("Seeds"); ok && f.Type.Kind() == reflect.Int {
		replicate = func(ctx context.Context, env Env, seed uint64) (claims.Outcome, error) {
			cfg := c.Config(env.Scale)
			v := reflect.ValueOf(&cfg).Elem()
			v.FieldByName("Seed").SetUint(seed)
			v.FieldByName("Seeds").SetInt(1)
			if takesAssumptions {
				v.FieldByName("Assumptions").Set(reflect.ValueOf(env.Assumptions))
			}
			r, err := c.Run(ctx, cfg)
			if err != nil {
				return "", err
			}
			return reflect.ValueOf(r).FieldByName("Verdict").Interface().(claims.Verdict).Outcome, nil
		}
	}
	_, takesSeries := any(new(C)).(*claims.HardwareGrowthConfig)
	return Entry{
		takesAssumptions: takesAssumptions, takesSeries: takesSeries,
		config:    func(s claims.Scale) any { return c.Config(s) },
		Replicate: replicate,
		Info:      info,
		name:      "claims." + strings.ToUpper(typ[:1]) + typ[1:],
		Run: func(ctx context.Context, env Env) (claims.Verdict, []*figures.Figure, error) {
			cfg := c.Config(env.Scale)
			v := reflect.ValueOf(&cfg).Elem()
			v.FieldByName("Seed").SetUint(env.Seed)
			if takesAssumptions { // the -price-per-hour etc. flags reach the conversion here
				v.FieldByName("Assumptions").Set(reflect.ValueOf(env.Assumptions))
			}
			if hc, ok := any(&cfg).(*claims.HardwareGrowthConfig); ok && env.HardwareSeries != "" {
				hc.Series = env.HardwareSeries // the -hardware-series flag
			}
			r, err := c.Run(ctx, cfg)
			if err != nil {
				return claims.Verdict{}, nil, err
			}
			if dir := resultcache.SharedDir(); dir != "" && !sweep.InShard(ctx) { // for notebooks/render.sh; a shard's result is partly zeros
				entry := resultcache.Entry[R]{Data: datasets.FilesRead(), Result: r}
				if err := resultcache.Save(dir, resultcache.Key(info.ID, cfg), entry); err != nil {
					return claims.Verdict{}, nil, fmt.Errorf("%s: %w", resultcache.SharedEnv, err)
				}
			}
			figs, err := draw(r)
			note := FigureNote(env.Scale, cfg, c.Config(env.Scale))
			for _, f := range figs { // the tier, seed and settings travel with every exported figure
				f.Notes = append(f.Notes, note)
			}
			return reflect.ValueOf(r).FieldByName("Verdict").Interface().(claims.Verdict), figs, err
		},
	}
}

// Entries returns every claim, in the table's order.
func Entries() []Entry {
	return append([]Entry(nil), table...)
}

// lookup returns the entry with this id.
func lookup(id string) (Entry, bool) {
	for _, e := range table {
		if e.Info.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// order is the position of a claim id in the table (len(table) for an unknown id).
func order(id string) int {
	for i, e := range table {
		if e.Info.ID == id {
			return i
		}
	}
	return len(table)
}

// Select returns the entries named in only (all when only is empty), in the table's order, or
// an error naming each id that is unknown.
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
		if _, ok := lookup(id); !ok {
			bad = append(bad, fmt.Sprintf("%s (unknown)", id))
			continue
		}
		want[id] = true
	}
	if len(bad) > 0 {
		var have []string
		for _, e := range table {
			have = append(have, e.Info.ID)
		}
		return nil, fmt.Errorf("cannot run %s; claims available: %s", strings.Join(bad, ", "), strings.Join(have, ", "))
	}
	var out []Entry
	for _, e := range table {
		if want[e.Info.ID] {
			out = append(out, e)
		}
	}
	return out, nil
}

// configPrecision is the training precision a claim's config sets: its Precision field, or
// its Training's (the settings data-scaling and compute-scaling, shortcut-learning and
// data-diversity share); ok is false for a claim that trains no network.
func configPrecision(cfg any) (p nn.Precision, ok bool) {
	v := reflect.ValueOf(cfg)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return 0, false
	}
	want := reflect.TypeOf(nn.Precision(0))
	if f := v.FieldByName("Precision"); f.IsValid() && f.Type() == want {
		return f.Interface().(nn.Precision), true
	}
	if t := v.FieldByName("Training"); t.IsValid() && t.Kind() == reflect.Struct {
		if f := t.FieldByName("Precision"); f.IsValid() && f.Type() == want {
			return f.Interface().(nn.Precision), true
		}
	}
	return 0, false
}
