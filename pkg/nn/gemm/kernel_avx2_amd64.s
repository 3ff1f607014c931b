//go:build amd64

#include "textflag.h"
#include "avx2_f64_tile.h"

// AVX2+FMA micro-kernels, the second tier for x86 CPUs without AVX-512. AVX2 has 16 ymm
// registers of 4 doubles, so a kernel covers 4 rows of C (avx2Row runs two of them for the
// driver's 8-row tiles) by up to 12 columns: 12 accumulators, 3 B vectors and a broadcast.
// The contract is that of the AVX-512 kernels (see kernel_amd64.s) with two differences:
// the C column step between panels, cnext, is an argument (a 24-column panel takes two
// 12-column calls), and masks are vectors (VMASKMOVPD) loaded from mask, which only the
// narrower kernels have a register for.
//
// Registers: AX A row 0 (rows 1–3 at +R8, +2·R8, +R9 = 3·rsA), R10 csA; CX B cursor,
// R11 B panel, DX ldb; SI k counter, then rows left; DI C panel; R12 ldc; R13 panels left.

#define ARGS4 \
	MOVQ rsa+16(FP), R8;   \
	SHLQ $3, R8;           \
	LEAQ (R8)(R8*2), R9;   \
	MOVQ csa+24(FP), R10;  \
	SHLQ $3, R10;          \
	MOVQ ldb+40(FP), DX;   \
	SHLQ $3, DX;           \
	MOVQ b+32(FP), R11;    \
	MOVQ c+64(FP), DI;     \
	MOVQ ldc+80(FP), R12;  \
	SHLQ $3, R12;          \
	MOVQ np+56(FP), R13

#define PANEL_START4 \
	MOVQ a+8(FP), AX;  \
	MOVQ R11, CX;      \
	MOVQ k+0(FP), SI

#define NEXT_PANEL4 \
	MOVQ bnext+48(FP), BX; \
	SHLQ $3, BX;           \
	ADDQ BX, R11;          \
	MOVQ cnext+72(FP), BX; \
	SHLQ $3, BX;           \
	ADDQ BX, DI;           \
	DECQ R13

#define ROW4(store, done) \
	store;        \
	ADDQ R12, CX; \
	DECQ SI;      \
	JZ   done

// ---- 4×12, no mask: STEP12, ZERO12, STOREB12 and STORE012 are in avx2_f64_tile.h. ----

// func kern4x12(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, cnext, ldc int, alpha, beta float64, mr int, mask *int64, betaZero int)
TEXT ·kern4x12(SB), NOSPLIT, $0-128
	ARGS4

panel12:
	PANEL_START4
	ZERO12
	CMPQ SI, $4
	JLT  tail12

loop12:
	STEP12
	STEP12
	STEP12
	STEP12
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop12

tail12:
	TESTQ SI, SI
	JEQ   store12

loop12b:
	STEP12
	DECQ SI
	JNZ  loop12b

store12:
	VBROADCASTSD alpha+88(FP), Y0
	VBROADCASTSD beta+96(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+104(FP), SI
	CMPQ         betaZero+120(FP), $0
	JNE          zero12
	ROW4(STOREB12(Y4, Y5, Y6), done12)
	ROW4(STOREB12(Y7, Y8, Y9), done12)
	ROW4(STOREB12(Y10, Y11, Y12), done12)
	STOREB12(Y13, Y14, Y15)
	JMP          done12

zero12:
	ROW4(STORE012(Y4, Y5, Y6), done12)
	ROW4(STORE012(Y7, Y8, Y9), done12)
	ROW4(STORE012(Y10, Y11, Y12), done12)
	STORE012(Y13, Y14, Y15)

done12:
	NEXT_PANEL4
	JNZ panel12
	VZEROUPPER
	RET

// ---- 4×8, second vector under the mask in Y2: accumulators Y4–Y11. ----

#define STEP8 \
	VMOVUPD      (CX), Y0;            \
	VMASKMOVPD   32(CX), Y2, Y1;      \
	ADDQ         DX, CX;              \
	VBROADCASTSD (AX), Y3;            \
	VFMADD231PD  Y0, Y3, Y4;          \
	VFMADD231PD  Y1, Y3, Y5;          \
	VBROADCASTSD (AX)(R8*1), Y3;      \
	VFMADD231PD  Y0, Y3, Y6;          \
	VFMADD231PD  Y1, Y3, Y7;          \
	VBROADCASTSD (AX)(R8*2), Y3;      \
	VFMADD231PD  Y0, Y3, Y8;          \
	VFMADD231PD  Y1, Y3, Y9;          \
	VBROADCASTSD (AX)(R9*1), Y3;      \
	VFMADD231PD  Y0, Y3, Y10;         \
	VFMADD231PD  Y1, Y3, Y11;         \
	ADDQ         R10, AX

#define ZERO8 \
	VXORPD Y4, Y4, Y4; VXORPD Y5, Y5, Y5; VXORPD Y6, Y6, Y6;    VXORPD Y7, Y7, Y7; \
	VXORPD Y8, Y8, Y8; VXORPD Y9, Y9, Y9; VXORPD Y10, Y10, Y10; VXORPD Y11, Y11, Y11

// Y0 = alpha, Y1 = beta, Y2 mask, Y3 scratch.
#define STOREB8(r0, r1) \
	VMULPD      Y0, r0, r0;      \
	VFMADD231PD (CX), Y1, r0;    \
	VMOVUPD     r0, (CX);        \
	VMULPD      Y0, r1, r1;      \
	VMASKMOVPD  32(CX), Y2, Y3;  \
	VFMADD231PD Y3, Y1, r1;      \
	VMASKMOVPD  r1, Y2, 32(CX)

#define STORE08(r0, r1) \
	VMULPD     Y0, r0, r0; \
	VMOVUPD    r0, (CX);   \
	VMULPD     Y0, r1, r1; \
	VMASKMOVPD r1, Y2, 32(CX)

// func kern4x8(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, cnext, ldc int, alpha, beta float64, mr int, mask *int64, betaZero int)
TEXT ·kern4x8(SB), NOSPLIT, $0-128
	ARGS4
	MOVQ    mask+112(FP), BX
	VMOVUPD (BX), Y2

panel8:
	PANEL_START4
	ZERO8
	CMPQ SI, $4
	JLT  tail8

loop8:
	STEP8
	STEP8
	STEP8
	STEP8
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop8

tail8:
	TESTQ SI, SI
	JEQ   store8

loop8b:
	STEP8
	DECQ SI
	JNZ  loop8b

store8:
	VBROADCASTSD alpha+88(FP), Y0
	VBROADCASTSD beta+96(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+104(FP), SI
	CMPQ         betaZero+120(FP), $0
	JNE          zero8
	ROW4(STOREB8(Y4, Y5), done8)
	ROW4(STOREB8(Y6, Y7), done8)
	ROW4(STOREB8(Y8, Y9), done8)
	STOREB8(Y10, Y11)
	JMP          done8

zero8:
	ROW4(STORE08(Y4, Y5), done8)
	ROW4(STORE08(Y6, Y7), done8)
	ROW4(STORE08(Y8, Y9), done8)
	STORE08(Y10, Y11)

done8:
	NEXT_PANEL4
	JNZ panel8
	VZEROUPPER
	RET

// ---- 4×4 under the mask in Y2: accumulators Y4–Y7. ----

#define STEP4 \
	VMASKMOVPD   (CX), Y2, Y0;        \
	ADDQ         DX, CX;              \
	VBROADCASTSD (AX), Y3;            \
	VFMADD231PD  Y0, Y3, Y4;          \
	VBROADCASTSD (AX)(R8*1), Y3;      \
	VFMADD231PD  Y0, Y3, Y5;          \
	VBROADCASTSD (AX)(R8*2), Y3;      \
	VFMADD231PD  Y0, Y3, Y6;          \
	VBROADCASTSD (AX)(R9*1), Y3;      \
	VFMADD231PD  Y0, Y3, Y7;          \
	ADDQ         R10, AX

#define STOREB4(r0) \
	VMULPD      Y0, r0, r0;     \
	VMASKMOVPD  (CX), Y2, Y3;   \
	VFMADD231PD Y3, Y1, r0;     \
	VMASKMOVPD  r0, Y2, (CX)

#define STORE04(r0) \
	VMULPD     Y0, r0, r0; \
	VMASKMOVPD r0, Y2, (CX)

// func kern4x4(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, cnext, ldc int, alpha, beta float64, mr int, mask *int64, betaZero int)
TEXT ·kern4x4(SB), NOSPLIT, $0-128
	ARGS4
	MOVQ    mask+112(FP), BX
	VMOVUPD (BX), Y2

panel4:
	PANEL_START4
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	CMPQ   SI, $4
	JLT    tail4

loop4:
	STEP4
	STEP4
	STEP4
	STEP4
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop4

tail4:
	TESTQ SI, SI
	JEQ   store4

loop4b:
	STEP4
	DECQ SI
	JNZ  loop4b

store4:
	VBROADCASTSD alpha+88(FP), Y0
	VBROADCASTSD beta+96(FP), Y1
	MOVQ         DI, CX
	MOVQ         mr+104(FP), SI
	CMPQ         betaZero+120(FP), $0
	JNE          zero4
	ROW4(STOREB4(Y4), done4)
	ROW4(STOREB4(Y5), done4)
	ROW4(STOREB4(Y6), done4)
	STOREB4(Y7)
	JMP          done4

zero4:
	ROW4(STORE04(Y4), done4)
	ROW4(STORE04(Y5), done4)
	ROW4(STORE04(Y6), done4)
	STORE04(Y7)

done4:
	NEXT_PANEL4
	JNZ panel4
	VZEROUPPER
	RET

// func packTrans8AVX2(dst *float64, dstStride int, src *float64, ld int, kc int)
//
// packTrans8 for kc a multiple of 4 (the caller does the rest): two 4×4 transposes per
// 4 columns, rows 0–3 into the left half of the 8-wide destination rows, 4–7 into the right.
TEXT ·packTrans8AVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $3, DX
	LEAQ (DX)(DX*2), R10
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), BX
	MOVQ kc+32(FP), CX
	SHRQ $2, CX
	JEQ  tdone

tloop:
	VMOVUPD    (SI), Y0
	VMOVUPD    (SI)(R8*1), Y1
	VMOVUPD    (SI)(R8*2), Y2
	VMOVUPD    (SI)(R9*1), Y3
	VMOVUPD    (BX), Y4
	VMOVUPD    (BX)(R8*1), Y5
	VMOVUPD    (BX)(R8*2), Y6
	VMOVUPD    (BX)(R9*1), Y7
	VUNPCKLPD  Y1, Y0, Y8
	VUNPCKHPD  Y1, Y0, Y9
	VUNPCKLPD  Y3, Y2, Y10
	VUNPCKHPD  Y3, Y2, Y11
	VUNPCKLPD  Y5, Y4, Y12
	VUNPCKHPD  Y5, Y4, Y13
	VUNPCKLPD  Y7, Y6, Y14
	VUNPCKHPD  Y7, Y6, Y15
	VPERM2F128 $0x20, Y10, Y8, Y0
	VPERM2F128 $0x20, Y11, Y9, Y1
	VPERM2F128 $0x31, Y10, Y8, Y2
	VPERM2F128 $0x31, Y11, Y9, Y3
	VPERM2F128 $0x20, Y14, Y12, Y4
	VPERM2F128 $0x20, Y15, Y13, Y5
	VPERM2F128 $0x31, Y14, Y12, Y6
	VPERM2F128 $0x31, Y15, Y13, Y7
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y4, 32(DI)
	VMOVUPD    Y1, (DI)(DX*1)
	VMOVUPD    Y5, 32(DI)(DX*1)
	VMOVUPD    Y2, (DI)(DX*2)
	VMOVUPD    Y6, 32(DI)(DX*2)
	VMOVUPD    Y3, (DI)(R10*1)
	VMOVUPD    Y7, 32(DI)(R10*1)
	ADDQ       $32, SI
	ADDQ       $32, BX
	LEAQ       (DI)(DX*4), DI
	DECQ       CX
	JNZ        tloop

tdone:
	VZEROUPPER
	RET
