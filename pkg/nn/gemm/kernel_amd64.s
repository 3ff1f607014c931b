//go:build amd64

#include "textflag.h"

// AVX-512 micro-kernels. Each computes, for a row panel of 8 rows of C and np consecutive
// column panels of NV·8 columns (NV = 1, 2, 3),
//
//	C[i][j] = alpha·Σp A[i][p]·B[p][j] + beta·C[i][j]     (beta·C skipped when betaZero ≠ 0)
//
// with 8·NV zmm accumulators (Z8…) held for the whole k loop, so each element of C is one
// chain of FMAs in p order: the result of an element does not depend on where its tile is.
//
// Addressing (all strides in elements, scaled to bytes here):
//   - A element (i, p) at a + i·rsA + p·csA. One panel layout serves packed A (rsA=1,
//     csA=8), row-major A read in place (rsA=lda, csA=1) and transposed A read in place
//     (rsA=1, csA=lda). Rows 0–3 are addressed from AX, rows 4–7 from BX = AX + 4·rsA,
//     with index registers R8 = rsA and R9 = 3·rsA. All 8 rows must be readable; the
//     caller passes mr ≤ 8, the number of rows actually stored.
//   - B element (p, j) of column panel q at b + q·bnext + p·ldb + j. The last vector of a
//     panel is loaded under mask K1 (zeroing), so B need not be padded: the caller gives
//     mask = (1<<valid)-1 for that vector.
//   - C row i of panel q at c + i·ldc + q·NV·8; the last vector is stored under K1.
//
// Registers: AX, BX A rows; R8 rsA, R9 3·rsA, R10 csA; CX B cursor, R11 B panel, DX ldb;
// SI k counter (then rows left in the store phase); DI C panel; R12 ldc; R13 panels left.
// Z0–Z2 B vectors, Z3 the broadcast A element, Z8–Z31 accumulators.

// Frame layout shared by the three kernels (see kernel_amd64.go).
#define ARGS \
	MOVQ  rsa+16(FP), R8;  \
	SHLQ  $3, R8;          \
	LEAQ  (R8)(R8*2), R9;  \
	MOVQ  csa+24(FP), R10; \
	SHLQ  $3, R10;         \
	MOVQ  ldb+40(FP), DX;  \
	SHLQ  $3, DX;          \
	MOVQ  b+32(FP), R11;   \
	MOVQ  c+64(FP), DI;    \
	MOVQ  ldc+72(FP), R12; \
	SHLQ  $3, R12;         \
	MOVQ  np+56(FP), R13;  \
	MOVQ  mask+104(FP), AX; \
	KMOVW AX, K1

// Start of a column panel: A cursors back to the first column, B cursor to the panel.
#define PANEL_START \
	MOVQ a+8(FP), AX;      \
	LEAQ (AX)(R8*4), BX;   \
	MOVQ R11, CX;          \
	MOVQ k+0(FP), SI

#define NEXT_PANEL(bytes) \
	MOVQ bnext+48(FP), AX; \
	SHLQ $3, AX;           \
	ADDQ AX, R11;          \
	ADDQ $bytes, DI;       \
	DECQ R13

// ---- NV = 3: 8×24 tile, accumulators Z8–Z31 (row r in Z8+3r … Z10+3r). ----

#define FMA3(r0, r1, r2) \
	VFMADD231PD Z0, Z3, r0; \
	VFMADD231PD Z1, Z3, r1; \
	VFMADD231PD Z2, Z3, r2

#define STEP3 \
	VMOVUPD      (CX), Z0;             \
	VMOVUPD      64(CX), Z1;           \
	VMOVUPD.Z    128(CX), K1, Z2;      \
	ADDQ         DX, CX;               \
	VBROADCASTSD (AX), Z3;             \
	FMA3(Z8, Z9, Z10);                 \
	VBROADCASTSD (AX)(R8*1), Z3;       \
	FMA3(Z11, Z12, Z13);               \
	VBROADCASTSD (AX)(R8*2), Z3;       \
	FMA3(Z14, Z15, Z16);               \
	VBROADCASTSD (AX)(R9*1), Z3;       \
	FMA3(Z17, Z18, Z19);               \
	VBROADCASTSD (BX), Z3;             \
	FMA3(Z20, Z21, Z22);               \
	VBROADCASTSD (BX)(R8*1), Z3;       \
	FMA3(Z23, Z24, Z25);               \
	VBROADCASTSD (BX)(R8*2), Z3;       \
	FMA3(Z26, Z27, Z28);               \
	VBROADCASTSD (BX)(R9*1), Z3;       \
	FMA3(Z29, Z30, Z31);               \
	ADDQ         R10, AX;              \
	ADDQ         R10, BX

#define ZERO3 \
	VPXORQ Z8, Z8, Z8;    VPXORQ Z9, Z9, Z9;    VPXORQ Z10, Z10, Z10; \
	VPXORQ Z11, Z11, Z11; VPXORQ Z12, Z12, Z12; VPXORQ Z13, Z13, Z13; \
	VPXORQ Z14, Z14, Z14; VPXORQ Z15, Z15, Z15; VPXORQ Z16, Z16, Z16; \
	VPXORQ Z17, Z17, Z17; VPXORQ Z18, Z18, Z18; VPXORQ Z19, Z19, Z19; \
	VPXORQ Z20, Z20, Z20; VPXORQ Z21, Z21, Z21; VPXORQ Z22, Z22, Z22; \
	VPXORQ Z23, Z23, Z23; VPXORQ Z24, Z24, Z24; VPXORQ Z25, Z25, Z25; \
	VPXORQ Z26, Z26, Z26; VPXORQ Z27, Z27, Z27; VPXORQ Z28, Z28, Z28; \
	VPXORQ Z29, Z29, Z29; VPXORQ Z30, Z30, Z30; VPXORQ Z31, Z31, Z31

// One row of C (CX) = alpha·acc + beta·C. Z0 = alpha, Z1 = beta, Z2 scratch.
#define STOREB3(r0, r1, r2) \
	VMULPD      Z0, r0, r0;          \
	VFMADD231PD (CX), Z1, r0;        \
	VMOVUPD     r0, (CX);            \
	VMULPD      Z0, r1, r1;          \
	VFMADD231PD 64(CX), Z1, r1;      \
	VMOVUPD     r1, 64(CX);          \
	VMULPD      Z0, r2, r2;          \
	VMOVUPD.Z   128(CX), K1, Z2;     \
	VFMADD231PD Z2, Z1, r2;          \
	VMOVUPD     r2, K1, 128(CX)

// One row of C (CX) = alpha·acc; C is not read (beta = 0 must ignore NaNs in C).
#define STORE03(r0, r1, r2) \
	VMULPD  Z0, r0, r0;      \
	VMOVUPD r0, (CX);        \
	VMULPD  Z0, r1, r1;      \
	VMOVUPD r1, 64(CX);      \
	VMULPD  Z0, r2, r2;      \
	VMOVUPD r2, K1, 128(CX)

// Store row, step to the next C row, stop after mr rows.
#define ROW(store, done) \
	store;        \
	ADDQ R12, CX; \
	DECQ SI;      \
	JZ   done

// func kern8x24(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, ldc int, alpha, beta float64, mr int, mask uint64, betaZero int)
TEXT ·kern8x24(SB), NOSPLIT, $0-120
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
	VBROADCASTSD alpha+80(FP), Z0
	VBROADCASTSD beta+88(FP), Z1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
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

// ---- NV = 2: 8×16 tile, accumulators Z8–Z23 (row r in Z8+2r, Z9+2r). ----

#define FMA2(r0, r1) \
	VFMADD231PD Z0, Z3, r0; \
	VFMADD231PD Z1, Z3, r1

#define STEP2 \
	VMOVUPD      (CX), Z0;             \
	VMOVUPD.Z    64(CX), K1, Z1;       \
	ADDQ         DX, CX;               \
	VBROADCASTSD (AX), Z3;             \
	FMA2(Z8, Z9);                      \
	VBROADCASTSD (AX)(R8*1), Z3;       \
	FMA2(Z10, Z11);                    \
	VBROADCASTSD (AX)(R8*2), Z3;       \
	FMA2(Z12, Z13);                    \
	VBROADCASTSD (AX)(R9*1), Z3;       \
	FMA2(Z14, Z15);                    \
	VBROADCASTSD (BX), Z3;             \
	FMA2(Z16, Z17);                    \
	VBROADCASTSD (BX)(R8*1), Z3;       \
	FMA2(Z18, Z19);                    \
	VBROADCASTSD (BX)(R8*2), Z3;       \
	FMA2(Z20, Z21);                    \
	VBROADCASTSD (BX)(R9*1), Z3;       \
	FMA2(Z22, Z23);                    \
	ADDQ         R10, AX;              \
	ADDQ         R10, BX

#define ZERO2 \
	VPXORQ Z8, Z8, Z8;    VPXORQ Z9, Z9, Z9;    VPXORQ Z10, Z10, Z10; VPXORQ Z11, Z11, Z11; \
	VPXORQ Z12, Z12, Z12; VPXORQ Z13, Z13, Z13; VPXORQ Z14, Z14, Z14; VPXORQ Z15, Z15, Z15; \
	VPXORQ Z16, Z16, Z16; VPXORQ Z17, Z17, Z17; VPXORQ Z18, Z18, Z18; VPXORQ Z19, Z19, Z19; \
	VPXORQ Z20, Z20, Z20; VPXORQ Z21, Z21, Z21; VPXORQ Z22, Z22, Z22; VPXORQ Z23, Z23, Z23

#define STOREB2(r0, r1) \
	VMULPD      Z0, r0, r0;          \
	VFMADD231PD (CX), Z1, r0;        \
	VMOVUPD     r0, (CX);            \
	VMULPD      Z0, r1, r1;          \
	VMOVUPD.Z   64(CX), K1, Z2;      \
	VFMADD231PD Z2, Z1, r1;          \
	VMOVUPD     r1, K1, 64(CX)

#define STORE02(r0, r1) \
	VMULPD  Z0, r0, r0;      \
	VMOVUPD r0, (CX);        \
	VMULPD  Z0, r1, r1;      \
	VMOVUPD r1, K1, 64(CX)

// func kern8x16(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, ldc int, alpha, beta float64, mr int, mask uint64, betaZero int)
TEXT ·kern8x16(SB), NOSPLIT, $0-120
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
	VBROADCASTSD alpha+80(FP), Z0
	VBROADCASTSD beta+88(FP), Z1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
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

// ---- NV = 1: 8×8 tile, accumulators Z8–Z15 (row r in Z8+r). ----

#define STEP1 \
	VMOVUPD.Z    (CX), K1, Z0;                \
	ADDQ         DX, CX;                      \
	VBROADCASTSD (AX), Z3;                    \
	VFMADD231PD  Z0, Z3, Z8;                  \
	VBROADCASTSD (AX)(R8*1), Z3;              \
	VFMADD231PD  Z0, Z3, Z9;                  \
	VBROADCASTSD (AX)(R8*2), Z3;              \
	VFMADD231PD  Z0, Z3, Z10;                 \
	VBROADCASTSD (AX)(R9*1), Z3;              \
	VFMADD231PD  Z0, Z3, Z11;                 \
	VBROADCASTSD (BX), Z3;                    \
	VFMADD231PD  Z0, Z3, Z12;                 \
	VBROADCASTSD (BX)(R8*1), Z3;              \
	VFMADD231PD  Z0, Z3, Z13;                 \
	VBROADCASTSD (BX)(R8*2), Z3;              \
	VFMADD231PD  Z0, Z3, Z14;                 \
	VBROADCASTSD (BX)(R9*1), Z3;              \
	VFMADD231PD  Z0, Z3, Z15;                 \
	ADDQ         R10, AX;                     \
	ADDQ         R10, BX

#define ZERO1 \
	VPXORQ Z8, Z8, Z8;    VPXORQ Z9, Z9, Z9;    VPXORQ Z10, Z10, Z10; VPXORQ Z11, Z11, Z11; \
	VPXORQ Z12, Z12, Z12; VPXORQ Z13, Z13, Z13; VPXORQ Z14, Z14, Z14; VPXORQ Z15, Z15, Z15

#define STOREB1(r0) \
	VMULPD      Z0, r0, r0;          \
	VMOVUPD.Z   (CX), K1, Z2;        \
	VFMADD231PD Z2, Z1, r0;          \
	VMOVUPD     r0, K1, (CX)

#define STORE01(r0) \
	VMULPD  Z0, r0, r0;      \
	VMOVUPD r0, K1, (CX)

// func kern8x8(k int, a *float64, rsa, csa int, b *float64, ldb, bnext, np int, c *float64, ldc int, alpha, beta float64, mr int, mask uint64, betaZero int)
TEXT ·kern8x8(SB), NOSPLIT, $0-120
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
	VBROADCASTSD alpha+80(FP), Z0
	VBROADCASTSD beta+88(FP), Z1
	MOVQ         DI, CX
	MOVQ         mr+96(FP), SI
	CMPQ         betaZero+112(FP), $0
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
