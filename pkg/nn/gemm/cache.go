package gemm

import (
	"os"
	"strconv"
	"strings"
)

// The B block of the driver (kc × nc elements) is reused by every row panel of a block
// and must stay in the core's L2 cache. Its width nc is therefore chosen from the L2 size
// read at start-up, not fixed for one machine: half of L2 for B leaves the other half for
// the A panels, the C tiles and the other core's traffic on a shared L2. nc does not
// change the order of any sum (only k blocks do), so results do not depend on it.
//
// The size comes from Linux's sysfs (/sys/devices/system/cpu/cpu0/cache/index*/, the
// cache of level 2 that holds data); elsewhere, or if it cannot be read, 1 MiB is assumed.
var l2Bytes = readL2()

// ncMaxOverride, if positive, replaces the computed width (for benchmarks of the blocking).
var ncMaxOverride = 0

const defaultL2 = 1 << 20

// ncBlock returns the column block width for panels of nr columns, k blocks of kc and
// elements of size bytes: whole panels filling half of L2, at least 2 panels, at most 32.
func ncBlock(nr, kc, size int) int {
	if ncMaxOverride > 0 {
		return ncMaxOverride
	}
	panels := l2Bytes / 2 / (kc * size * nr)
	return nr * min(max(panels, 2), 32)
}

func readL2() int {
	const dir = "/sys/devices/system/cpu/cpu0/cache/"
	for i := 0; i < 8; i++ {
		idx := dir + "index" + strconv.Itoa(i) + "/"
		level, err1 := os.ReadFile(idx + "level")
		typ, err2 := os.ReadFile(idx + "type")
		size, err3 := os.ReadFile(idx + "size")
		if err1 != nil || err2 != nil || err3 != nil {
			break
		}
		if strings.TrimSpace(string(level)) != "2" || strings.TrimSpace(string(typ)) == "Instruction" {
			continue
		}
		if n := parseCacheSize(strings.TrimSpace(string(size))); n > 0 {
			return n
		}
	}
	return defaultL2
}

// parseCacheSize reads sysfs's "512K" or "2048K" (or "1M"); 0 if malformed.
func parseCacheSize(s string) int {
	mult := 1
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0
	}
	return n * mult
}
