package sweep

import (
	"context"
	"errors"
	"math/rand/v2"
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
