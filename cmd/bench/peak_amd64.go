package main

import "golang.org/x/sys/cpu"

//go:noescape
func fmaPeakAVX512(iters int64)

//go:noescape
func fmaPeakAVX2(iters int64)

// fmaLoop returns the widest FMA loop this CPU runs and the FLOPs of one iteration.
func fmaLoop() (loop func(int64), flopsPerIter float64, name string) {
	switch {
	case cpu.X86.HasAVX512F:
		return fmaPeakAVX512, 256, "AVX-512 FMA, float64"
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return fmaPeakAVX2, 96, "AVX2 FMA, float64"
	}
	return nil, 0, ""
}
