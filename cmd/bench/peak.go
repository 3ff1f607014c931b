package main

import (
	"runtime"
	"sync"
	"time"
)

// measurePeak runs the FMA loop on threads goroutines at once for about d and returns the
// float64 FLOP rate they sustain together: the machine's practical peak, against which the
// training loop's rate is reported.
func measurePeak(threads int, d time.Duration) (gflops float64, what string) {
	loop, per, name := fmaLoop()
	if loop == nil {
		return scalarPeak(threads, d), "scalar Go loop (no SIMD FMA loop for this CPU)"
	}
	const chunk = 1 << 20
	loop(chunk) // warm up the vector units
	var wg sync.WaitGroup
	iters := make([]int64, threads)
	start := time.Now()
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for time.Since(start) < d {
				loop(chunk)
				iters[t] += chunk
			}
		}(t)
	}
	wg.Wait()
	sec := time.Since(start).Seconds()
	var total int64
	for _, n := range iters {
		total += n
	}
	return float64(total) * per / sec / 1e9, name
}

func scalarPeak(threads int, d time.Duration) float64 {
	var wg sync.WaitGroup
	counts := make([]float64, threads)
	start := time.Now()
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			a, b, c, e := 1.0, 1.0000001, 0.9999999, 1.0
			for time.Since(start) < d {
				for i := 0; i < 1<<16; i++ {
					a = a*b + c
					e = e*c + b
				}
				counts[t] += 4 << 16
			}
			_ = a + e
		}(t)
	}
	wg.Wait()
	var total float64
	for _, c := range counts {
		total += c
	}
	return total / time.Since(start).Seconds() / 1e9
}
