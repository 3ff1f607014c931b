// The 4×24 float32 register tile of the AVX2 kernels (kernel_avx2_f32_amd64.s,
// kernel_avx2_f32_rows_amd64.s): accumulators Y4–Y15, row r in Y4+3r … Y6+3r. A k step
// loads 24 floats of B at CX (row stride DX), broadcasts one A element per row from AX
// (row stride R8, 3·R8 in R9, k stride R10) and does 12 FMAs.

#define FMA24(r0, r1, r2) \
	VFMADD231PS Y0, Y3, r0; \
	VFMADD231PS Y1, Y3, r1; \
	VFMADD231PS Y2, Y3, r2

#define STEP24 \
	VMOVUPS      (CX), Y0;       \
	VMOVUPS      32(CX), Y1;     \
	VMOVUPS      64(CX), Y2;     \
	ADDQ         DX, CX;         \
	VBROADCASTSS (AX), Y3;       \
	FMA24(Y4, Y5, Y6);           \
	VBROADCASTSS (AX)(R8*1), Y3; \
	FMA24(Y7, Y8, Y9);           \
	VBROADCASTSS (AX)(R8*2), Y3; \
	FMA24(Y10, Y11, Y12);        \
	VBROADCASTSS (AX)(R9*1), Y3; \
	FMA24(Y13, Y14, Y15);        \
	ADDQ         R10, AX

#define ZERO24 \
	VXORPS Y4, Y4, Y4;    VXORPS Y5, Y5, Y5;    VXORPS Y6, Y6, Y6;    \
	VXORPS Y7, Y7, Y7;    VXORPS Y8, Y8, Y8;    VXORPS Y9, Y9, Y9;    \
	VXORPS Y10, Y10, Y10; VXORPS Y11, Y11, Y11; VXORPS Y12, Y12, Y12; \
	VXORPS Y13, Y13, Y13; VXORPS Y14, Y14, Y14; VXORPS Y15, Y15, Y15

// Y0 = alpha, Y1 = beta, Y2 scratch.
#define STOREB24(r0, r1, r2) \
	VMULPS      Y0, r0, r0;     \
	VFMADD231PS (CX), Y1, r0;   \
	VMOVUPS     r0, (CX);       \
	VMULPS      Y0, r1, r1;     \
	VFMADD231PS 32(CX), Y1, r1; \
	VMOVUPS     r1, 32(CX);     \
	VMULPS      Y0, r2, r2;     \
	VFMADD231PS 64(CX), Y1, r2; \
	VMOVUPS     r2, 64(CX)

#define STORE024(r0, r1, r2) \
	VMULPS  Y0, r0, r0; \
	VMOVUPS r0, (CX);   \
	VMULPS  Y0, r1, r1; \
	VMOVUPS r1, 32(CX); \
	VMULPS  Y0, r2, r2; \
	VMOVUPS r2, 64(CX)

