//go:build amd64

#include "textflag.h"

// AVX-512 float32 micro-kernels: the float64 kernels of kernel_amd64.s with 16 floats per
// zmm register instead of 8 doubles, so the same 24 accumulators hold an 8×48 tile (8×32,
// 8×16 for the tail panel) and each FMA does twice the work. Contract, addressing and
// registers as in kernel_amd64.s, with strides in float32 elements, float32 alpha and beta,
// and a 16-bit lane mask for the last vector of a row.
//
// Written on an AVX2-only machine; first run, and checked by the kernel tests and
// TestSIMDTiersSameBits, on a 2-core Intel Xeon (Ice Lake, model 106).

// Frame layout shared by the three kernels (see kernel_amd64.go).
#define ARGS \
	MOVQ  rsa+16(FP), R8;  \
	SHLQ  $2, R8;          \
	LEAQ  (R8)(R8*2), R9;  \
	MOVQ  csa+24(FP), R10; \
	SHLQ  $2, R10;         \
	MOVQ  ldb+40(FP), DX;  \
	SHLQ  $2, DX;          \
	MOVQ  b+32(FP), R11;   \
	MOVQ  c+64(FP), DI;    \
	MOVQ  ldc+72(FP), R12; \
	SHLQ  $2, R12;         \
	MOVQ  np+56(FP), R13;  \
	MOVQ  mask+96(FP), AX; \
	KMOVW AX, K1

// Start of a column panel: A cursors back to the first column, B cursor to the panel.
#define PANEL_START \
	MOVQ a+8(FP), AX;      \
	LEAQ (AX)(R8*4), BX;   \
	MOVQ R11, CX;          \
	MOVQ k+0(FP), SI

#define NEXT_PANEL(bytes) \
	MOVQ bnext+48(FP), AX; \
	SHLQ $2, AX;           \
	ADDQ AX, R11;          \
	ADDQ $bytes, DI;       \
	DECQ R13

// ---- NV = 3: 8×48 tile, accumulators Z8–Z31 (row r in Z8+3r … Z10+3r). ----

#define FMA3(r0, r1, r2) \
	VFMADD231PS Z0, Z3, r0; \
	VFMADD231PS Z1, Z3, r1; \
	VFMADD231PS Z2, Z3, r2

#define STEP3 \
	VMOVUPS      (CX), Z0;             \
	VMOVUPS      64(CX), Z1;           \
	VMOVUPS.Z    128(CX), K1, Z2;      \
	ADDQ         DX, CX;               \
	VBROADCASTSS (AX), Z3;             \
	FMA3(Z8, Z9, Z10);                 \
	VBROADCASTSS (AX)(R8*1), Z3;       \
	FMA3(Z11, Z12, Z13);               \
	VBROADCASTSS (AX)(R8*2), Z3;       \
	FMA3(Z14, Z15, Z16);               \
	VBROADCASTSS (AX)(R9*1), Z3;       \
	FMA3(Z17, Z18, Z19);               \
	VBROADCASTSS (BX), Z3;             \
	FMA3(Z20, Z21, Z22);               \
	VBROADCASTSS (BX)(R8*1), Z3;       \
	FMA3(Z23, Z24, Z25);               \
	VBROADCASTSS (BX)(R8*2), Z3;       \
	FMA3(Z26, Z27, Z28);               \
	VBROADCASTSS (BX)(R9*1), Z3;       \
	FMA3(Z29, Z30, Z31);               \
	ADDQ         R10, AX;              \
	ADDQ         R10, BX

#define ZERO3 \
	VPXORD Z8, Z8, Z8;    VPXORD Z9, Z9, Z9;    VPXORD Z10, Z10, Z10; \
	VPXORD Z11, Z11, Z11; VPXORD Z12, Z12, Z12; VPXORD Z13, Z13, Z13; \
	VPXORD Z14, Z14, Z14; VPXORD Z15, Z15, Z15; VPXORD Z16, Z16, Z16; \
	VPXORD Z17, Z17, Z17; VPXORD Z18, Z18, Z18; VPXORD Z19, Z19, Z19; \
	VPXORD Z20, Z20, Z20; VPXORD Z21, Z21, Z21; VPXORD Z22, Z22, Z22; \
	VPXORD Z23, Z23, Z23; VPXORD Z24, Z24, Z24; VPXORD Z25, Z25, Z25; \
	VPXORD Z26, Z26, Z26; VPXORD Z27, Z27, Z27; VPXORD Z28, Z28, Z28; \
	VPXORD Z29, Z29, Z29; VPXORD Z30, Z30, Z30; VPXORD Z31, Z31, Z31

// One row of C (CX) = alpha·acc + beta·C. Z0 = alpha, Z1 = beta, Z2 scratch.
#define STOREB3(r0, r1, r2) \
	VMULPS      Z0, r0, r0;          \
	VFMADD231PS (CX), Z1, r0;        \
	VMOVUPS     r0, (CX);            \
	VMULPS      Z0, r1, r1;          \
	VFMADD231PS 64(CX), Z1, r1;      \
	VMOVUPS     r1, 64(CX);          \
	VMULPS      Z0, r2, r2;          \
	VMOVUPS.Z   128(CX), K1, Z2;     \
	VFMADD231PS Z2, Z1, r2;          \
	VMOVUPS     r2, K1, 128(CX)

// One row of C (CX) = alpha·acc; C is not read (beta = 0 must ignore NaNs in C).
#define STORE03(r0, r1, r2) \
	VMULPS  Z0, r0, r0;      \
	VMOVUPS r0, (CX);        \
	VMULPS  Z0, r1, r1;      \
	VMOVUPS r1, 64(CX);      \
	VMULPS  Z0, r2, r2;      \
	VMOVUPS r2, K1, 128(CX)

// Store row, step to the next C row, stop after mr rows.
#define ROW(store, done) \
	store;        \
	ADDQ R12, CX; \
	DECQ SI;      \
	JZ   done

// func kern8x48s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, ldc int, alpha, beta float32, mr int, mask uint64, betaZero int)
TEXT ·kern8x48s(SB), NOSPLIT, $0-112
	ARGS

panel3:
	PANEL_START
	ZERO3
	CMPQ SI, $4
	JLT  tail3

loop3:
	STEP3
	STEP3
	STEP3
	STEP3
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop3

tail3:
	TESTQ SI, SI
	JEQ   store3

loop3b:
	STEP3
	DECQ SI
	JNZ  loop3b

store3:
	VBROADCASTSS alpha+80(FP), Z0
	VBROADCASTSS beta+84(FP), Z1
	MOVQ         DI, CX
	MOVQ         mr+88(FP), SI
	CMPQ         betaZero+104(FP), $0
	JNE          zero3
	ROW(STOREB3(Z8, Z9, Z10), done3)
	ROW(STOREB3(Z11, Z12, Z13), done3)
	ROW(STOREB3(Z14, Z15, Z16), done3)
	ROW(STOREB3(Z17, Z18, Z19), done3)
	ROW(STOREB3(Z20, Z21, Z22), done3)
	ROW(STOREB3(Z23, Z24, Z25), done3)
	ROW(STOREB3(Z26, Z27, Z28), done3)
	STOREB3(Z29, Z30, Z31)
	JMP          done3

zero3:
	ROW(STORE03(Z8, Z9, Z10), done3)
	ROW(STORE03(Z11, Z12, Z13), done3)
	ROW(STORE03(Z14, Z15, Z16), done3)
	ROW(STORE03(Z17, Z18, Z19), done3)
	ROW(STORE03(Z20, Z21, Z22), done3)
	ROW(STORE03(Z23, Z24, Z25), done3)
	ROW(STORE03(Z26, Z27, Z28), done3)
	STORE03(Z29, Z30, Z31)

done3:
	NEXT_PANEL(192)
	JNZ panel3
	VZEROUPPER
	RET

// ---- NV = 2: 8×32 tile, accumulators Z8–Z23 (row r in Z8+2r, Z9+2r). ----

#define FMA2(r0, r1) \
	VFMADD231PS Z0, Z3, r0; \
	VFMADD231PS Z1, Z3, r1

#define STEP2 \
	VMOVUPS      (CX), Z0;             \
	VMOVUPS.Z    64(CX), K1, Z1;       \
	ADDQ         DX, CX;               \
	VBROADCASTSS (AX), Z3;             \
	FMA2(Z8, Z9);                      \
	VBROADCASTSS (AX)(R8*1), Z3;       \
	FMA2(Z10, Z11);                    \
	VBROADCASTSS (AX)(R8*2), Z3;       \
	FMA2(Z12, Z13);                    \
	VBROADCASTSS (AX)(R9*1), Z3;       \
	FMA2(Z14, Z15);                    \
	VBROADCASTSS (BX), Z3;             \
	FMA2(Z16, Z17);                    \
	VBROADCASTSS (BX)(R8*1), Z3;       \
	FMA2(Z18, Z19);                    \
	VBROADCASTSS (BX)(R8*2), Z3;       \
	FMA2(Z20, Z21);                    \
	VBROADCASTSS (BX)(R9*1), Z3;       \
	FMA2(Z22, Z23);                    \
	ADDQ         R10, AX;              \
	ADDQ         R10, BX

#define ZERO2 \
	VPXORD Z8, Z8, Z8;    VPXORD Z9, Z9, Z9;    VPXORD Z10, Z10, Z10; VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; VPXORD Z13, Z13, Z13; VPXORD Z14, Z14, Z14; VPXORD Z15, Z15, Z15; \
	VPXORD Z16, Z16, Z16; VPXORD Z17, Z17, Z17; VPXORD Z18, Z18, Z18; VPXORD Z19, Z19, Z19; \
	VPXORD Z20, Z20, Z20; VPXORD Z21, Z21, Z21; VPXORD Z22, Z22, Z22; VPXORD Z23, Z23, Z23

#define STOREB2(r0, r1) \
	VMULPS      Z0, r0, r0;          \
	VFMADD231PS (CX), Z1, r0;        \
	VMOVUPS     r0, (CX);            \
	VMULPS      Z0, r1, r1;          \
	VMOVUPS.Z   64(CX), K1, Z2;      \
	VFMADD231PS Z2, Z1, r1;          \
	VMOVUPS     r1, K1, 64(CX)

#define STORE02(r0, r1) \
	VMULPS  Z0, r0, r0;      \
	VMOVUPS r0, (CX);        \
	VMULPS  Z0, r1, r1;      \
	VMOVUPS r1, K1, 64(CX)

// func kern8x32s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, ldc int, alpha, beta float32, mr int, mask uint64, betaZero int)
TEXT ·kern8x32s(SB), NOSPLIT, $0-112
	ARGS

panel2:
	PANEL_START
	ZERO2
	CMPQ SI, $4
	JLT  tail2

loop2:
	STEP2
	STEP2
	STEP2
	STEP2
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop2

tail2:
	TESTQ SI, SI
	JEQ   store2

loop2b:
	STEP2
	DECQ SI
	JNZ  loop2b

store2:
	VBROADCASTSS alpha+80(FP), Z0
	VBROADCASTSS beta+84(FP), Z1
	MOVQ         DI, CX
	MOVQ         mr+88(FP), SI
	CMPQ         betaZero+104(FP), $0
	JNE          zero2
	ROW(STOREB2(Z8, Z9), done2)
	ROW(STOREB2(Z10, Z11), done2)
	ROW(STOREB2(Z12, Z13), done2)
	ROW(STOREB2(Z14, Z15), done2)
	ROW(STOREB2(Z16, Z17), done2)
	ROW(STOREB2(Z18, Z19), done2)
	ROW(STOREB2(Z20, Z21), done2)
	STOREB2(Z22, Z23)
	JMP          done2

zero2:
	ROW(STORE02(Z8, Z9), done2)
	ROW(STORE02(Z10, Z11), done2)
	ROW(STORE02(Z12, Z13), done2)
	ROW(STORE02(Z14, Z15), done2)
	ROW(STORE02(Z16, Z17), done2)
	ROW(STORE02(Z18, Z19), done2)
	ROW(STORE02(Z20, Z21), done2)
	STORE02(Z22, Z23)

done2:
	NEXT_PANEL(128)
	JNZ panel2
	VZEROUPPER
	RET

// ---- NV = 1: 8×16 tile, accumulators Z8–Z15 (row r in Z8+r). ----

#define STEP1 \
	VMOVUPS.Z    (CX), K1, Z0;                \
	ADDQ         DX, CX;                      \
	VBROADCASTSS (AX), Z3;                    \
	VFMADD231PS  Z0, Z3, Z8;                  \
	VBROADCASTSS (AX)(R8*1), Z3;              \
	VFMADD231PS  Z0, Z3, Z9;                  \
	VBROADCASTSS (AX)(R8*2), Z3;              \
	VFMADD231PS  Z0, Z3, Z10;                 \
	VBROADCASTSS (AX)(R9*1), Z3;              \
	VFMADD231PS  Z0, Z3, Z11;                 \
	VBROADCASTSS (BX), Z3;                    \
	VFMADD231PS  Z0, Z3, Z12;                 \
	VBROADCASTSS (BX)(R8*1), Z3;              \
	VFMADD231PS  Z0, Z3, Z13;                 \
	VBROADCASTSS (BX)(R8*2), Z3;              \
	VFMADD231PS  Z0, Z3, Z14;                 \
	VBROADCASTSS (BX)(R9*1), Z3;              \
	VFMADD231PS  Z0, Z3, Z15;                 \
	ADDQ         R10, AX;                     \
	ADDQ         R10, BX

#define ZERO1 \
	VPXORD Z8, Z8, Z8;    VPXORD Z9, Z9, Z9;    VPXORD Z10, Z10, Z10; VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; VPXORD Z13, Z13, Z13; VPXORD Z14, Z14, Z14; VPXORD Z15, Z15, Z15

#define STOREB1(r0) \
	VMULPS      Z0, r0, r0;          \
	VMOVUPS.Z   (CX), K1, Z2;        \
	VFMADD231PS Z2, Z1, r0;          \
	VMOVUPS     r0, K1, (CX)

#define STORE01(r0) \
	VMULPS  Z0, r0, r0;      \
	VMOVUPS r0, K1, (CX)

// func kern8x16s(k int, a *float32, rsa, csa int, b *float32, ldb, bnext, np int, c *float32, ldc int, alpha, beta float32, mr int, mask uint64, betaZero int)
TEXT ·kern8x16s(SB), NOSPLIT, $0-112
	ARGS

panel1:
	PANEL_START
	ZERO1
	CMPQ SI, $4
	JLT  tail1

loop1:
	STEP1
	STEP1
	STEP1
	STEP1
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop1

tail1:
	TESTQ SI, SI
	JEQ   store1

loop1b:
	STEP1
	DECQ SI
	JNZ  loop1b

store1:
	VBROADCASTSS alpha+80(FP), Z0
	VBROADCASTSS beta+84(FP), Z1
	MOVQ         DI, CX
	MOVQ         mr+88(FP), SI
	CMPQ         betaZero+104(FP), $0
	JNE          zero1
	ROW(STOREB1(Z8), done1)
	ROW(STOREB1(Z9), done1)
	ROW(STOREB1(Z10), done1)
	ROW(STOREB1(Z11), done1)
	ROW(STOREB1(Z12), done1)
	ROW(STOREB1(Z13), done1)
	ROW(STOREB1(Z14), done1)
	STOREB1(Z15)
	JMP          done1

zero1:
	ROW(STORE01(Z8), done1)
	ROW(STORE01(Z9), done1)
	ROW(STORE01(Z10), done1)
	ROW(STORE01(Z11), done1)
	ROW(STORE01(Z12), done1)
	ROW(STORE01(Z13), done1)
	ROW(STORE01(Z14), done1)
	STORE01(Z15)

done1:
	NEXT_PANEL(64)
	JNZ panel1
	VZEROUPPER
	RET
