//go:build amd64

package gemm

import (
	"os"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestSIMDSelected checks that a CPU with AVX-512 gets the AVX-512 kernels in both precisions
// (unless the environment forces the portable ones).
func TestSIMDSelected(t *testing.T) {
	if !cpu.X86.HasAVX512F {
		t.Skip("no AVX-512F on this CPU")
	}
	if os.Getenv("DLRETURNS_GEMM") != "portable" && startup.name != "avx512" {
		t.Fatalf("kernels chosen at start-up: %q, want avx512", startup.name)
	}
	UsePortable(false)
	if got := Implementation(); got != "avx512" {
		t.Fatalf("Implementation() = %q, want avx512", got)
	}
	if got := Implementation32(); got != "avx512" {
		t.Fatalf("Implementation32() = %q, want avx512", got)
	}
	UsePortable(true)
	defer UsePortable(false)
	if got := Implementation(); got != "portable" {
		t.Fatalf("after UsePortable(true): Implementation() = %q", got)
	}
	if got := Implementation32(); got != "portable" {
		t.Fatalf("after UsePortable(true): Implementation32() = %q", got)
	}
}

// TestAVX2Selected: without AVX-512, a CPU with AVX2 and FMA gets the AVX2 kernels in both
// precisions.
func TestAVX2Selected(t *testing.T) {
	if cpu.X86.HasAVX512F || !cpu.X86.HasAVX2 || !cpu.X86.HasFMA || os.Getenv("DLRETURNS_GEMM") == "portable" {
		t.Skip("not an AVX2-only CPU, or portable forced")
	}
	if Implementation() != "avx2" || Implementation32() != "avx2" {
		t.Fatalf("kernels %q and %q, want avx2", Implementation(), Implementation32())
	}
}
