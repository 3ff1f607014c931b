//go:build amd64

package gemm

import (
	"os"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestSIMDSelected checks that a CPU with AVX-512 gets the assembly kernels (unless the
// environment forces the portable ones).
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
	UsePortable(true)
	defer UsePortable(false)
	if got := Implementation(); got != "portable" {
		t.Fatalf("after UsePortable(true): Implementation() = %q", got)
	}
}
