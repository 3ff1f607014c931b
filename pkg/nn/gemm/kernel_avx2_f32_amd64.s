//go:build amd64

#include "textflag.h"
#include "avx2_f32_tile.h"

// AVX2+FMA float32 micro-kernels: the float64 kernels of kernel_avx2_amd64.s with 8 floats
// per ymm register instead of 4 doubles, so the same 12 accumulators cover 4 rows by 24
// columns and each FMA instruction does twice the work. Same contract and registers
// (see kernel_avx2_amd64.s); strides are in float32 elements, alpha and beta are float32,
// and mask points at 8 int32 lane masks.

#define ARGS4S \
	MOVQ rsa+16(FP), R8;   \
	SHLQ $2, R8;           \
	LEAQ (R8)(R8*2), R9;   \
	MOVQ csa+24(FP), R10;  \
	SHLQ $2, R10;          \
	MOVQ ldb+40(FP), DX;   \
	SHLQ $2, DX;           \
	MOVQ b+32(FP), R11;    \
	MOVQ c+64(FP), DI;     \
	MOVQ ldc+80(FP), R12;  \
	SHLQ $2, R12;          \
	MOVQ np+56(FP), R13

#define PANEL_START4S \
	MOVQ a+8(FP), AX;  \
	MOVQ R11, CX;      \
	MOVQ k+0(FP), SI

#define NEXT_PANEL4S \
	MOVQ bnext+48(FP), BX; \
	SHLQ $2, BX;           \
	ADDQ BX, R11;          \
	MOVQ cnext+72(FP), BX; \
	SHLQ $2, BX;           \
	ADDQ BX, DI;           \
	DECQ R13

#define ROW4S(store, done) \
	store;        \
	ADDQ R12, CX; \
	DECQ SI;      \
	JZ   done

// ---- 4×24, no mask: STEP24, ZERO24, STOREB24 and STORE024 are in avx2_f32_tile.h. ----

// func kern4x24s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)
TEXT ·kern4x24s(SB), NOSPLIT, $0-120
	ARGS4S

panel24:
	PANEL_START4S
	ZERO24
	CMPQ SI, $4
	JLT  tail24

loop24:
	STEP24
	STEP24
	STEP24
	STEP24
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop24

tail24:
	TESTQ SI, SI
	JEQ   store24

loop24b:
	STEP24
	DECQ SI
	JNZ  loop24b

store24:
	VBROADCASTSS alpha+88(FP), Y0
	VBROADCASTSS beta+92(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
	JNE          zero24
	ROW4S(STOREB24(Y4, Y5, Y6), done24)
	ROW4S(STOREB24(Y7, Y8, Y9), done24)
	ROW4S(STOREB24(Y10, Y11, Y12), done24)
	STOREB24(Y13, Y14, Y15)
	JMP          done24

zero24:
	ROW4S(STORE024(Y4, Y5, Y6), done24)
	ROW4S(STORE024(Y7, Y8, Y9), done24)
	ROW4S(STORE024(Y10, Y11, Y12), done24)
	STORE024(Y13, Y14, Y15)

done24:
	NEXT_PANEL4S
	JNZ panel24
	VZEROUPPER
	RET

// ---- 4×16, second vector under the mask in Y2: accumulators Y4–Y11. ----

#define STEP16 \
	VMOVUPS      (CX), Y0;            \
	VMASKMOVPS   32(CX), Y2, Y1;      \
	ADDQ         DX, CX;              \
	VBROADCASTSS (AX), Y3;            \
	VFMADD231PS  Y0, Y3, Y4;          \
	VFMADD231PS  Y1, Y3, Y5;          \
	VBROADCASTSS (AX)(R8*1), Y3;      \
	VFMADD231PS  Y0, Y3, Y6;          \
	VFMADD231PS  Y1, Y3, Y7;          \
	VBROADCASTSS (AX)(R8*2), Y3;      \
	VFMADD231PS  Y0, Y3, Y8;          \
	VFMADD231PS  Y1, Y3, Y9;          \
	VBROADCASTSS (AX)(R9*1), Y3;      \
	VFMADD231PS  Y0, Y3, Y10;         \
	VFMADD231PS  Y1, Y3, Y11;         \
	ADDQ         R10, AX

#define ZERO16 \
	VXORPS Y4, Y4, Y4; VXORPS Y5, Y5, Y5; VXORPS Y6, Y6, Y6;    VXORPS Y7, Y7, Y7; \
	VXORPS Y8, Y8, Y8; VXORPS Y9, Y9, Y9; VXORPS Y10, Y10, Y10; VXORPS Y11, Y11, Y11

// Y0 = alpha, Y1 = beta, Y2 mask, Y3 scratch.
#define STOREB16(r0, r1) \
	VMULPS      Y0, r0, r0;      \
	VFMADD231PS (CX), Y1, r0;    \
	VMOVUPS     r0, (CX);        \
	VMULPS      Y0, r1, r1;      \
	VMASKMOVPS  32(CX), Y2, Y3;  \
	VFMADD231PS Y3, Y1, r1;      \
	VMASKMOVPS  r1, Y2, 32(CX)

#define STORE016(r0, r1) \
	VMULPS     Y0, r0, r0; \
	VMOVUPS    r0, (CX);   \
	VMULPS     Y0, r1, r1; \
	VMASKMOVPS r1, Y2, 32(CX)

// func kern4x16s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)
TEXT ·kern4x16s(SB), NOSPLIT, $0-120
	ARGS4S
	MOVQ    mask+104(FP), BX
	VMOVUPS (BX), Y2

panel16:
	PANEL_START4S
	ZERO16
	CMPQ SI, $4
	JLT  tail16

loop16:
	STEP16
	STEP16
	STEP16
	STEP16
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop16

tail16:
	TESTQ SI, SI
	JEQ   store16

loop16b:
	STEP16
	DECQ SI
	JNZ  loop16b

store16:
	VBROADCASTSS alpha+88(FP), Y0
	VBROADCASTSS beta+92(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
	JNE          zero16
	ROW4S(STOREB16(Y4, Y5), done16)
	ROW4S(STOREB16(Y6, Y7), done16)
	ROW4S(STOREB16(Y8, Y9), done16)
	STOREB16(Y10, Y11)
	JMP          done16

zero16:
	ROW4S(STORE016(Y4, Y5), done16)
	ROW4S(STORE016(Y6, Y7), done16)
	ROW4S(STORE016(Y8, Y9), done16)
	STORE016(Y10, Y11)

done16:
	NEXT_PANEL4S
	JNZ panel16
	VZEROUPPER
	RET

// ---- 4×16 without a mask (a tail of exactly 16 columns, as in 64-wide layers): the
// masked loads of kern4x16s are slow on some CPUs (Zen 1). Accumulators Y4–Y11. ----

#define STEP16U \
	VMOVUPS      (CX), Y0;            \
	VMOVUPS      32(CX), Y1;           \
	ADDQ         DX, CX;              \
	VBROADCASTSS (AX), Y3;            \
	VFMADD231PS  Y0, Y3, Y4;          \
	VFMADD231PS  Y1, Y3, Y5;          \
	VBROADCASTSS (AX)(R8*1), Y3;      \
	VFMADD231PS  Y0, Y3, Y6;          \
	VFMADD231PS  Y1, Y3, Y7;          \
	VBROADCASTSS (AX)(R8*2), Y3;      \
	VFMADD231PS  Y0, Y3, Y8;          \
	VFMADD231PS  Y1, Y3, Y9;          \
	VBROADCASTSS (AX)(R9*1), Y3;      \
	VFMADD231PS  Y0, Y3, Y10;         \
	VFMADD231PS  Y1, Y3, Y11;         \
	ADDQ         R10, AX

#define ZERO16U \
	VXORPS Y4, Y4, Y4; VXORPS Y5, Y5, Y5; VXORPS Y6, Y6, Y6;    VXORPS Y7, Y7, Y7; \
	VXORPS Y8, Y8, Y8; VXORPS Y9, Y9, Y9; VXORPS Y10, Y10, Y10; VXORPS Y11, Y11, Y11

// Y0 = alpha, Y1 = beta, Y3 scratch.
#define STOREB16U(r0, r1) \
	VMULPS      Y0, r0, r0;      \
	VFMADD231PS (CX), Y1, r0;    \
	VMOVUPS     r0, (CX);        \
	VMULPS      Y0, r1, r1;      \
	VMOVUPS     32(CX), Y3;      \
	VFMADD231PS Y3, Y1, r1;      \
	VMOVUPS     r1, 32(CX)

#define STORE016U(r0, r1) \
	VMULPS     Y0, r0, r0; \
	VMOVUPS    r0, (CX);   \
	VMULPS     Y0, r1, r1; \
	VMOVUPS    r1, 32(CX)

// func kern4x16su(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)
TEXT ·kern4x16su(SB), NOSPLIT, $0-120
	ARGS4S

panel16u:
	PANEL_START4S
	ZERO16U
	CMPQ SI, $4
	JLT  tail16u

loop16u:
	STEP16U
	STEP16U
	STEP16U
	STEP16U
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop16u

tail16u:
	TESTQ SI, SI
	JEQ   store16u

loop16bu:
	STEP16U
	DECQ SI
	JNZ  loop16bu

store16u:
	VBROADCASTSS alpha+88(FP), Y0
	VBROADCASTSS beta+92(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
	JNE          zero16u
	ROW4S(STOREB16U(Y4, Y5), done16u)
	ROW4S(STOREB16U(Y6, Y7), done16u)
	ROW4S(STOREB16U(Y8, Y9), done16u)
	STOREB16U(Y10, Y11)
	JMP          done16u

zero16u:
	ROW4S(STORE016U(Y4, Y5), done16u)
	ROW4S(STORE016U(Y6, Y7), done16u)
	ROW4S(STORE016U(Y8, Y9), done16u)
	STORE016U(Y10, Y11)

done16u:
	NEXT_PANEL4S
	JNZ panel16u
	VZEROUPPER
	RET

// ---- 4×8 under the mask in Y2: accumulators Y4–Y7. ----

#define STEP8S \
	VMASKMOVPS   (CX), Y2, Y0;        \
	ADDQ         DX, CX;              \
	VBROADCASTSS (AX), Y3;            \
	VFMADD231PS  Y0, Y3, Y4;          \
	VBROADCASTSS (AX)(R8*1), Y3;      \
	VFMADD231PS  Y0, Y3, Y5;          \
	VBROADCASTSS (AX)(R8*2), Y3;      \
	VFMADD231PS  Y0, Y3, Y6;          \
	VBROADCASTSS (AX)(R9*1), Y3;      \
	VFMADD231PS  Y0, Y3, Y7;          \
	ADDQ         R10, AX

#define STOREB8S(r0) \
	VMULPS      Y0, r0, r0;     \
	VMASKMOVPS  (CX), Y2, Y3;   \
	VFMADD231PS Y3, Y1, r0;     \
	VMASKMOVPS  r0, Y2, (CX)

#define STORE08S(r0) \
	VMULPS     Y0, r0, r0; \
	VMASKMOVPS r0, Y2, (CX)

// func kern4x8s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, cnext, ldc int, alpha, beta float32, mr int, mask *int32, betaZero int)
TEXT ·kern4x8s(SB), NOSPLIT, $0-120
	ARGS4S
	MOVQ    mask+104(FP), BX
	VMOVUPS (BX), Y2

panel8s:
	PANEL_START4S
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ   SI, $4
	JLT    tail8s

loop8s:
	STEP8S
	STEP8S
	STEP8S
	STEP8S
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop8s

tail8s:
	TESTQ SI, SI
	JEQ   store8s

loop8sb:
	STEP8S
	DECQ SI
	JNZ  loop8sb

store8s:
	VBROADCASTSS alpha+88(FP), Y0
	VBROADCASTSS beta+92(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
	JNE          zero8s
	ROW4S(STOREB8S(Y4), done8s)
	ROW4S(STOREB8S(Y5), done8s)
	ROW4S(STOREB8S(Y6), done8s)
	STOREB8S(Y7)
	JMP          done8s

zero8s:
	ROW4S(STORE08S(Y4), done8s)
	ROW4S(STORE08S(Y5), done8s)
	ROW4S(STORE08S(Y6), done8s)
	STORE08S(Y7)

done8s:
	NEXT_PANEL4S
	JNZ panel8s
	VZEROUPPER
	RET

// func packTrans8AVX2s(dst *float32, dstStride int, src *float32, ld int, kc int)
//
// packTrans8 in float32 for kc a multiple of 8 (the caller does the rest): an 8×8
// transpose per 8 columns (unpack pairs, shuffle quads, swap 128-bit halves). Rows 0–7 of
// src are Y0–Y7; destination row p+q is Y8+q.
TEXT ·packTrans8AVX2s(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $2, DX
	LEAQ (DX)(DX*2), R10
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	MOVQ kc+32(FP), CX
	SHRQ $3, CX
	JZ   tdone

tloop:
	LEAQ       (SI)(R8*4), BX
	VMOVUPS    (SI), Y0
	VMOVUPS    (SI)(R8*1), Y1
	VMOVUPS    (SI)(R8*2), Y2
	VMOVUPS    (SI)(R9*1), Y3
	VMOVUPS    (BX), Y4
	VMOVUPS    (BX)(R8*1), Y5
	VMOVUPS    (BX)(R8*2), Y6
	VMOVUPS    (BX)(R9*1), Y7
	VUNPCKLPS  Y1, Y0, Y8
	VUNPCKHPS  Y1, Y0, Y9
	VUNPCKLPS  Y3, Y2, Y10
	VUNPCKHPS  Y3, Y2, Y11
	VUNPCKLPS  Y5, Y4, Y12
	VUNPCKHPS  Y5, Y4, Y13
	VUNPCKLPS  Y7, Y6, Y14
	VUNPCKHPS  Y7, Y6, Y15
	VSHUFPS    $0x44, Y10, Y8, Y0
	VSHUFPS    $0xEE, Y10, Y8, Y1
	VSHUFPS    $0x44, Y11, Y9, Y2
	VSHUFPS    $0xEE, Y11, Y9, Y3
	VSHUFPS    $0x44, Y14, Y12, Y4
	VSHUFPS    $0xEE, Y14, Y12, Y5
	VSHUFPS    $0x44, Y15, Y13, Y6
	VSHUFPS    $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15
	LEAQ       (DI)(DX*4), BX
	VMOVUPS    Y8, (DI)
	VMOVUPS    Y9, (DI)(DX*1)
	VMOVUPS    Y10, (DI)(DX*2)
	VMOVUPS    Y11, (DI)(R10*1)
	VMOVUPS    Y12, (BX)
	VMOVUPS    Y13, (BX)(DX*1)
	VMOVUPS    Y14, (BX)(DX*2)
	VMOVUPS    Y15, (BX)(R10*1)
	ADDQ       $32, SI
	LEAQ       (DI)(DX*8), DI
	DECQ       CX
	JNZ        tloop

tdone:
	VZEROUPPER
	RET
