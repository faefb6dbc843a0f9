// Package b64 is strict, unpadded base64url (RFC 4648, section 5), the
// encoding of sts tickets.
//
// Decode accepts what base64.RawURLEncoding.Strict() accepts except the
// carriage returns and line feeds that decoder skips, and produces the same
// bytes: no padding, no character outside the alphabet, no length that
// leaves a lone character, and no non-zero bits after the last whole byte,
// so that every byte string has exactly one spelling. On amd64 with AVX2 it
// decodes 32 characters per step (range compares validate, multiply-adds
// pack the six-bit values), and Encode encodes 24 bytes per step; the
// remainder, and other platforms (or the purego build tag), use lookup
// tables and encoding/base64. `go test -bench . ./internal/b64` compares
// them with encoding/base64. The tests run every path against
// encoding/base64, as do FuzzBase64 and FuzzKernels on arbitrary input.
package b64

import "encoding/base64"

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// invalid is set, in every table, for a byte outside the alphabet. It lies
// above the 24 bits four characters make, so one OR over a whole input
// says whether any character was invalid.
const invalid = 1 << 24

// dec[k][c] is the value of character c at position k of a quantum of
// four, shifted into place: v<<18, v<<12, v<<6 and v.
var dec = func() (t [4][256]uint32) {
	for k := range t {
		for c := range t[k] {
			t[k][c] = invalid
		}
	}
	for v, c := range []byte(alphabet) {
		for k := range t {
			t[k][c] = uint32(v) << (18 - 6*k)
		}
	}
	return t
}()

// EncodedLen returns the number of characters n bytes encode to.
func EncodedLen(n int) int { return base64.RawURLEncoding.EncodedLen(n) }

// Encode encodes src into dst, which must be at least EncodedLen(len(src))
// bytes long.
func Encode(dst, src []byte) {
	if len(dst) < EncodedLen(len(src)) {
		panic("b64: Encode: dst too short") // before any kernel writes
	}
	blocks := encodeBlocks(dst, src)
	base64.RawURLEncoding.Encode(dst[32*blocks:], src[24*blocks:])
}

// DecodedLen returns the number of bytes n characters decode to.
func DecodedLen(n int) int { return n/4*3 + n%4*6/8 }

// Slack is how many bytes past DecodedLen the fast path of Decode needs in
// dst: it stores 32 bytes for every 24 it decodes. Without them, Decode
// still works, with the tables alone for the last 32 characters or so.
const Slack = 8

// Decode decodes src into dst, which must be at least DecodedLen(len(src))
// bytes long (plus Slack for full speed), and returns the number of bytes
// decoded, DecodedLen(len(src)), and true. It may overwrite dst past them.
// For anything the strict encoding does not produce, or a short dst, it
// returns false, and dst holds garbage.
func Decode(dst []byte, src string) (int, bool) {
	m := DecodedLen(len(src))
	if len(src)%4 == 1 || len(dst) < m {
		return 0, false
	}
	blocks, bad := decodeBlocks(dst, src)
	j := 24 * blocks
	ok := !bad && decodeTail(dst[j:m], src[32*blocks:])
	return m, ok
}

// decodeTail decodes src, of a length that does not leave a lone
// character, into dst, of exactly the decoded length, with the tables.
func decodeTail(dst []byte, src string) bool {
	var bad uint32
	for len(src) >= 4 && len(dst) >= 3 {
		s := src[:4]
		x := dec[0][s[0]] | dec[1][s[1]] | dec[2][s[2]] | dec[3][s[3]]
		bad |= x
		d := dst[:3]
		d[0], d[1], d[2] = byte(x>>16), byte(x>>8), byte(x)
		src, dst = src[4:], dst[3:]
	}
	switch {
	case len(src) == 2 && len(dst) == 1:
		x := dec[0][src[0]] | dec[1][src[1]]
		bad |= x
		dst[0] = byte(x >> 16)
		return bad&invalid == 0 && x&0xf000 == 0 // no bits below the one byte
	case len(src) == 3 && len(dst) == 2:
		x := dec[0][src[0]] | dec[1][src[1]] | dec[2][src[2]]
		bad |= x
		dst[0], dst[1] = byte(x>>16), byte(x>>8)
		return bad&invalid == 0 && x&0xc0 == 0 // no bits below the two bytes
	}
	return bad&invalid == 0 && len(src) == 0 && len(dst) == 0
}
