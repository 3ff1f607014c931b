//go:build amd64

#include "textflag.h"

// AVX-512 packing routines. Packing is O(k·n) against the O(m·n·k) product, but with the
// small m of the training loop (128, 256) a scalar transpose in Go costs as much as a
// quarter of the multiply, so the two copies that run on every call are vectorised here.
// pack.go has the portable equivalents and says what each layout is.

// func packCopy(dst *float64, src *float64, ld int, rows int, nv int, mask uint64)
//
// For r < rows: dst[r·8nv : r·8nv+8nv] = src[r·ld : r·ld+8nv], where the last of the nv
// vectors is read under mask (zeroing), so dst is zero-padded and src is never read past the
// masked columns.
TEXT ·packCopy(SB), NOSPLIT, $0-48
	MOVQ  dst+0(FP), DI
	MOVQ  src+8(FP), SI
	MOVQ  ld+16(FP), DX
	SHLQ  $3, DX
	MOVQ  rows+24(FP), CX
	MOVQ  nv+32(FP), R8
	MOVQ  mask+40(FP), AX
	KMOVW AX, K1
	TESTQ CX, CX
	JEQ   done
	CMPQ  R8, $3
	JEQ   nv3
	CMPQ  R8, $2
	JEQ   nv2

nv1:
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD   Z0, (DI)
	ADDQ      DX, SI
	ADDQ      $64, DI
	DECQ      CX
	JNZ       nv1
	JMP       done

nv2:
	VMOVUPD   (SI), Z0
	VMOVUPD.Z 64(SI), K1, Z1
	VMOVUPD   Z0, (DI)
	VMOVUPD   Z1, 64(DI)
	ADDQ      DX, SI
	ADDQ      $128, DI
	DECQ      CX
	JNZ       nv2
	JMP       done

nv3:
	VMOVUPD   (SI), Z0
	VMOVUPD   64(SI), Z1
	VMOVUPD.Z 128(SI), K1, Z2
	VMOVUPD   Z0, (DI)
	VMOVUPD   Z1, 64(DI)
	VMOVUPD   Z2, 128(DI)
	ADDQ      DX, SI
	ADDQ      $192, DI
	DECQ      CX
	JNZ       nv3

done:
	VZEROUPPER
	RET

// Load 8 consecutive elements of each of the 8 source rows into Z0–Z7 (rows 0–3 from SI,
// 4–7 from BX, R8 = ld and R9 = 3·ld in bytes); the masked variant reads only the K1
// lanes and zeroes the others.
#define LOAD8(off) \
	VMOVUPD off(SI), Z0;        \
	VMOVUPD off(SI)(R8*1), Z1;  \
	VMOVUPD off(SI)(R8*2), Z2;  \
	VMOVUPD off(SI)(R9*1), Z3;  \
	VMOVUPD off(BX), Z4;        \
	VMOVUPD off(BX)(R8*1), Z5;  \
	VMOVUPD off(BX)(R8*2), Z6;  \
	VMOVUPD off(BX)(R9*1), Z7

#define LOAD8MASKED \
	VMOVUPD.Z (SI), K1, Z0;        \
	VMOVUPD.Z (SI)(R8*1), K1, Z1;  \
	VMOVUPD.Z (SI)(R8*2), K1, Z2;  \
	VMOVUPD.Z (SI)(R9*1), K1, Z3;  \
	VMOVUPD.Z (BX), K1, Z4;        \
	VMOVUPD.Z (BX)(R8*1), K1, Z5;  \
	VMOVUPD.Z (BX)(R8*2), K1, Z6;  \
	VMOVUPD.Z (BX)(R9*1), K1, Z7

// Transpose the 8×8 block of rows Z0–Z7 into columns Z16–Z23 (Z16+p holds element p of
// every row). Three stages: interleave pairs of rows within 128-bit lanes, then gather
// 128-bit lanes two rows apart, then four rows apart.
#define TRANSPOSE8 \
	VUNPCKLPD  Z1, Z0, Z8;          \
	VUNPCKHPD  Z1, Z0, Z9;          \
	VUNPCKLPD  Z3, Z2, Z10;         \
	VUNPCKHPD  Z3, Z2, Z11;         \
	VUNPCKLPD  Z5, Z4, Z12;         \
	VUNPCKHPD  Z5, Z4, Z13;         \
	VUNPCKLPD  Z7, Z6, Z14;         \
	VUNPCKHPD  Z7, Z6, Z15;         \
	VSHUFF64X2 $0x88, Z10, Z8, Z0;  \
	VSHUFF64X2 $0xDD, Z10, Z8, Z1;  \
	VSHUFF64X2 $0x88, Z14, Z12, Z2; \
	VSHUFF64X2 $0xDD, Z14, Z12, Z3; \
	VSHUFF64X2 $0x88, Z11, Z9, Z4;  \
	VSHUFF64X2 $0xDD, Z11, Z9, Z5;  \
	VSHUFF64X2 $0x88, Z15, Z13, Z6; \
	VSHUFF64X2 $0xDD, Z15, Z13, Z7; \
	VSHUFF64X2 $0x88, Z2, Z0, Z16;  \
	VSHUFF64X2 $0xDD, Z2, Z0, Z20;  \
	VSHUFF64X2 $0x88, Z3, Z1, Z18;  \
	VSHUFF64X2 $0xDD, Z3, Z1, Z22;  \
	VSHUFF64X2 $0x88, Z6, Z4, Z17;  \
	VSHUFF64X2 $0xDD, Z6, Z4, Z21;  \
	VSHUFF64X2 $0x88, Z7, Z5, Z19;  \
	VSHUFF64X2 $0xDD, Z7, Z5, Z23

// func packTrans8(dst *float64, dstStride int, src *float64, ld int, kc int)
//
// Transposes 8 source rows of kc elements (row j at src + j·ld) into kc destination rows of
// 8 (dst[p·dstStride + j] = src[j·ld + p]). All 8 source rows must be readable; the
// portable code handles a ragged last group of rows.
TEXT ·packTrans8(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $3, DX
	LEAQ (DX)(DX*2), R10
	LEAQ (DI)(DX*4), R11
	MOVQ src+16(FP), SI
	MOVQ ld+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), BX
	MOVQ kc+32(FP), CX
	MOVQ DX, R12
	SHLQ $3, R12         // 8 destination rows
	CMPQ CX, $8
	JLT  tail

loop:
	LOAD8(0)
	TRANSPOSE8
	VMOVUPD Z16, (DI)
	VMOVUPD Z17, (DI)(DX*1)
	VMOVUPD Z18, (DI)(DX*2)
	VMOVUPD Z19, (DI)(R10*1)
	VMOVUPD Z20, (R11)
	VMOVUPD Z21, (R11)(DX*1)
	VMOVUPD Z22, (R11)(DX*2)
	VMOVUPD Z23, (R11)(R10*1)
	ADDQ    $64, SI
	ADDQ    $64, BX
	ADDQ    R12, DI
	ADDQ    R12, R11
	SUBQ    $8, CX
	CMPQ    CX, $8
	JGE     loop

tail:
	TESTQ CX, CX
	JEQ   done
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1
	LOAD8MASKED
	TRANSPOSE8
	VMOVUPD Z16, (DI)
	DECQ    CX
	JEQ     done
	VMOVUPD Z17, (DI)(DX*1)
	DECQ    CX
	JEQ     done
	VMOVUPD Z18, (DI)(DX*2)
	DECQ    CX
	JEQ     done
	VMOVUPD Z19, (DI)(R10*1)
	DECQ    CX
	JEQ     done
	VMOVUPD Z20, (R11)
	DECQ    CX
	JEQ     done
	VMOVUPD Z21, (R11)(DX*1)
	DECQ    CX
	JEQ     done
	VMOVUPD Z22, (R11)(DX*2)

done:
	VZEROUPPER
	RET

// func packRowsAVX(dst, src *byte, ldBytes, rows, vecs int)
//
// AVX2 packing of whole 32-byte vectors: for r < rows, the vecs·32 bytes at
// src + r·ldBytes go to dst + r·vecs·32 (vecs = 1, 2, 3 or 6: 8 float32 or float64 rows
// of packed A, and full B panels of 24 float64 or 48 float32). The rows are too short
// for memmove's set-up to pay (a call per row cost a seventh of the wide float32 step).
TEXT ·packRowsAVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ ldBytes+16(FP), DX
	MOVQ rows+24(FP), CX
	MOVQ vecs+32(FP), R8
	TESTQ CX, CX
	JEQ   pdone
	CMPQ  R8, $6
	JEQ   pv6
	CMPQ  R8, $3
	JEQ   pv3
	CMPQ  R8, $2
	JEQ   pv2

pv1:
	VMOVUPS (SI), Y0
	VMOVUPS Y0, (DI)
	ADDQ    DX, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     pv1
	JMP     pdone

pv2:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    DX, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     pv2
	JMP     pdone

pv3:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	ADDQ    DX, SI
	ADDQ    $96, DI
	DECQ    CX
	JNZ     pv3
	JMP     pdone

pv6:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VMOVUPS 128(SI), Y4
	VMOVUPS 160(SI), Y5
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	ADDQ    DX, SI
	ADDQ    $192, DI
	DECQ    CX
	JNZ     pv6

pdone:
	VZEROUPPER
	RET
