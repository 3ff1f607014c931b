// Package sweep runs the independent points of an experiment (seeds, widths, dataset sizes)
// on separate cores. Each point must depend only on its index (its own seed, its own
// network), so the results are identical to a sequential run, in the same order.
package sweep

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// Workers is the number of points run at once by default: one per core.
func Workers() int { return runtime.GOMAXPROCS(0) }

// Effective is the number of workers Map uses for a requested count: workers, or one per
// core when workers ≤ 0.
func Effective(workers int) int {
	if workers <= 0 {
		return Workers()
	}
	return workers
}

// InnerThreads is how many threads each point's matrix products should use when workers
// points run side by side: the cores left over, at least 1.
func InnerThreads(workers int) int { return max(1, runtime.GOMAXPROCS(0)/Effective(workers)) }

// Map runs f for i in [0, n) on up to workers goroutines (≤ 0: Workers()) and returns the
// results by index. The first error cancels the points not yet started and is returned,
// with the lowest failing index's error preferred so that the error too is deterministic.
// done, if not nil, is called after each point with the number finished so far.
//
// When ctx carries a Plan (see shard.go), Map is where a run is split across machines: a
// shard computes only the points it owns, and a merge reads every point from the shards'
// files instead of computing it.
func Map[T any](ctx context.Context, n, workers int, f func(ctx context.Context, i int) (T, error), done func(finished, total int)) ([]T, error) {
	if p := planFrom(ctx); p != nil {
		return mapPlanned(ctx, p, n, workers, f, done)
	}
	return mapIndices(ctx, n, nil, workers, f, done)
}

// mapIndices runs f for the indices in idx (every i in [0, n) when idx is nil) and returns
// the n results by index, zero where not run.
func mapIndices[T any](ctx context.Context, n int, idx []int, workers int, f func(ctx context.Context, i int) (T, error), done func(finished, total int)) ([]T, error) {
	if idx == nil {
		idx = make([]int, n)
		for i := range idx {
			idx[i] = i
		}
	}
	m := len(idx)
	workers = min(Effective(workers), max(m, 1))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]T, n)
	errs := make([]error, m)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	finished := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if err := ctx.Err(); err != nil {
					errs[j] = err
					continue
				}
				i := idx[j]
				out[i], errs[j] = call(ctx, i, f)
				if errs[j] != nil {
					cancel()
				}
				mu.Lock()
				finished++
				if done != nil {
					done(finished, m)
				}
				mu.Unlock()
			}
		}()
	}
	for j := 0; j < m; j++ {
		next <- j
	}
	close(next)
	wg.Wait()
	// Prefer a real failure over the cancellations it caused.
	var first error
	for _, err := range errs {
		if err != nil && err != context.Canceled {
			return out, err
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return out, first
}

// call runs one point, turning a panic into that point's error (with the stack): a panic in
// a worker goroutine would otherwise end the whole process, and every claim with it.
func call[T any](ctx context.Context, i int, f func(ctx context.Context, i int) (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("point %d panicked: %v\n\t%s", i, r, strings.ReplaceAll(strings.TrimSpace(string(debug.Stack())), "\n", "\n\t"))
		}
	}()
	return f(ctx, i)
}
