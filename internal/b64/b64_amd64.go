//go:build amd64 && !purego

package b64

import "golang.org/x/sys/cpu"

// useAVX2 is whether decodeBlocks and encodeBlocks run the AVX2 kernels:
// the CPU has AVX2 and the operating system saves the YMM registers (which
// x/sys/cpu checks). Tests turn it off to run the tables alone.
var useAVX2 = cpu.X86.HasAVX2

// decodeBlocks decodes as many 32-character blocks of src into dst (24
// bytes each) as fit with the 8 bytes the kernel stores past each block,
// and returns how many it decoded and whether any character was invalid.
func decodeBlocks(dst []byte, src string) (blocks int, bad bool) {
	if !useAVX2 || len(dst) < 32 {
		return 0, false
	}
	blocks = min(len(src)/32, (len(dst)-8)/24)
	if blocks == 0 {
		return 0, false
	}
	return blocks, decodeAVX2(&dst[0], src, blocks)
}

// encodeBlocks encodes as many 24-byte blocks of src into dst (32
// characters each) as leave the 4 bytes past each block the kernel reads,
// and returns how many it encoded.
func encodeBlocks(dst, src []byte) (blocks int) {
	if !useAVX2 || len(src) < 28 {
		return 0
	}
	blocks = min((len(src)-4)/24, len(dst)/32)
	if blocks == 0 {
		return 0
	}
	encodeAVX2(&dst[0], &src[0], blocks)
	return blocks
}

//go:noescape
func decodeAVX2(dst *byte, src string, blocks int) (bad bool)

//go:noescape
func encodeAVX2(dst, src *byte, blocks int)
