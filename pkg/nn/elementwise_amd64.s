//go:build amd64

#include "textflag.h"

// AVX2 versions of the elementwise passes that run on every training step (see
// elementwise_amd64.go), in float32 (…8: 8 floats per vector) and float64 (…4d: 4 doubles).
// Each works on whole vectors, n a multiple of 8 or 4; the Go callers do the tail. They do the same IEEE operations in the same order as the Go loops,
// so the bits are the same.

// func reluBias8(row, bias *float32, n int)
// row[j] = max(row[j] + bias[j], 0) with the bits of Go's max: NaN stays NaN (with its sign
// bit cleared, as Go's max leaves it) and −0 becomes +0. VMAXPS with 0 first returns x
// unless 0 > x, so NaN and −0 pass; clearing the sign bit then turns −0 into +0 and
// changes nothing else but a NaN's sign.
TEXT ·reluBias8(SB), NOSPLIT, $0-24
	MOVQ   row+0(FP), DI
	MOVQ   bias+8(FP), SI
	MOVQ   n+16(FP), CX
	VXORPS   Y15, Y15, Y15
	VPCMPEQD Y14, Y14, Y14
	VPSRLD   $1, Y14, Y14
	SHRQ     $3, CX
	JZ       rbdone

rbloop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMAXPS  Y0, Y15, Y0
	VANDPS  Y14, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     rbloop

rbdone:
	VZEROUPPER
	RET

// func addBias8(row, bias *float32, n int)
// row[j] += bias[j].
TEXT ·addBias8(SB), NOSPLIT, $0-24
	MOVQ row+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JZ   abdone

abloop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     abloop

abdone:
	VZEROUPPER
	RET

// func reluBackBias8(dd, out, grad *float32, n int)
// The ReLU derivative and the bias gradient in one pass: d[j] is kept where the bits of
// out[j] are not all zero (the Go loop's (x | −x) >> 31 mask) and zeroed elsewhere, then
// g[j] += d[j].
TEXT ·reluBackBias8(SB), NOSPLIT, $0-32
	MOVQ   dd+0(FP), DI
	MOVQ   out+8(FP), SI
	MOVQ   grad+16(FP), DX
	MOVQ   n+24(FP), CX
	VPXOR  Y15, Y15, Y15
	SHRQ   $3, CX
	JZ     rbbdone

rbbloop:
	VPCMPEQD (SI), Y15, Y1
	VPANDN   (DI), Y1, Y0
	VMOVUPS  Y0, (DI)
	VADDPS   (DX), Y0, Y0
	VMOVUPS  Y0, (DX)
	ADDQ     $32, DI
	ADDQ     $32, SI
	ADDQ     $32, DX
	DECQ     CX
	JNZ      rbbloop

rbbdone:
	VZEROUPPER
	RET

// func reluBack8(dd, out *float32, n int)
// The ReLU derivative alone (a layer without a bias gradient to take, or one whose bias
// gradient is summed later by columns): d[j] is kept where the bits of out[j] are not all
// zero and zeroed elsewhere, as in reluBackBias8.
TEXT ·reluBack8(SB), NOSPLIT, $0-24
	MOVQ   dd+0(FP), DI
	MOVQ   out+8(FP), SI
	MOVQ   n+16(FP), CX
	VPXOR  Y15, Y15, Y15
	SHRQ   $3, CX
	JZ     rbkdone

rbkloop:
	VPCMPEQD (SI), Y15, Y1
	VPANDN   (DI), Y1, Y0
	VMOVUPS  Y0, (DI)
	ADDQ     $32, DI
	ADDQ     $32, SI
	DECQ     CX
	JNZ      rbkloop

rbkdone:
	VZEROUPPER
	RET

// func addTo8(grad, dd *float32, n int)
// g[j] += d[j].
TEXT ·addTo8(SB), NOSPLIT, $0-24
	MOVQ grad+0(FP), DI
	MOVQ dd+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JZ   atdone

atloop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     atloop

atdone:
	VZEROUPPER
	RET

// func sgd8(wt, grad *float32, lr float32, n int)
// w[j] −= lr·g[j], rounded after the product as in Go (no fused multiply-add).
TEXT ·sgd8(SB), NOSPLIT, $0-32
	MOVQ         wt+0(FP), DI
	MOVQ         grad+8(FP), SI
	VBROADCASTSS lr+16(FP), Y15
	MOVQ         n+24(FP), CX
	SHRQ         $3, CX
	JZ           sgdone

sgloop:
	VMULPS  (SI), Y15, Y1
	VMOVUPS (DI), Y0
	VSUBPS  Y1, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     sgloop

sgdone:
	VZEROUPPER
	RET

// The float64 versions: the same instructions on 4 doubles per vector.

// func reluBias4d(row, bias *float64, n int)
TEXT ·reluBias4d(SB), NOSPLIT, $0-24
	MOVQ   row+0(FP), DI
	MOVQ   bias+8(FP), SI
	MOVQ   n+16(FP), CX
	VXORPD   Y15, Y15, Y15
	VPCMPEQQ Y14, Y14, Y14
	VPSRLQ   $1, Y14, Y14
	SHRQ     $2, CX
	JZ       rbddone

rbdloop:
	VMOVUPD (DI), Y0
	VADDPD  (SI), Y0, Y0
	VMAXPD  Y0, Y15, Y0
	VANDPD  Y14, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     rbdloop

rbddone:
	VZEROUPPER
	RET

// func addBias4d(row, bias *float64, n int)
TEXT ·addBias4d(SB), NOSPLIT, $0-24
	MOVQ row+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	JZ   abddone

abdloop:
	VMOVUPD (DI), Y0
	VADDPD  (SI), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     abdloop

abddone:
	VZEROUPPER
	RET

// func reluBackBias4d(dd, out, grad *float64, n int)
TEXT ·reluBackBias4d(SB), NOSPLIT, $0-32
	MOVQ   dd+0(FP), DI
	MOVQ   out+8(FP), SI
	MOVQ   grad+16(FP), DX
	MOVQ   n+24(FP), CX
	VPXOR  Y15, Y15, Y15
	SHRQ   $2, CX
	JZ     rbbddone

rbbdloop:
	VPCMPEQQ (SI), Y15, Y1
	VPANDN   (DI), Y1, Y0
	VMOVUPD  Y0, (DI)
	VADDPD   (DX), Y0, Y0
	VMOVUPD  Y0, (DX)
	ADDQ     $32, DI
	ADDQ     $32, SI
	ADDQ     $32, DX
	DECQ     CX
	JNZ      rbbdloop

rbbddone:
	VZEROUPPER
	RET

// func reluBack4d(dd, out *float64, n int)
TEXT ·reluBack4d(SB), NOSPLIT, $0-24
	MOVQ   dd+0(FP), DI
	MOVQ   out+8(FP), SI
	MOVQ   n+16(FP), CX
	VPXOR  Y15, Y15, Y15
	SHRQ   $2, CX
	JZ     rbkddone

rbkdloop:
	VPCMPEQQ (SI), Y15, Y1
	VPANDN   (DI), Y1, Y0
	VMOVUPD  Y0, (DI)
	ADDQ     $32, DI
	ADDQ     $32, SI
	DECQ     CX
	JNZ      rbkdloop

rbkddone:
	VZEROUPPER
	RET

// func addTo4d(grad, dd *float64, n int)
TEXT ·addTo4d(SB), NOSPLIT, $0-24
	MOVQ grad+0(FP), DI
	MOVQ dd+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	JZ   atddone

atdloop:
	VMOVUPD (DI), Y0
	VADDPD  (SI), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     atdloop

atddone:
	VZEROUPPER
	RET

// func sgd4d(wt, grad *float64, lr float64, n int)
TEXT ·sgd4d(SB), NOSPLIT, $0-32
	MOVQ         wt+0(FP), DI
	MOVQ         grad+8(FP), SI
	VBROADCASTSD lr+16(FP), Y15
	MOVQ         n+24(FP), CX
	SHRQ         $2, CX
	JZ           sgddone

sgdloop:
	VMULPD  (SI), Y15, Y1
	VMOVUPD (DI), Y0
	VSUBPD  Y1, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     sgdloop

sgddone:
	VZEROUPPER
	RET
