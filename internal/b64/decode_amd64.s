//go:build amd64 && !purego

// The AVX2 kernel of Decode: 32 characters per step, after the scheme of
// W. Muła and D. Lemire, "Faster Base64 Encoding and Decoding Using AVX2
// Instructions" (2018), with the range compares the base64url alphabet
// needs in place of their lookup tables. No branch or address depends on
// the data (tickets are not secret, but keys never pass through here
// either way).

#include "textflag.h"

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// func decodeAVX2(dst *byte, src string, blocks int) (bad bool)
//
// Decodes blocks > 0 blocks of 32 characters at src into 24 bytes each at
// dst, storing 32 bytes per block (the last 8 are overwritten by the next
// block or left as slack). bad reports a character outside the alphabet.
TEXT ·decodeAVX2(SB), NOSPLIT, $0-33
	MOVQ dst+0(FP), DI
	MOVQ src_base+8(FP), SI
	MOVQ blocks+24(FP), CX
	VMOVDQU aboveA<>(SB), Y15
	VMOVDQU belowZ<>(SB), Y14
	VMOVDQU abovea<>(SB), Y13
	VMOVDQU belowz<>(SB), Y12
	VMOVDQU above0<>(SB), Y11
	VMOVDQU below9<>(SB), Y10
	VMOVDQU dash<>(SB), Y9
	VMOVDQU under<>(SB), Y8
	VMOVDQU perm<>(SB), Y7
	XORL R9, R9

loop:
	VMOVDQU (SI), Y0

	// One mask per class of character (signed compares: a byte of 0x80
	// or more is negative, so in no class).
	VPCMPGTB Y15, Y0, Y1 // c > 'A'-1
	VPCMPGTB Y0, Y14, Y2 // 'Z'+1 > c
	VPAND    Y2, Y1, Y1  // A-Z
	VPCMPGTB Y13, Y0, Y2
	VPCMPGTB Y0, Y12, Y3
	VPAND    Y3, Y2, Y2  // a-z
	VPCMPGTB Y11, Y0, Y3
	VPCMPGTB Y0, Y10, Y4
	VPAND    Y4, Y3, Y3  // 0-9
	VPCMPEQB Y9, Y0, Y4  // -
	VPCMPEQB Y8, Y0, Y5  // _

	// Every byte must be in a class: collect those that are not.
	VPOR      Y1, Y2, Y6
	VPOR      Y3, Y6, Y6
	VPOR      Y4, Y6, Y6
	VPOR      Y5, Y6, Y6
	VPMOVMSKB Y6, AX
	NOTL      AX
	ORL       AX, R9

	// Each character plus its class's offset is its six-bit value.
	VPAND  offUpper<>(SB), Y1, Y1
	VPAND  offLower<>(SB), Y2, Y2
	VPAND  offDigit<>(SB), Y3, Y3
	VPAND  offDash<>(SB), Y4, Y4
	VPAND  offUnder<>(SB), Y5, Y5
	VPADDB Y1, Y0, Y0
	VPADDB Y2, Y0, Y0
	VPADDB Y3, Y0, Y0
	VPADDB Y4, Y0, Y0
	VPADDB Y5, Y0, Y0

	// Pack four six-bit values into three bytes, big-endian, and the two
	// lanes' twelve bytes together.
	VPMADDUBSW pairs<>(SB), Y0, Y0
	VPMADDWD   quads<>(SB), Y0, Y0
	VPSHUFB    shuf<>(SB), Y0, Y0
	VPERMD     Y0, Y7, Y0
	VMOVDQU    Y0, (DI)

	ADDQ $32, SI
	ADDQ $24, DI
	DECQ CX
	JNZ  loop

	VZEROUPPER
	TESTL R9, R9
	SETNE bad+32(FP)
	RET

// 'A'-1, 'Z'+1, 'a'-1, 'z'+1, '0'-1 and '9'+1: the ranges' open bounds
DATA aboveA<>+0(SB)/8, $0x4040404040404040
DATA aboveA<>+8(SB)/8, $0x4040404040404040
DATA aboveA<>+16(SB)/8, $0x4040404040404040
DATA aboveA<>+24(SB)/8, $0x4040404040404040
GLOBL aboveA<>(SB), RODATA|NOPTR, $32

DATA belowZ<>+0(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA belowZ<>+8(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA belowZ<>+16(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA belowZ<>+24(SB)/8, $0x5b5b5b5b5b5b5b5b
GLOBL belowZ<>(SB), RODATA|NOPTR, $32

DATA abovea<>+0(SB)/8, $0x6060606060606060
DATA abovea<>+8(SB)/8, $0x6060606060606060
DATA abovea<>+16(SB)/8, $0x6060606060606060
DATA abovea<>+24(SB)/8, $0x6060606060606060
GLOBL abovea<>(SB), RODATA|NOPTR, $32

DATA belowz<>+0(SB)/8, $0x7b7b7b7b7b7b7b7b
DATA belowz<>+8(SB)/8, $0x7b7b7b7b7b7b7b7b
DATA belowz<>+16(SB)/8, $0x7b7b7b7b7b7b7b7b
DATA belowz<>+24(SB)/8, $0x7b7b7b7b7b7b7b7b
GLOBL belowz<>(SB), RODATA|NOPTR, $32

DATA above0<>+0(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA above0<>+8(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA above0<>+16(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA above0<>+24(SB)/8, $0x2f2f2f2f2f2f2f2f
GLOBL above0<>(SB), RODATA|NOPTR, $32

DATA below9<>+0(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA below9<>+8(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA below9<>+16(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA below9<>+24(SB)/8, $0x3a3a3a3a3a3a3a3a
GLOBL below9<>(SB), RODATA|NOPTR, $32

// '-' and '_'
DATA dash<>+0(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA dash<>+8(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA dash<>+16(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA dash<>+24(SB)/8, $0x2d2d2d2d2d2d2d2d
GLOBL dash<>(SB), RODATA|NOPTR, $32

DATA under<>+0(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA under<>+8(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA under<>+16(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA under<>+24(SB)/8, $0x5f5f5f5f5f5f5f5f
GLOBL under<>(SB), RODATA|NOPTR, $32

// what each class adds to a character to make its value: -65, -71, +4, +17, -32
DATA offUpper<>+0(SB)/8, $0xbfbfbfbfbfbfbfbf
DATA offUpper<>+8(SB)/8, $0xbfbfbfbfbfbfbfbf
DATA offUpper<>+16(SB)/8, $0xbfbfbfbfbfbfbfbf
DATA offUpper<>+24(SB)/8, $0xbfbfbfbfbfbfbfbf
GLOBL offUpper<>(SB), RODATA|NOPTR, $32

DATA offLower<>+0(SB)/8, $0xb9b9b9b9b9b9b9b9
DATA offLower<>+8(SB)/8, $0xb9b9b9b9b9b9b9b9
DATA offLower<>+16(SB)/8, $0xb9b9b9b9b9b9b9b9
DATA offLower<>+24(SB)/8, $0xb9b9b9b9b9b9b9b9
GLOBL offLower<>(SB), RODATA|NOPTR, $32

DATA offDigit<>+0(SB)/8, $0x0404040404040404
DATA offDigit<>+8(SB)/8, $0x0404040404040404
DATA offDigit<>+16(SB)/8, $0x0404040404040404
DATA offDigit<>+24(SB)/8, $0x0404040404040404
GLOBL offDigit<>(SB), RODATA|NOPTR, $32

DATA offDash<>+0(SB)/8, $0x1111111111111111
DATA offDash<>+8(SB)/8, $0x1111111111111111
DATA offDash<>+16(SB)/8, $0x1111111111111111
DATA offDash<>+24(SB)/8, $0x1111111111111111
GLOBL offDash<>(SB), RODATA|NOPTR, $32

DATA offUnder<>+0(SB)/8, $0xe0e0e0e0e0e0e0e0
DATA offUnder<>+8(SB)/8, $0xe0e0e0e0e0e0e0e0
DATA offUnder<>+16(SB)/8, $0xe0e0e0e0e0e0e0e0
DATA offUnder<>+24(SB)/8, $0xe0e0e0e0e0e0e0e0
GLOBL offUnder<>(SB), RODATA|NOPTR, $32

// VPMADDUBSW: v0<<6 + v1 in each 16-bit word
DATA pairs<>+0(SB)/8, $0x0140014001400140
DATA pairs<>+8(SB)/8, $0x0140014001400140
DATA pairs<>+16(SB)/8, $0x0140014001400140
DATA pairs<>+24(SB)/8, $0x0140014001400140
GLOBL pairs<>(SB), RODATA|NOPTR, $32

// VPMADDWD: w0<<12 + w1 in each 32-bit word: 24 bits, v0<<18 | v1<<12 | v2<<6 | v3
DATA quads<>+0(SB)/8, $0x0001100000011000
DATA quads<>+8(SB)/8, $0x0001100000011000
DATA quads<>+16(SB)/8, $0x0001100000011000
DATA quads<>+24(SB)/8, $0x0001100000011000
GLOBL quads<>(SB), RODATA|NOPTR, $32

// VPSHUFB: in each 128-bit lane, the three bytes of each word high byte first, then zeros
DATA shuf<>+0(SB)/8, $0x090a040506000102
DATA shuf<>+8(SB)/8, $0x808080800c0d0e08
DATA shuf<>+16(SB)/8, $0x090a040506000102
DATA shuf<>+24(SB)/8, $0x808080800c0d0e08
GLOBL shuf<>(SB), RODATA|NOPTR, $32

// VPERMD: the 12 bytes of the high lane follow the 12 of the low one
DATA perm<>+0(SB)/8, $0x0000000100000000
DATA perm<>+8(SB)/8, $0x0000000400000002
DATA perm<>+16(SB)/8, $0x0000000600000005
DATA perm<>+24(SB)/8, $0x0000000700000003
GLOBL perm<>(SB), RODATA|NOPTR, $32
