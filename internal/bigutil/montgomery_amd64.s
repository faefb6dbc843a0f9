//go:build amd64 && !purego

// Montgomery multiplication kernels for any limb count n that is a positive
// multiple of 8, using MULX (BMI2) and ADCX/ADOX (ADX), which montgomery_amd64.go
// checks for (golang.org/x/sys/cpu) before using them.
//
// Constant time: every branch and every address depends only on the public n
// and count (loop counters and pointers); the values only flow through MULX,
// IMUL, ADD/ADC/SBB, ADCX/ADOX, logic and SSE2 logic instructions, whose
// timing does not depend on their operands. The final subtraction of the
// reduction and the table lookup select with masks.

#include "textflag.h"

// ROW8 adds DX * [DI:DI+64) to [R8:R8+64). The running high word of the
// previous column is in R12 (and is left there), the carries of the low-word
// additions run in CF (ADCX) and those of the high-word additions in OF
// (ADOX), so the two chains overlap. Nothing between two ROW8 may touch the
// flags: loops count with LEAQ and JCXZQ.
#define ROW8 \
	MULXQ 0(DI), AX, R13; \
	ADCXQ R12, AX; \
	ADOXQ 0(R8), AX; \
	MOVQ  AX, 0(R8); \
	MULXQ 8(DI), AX, R12; \
	ADCXQ R13, AX; \
	ADOXQ 8(R8), AX; \
	MOVQ  AX, 8(R8); \
	MULXQ 16(DI), AX, R13; \
	ADCXQ R12, AX; \
	ADOXQ 16(R8), AX; \
	MOVQ  AX, 16(R8); \
	MULXQ 24(DI), AX, R12; \
	ADCXQ R13, AX; \
	ADOXQ 24(R8), AX; \
	MOVQ  AX, 24(R8); \
	MULXQ 32(DI), AX, R13; \
	ADCXQ R12, AX; \
	ADOXQ 32(R8), AX; \
	MOVQ  AX, 32(R8); \
	MULXQ 40(DI), AX, R12; \
	ADCXQ R13, AX; \
	ADOXQ 40(R8), AX; \
	MOVQ  AX, 40(R8); \
	MULXQ 48(DI), AX, R13; \
	ADCXQ R12, AX; \
	ADOXQ 48(R8), AX; \
	MOVQ  AX, 48(R8); \
	MULXQ 56(DI), AX, R12; \
	ADCXQ R13, AX; \
	ADOXQ 56(R8), AX; \
	MOVQ  AX, 56(R8)

// FOLD ends a row: the carry into the next column is R12 + CF + OF, which fits
// in a word (a column sum t + x*y + carry is at most 2^128-1). R14 is zero.
#define FOLD \
	ADCXQ R14, R12; \
	ADOXQ R14, R12

// SQRBLOCKROW(off) is row off/8 of the 8x8 product x_b * x_b (SI = &x[8b],
// R10 = its 16-limb destination, whose low 8 limbs start at zero): it adds
// x[8b+off/8] * x_b to [R10+off : R10+off+64) and writes the carry to the
// fresh limb at R10+off+64, as mulADX does.
#define SQRBLOCKROW(off) \
	MOVQ off(SI), DX; \
	MOVQ SI, DI; \
	LEAQ off(R10), R8; \
	XORL R14, R14; \
	XORL R12, R12; \
	ROW8; \
	FOLD; \
	MOVQ R12, 64(R8)

// func mulADX(t, x, y *uint, n int)
// t[0:2n] = x[0:n] * y[0:n], for n a positive multiple of 8.
TEXT ·mulADX(SB), NOSPLIT, $0-32
	MOVQ t+0(FP), R10
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), BX
	MOVQ n+24(FP), R9

	// t[0:n] = 0; row i then writes its carry to the fresh t[i+n].
	MOVQ R10, DI
	MOVQ R9, CX
	XORL AX, AX
mulZero:
	MOVQ AX, (DI)
	LEAQ 8(DI), DI
	DECQ CX
	JNZ  mulZero

	MOVQ R9, R15
mulRow:
	MOVQ  (BX), DX
	MOVQ  SI, DI
	MOVQ  R10, R8
	MOVQ  R9, CX
	SHRQ  $3, CX
	XORL  R14, R14
	XORL  R12, R12
mulLoop:
	ROW8
	LEAQ  64(DI), DI
	LEAQ  64(R8), R8
	LEAQ  -1(CX), CX
	JCXZQ mulRowDone
	JMP   mulLoop
mulRowDone:
	FOLD
	MOVQ  R12, (R8)
	LEAQ  8(BX), BX
	LEAQ  8(R10), R10
	DECQ  R15
	JNZ   mulRow
	RET

// func sqrADX(t, x *uint, n int)
// t[0:2n] = x[0:n]^2, for n a positive multiple of 8, using t[2n:4n] as
// scratch. With x split in 8-limb blocks x_b, x^2 = 2A + D, where A is the
// sum of the products x[i]*x[j] with i and j in different blocks, i < j,
// and D the squares x_b^2 of the blocks, each at limb 16b, where they do not
// overlap. A is made of ROW8 blocks only (no partial rows, so no loop whose
// trip count changes from row to row), D of eight ROW8 rows per block
// written out in full (an 8x8 product costs 36 more multiplications than
// its symmetric half, fewer cycles than the branches and single columns a
// triangle takes), and one last pass sets t = 2t + D.
TEXT ·sqrADX(SB), NOSPLIT, $0-24
	MOVQ t+0(FP), R10
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), R9

	MOVQ R10, DI
	MOVQ R9, CX
	SHLQ $1, CX
	XORL AX, AX
sqrZero:
	MOVQ AX, (DI)
	LEAQ 8(DI), DI
	DECQ CX
	JNZ  sqrZero

	// A. Block row b (rows i = 8b+r, r < 8) has BX = n/8-1-b blocks right
	// of its diagonal block: row i adds x[i] * x[8b+8:n] to t[i+8b+8:i+n]
	// and writes its carry to the fresh t[i+n], as mulADX's rows do. R11 =
	// &x[8b+8], SI = &x[i], R10 = &t[i+8b+8]; the last block row has none.
	MOVQ R9, BX
	SHRQ $3, BX
	DECQ BX
	JZ   sqrBlocks
	LEAQ 64(SI), R11
	LEAQ 64(R10), R10
sqrBlockRow:
	MOVQ $8, R15
sqrRow:
	MOVQ  (SI), DX
	MOVQ  R11, DI
	MOVQ  R10, R8
	MOVQ  BX, CX
	XORL  R14, R14
	XORL  R12, R12
sqrLoop:
	ROW8
	LEAQ  64(DI), DI
	LEAQ  64(R8), R8
	LEAQ  -1(CX), CX
	JCXZQ sqrRowDone
	JMP   sqrLoop
sqrRowDone:
	FOLD
	MOVQ R12, (R8)
	LEAQ 8(SI), SI
	LEAQ 8(R10), R10
	DECQ R15
	JNZ  sqrRow
	LEAQ 64(R11), R11
	LEAQ 64(R10), R10 // t[i+8b+8] for the next block row's first i
	DECQ BX
	JNZ  sqrBlockRow

	// D. For each block b: t[2n+16b : 2n+16b+16] = x_b * x_b, the rows of
	// mulADX for n = 8, unrolled.
sqrBlocks:
	MOVQ t+0(FP), R10
	MOVQ x+8(FP), SI
	LEAQ (R10)(R9*8), R10
	LEAQ (R10)(R9*8), R10 // &t[2n]
	MOVQ R9, BX
	SHRQ $3, BX
	XORL AX, AX
sqrBlock:
	MOVQ AX, 0(R10)
	MOVQ AX, 8(R10)
	MOVQ AX, 16(R10)
	MOVQ AX, 24(R10)
	MOVQ AX, 32(R10)
	MOVQ AX, 40(R10)
	MOVQ AX, 48(R10)
	MOVQ AX, 56(R10)
	SQRBLOCKROW(0)
	SQRBLOCKROW(8)
	SQRBLOCKROW(16)
	SQRBLOCKROW(24)
	SQRBLOCKROW(32)
	SQRBLOCKROW(40)
	SQRBLOCKROW(48)
	SQRBLOCKROW(56)
	XORL AX, AX
	LEAQ 64(SI), SI
	LEAQ 128(R10), R10
	DECQ BX
	JNZ  sqrBlock

	// t = 2t + D, four limbs at a time: the doubling carries in CF, the
	// addition of D in OF. Neither leaves the top limb: 2A + D = x^2 is
	// below 2^(128n).
	MOVQ t+0(FP), R8
	LEAQ (R8)(R9*8), SI
	LEAQ (SI)(R9*8), SI // &t[2n]
	MOVQ R9, CX
	SHRQ $1, CX
	XORL R14, R14
sqrDouble:
	MOVQ  0(R8), R10
	MOVQ  8(R8), R11
	MOVQ  16(R8), R12
	MOVQ  24(R8), R13
	ADCXQ R10, R10
	ADOXQ 0(SI), R10
	ADCXQ R11, R11
	ADOXQ 8(SI), R11
	ADCXQ R12, R12
	ADOXQ 16(SI), R12
	ADCXQ R13, R13
	ADOXQ 24(SI), R13
	MOVQ  R10, 0(R8)
	MOVQ  R11, 8(R8)
	MOVQ  R12, 16(R8)
	MOVQ  R13, 24(R8)
	LEAQ  32(R8), R8
	LEAQ  32(SI), SI
	LEAQ  -1(CX), CX
	JCXZQ sqrDone
	JMP   sqrDouble
sqrDone:
	RET

// func redcADX(z, t, m *uint, n int, m0inv uint)
// z[0:n] = t[0:2n] / 2^(64n) mod m, for t < m * 2^(64n) and n a positive
// multiple of 8. t is overwritten. z may alias neither t nor m.
TEXT ·redcADX(SB), NOSPLIT, $0-40
	MOVQ t+8(FP), R10
	MOVQ m+16(FP), SI
	MOVQ n+24(FP), R9
	MOVQ m0inv+32(FP), BX

	// Row i adds m * q, q = t[i] * m0inv, to t[i:i+n], which zeroes t[i],
	// and adds the row's carry word to t[i+n]. The carry out of that
	// addition is kept in R11 (as 0 or all ones) for the next row.
	MOVQ R9, R15
	XORL R11, R11
redRow:
	MOVQ  (R10), DX
	IMULQ BX, DX
	MOVQ  SI, DI
	MOVQ  R10, R8
	MOVQ  R9, CX
	SHRQ  $3, CX
	XORL  R14, R14
	XORL  R12, R12
redLoop:
	ROW8
	LEAQ  64(DI), DI
	LEAQ  64(R8), R8
	LEAQ  -1(CX), CX
	JCXZQ redRowDone
	JMP   redLoop
redRowDone:
	FOLD
	BTQ   $0, R11
	ADCQ  R12, (R8)
	SBBQ  R11, R11
	LEAQ  8(R10), R10
	DECQ  R15
	JNZ   redRow

	// The result r = t[n:2n] + carry * 2^(64n) is below 2m. Store d = r - m
	// in t[0:n], then z = d if the carry is set or there was no borrow (r >= m),
	// else z = r, selecting with a mask.
	MOVQ t+8(FP), DI
	MOVQ R10, R8
	MOVQ R9, CX
	SHRQ $2, CX
	XORL AX, AX
redSub:
	MOVQ  0(R8), AX
	SBBQ  0(SI), AX
	MOVQ  AX, 0(DI)
	MOVQ  8(R8), AX
	SBBQ  8(SI), AX
	MOVQ  AX, 8(DI)
	MOVQ  16(R8), AX
	SBBQ  16(SI), AX
	MOVQ  AX, 16(DI)
	MOVQ  24(R8), AX
	SBBQ  24(SI), AX
	MOVQ  AX, 24(DI)
	LEAQ  32(R8), R8
	LEAQ  32(SI), SI
	LEAQ  32(DI), DI
	DECQ  CX // keeps CF
	JNZ   redSub
	SBBQ  AX, AX
	NOTQ  AX
	ORQ   R11, AX

	MOVQ z+0(FP), DI
	MOVQ t+8(FP), R8
	MOVQ R9, CX
redSelect:
	MOVQ (R10), R12
	MOVQ (R8), R13
	XORQ R12, R13
	ANDQ AX, R13
	XORQ R12, R13
	MOVQ R13, (DI)
	LEAQ 8(R10), R10
	LEAQ 8(R8), R8
	LEAQ 8(DI), DI
	DECQ CX
	JNZ  redSelect
	RET

// func lookupSSE2(z, table *uint, n, count int, idx uint)
// z[0:n] = table[idx*n:(idx+1)*n], reading all count entries of the table and
// keeping one with a mask, so that the memory access pattern does not depend
// on idx. n is even.
TEXT ·lookupSSE2(SB), NOSPLIT, $0-40
	MOVQ z+0(FP), DI
	MOVQ table+8(FP), SI
	MOVQ n+16(FP), R9
	MOVQ count+24(FP), R10
	MOVQ idx+32(FP), R11

	MOVQ  DI, R8
	MOVQ  R9, CX
	SHRQ  $1, CX
	PXOR  X0, X0
lookupZero:
	MOVOU X0, (R8)
	LEAQ  16(R8), R8
	DECQ  CX
	JNZ   lookupZero

	XORL BX, BX
lookupEntry:
	// X0 = all ones if BX == idx, else zero, without a branch.
	MOVQ       BX, AX
	XORQ       R11, AX
	NEGQ       AX
	SBBQ       AX, AX
	NOTQ       AX
	MOVQ       AX, X0
	PUNPCKLQDQ X0, X0
	MOVQ       DI, R8
	MOVQ       R9, CX
	SHRQ       $1, CX
lookupRow:
	MOVOU (SI), X1
	PAND  X0, X1
	MOVOU (R8), X2
	POR   X1, X2
	MOVOU X2, (R8)
	LEAQ  16(SI), SI
	LEAQ  16(R8), R8
	DECQ  CX
	JNZ   lookupRow
	INCQ  BX
	CMPQ  BX, R10
	JNE   lookupEntry
	RET
