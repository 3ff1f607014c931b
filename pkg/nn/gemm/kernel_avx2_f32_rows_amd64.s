//go:build amd64

#include "textflag.h"
#include "avx2_f32_tile.h"

// kern8x48sRows: the row loop of avx2_rows_loop.h with the 4×24 float32 tile.

#define ELEM_SHIFT 2
#define TILE_ZERO ZERO24
#define TILE_STEP STEP24
#define TILE_STOREB(r0, r1, r2) STOREB24(r0, r1, r2)
#define TILE_STORE0(r0, r1, r2) STORE024(r0, r1, r2)
#define TILE_ALPHA VBROADCASTSS alpha+80(FP), Y0
#define TILE_BETA VBROADCASTSS beta+84(FP), Y1
#define TILE_BETAZERO betaZero+88(FP)

// func kern8x48sRows(k int, a *float32, rsa, csa, anext int, b *float32, ldb int, c *float32, ldc, panels int, alpha, beta float32, betaZero int)
TEXT ·kern8x48sRows(SB), NOSPLIT, $0-96
#include "avx2_rows_loop.h"
