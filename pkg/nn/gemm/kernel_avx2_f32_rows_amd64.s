//go:build amd64

#include "textflag.h"
#include "avx2_f32_tile.h"

// kern8x48sRows runs the 4×24 float32 tile over every full 8-row panel of a block against
// one 48-column B panel, the driver's inner loop for panelOuter (driver.go), without a Go
// call per tile. For each panel t < panels: A rows at a + t·anext (row stride rsa, k stride
// csa), C rows 8t … 8t+7 at c (stride ldc); in each panel the tiles run in avx2Row32's
// order, rows 0–3 then 4–7, columns 0–23 then 24–47, each summing k steps in order with the
// same instructions as kern4x24s, so the bits are the same. All 8 rows are full.
//
// Registers: R8 rsa·4, R9 3·rsa·4, R10 csa·4, DX ldb·4, R12 ldc·4 (bytes); R11 the B panel;
// R14 the A panel and R15 the C panel of panel t; R13 the panels left; BX the tile (bit 0:
// columns 24–47, bit 1: rows 4–7); AX, CX, SI, DI as in the tile macros.

// func kern8x48sRows(k int, a *float32, rsa, csa, anext int, b *float32, ldb int, c *float32, ldc, panels int, alpha, beta float32, betaZero int)
TEXT ·kern8x48sRows(SB), NOSPLIT, $0-96
	MOVQ rsa+16(FP), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	MOVQ csa+24(FP), R10
	SHLQ $2, R10
	MOVQ ldb+48(FP), DX
	SHLQ $2, DX
	MOVQ b+40(FP), R11
	MOVQ ldc+64(FP), R12
	SHLQ $2, R12
	MOVQ a+8(FP), R14
	MOVQ c+56(FP), R15
	MOVQ panels+72(FP), R13

panel:
	XORQ BX, BX

tile:
	MOVQ  R14, AX
	MOVQ  R11, CX
	MOVQ  R15, DI
	TESTQ $1, BX
	JZ    rows
	ADDQ  $96, CX
	ADDQ  $96, DI

rows:
	TESTQ $2, BX
	JZ    start
	LEAQ  (AX)(R8*4), AX
	LEAQ  (DI)(R12*4), DI

start:
	MOVQ k+0(FP), SI
	ZERO24
	CMPQ SI, $4
	JLT  tail

loop:
	STEP24
	STEP24
	STEP24
	STEP24
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop

tail:
	TESTQ SI, SI
	JEQ   store

loop1:
	STEP24
	DECQ SI
	JNZ  loop1

store:
	VBROADCASTSS alpha+80(FP), Y0
	VBROADCASTSS beta+84(FP), Y1
	MOVQ         DI, CX
	CMPQ         betaZero+88(FP), $0
	JNE          zero
	STOREB24(Y4, Y5, Y6)
	ADDQ         R12, CX
	STOREB24(Y7, Y8, Y9)
	ADDQ         R12, CX
	STOREB24(Y10, Y11, Y12)
	ADDQ         R12, CX
	STOREB24(Y13, Y14, Y15)
	JMP          next

zero:
	STORE024(Y4, Y5, Y6)
	ADDQ R12, CX
	STORE024(Y7, Y8, Y9)
	ADDQ R12, CX
	STORE024(Y10, Y11, Y12)
	ADDQ R12, CX
	STORE024(Y13, Y14, Y15)

next:
	INCQ BX
	CMPQ BX, $4
	JLT  tile
	MOVQ anext+32(FP), BX
	LEAQ (R14)(BX*4), R14
	LEAQ (R15)(R12*8), R15
	DECQ R13
	JNZ  panel
	VZEROUPPER
	RET
