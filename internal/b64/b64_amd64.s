//go:build amd64 && !purego

// The AVX2 kernels of Decode and Encode, 32 characters per step, after
// W. Muła and D. Lemire, "Faster Base64 Encoding and Decoding Using AVX2
// Instructions" (2018); decoding validates with range compares, which the
// base64url alphabet needs in place of their lookup tables. No branch or
// address depends on the data.

#include "textflag.h"

// func decodeAVX2(dst *byte, src string, blocks int) (bad bool)
//
// Decodes blocks (none if blocks <= 0) of 32 characters at src into 24 bytes each at
// dst, storing 32 bytes per block (the last 8 are overwritten by the next
// block or left as slack). bad reports a character outside the alphabet.
TEXT ·decodeAVX2(SB), NOSPLIT, $0-33
	MOVQ dst+0(FP), DI
	MOVQ src_base+8(FP), SI
	MOVQ blocks+24(FP), CX
	XORL R9, R9
	TESTQ CX, CX
	JLE  decdone
	VMOVDQU aboveA<>(SB), Y15
	VMOVDQU belowZ<>(SB), Y14
	VMOVDQU abovea<>(SB), Y13
	VMOVDQU belowz<>(SB), Y12
	VMOVDQU above0<>(SB), Y11
	VMOVDQU below9<>(SB), Y10
	VMOVDQU dash<>(SB), Y9
	VMOVDQU under<>(SB), Y8
	VMOVDQU perm<>(SB), Y7

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

decdone:
	TESTL R9, R9
	SETNE bad+32(FP)
	RET

// func encodeAVX2(dst, src *byte, blocks int)
//
// Encodes blocks (none if blocks <= 0) of 24 bytes at src into 32 characters each at
// dst. Each block reads 28 bytes (two 16-byte loads, at 0 and 12).
TEXT ·encodeAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ blocks+16(FP), CX
	TESTQ CX, CX
	JLE  encdone
	VMOVDQU encSpread<>(SB), Y15
	VMOVDQU encMaskHi<>(SB), Y14
	VMOVDQU encMulHi<>(SB), Y13
	VMOVDQU encMaskLo<>(SB), Y12
	VMOVDQU encMulLo<>(SB), Y11
	VMOVDQU encBelow26<>(SB), Y10
	VMOVDQU enc51<>(SB), Y9
	VMOVDQU enc13<>(SB), Y8
	VMOVDQU encShift<>(SB), Y7

encloop:
	// 12 bytes in each 128-bit lane, each group of three s0 s1 s2
	// spread over a 32-bit word as s1 s0 s2 s1.
	VMOVDQU    (SI), X0
	VINSERTI128 $1, 12(SI), Y0, Y0
	VPSHUFB    Y15, Y0, Y0

	// The four six-bit values of each word into its four bytes.
	VPAND    Y14, Y0, Y1
	VPMULHUW Y13, Y1, Y1
	VPAND    Y12, Y0, Y2
	VPMULLW  Y11, Y2, Y2
	VPOR     Y2, Y1, Y0

	// Each value plus its range's offset is its character: the range is
	// 0 for 26-51, 1-10 for 52-61, 11 for 62, 12 for 63 and 13 for 0-25.
	VPSUBUSB Y9, Y0, Y1
	VPCMPGTB Y0, Y10, Y2
	VPAND    Y8, Y2, Y2
	VPOR     Y2, Y1, Y1
	VPSHUFB  Y1, Y7, Y1
	VPADDB   Y1, Y0, Y0
	VMOVDQU  Y0, (DI)

	ADDQ $24, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  encloop

	VZEROUPPER

encdone:
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

// Encoding. VPSHUFB: s0 s1 s2 to s1 s0 s2 s1, four groups per lane
DATA encSpread<>+0(SB)/8, $0x0405030401020001
DATA encSpread<>+8(SB)/8, $0x0a0b090a07080607
DATA encSpread<>+16(SB)/8, $0x0405030401020001
DATA encSpread<>+24(SB)/8, $0x0a0b090a07080607
GLOBL encSpread<>(SB), RODATA|NOPTR, $32

// VPAND and VPMULHUW: the first and third values to bytes 0 and 2
DATA encMaskHi<>+0(SB)/8, $0x0fc0fc000fc0fc00
DATA encMaskHi<>+8(SB)/8, $0x0fc0fc000fc0fc00
DATA encMaskHi<>+16(SB)/8, $0x0fc0fc000fc0fc00
DATA encMaskHi<>+24(SB)/8, $0x0fc0fc000fc0fc00
GLOBL encMaskHi<>(SB), RODATA|NOPTR, $32

DATA encMulHi<>+0(SB)/8, $0x0400004004000040
DATA encMulHi<>+8(SB)/8, $0x0400004004000040
DATA encMulHi<>+16(SB)/8, $0x0400004004000040
DATA encMulHi<>+24(SB)/8, $0x0400004004000040
GLOBL encMulHi<>(SB), RODATA|NOPTR, $32

// VPAND and VPMULLW: the second and fourth values to bytes 1 and 3
DATA encMaskLo<>+0(SB)/8, $0x003f03f0003f03f0
DATA encMaskLo<>+8(SB)/8, $0x003f03f0003f03f0
DATA encMaskLo<>+16(SB)/8, $0x003f03f0003f03f0
DATA encMaskLo<>+24(SB)/8, $0x003f03f0003f03f0
GLOBL encMaskLo<>(SB), RODATA|NOPTR, $32

DATA encMulLo<>+0(SB)/8, $0x0100001001000010
DATA encMulLo<>+8(SB)/8, $0x0100001001000010
DATA encMulLo<>+16(SB)/8, $0x0100001001000010
DATA encMulLo<>+24(SB)/8, $0x0100001001000010
GLOBL encMulLo<>(SB), RODATA|NOPTR, $32

DATA encBelow26<>+0(SB)/8, $0x1a1a1a1a1a1a1a1a
DATA encBelow26<>+8(SB)/8, $0x1a1a1a1a1a1a1a1a
DATA encBelow26<>+16(SB)/8, $0x1a1a1a1a1a1a1a1a
DATA encBelow26<>+24(SB)/8, $0x1a1a1a1a1a1a1a1a
GLOBL encBelow26<>(SB), RODATA|NOPTR, $32

DATA enc51<>+0(SB)/8, $0x3333333333333333
DATA enc51<>+8(SB)/8, $0x3333333333333333
DATA enc51<>+16(SB)/8, $0x3333333333333333
DATA enc51<>+24(SB)/8, $0x3333333333333333
GLOBL enc51<>(SB), RODATA|NOPTR, $32

DATA enc13<>+0(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA enc13<>+8(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA enc13<>+16(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA enc13<>+24(SB)/8, $0x0d0d0d0d0d0d0d0d
GLOBL enc13<>(SB), RODATA|NOPTR, $32

// VPSHUFB: the offset of each range: +71, -4 (ten times), -17, +32, +65
DATA encShift<>+0(SB)/8, $0xfcfcfcfcfcfcfc47
DATA encShift<>+8(SB)/8, $0x00004120effcfcfc
DATA encShift<>+16(SB)/8, $0xfcfcfcfcfcfcfc47
DATA encShift<>+24(SB)/8, $0x00004120effcfcfc
GLOBL encShift<>(SB), RODATA|NOPTR, $32
