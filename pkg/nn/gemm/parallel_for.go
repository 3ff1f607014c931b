package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// ParallelFor calls f(lo, hi) on disjoint ranges covering [0, n), on up to threads
// goroutines: the caller and the workers of the product pool (parallel.go), so that the
// elementwise passes of a training step (bias and activation, their derivatives, the
// optimizer's update) use the cores the products use, without goroutines of their own.
// Ranges are at least minChunk long (so that a hand-off is worth it) and claimed
// dynamically; f must give the same result whoever runs a range and in whatever order:
// elementwise work, or sums each kept within one range. It returns when every range is
// done.
func ParallelFor(threads, n, minChunk int, f func(lo, hi int)) {
	if n <= 0 {
		return
	}
	minChunk = max(minChunk, 1)
	goroutines := min(threads, runtime.GOMAXPROCS(0), n/minChunk)
	if goroutines <= 1 {
		f(0, n)
		return
	}
	chunks := min(n/minChunk, 4*goroutines)
	startWorkers(goroutines - 1)
	j := forPool.Get().(*forJob)
	j.f, j.n, j.chunks = f, n, chunks
	j.next.Store(0)
	j.completed.Store(0)
	j.refs.Store(int32(goroutines))
	for range goroutines - 1 {
		jobs <- j
	}
	j.work()
	// As runParallel: the remaining ranges are short, so poll before parking.
	for i := 0; j.completed.Load() < int32(chunks) && i < 1000; i++ {
		runtime.Gosched()
	}
	<-j.done
	j.release()
}

// forJob is one ParallelFor call, shared like job.
type forJob struct {
	f         func(lo, hi int)
	n, chunks int
	next      atomic.Int32
	completed atomic.Int32
	refs      atomic.Int32
	done      chan struct{}
}

var forPool = sync.Pool{New: func() any { return &forJob{done: make(chan struct{}, 1)} }}

func (j *forJob) work() {
	for {
		t := int(j.next.Add(1)) - 1
		if t >= j.chunks {
			return
		}
		j.f(t*j.n/j.chunks, (t+1)*j.n/j.chunks)
		if int(j.completed.Add(1)) == j.chunks {
			j.done <- struct{}{}
		}
	}
}

func (j *forJob) release() {
	if j.refs.Add(-1) == 0 {
		j.f = nil
		forPool.Put(j)
	}
}
