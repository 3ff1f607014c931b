//go:build amd64

#include "textflag.h"
#include "avx2_f64_tile.h"

// kern8x24Rows: the row loop of avx2_rows_loop.h with the 4×12 float64 tile.

#define ELEM_SHIFT 3
#define TILE_ZERO ZERO12
#define TILE_STEP STEP12
#define TILE_STOREB(r0, r1, r2) STOREB12(r0, r1, r2)
#define TILE_STORE0(r0, r1, r2) STORE012(r0, r1, r2)
#define TILE_ALPHA VBROADCASTSD alpha+80(FP), Y0
#define TILE_BETA VBROADCASTSD beta+88(FP), Y1
#define TILE_BETAZERO betaZero+96(FP)

// func kern8x24Rows(k int, a *float64, rsa, csa, anext int, b *float64, ldb int, c *float64, ldc, panels int, alpha, beta float64, betaZero int)
TEXT ·kern8x24Rows(SB), NOSPLIT, $0-104
#include "avx2_rows_loop.h"
