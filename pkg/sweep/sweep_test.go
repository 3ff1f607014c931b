package sweep

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMapMatchesSequentialRun(t *testing.T) {
	point := func(_ context.Context, i int) (float64, error) {
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		s := 0.0
		for k := 0; k < 1000; k++ {
			s += rng.Float64()
		}
		return s, nil
	}
	seq, _ := Map(context.Background(), 20, 1, point, nil)
	par, _ := Map(context.Background(), 20, 4, point, nil)
	for i := range seq {
		if seq[i] != par[i] {
			t.Fatalf("point %d: sequential %v, parallel %v", i, seq[i], par[i])
		}
	}
}

func TestMapReportsTheLowestFailure(t *testing.T) {
	_, err := Map(context.Background(), 10, 3, func(_ context.Context, i int) (int, error) {
		if i == 4 {
			return 0, errors.New("point 4 diverged")
		}
		return i, nil
	}, nil)
	if err == nil || err.Error() != "point 4 diverged" {
		t.Fatalf("got %v", err)
	}
}

func TestMapProgress(t *testing.T) {
	calls := 0
	Map(context.Background(), 7, 2, func(_ context.Context, i int) (int, error) { return i, nil },
		func(done, total int) { calls++ })
	if calls != 7 {
		t.Errorf("progress called %d times, want 7", calls)
	}
}

// Issue 14, case 1: a panic in a point (a malformed dataset, a bug) is that point's error,
// not a crash of the process from a worker goroutine.
func TestMapPanicIsAnError(t *testing.T) {
	for _, workers := range []int{1, 3} {
		_, err := Map(context.Background(), 5, workers, func(ctx context.Context, i int) (int, error) {
			if i == 2 {
				var s []int
				return s[i], nil // index out of range
			}
			return i, nil
		}, nil)
		if err == nil || !strings.Contains(err.Error(), "point 2 panicked") || !strings.Contains(err.Error(), "index out of range") {
			t.Errorf("workers=%d: got %v, want point 2's panic as an error", workers, err)
		}
	}
}
