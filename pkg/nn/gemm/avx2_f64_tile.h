// The 4×12 float64 register tile of the AVX2 kernels (kernel_avx2_amd64.s,
// kernel_avx2_rows_amd64.s): accumulators Y4–Y15, row r in Y4+3r … Y6+3r. A k step loads
// 12 doubles of B at CX (row stride DX), broadcasts one A element per row from AX (row
// stride R8, 3·R8 in R9, k stride R10) and does 12 FMAs.

#define FMA12(r0, r1, r2) \
	VFMADD231PD Y0, Y3, r0; \
	VFMADD231PD Y1, Y3, r1; \
	VFMADD231PD Y2, Y3, r2

#define STEP12 \
	VMOVUPD      (CX), Y0;       \
	VMOVUPD      32(CX), Y1;     \
	VMOVUPD      64(CX), Y2;     \
	ADDQ         DX, CX;         \
	VBROADCASTSD (AX), Y3;       \
	FMA12(Y4, Y5, Y6);           \
	VBROADCASTSD (AX)(R8*1), Y3; \
	FMA12(Y7, Y8, Y9);           \
	VBROADCASTSD (AX)(R8*2), Y3; \
	FMA12(Y10, Y11, Y12);        \
	VBROADCASTSD (AX)(R9*1), Y3; \
	FMA12(Y13, Y14, Y15);        \
	ADDQ         R10, AX

#define ZERO12 \
	VXORPD Y4, Y4, Y4;    VXORPD Y5, Y5, Y5;    VXORPD Y6, Y6, Y6;    \
	VXORPD Y7, Y7, Y7;    VXORPD Y8, Y8, Y8;    VXORPD Y9, Y9, Y9;    \
	VXORPD Y10, Y10, Y10; VXORPD Y11, Y11, Y11; VXORPD Y12, Y12, Y12; \
	VXORPD Y13, Y13, Y13; VXORPD Y14, Y14, Y14; VXORPD Y15, Y15, Y15

// Y0 = alpha, Y1 = beta, Y2 scratch.
#define STOREB12(r0, r1, r2) \
	VMULPD      Y0, r0, r0;   \
	VFMADD231PD (CX), Y1, r0; \
	VMOVUPD     r0, (CX);     \
	VMULPD      Y0, r1, r1;   \
	VFMADD231PD 32(CX), Y1, r1; \
	VMOVUPD     r1, 32(CX);   \
	VMULPD      Y0, r2, r2;   \
	VFMADD231PD 64(CX), Y1, r2; \
	VMOVUPD     r2, 64(CX)

#define STORE012(r0, r1, r2) \
	VMULPD  Y0, r0, r0; \
	VMOVUPD r0, (CX);   \
	VMULPD  Y0, r1, r1; \
	VMOVUPD r1, 32(CX); \
	VMULPD  Y0, r2, r2; \
	VMOVUPD r2, 64(CX)

