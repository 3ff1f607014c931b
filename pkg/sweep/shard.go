package sweep

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sync"
)

// Sharding splits a run across machines at its Map calls. Every machine runs the same claims
// with the same flags, so every one makes the same sequence of Map calls; the c-th call of a
// claim (its ordinal, counted from 0 by the Plan) with n points has points (claim, c, i).
// Points are dealt out deterministically, balanced by their expected cost (see assign), so
// that every shard, and the merge, compute the same owner for every point without talking
// to each other.
//
//   - A shard (NewShardPlan) computes the points it owns, keeps their results (Encode), and
//     returns zero values for the others; the claim's code goes on with those zeros to reach
//     its later Map calls, and whatever it then computes from them is thrown away.
//   - A merge (NewMergePlan) computes no point: Map returns the results the shards stored,
//     and the claim's own code (fits, verdicts, figures) runs as in a single run, so the
//     outputs are those of a single run, bit for bit.
//
// The condition that makes this exact: a Map call's point set, and each point's inputs, must
// not depend on the results of an earlier Map call of the same claim. A Map call whose
// results feed a later call's points (a first stage every later point continues from, a
// model selected on it) is marked Unsharded: every shard computes all its points (the owner
// stores each), so later calls see the true values everywhere.

// Plan is the sharding state of a run, shared by every Map call made with a context that
// carries it (WithPlan). The ledger starts it per claim (Begin) and collects it (End).
type Plan struct {
	merge bool
	k, n  int // this shard and the number of shards (k unused in a merge)

	mu     sync.Mutex
	loads  []float64 // expected cost dealt to each shard so far in this claim
	first  int       // the shard ties go to first in this claim (claims start on different shards)
	claim  string
	call   int // the ordinal the next Map call gets
	points []Point
	// shard: whether a point of this claim was skipped (from then on the claim computes on
	// zeros), and the first failure of a point this shard ran (a real failure).
	skipped bool
	failed  error
	// merge: the stored points of the claim, and those a Map call has taken.
	stored map[[2]int]Point
	taken  map[[2]int]bool
	// progress, if set, hears of every point this shard computes: done of those it has
	// been dealt so far in the current claim.
	progress   func(done, seen int)
	done, seen int
}

// Point is one stored result: the Map call's ordinal within its claim, the point's index,
// the shard that computed it and its result in Encode's form.
type Point struct {
	Call, Index, Shard int
	Data               []byte
}

// NewShardPlan is the plan of shard k of n (k counted from 0).
func NewShardPlan(k, n int) (*Plan, error) {
	if n < 1 {
		return nil, fmt.Errorf("%d shards: want at least 1", n)
	}
	if k < 0 || k >= n {
		return nil, fmt.Errorf("shard %d of %d: want 0 to %d", k, n, n-1)
	}
	return &Plan{k: k, n: n, loads: make([]float64, n)}, nil
}

// NewMergePlan is the plan of a merge of n shards.
func NewMergePlan(n int) (*Plan, error) {
	if n < 1 {
		return nil, fmt.Errorf("%d shards: want at least 1", n)
	}
	return &Plan{merge: true, n: n, loads: make([]float64, n)}, nil
}

// OnProgress sets a function told of every point this shard computes.
func (p *Plan) OnProgress(fn func(done, seen int)) { p.progress = fn }

// Begin starts a claim: its Map calls count from 0 again. A merge is given the points the
// shards stored for it; two with the same call and index are an error naming both shards.
func (p *Plan) Begin(claim string, stored []Point) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.claim, p.call, p.points, p.skipped, p.failed = claim, 0, nil, false, nil
	// Each claim is dealt on its own: if a claim's calls went differently in one shard (a
	// broken claim), the claims after it are still dealt alike everywhere.
	clear(p.loads)
	h := fnv.New32a()
	h.Write([]byte(claim))
	p.first = int(h.Sum32() % uint32(p.n))
	p.done, p.seen = 0, 0
	p.stored, p.taken = map[[2]int]Point{}, map[[2]int]bool{}
	for _, pt := range stored {
		key := [2]int{pt.Call, pt.Index}
		if old, ok := p.stored[key]; ok {
			return fmt.Errorf("%s, Map call %d, point %d: stored by shard %d and again by shard %d (each point belongs to one shard)", claim, pt.Call, pt.Index, old.Shard, pt.Shard)
		}
		p.stored[key] = pt
	}
	return nil
}

// Outcome is what a claim's run under a plan left: the points this shard computed and owns,
// whether it skipped any (so that the claim's own result is meaningless), the failure of a
// point it ran, and, in a merge, the stored points no Map call asked for.
type Outcome struct {
	Points  []Point
	Skipped bool
	Failed  error
	Unused  []Point
}

// End finishes the claim.
func (p *Plan) End() Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	o := Outcome{Points: p.points, Skipped: p.skipped, Failed: p.failed}
	for key, pt := range p.stored {
		if !p.taken[key] {
			o.Unused = append(o.Unused, pt)
		}
	}
	slices.SortFunc(o.Unused, func(a, b Point) int { return cmpPoint(a, b) })
	p.points, p.stored, p.taken = nil, nil, nil
	return o
}

func cmpPoint(a, b Point) int {
	if a.Call != b.Call {
		return a.Call - b.Call
	}
	return a.Index - b.Index
}

type planKey struct{}
type unshardedKey struct{}
type costKey struct{}

// WithPlan returns a context whose Map calls follow p.
func WithPlan(ctx context.Context, p *Plan) context.Context {
	return context.WithValue(ctx, planKey{}, p)
}

// InShard reports whether ctx carries a shard's plan: a claim's result is then computed
// partly from zeros, and must not be kept anywhere (a cache, a file).
func InShard(ctx context.Context) bool {
	p := planFrom(ctx)
	return p != nil && !p.merge
}

func planFrom(ctx context.Context) *Plan {
	p, _ := ctx.Value(planKey{}).(*Plan)
	return p
}

// Unsharded marks the Map call given the returned context as one whose results feed a later
// Map call's points: under a shard plan every shard computes all of its points. Without a
// plan it changes nothing.
func Unsharded(ctx context.Context) context.Context {
	return context.WithValue(ctx, unshardedKey{}, true)
}

// WithCost gives the Map call made with the returned context the expected cost of each
// point (any unit, > 0; e.g. training examples × steps), so that shards get equal work.
// Without it every point costs 1.
func WithCost(ctx context.Context, cost func(i int) float64) context.Context {
	return context.WithValue(ctx, costKey{}, cost)
}

// next gives a Map call its ordinal and the owner of each of its n points. Points are dealt
// in order of decreasing cost (ties by index) to the shard with the least expected work so
// far in the claim (ties to the claim's first shard, then the next ones), which keeps shards
// within one point's cost of each other. An unsharded call's points are computed by all; its
// owners (who store them) go round.
func (p *Plan) next(ctx context.Context, n int) (call int, owners []int, unsharded bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	call = p.call
	p.call++
	owners = make([]int, n)
	if u, _ := ctx.Value(unshardedKey{}).(bool); u {
		for i := range owners {
			owners[i] = (p.first + i) % p.n
		}
		return call, owners, true
	}
	costFn, _ := ctx.Value(costKey{}).(func(int) float64)
	cost := make([]float64, n)
	order := make([]int, n)
	for i := range cost {
		cost[i], order[i] = 1, i
		if costFn != nil {
			if c := costFn(i); c > 0 && !math.IsInf(c, 1) {
				cost[i] = c
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case cost[a] > cost[b]:
			return -1
		case cost[a] < cost[b]:
			return 1
		}
		return 0
	})
	for _, i := range order {
		k := p.first
		for j := 1; j < p.n; j++ {
			if s := (p.first + j) % p.n; p.loads[s] < p.loads[k] {
				k = s
			}
		}
		owners[i] = k
		p.loads[k] += cost[i]
	}
	return call, owners, false
}

// ErrUnsharded is wrapped by the error of a point that a shard ran after it had skipped
// points of an earlier Map call: if the point used those results, that call must be marked
// Unsharded.
var ErrUnsharded = errors.New("a sharded point failed after earlier points were left to other shards; if it uses an earlier Map call's results, mark that call sweep.Unsharded")

func mapPlanned[T any](ctx context.Context, p *Plan, n, workers int, f func(ctx context.Context, i int) (T, error), done func(finished, total int)) ([]T, error) {
	call, owners, unsharded := p.next(ctx, n)
	// The points themselves run without the plan: a Map inside a point is part of that
	// point, and runs whole.
	inner := context.WithValue(ctx, planKey{}, (*Plan)(nil))
	if p.merge {
		return mergeMap[T](p, call, owners, done)
	}
	var mine []int
	for i, o := range owners {
		if unsharded || o == p.k {
			mine = append(mine, i)
		}
	}
	p.mu.Lock()
	p.seen += len(mine)
	skippedBefore := p.skipped
	p.mu.Unlock()
	out, err := mapIndices(inner, n, mine, workers, f, func(finished, total int) {
		p.mu.Lock()
		p.done++
		if p.progress != nil {
			p.progress(p.done, p.seen)
		}
		p.mu.Unlock()
		if done != nil {
			done(finished, total)
		}
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		if skippedBefore {
			err = fmt.Errorf("%w: %w", err, ErrUnsharded)
		}
		err = fmt.Errorf("%s, Map call %d: %w", p.claim, call, err)
		if p.failed == nil {
			p.failed = err
		}
		return out, err
	}
	for i, o := range owners {
		if o != p.k {
			continue
		}
		data, err := Encode(out[i])
		if err != nil {
			err = fmt.Errorf("%s, Map call %d, point %d: storing its result: %w", p.claim, call, i, err)
			if p.failed == nil {
				p.failed = err
			}
			return out, err
		}
		p.points = append(p.points, Point{Call: call, Index: i, Shard: p.k, Data: data})
	}
	if len(mine) < n {
		p.skipped = true
	}
	return out, nil
}

// mergeMap returns the stored results of a Map call's points.
func mergeMap[T any](p *Plan, call int, owners []int, done func(finished, total int)) ([]T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(owners)
	out := make([]T, n)
	for i := range out {
		key := [2]int{call, i}
		pt, ok := p.stored[key]
		if !ok {
			return out, fmt.Errorf("%s, Map call %d, point %d of %d: not in the shards' files (shard %d of %d should have computed it: was it run with the same code and flags, and did it finish?)", p.claim, call, i, n, owners[i], p.n)
		}
		if err := Decode(pt.Data, &out[i]); err != nil {
			return out, fmt.Errorf("%s, Map call %d, point %d (from shard %d): %w", p.claim, call, i, pt.Shard, err)
		}
		p.taken[key] = true
	}
	if done != nil && n > 0 {
		done(n, n)
	}
	return out, nil
}
