package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Parallelism splits C into chunks, strips of whole 8-row or 24-column panels, computed by
// the calling goroutine and by workers. The k dimension is never split and the block sizes
// do not depend on the split, so every C element is the same sum in the same order
// whatever the thread count: results are bit-identical for 1 or 32 threads.
//
// Goroutines come from a small pool of long-lived workers fed through a channel, so a
// parallel product does not allocate and costs a channel hand-off rather than goroutine
// creation. Waking a parked worker is slow on a virtual machine (≈100 µs measured on the
// 2-vCPU KVM guest this was tuned on, as long as a whole mnist product), so:
//   - the work is cut into more chunks than goroutines and claimed dynamically: the caller
//     starts at once and a late worker takes only what is left;
//   - the caller never waits for a worker that has not started, only for claimed chunks,
//     and spins (up to spinTime) rather than parks while it waits;
//   - a worker that finishes a job keeps polling for the next one while a burst is open
//     (Burst: the training loop opens one around each forward and backward pass, whose
//     products come back to back), and for idleSpin after it closes, which covers the short
//     serial stretches between passes and steps (loss, update, copying the next batch).
//     Otherwise it parks at once: between training runs, while other goroutines work
//     alone, or in a program that does one product now and then, idle workers sleep
//     instead of burning a core (they used to poll for 200 µs after every product).
//
// A worker can also be descheduled in the middle of a chunk (by the OS on a machine shared
// with other processes, or by the Go scheduler behind another goroutine), and the caller
// then waits for it. When the caller waited longer than it worked (and than
// backoffMinWait, so that a caller that found every chunk taken does not count), which
// does not happen with a worker that keeps up, products run on the caller alone for
// backoffTime. This changes only who computes a chunk, never the result.

// parMinFMA is the product size (m·n·k multiply-adds) below which a second goroutine costs
// more than it saves; chunkMinFMA bounds the chunks so each is worth a hand-off.
var (
	parMinFMA      = 1 << 18
	chunkMinFMA    = 1 << 18
	spinTime       = 200 * time.Microsecond
	idleSpin       = 50 * time.Microsecond
	backoffTime    = 10 * time.Millisecond
	backoffMinWait = 50 * time.Microsecond

	// serialUntil is the time (UnixNano) before which products are not split.
	serialUntil atomic.Int64
)

// plan is how a product is split: goroutines (the caller and goroutines-1 workers),
// chunks of whole units (unit rows or columns) claimed dynamically, along n or m.
type plan struct {
	goroutines, chunks int
	splitN             bool
	unit               int
}

// split returns the plan for a product of elements of elem bytes with the given thread
// budget (goroutines ≤ 1: run on the caller alone).
func split(m, n, k, nr, elem, threads int) plan {
	work := m * n * k
	if threads <= 1 || work < parMinFMA || time.Now().UnixNano() < serialUntil.Load() {
		return plan{goroutines: 1}
	}
	// Split the larger side: the other operand is then the one every chunk packs or reads
	// in full, and it is the smaller one. Column chunks are whole 24-column panels where
	// possible, row chunks whole 8-row panels.
	pl := plan{splitN: n > m, unit: mr}
	size := m
	if pl.splitN {
		pl.unit, size = nr, n
	}
	units := (size + pl.unit - 1) / pl.unit
	pl.goroutines = min(threads, runtime.GOMAXPROCS(0), units)
	pl.chunks = min(units, 4*pl.goroutines, max(pl.goroutines, work/chunkMinFMA))
	if pl.splitN && m*k*elem > l2Bytes/2 {
		// Every column chunk reads all of op(A). When that does not stay in a core's L2
		// from one chunk to the next, each further chunk a goroutine takes streams it
		// again from L3, so a goroutine takes one chunk. The wide workload's forward and
		// input-gradient products (op(A) of 256×784 and 256×1024) are such products: its
		// step on 2 threads of the Xeon ran 1.08× faster in float32 (two runs of 1,000
		// alternating steps: 1.084, 1.087) and 1.03× in float64 (1.033, 1.031); mnist and
		// deep have none. That gives up claiming chunks as the goroutines come free,
		// which is worth less here than the traffic.
		pl.chunks = pl.goroutines
	}
	return pl
}

// chunkRange returns chunk t of [0, size) in whole units, as even as possible.
func (pl *plan) chunkRange(t, size int) (lo, hi int) {
	units := (size + pl.unit - 1) / pl.unit
	lo = t * units / pl.chunks * pl.unit
	hi = min((t+1)*units/pl.chunks*pl.unit, size)
	return lo, hi
}

// job is one parallel product. Chunks are claimed through next; completed counts the
// finished ones. refs counts the holders (the caller and each hand-off to a worker): a
// late worker may still look at the job after the caller returned, so the job goes back
// to the pool only when the last holder lets go.
type job[T Float] struct {
	p         problem[T]
	plan      plan
	next      atomic.Int32
	completed atomic.Int32
	refs      atomic.Int32
	done      chan struct{} // receives one value when the last chunk completes

	// pieces is the number of packing pieces of the shared operand (shared_pack.go),
	// claimed through next before the chunks; packed counts the finished ones. shared is
	// the job's buffer for that operand, kept with the job in its pool.
	pieces int
	packed atomic.Int32
	shared []T
}

// work packs pieces of the shared operand, then claims and computes chunks, until none
// are left.
func (j *job[T]) work() {
	var ws *workspace[T]
	for {
		t := int(j.next.Add(1)) - 1
		if t < j.pieces {
			j.p.packShared(t)
			j.packed.Add(1)
			continue
		}
		t -= j.pieces
		if t >= j.plan.chunks {
			break
		}
		// Every piece is claimed by now; wait for those still being packed.
		for j.packed.Load() < int32(j.pieces) {
			runtime.Gosched()
		}
		i0, i1, j0, j1 := 0, j.p.m, 0, j.p.n
		if j.plan.splitN {
			j0, j1 = j.plan.chunkRange(t, j.p.n)
		} else {
			i0, i1 = j.plan.chunkRange(t, j.p.m)
		}
		j.p.block(&ws, i0, i1, j0, j1)
		if j.p.then != nil {
			j.p.then(i0, i1, j0, j1)
		}
		if int(j.completed.Add(1)) == j.plan.chunks {
			j.done <- struct{}{} // buffered: never blocks
		}
	}
	putWorkspace(ws)
}

func (j *job[T]) release() {
	if j.refs.Add(-1) == 0 {
		j.p = problem[T]{} // do not keep the caller's matrices alive in the pool
		if isFloat32[T]() {
			jobPool32.Put(j)
		} else {
			jobPool.Put(j)
		}
	}
}

// task is a job of either precision, as the workers see it.
type task interface {
	work()
	release()
}

var (
	jobPool   = sync.Pool{New: func() any { return &job[float64]{done: make(chan struct{}, 1)} }}
	jobPool32 = sync.Pool{New: func() any { return &job[float32]{done: make(chan struct{}, 1)} }}

	workersMu sync.Mutex
	workers   atomic.Int32
	jobs      = make(chan task, 64)
)

// runParallel computes p as planned.
func runParallel[T Float](p *problem[T], pl plan) {
	startWorkers(pl.goroutines - 1)
	var j *job[T]
	if isFloat32[T]() {
		j = jobPool32.Get().(*job[T])
	} else {
		j = jobPool.Get().(*job[T])
	}
	j.p, j.plan = *p, pl
	j.pieces = j.p.prepareShared(&j.shared, pl)
	j.next.Store(0)
	j.completed.Store(0)
	j.packed.Store(0)
	j.refs.Store(int32(pl.goroutines))
	for range pl.goroutines - 1 {
		jobs <- j
	}
	start := time.Now()
	j.work()
	// Every chunk is claimed; wait for the ones still running on workers. They are at most
	// one chunk long, so spin (yielding the processor) for a while rather than park, which
	// would cost another wake-up; but park if the worker was descheduled.
	worked := time.Now()
	deadline := worked.Add(spinTime)
	for i := 0; j.completed.Load() < int32(pl.chunks); i++ {
		if i%16 == 15 && time.Now().After(deadline) {
			break
		}
		runtime.Gosched()
	}
	<-j.done
	if end := time.Now(); end.Sub(worked) > max(worked.Sub(start), backoffMinWait) {
		serialUntil.Store(end.Add(backoffTime).UnixNano())
	}
	j.release()
}

// startWorkers makes sure at least n workers exist. Workers never exit; an idle one is a
// goroutine blocked on a channel receive.
func startWorkers(n int) {
	if int(workers.Load()) >= n {
		return
	}
	workersMu.Lock()
	defer workersMu.Unlock()
	for int(workers.Load()) < n {
		workers.Add(1)
		go worker()
	}
}

func worker() {
	for j := range jobs {
		for j != nil {
			j.work()
			j.release()
			j = poll()
		}
	}
}

// poll waits for the next job without parking while a burst is open and for idleSpin
// after, and returns nil if none came.
func poll() task {
	polling.Add(1)
	defer polling.Add(-1)
	deadline := time.Now().Add(idleSpin)
	for i := 0; ; i++ {
		select {
		case j := <-jobs:
			return j
		default:
		}
		if i%16 == 15 {
			if bursts.Load() > 0 {
				deadline = time.Now().Add(idleSpin)
			} else if time.Now().After(deadline) {
				return nil
			}
			runtime.Gosched()
		}
	}
}

// bursts counts the open bursts (see Burst); polling the workers polling for a job (for
// tests).
var bursts, polling atomic.Int32

// Burst tells the workers that products on the given number of threads will follow each
// other closely until the returned function is called (a forward or backward pass of a
// network): idle workers poll for the next product meanwhile rather than park, which would
// cost a wake-up (≈100 µs on a virtual machine) for each product. With threads ≤ 1 it does
// nothing: serial products need no workers, and networks trained side by side on one
// thread each must not keep idle workers awake. Bursts nest and may overlap across
// goroutines; they change only who computes a product, never its result.
func Burst(threads int) (end func()) {
	if threads <= 1 {
		return noBurst
	}
	bursts.Add(1)
	return endBurst
}

func endBurst() { bursts.Add(-1) }
func noBurst()  {}
