// The body of the AVX2 row-loop kernels (kernel_avx2_f32_rows_amd64.s, float32, and
// kernel_avx2_rows_amd64.s, float64): the 4-row register tile of the including file, 96
// bytes of columns wide (24 floats or 12 doubles), run over every full 8-row panel of a
// block against one B panel of two such widths. For each panel t < panels: A rows at
// a + t·anext (row stride rsa, k stride csa), C rows 8t … 8t+7 at c (stride ldc); in each
// panel the tiles run in the row kernel's order, rows 0–3 then 4–7, the first 96 bytes of
// columns then the next, each summing k steps in order with the same instructions as the
// row kernel, so the bits are the same. All 8 rows are full.
//
// The including file defines ELEM_SHIFT (log2 of the element size), the tile macros
// TILE_ZERO, TILE_STEP, TILE_STOREB and TILE_STORE0, and TILE_ALPHA, TILE_BETA (broadcast
// alpha into Y0 and beta into Y1) and TILE_BETAZERO (the betaZero argument), then
// includes this file right after its TEXT line, whose arguments are (k int, a *T, rsa,
// csa, anext int, b *T, ldb int, c *T, ldc, panels int, alpha, beta T, betaZero int).
//
// Registers: R8 rsa, R9 3·rsa, R10 csa, DX ldb, R12 ldc (in bytes); R11 the B panel; R14
// the A panel and R15 the C panel of panel t; R13 the panels left; BX the tile (bit 0: the
// second 96 bytes of columns, bit 1: rows 4–7); AX, CX, SI, DI as in the tile macros.

	MOVQ rsa+16(FP), R8
	SHLQ $ELEM_SHIFT, R8
	LEAQ (R8)(R8*2), R9
	MOVQ csa+24(FP), R10
	SHLQ $ELEM_SHIFT, R10
	MOVQ ldb+48(FP), DX
	SHLQ $ELEM_SHIFT, DX
	MOVQ b+40(FP), R11
	MOVQ ldc+64(FP), R12
	SHLQ $ELEM_SHIFT, R12
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
	TILE_ZERO
	CMPQ SI, $4
	JLT  tail

loop:
	TILE_STEP
	TILE_STEP
	TILE_STEP
	TILE_STEP
	SUBQ $4, SI
	CMPQ SI, $4
	JGE  loop

tail:
	TESTQ SI, SI
	JEQ   store

loop1:
	TILE_STEP
	DECQ SI
	JNZ  loop1

store:
	TILE_ALPHA
	TILE_BETA
	MOVQ         DI, CX
	CMPQ         TILE_BETAZERO, $0
	JNE          zero
	TILE_STOREB(Y4, Y5, Y6)
	ADDQ         R12, CX
	TILE_STOREB(Y7, Y8, Y9)
	ADDQ         R12, CX
	TILE_STOREB(Y10, Y11, Y12)
	ADDQ         R12, CX
	TILE_STOREB(Y13, Y14, Y15)
	JMP          next

zero:
	TILE_STORE0(Y4, Y5, Y6)
	ADDQ R12, CX
	TILE_STORE0(Y7, Y8, Y9)
	ADDQ R12, CX
	TILE_STORE0(Y10, Y11, Y12)
	ADDQ R12, CX
	TILE_STORE0(Y13, Y14, Y15)

next:
	INCQ BX
	CMPQ BX, $4
	JLT  tile
	MOVQ anext+32(FP), BX
	SHLQ $ELEM_SHIFT, BX
	ADDQ BX, R14
	LEAQ (R15)(R12*8), R15
	DECQ R13
	JNZ  panel
	VZEROUPPER
	RET
