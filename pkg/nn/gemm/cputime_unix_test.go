//go:build unix

package gemm

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time used by the process so far (all threads), for the GFLOP/cpu-s
// benchmark metric: on a shared machine it shows the kernels' speed while they ran,
// whatever time other processes took from them.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
