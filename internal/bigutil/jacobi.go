package bigutil

import (
	"math/bits"
)

// Jacobi returns the Jacobi symbol (x/m): 1, -1, or 0 when x and m share a
// factor. For a prime m it is the Legendre symbol: 1 exactly when x is a
// nonzero square mod m. x is big-endian, at most Size() bytes, and may
// exceed m.
//
// Jacobi is VARIABLE TIME: use it on public values only (a peer's public
// key). It costs a few percent of an exponentiation where math/big's Jacobi
// costs more than half of one, because it runs the binary GCD of T. Pornin,
// "Optimized Binary GCD for Modular Inversion" (https://eprint.iacr.org/2020/972),
// on 64-bit approximations in batches of 29 steps, applying each batch to
// the full numbers with two linear combinations, and tracks the symbol with
// the exact low bits:
//
//   - a step a <- a-b keeps (a/b): b > 0, or a and a-b have the same sign
//     (a and b are never both negative);
//   - swapping odd a and b flips the sign when a = b = 3 mod 4 (quadratic
//     reciprocity, valid as they are not both negative);
//   - halving a flips it when b = 3 or 5 mod 8 ((2/b) = -1);
//   - negating a flips it when b = 3 mod 4 ((-1/b) = -1).
//
// After j steps of a batch the low 31-j bits of the approximations are
// exact; the last step of 29 reads three of them.
func (m *Modulus) Jacobi(x []byte) (int, error) {
	if len(x) > m.size {
		return 0, ErrTooLarge
	}
	k := len(m.limbs)
	var stack [4 * 128]uint64 // up to 8192-bit moduli without allocating
	scratch := stack[:]
	if 4*k > len(scratch) {
		scratch = make([]uint64, 4*k)
	}
	a, b := scratch[:k], scratch[k:2*k]
	ta, tb := scratch[2*k:3*k], scratch[3*k:4*k]
	limbsFromBytes(a, x)
	copy(b, m.limbs)

	var sign uint64 // bit 0: the symbol is -1
	for {
		w := activeWords(a, b)
		la := bitLen(a[:w])
		n := max(la, bitLen(b[:w]))
		switch {
		case n <= 64:
			return finishJacobi(a[0], b[0], sign), nil
		case la == 0:
			return 0, nil // gcd(a, b) = b > 1; no batch would make progress
		}
		// 64-bit approximations: the top 33 bits (of the longer
		// number's length) above the exact low 31 bits.
		xa := extract64(a[:w], n-64)>>31<<31 | a[0]&(1<<31-1)
		xb := extract64(b[:w], n-64)>>31<<31 | b[0]&(1<<31-1)
		// After the batch: 2^29 a' = f0 a + g0 b and 2^29 b' = f1 a + g1 b.
		f0, g0, f1, g1 := int64(1), int64(0), int64(0), int64(1)
		for range 29 {
			if xa&1 == 1 {
				if xa < xb {
					xa, xb = xb, xa
					f0, g0, f1, g1 = f1, g1, f0, g0
					sign ^= (xa & xb) >> 1
				}
				xa -= xb
				f0 -= f1
				g0 -= g1
			}
			xa >>= 1
			f1 <<= 1
			g1 <<= 1
			sign ^= (xb + 2) >> 2
		}
		negA := linearShift29(ta[:w], a[:w], b[:w], f0, g0)
		linearShift29(tb[:w], a[:w], b[:w], f1, g1)
		a, ta = ta, a
		b, tb = tb, b
		clear(a[w:])
		clear(b[w:])
		if negA {
			sign ^= b[0] >> 1
		}
	}
}

// finishJacobi runs the binary GCD on exact one-word values until a = 0;
// b then holds gcd(a, b).
func finishJacobi(a, b, sign uint64) int {
	for a != 0 {
		if a&1 == 1 {
			if a < b {
				a, b = b, a
				sign ^= (a & b) >> 1
			}
			a -= b
		}
		a >>= 1
		sign ^= (b + 2) >> 2
	}
	switch {
	case b != 1:
		return 0
	case sign&1 == 1:
		return -1
	}
	return 1
}

// linearShift29 sets dst = |f a + g b| / 2^29 and reports whether f a + g b
// was negative. The division is exact, and the result is at most max(a, b)
// (every batch step keeps the numbers at most that large), so it fits.
func linearShift29(dst, a, b []uint64, f, g int64) (negative bool) {
	var carry int64 // signed carry into the next word; |carry| < 2^31
	for i := range a {
		flo, fhi := signedMul(a[i], f)
		glo, ghi := signedMul(b[i], g)
		lo, c := bits.Add64(flo, glo, 0)
		hi := fhi + ghi + int64(c)
		lo, c = bits.Add64(lo, uint64(carry), 0)
		hi += int64(c) + carry>>63 // carry>>63 is -1 for a negative carry
		dst[i] = lo
		carry = hi
	}
	// The total is dst + carry*2^(64 len(dst)), in two's complement.
	top := uint64(carry)
	if carry < 0 {
		c := uint64(1)
		for i := range dst {
			dst[i], c = bits.Add64(^dst[i], 0, c)
		}
		top = ^top + c
		negative = true
	}
	for i := range len(dst) - 1 {
		dst[i] = dst[i]>>29 | dst[i+1]<<35
	}
	dst[len(dst)-1] = dst[len(dst)-1]>>29 | top<<35
	return negative
}

// signedMul returns x*f as a signed 128-bit value (lo, hi).
func signedMul(x uint64, f int64) (lo uint64, hi int64) {
	h, l := bits.Mul64(x, uint64(f))
	// uint64(f) is f + 2^64 when f < 0: remove the excess 2^64 x.
	return l, int64(h - x&uint64(f>>63))
}

// activeWords returns the number of low words that hold the nonzero part
// of a and b (at least 1).
func activeWords(a, b []uint64) int {
	w := len(a)
	for w > 1 && a[w-1]|b[w-1] == 0 {
		w--
	}
	return w
}

// bitLen returns the bit length of the little-endian number x.
func bitLen(x []uint64) int {
	for i := len(x) - 1; i >= 0; i-- {
		if x[i] != 0 {
			return 64*i + bits.Len64(x[i])
		}
	}
	return 0
}

// extract64 returns bits pos to pos+63 of x (zero beyond its end).
func extract64(x []uint64, pos int) uint64 {
	i, s := pos/64, uint(pos%64)
	v := x[i] >> s
	if s != 0 && i+1 < len(x) {
		v |= x[i+1] << (64 - s)
	}
	return v
}

// limbsFromBytes sets dst, little-endian words, to the big-endian b, which
// must fit.
func limbsFromBytes(dst []uint64, b []byte) {
	clear(dst)
	for i, j := len(b)-1, 0; i >= 0; i, j = i-1, j+1 {
		dst[j/8] |= uint64(b[i]) << (8 * (j % 8))
	}
}
