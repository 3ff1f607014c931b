package sweep

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
)

type inner struct {
	name string
	vals []float64
}

type sample struct {
	Exported  float64
	hidden    float64 // unexported: gob would drop it
	f32       float32
	n         int64
	u         uint8
	ok        bool
	nilSlice  []int
	empty     []int
	nested    [][]float64
	arr       [2]complex128
	m         map[string]inner
	nilMap    map[int]int
	ptr       *inner
	nilPtr    *inner
	structs   []inner
	nilIface  any
	nilFunc   func()
	named     myFloat
	stringKey map[int]string
}

type myFloat float64

func TestCodecRoundTripsBitForBit(t *testing.T) {
	nanPayload := math.Float64frombits(0x7ff8000000000abc)
	in := sample{
		Exported: 1.0 / 3, hidden: math.Copysign(0, -1), f32: float32(math.Pi), n: -1 << 60, u: 255, ok: true,
		empty: []int{}, nested: [][]float64{{nanPayload, math.Inf(-1)}, nil, {}},
		arr: [2]complex128{complex(1e-310, -2), 0},
		m:   map[string]inner{"b": {"x", []float64{5e-324}}, "a": {}},
		ptr: &inner{"p", nil}, structs: []inner{{"s", []float64{math.MaxFloat64}}},
		named: 0.1, stringKey: map[int]string{3: "three", -1: ""},
	}
	b, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	var out sample
	if err := Decode(b, &out); err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(out.hidden) != math.Float64bits(in.hidden) || math.Float64bits(out.nested[0][0]) != 0x7ff8000000000abc {
		t.Errorf("floats not kept bit for bit: %v %v", out.hidden, out.nested[0][0])
	}
	out.nested[0][0], in.nested[0][0] = 0, 0 // NaN ≠ NaN for DeepEqual
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the value:\n%#v\n%#v", in, out)
	}
	if out.nilSlice != nil || out.empty == nil || out.nilMap != nil || out.nested[1] != nil || out.nested[2] == nil {
		t.Error("nil and empty not kept apart")
	}
	// Deterministic: a map's order does not change the stored form.
	for i := 0; i < 10; i++ {
		again, _ := Encode(in)
		if string(again) != string(func() []byte { c, _ := Encode(in); return c }()) {
			t.Fatal("encoding is not deterministic")
		}
	}
}

func TestCodecRefusesWhatItCannotStore(t *testing.T) {
	type withFunc struct{ f func() }
	if _, err := Encode(withFunc{func() {}}); err == nil || !strings.Contains(err.Error(), ".f: a func()") {
		t.Errorf("a func field: %v", err)
	}
	type withIface struct{ Any any }
	if _, err := Encode(withIface{3}); err == nil || !strings.Contains(err.Error(), ".Any") {
		t.Errorf("an interface field: %v", err)
	}
	b, _ := Encode([]float64{1, 2, 3})
	var short []float64
	if err := Decode(b[:len(b)-1], &short); err == nil || !strings.Contains(err.Error(), "ends early") {
		t.Errorf("a truncated value: %v", err)
	}
	var wrong int
	if err := Decode(b, &wrong); err == nil {
		t.Error("decoding into another type did not fail")
	}
}

// mapUnderPlans runs the same two Map calls under a plan.
func twoCalls(ctx context.Context, t *testing.T) ([]float64, [][]float64, error) {
	a, err := Map(WithCost(ctx, func(i int) float64 { return float64(i%4 + 1) }), 11, 3, func(_ context.Context, i int) (float64, error) {
		return math.Sin(float64(i)), nil
	}, nil)
	if err != nil {
		return nil, nil, err
	}
	b, err := Map(ctx, 3, 2, func(_ context.Context, i int) ([]float64, error) {
		return []float64{float64(i) / 7}, nil
	}, nil)
	return a, b, err
}

func TestShardsAndMergeGiveTheSingleRunsResults(t *testing.T) {
	wantA, wantB, _ := twoCalls(context.Background(), t)
	for _, n := range []int{1, 2, 3, 5, 20} {
		var all []Point
		owned := map[int]int{}
		for k := 0; k < n; k++ {
			p, err := NewShardPlan(k, n)
			if err != nil {
				t.Fatal(err)
			}
			p.Begin("c", nil)
			twoCalls(WithPlan(context.Background(), p), t)
			o := p.End()
			if o.Failed != nil {
				t.Fatal(o.Failed)
			}
			all = append(all, o.Points...)
			owned[k] = len(o.Points)
		}
		if len(all) != 14 {
			t.Fatalf("%d shards stored %d points, want 14 (each once)", n, len(all))
		}
		m, _ := NewMergePlan(n)
		if err := m.Begin("c", all); err != nil {
			t.Fatal(err)
		}
		a, b, err := twoCalls(WithPlan(context.Background(), m), t)
		if err != nil {
			t.Fatal(err)
		}
		if o := m.End(); len(o.Unused) != 0 {
			t.Errorf("%d unused points", len(o.Unused))
		}
		if !reflect.DeepEqual(a, wantA) || !reflect.DeepEqual(b, wantB) {
			t.Errorf("%d shards: merged %v %v, want %v %v", n, a, b, wantA, wantB)
		}
	}
}

// Points are dealt by cost: shards' totals stay within the largest point's cost of each other.
func TestAssignmentBalancesCost(t *testing.T) {
	p, _ := NewShardPlan(0, 3)
	costs := []float64{30, 1, 1, 1, 30, 2, 2, 5, 30, 8, 1, 1}
	_, owners, _ := p.next(WithCost(context.Background(), func(i int) float64 { return costs[i] }), len(costs))
	load := make([]float64, 3)
	for i, o := range owners {
		load[o] += costs[i]
	}
	lo, hi := math.Min(load[0], math.Min(load[1], load[2])), math.Max(load[0], math.Max(load[1], load[2]))
	if hi-lo > 30 || owners[0] == owners[4] || owners[4] == owners[8] {
		t.Errorf("loads %v (owners %v): the three costly points should go to three shards", load, owners)
	}
	q, _ := NewShardPlan(2, 3)
	_, again, _ := q.next(WithCost(context.Background(), func(i int) float64 { return costs[i] }), len(costs))
	if !reflect.DeepEqual(owners, again) {
		t.Error("two shards computed different owners")
	}
}

func TestShardedPointFailureIsReal(t *testing.T) {
	p, _ := NewShardPlan(1, 2)
	p.Begin("c", nil)
	ctx := WithPlan(context.Background(), p)
	Map(ctx, 4, 1, func(_ context.Context, i int) (int, error) { return i, nil }, nil)
	_, err := Map(ctx, 4, 1, func(_ context.Context, i int) (int, error) {
		var s []int
		return s[i], nil
	}, nil)
	o := p.End()
	if err == nil || o.Failed == nil || !strings.Contains(o.Failed.Error(), "mark that call sweep.Unsharded") || !o.Skipped {
		t.Errorf("err %v, outcome %+v", err, o)
	}
}

func TestNestedMapRunsWhole(t *testing.T) {
	p, _ := NewShardPlan(0, 2)
	p.Begin("c", nil)
	var inner []int
	Map(WithPlan(context.Background(), p), 1, 1, func(ctx context.Context, i int) (int, error) {
		r, err := Map(ctx, 5, 1, func(_ context.Context, j int) (int, error) { return j + 1, nil }, nil)
		inner = r
		return 0, err
	}, nil)
	if !reflect.DeepEqual(inner, []int{1, 2, 3, 4, 5}) {
		t.Errorf("a Map inside a point gave %v", inner)
	}
	if o := p.End(); len(o.Points) != 1 {
		t.Errorf("stored %d points, want the outer one", len(o.Points))
	}
}
