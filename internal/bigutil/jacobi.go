package bigutil

import (
	"encoding/binary"
	"math/bits"
	"sync"
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
// the full numbers in one pass of two linear combinations, and tracks the
// symbol with the exact low bits:
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
	bufp := jacobiScratch(2 * k)
	defer jacobiPool.Put(bufp)
	a, b := (*bufp)[:k], (*bufp)[k:2*k]
	limbsFromBytes(a, x)
	copy(b, m.limbs)

	var sign uint64 // bit 0: the symbol is -1
	w := k
	// The binary GCD takes at most bitlen(x) + bitlen(m) steps (Pornin,
	// section 3), 29 per batch; twice that bound turns an arithmetic slip
	// into a rejected value instead of a loop on a peer's input.
	for batches := 0; ; batches++ {
		if batches > 2*(2*64*k/29+2) {
			return 0, errNoConvergence
		}
		for w > 1 && a[w-1]|b[w-1] == 0 {
			w--
		}
		a, b = a[:w], b[:w]
		la := bitLen(a)
		n := max(la, bitLen(b))
		switch {
		case n <= 64:
			return finishJacobi(a[0], b[0], sign), nil
		case la == 0:
			return 0, nil // gcd(a, b) = b > 1; no batch would make progress
		}
		// 64-bit approximations: the top 33 bits (of the longer
		// number's length) above the exact low 31 bits.
		xa := extract64(a, n-64)>>31<<31 | a[0]&(1<<31-1)
		xb := extract64(b, n-64)>>31<<31 | b[0]&(1<<31-1)
		var fg0, fg1 int64
		fg0, fg1, sign = batch29(xa, xb, sign)
		f0, g0 := unpack(fg0)
		f1, g1 := unpack(fg1)
		negA, negB := linearShift29(a, b, f0, g0, f1, g1)
		if negA {
			negate(a)
			sign ^= b[0] >> 1
		}
		if negB {
			negate(b)
			// With the Kronecker symbol, (a/-b) = (a/b) when a >= 0,
			// and a is non-negative here: no sign change.
		}
	}
}

// jacobiPool holds the scratch of Jacobi, two numbers of the modulus size.
// It keeps the allocation (and a large stack frame, which would make a fresh
// goroutine grow its stack) off the path of every call. The values are
// public, so buffers are not cleared.
var jacobiPool sync.Pool // of *[]uint64

func jacobiScratch(words int) *[]uint64 {
	if p, ok := jacobiPool.Get().(*[]uint64); ok {
		if len(*p) >= words {
			return p
		}
		jacobiPool.Put(p) // for a smaller modulus
	}
	s := make([]uint64, words)
	return &s
}

// batch29 runs 29 steps of the binary GCD on the approximations xa and xb.
// A step, when xa is odd, subtracts the smaller of xa and xb from the
// larger, keeping the larger's place for the difference and the smaller's
// for xb, then halves xa. The loop takes a subtraction and all the
// halvings that follow it at once (two on average), and chooses between
// the orders of the subtraction with masks: that branch would be
// mispredicted half the time.
//
// It returns the transition matrix packed as fg = f + 2^32 g, with
// 2^29 a' = f0 a + g0 b and 2^29 b' = f1 a + g1 b, and the updated sign.
// The packing is linear, so one subtraction or shift updates f and g
// together: |f| and |g| stay at most 2^29, below the 2^31 that would spill
// f into g.
func batch29(xa, xb, sign uint64) (fg0, fg1 int64, _ uint64) {
	fg0, fg1 = 1, 1<<32
	steps := uint(29)
	// Halve xa to odd, or until the steps run out (xa may be 0).
	tz := min(uint(bits.TrailingZeros64(xa)), steps)
	for {
		xa >>= tz & 63
		fg1 <<= tz & 63
		sign ^= uint64(tz) & ((xb + 2) >> 2) // (2/b)^tz
		steps -= tz
		if steps == 0 {
			return fg0, fg1, sign
		}
		// xa is odd: xa, xb = xa-xb, xb or xb-xa, xa. Both
		// differences have the trailing zeros of d, counted while
		// the masks choose.
		d, borrow := bits.Sub64(xa, xb, 0)
		tz = min(uint(bits.TrailingZeros64(d)), steps)
		swap := -borrow
		sign ^= swap & xa & xb >> 1
		xb ^= swap & (xa ^ xb)
		xa = (d ^ swap) - swap
		s := int64(swap)
		dfg := fg0 - fg1
		fg1 ^= s & (fg0 ^ fg1)
		fg0 = (dfg ^ s) - s
	}
}

// unpack splits fg = f + 2^32 g, for |f|, |g| < 2^31.
func unpack(fg int64) (f, g int64) {
	f = int64(int32(fg))
	return f, (fg - f) >> 32
}

// finishJacobi runs the binary GCD on exact one-word values until a = 0;
// b then holds gcd(a, b). Its steps are those of batch29, without a limit.
func finishJacobi(a, b, sign uint64) int {
	for a != 0 {
		tz := uint(bits.TrailingZeros64(a))
		a >>= tz
		sign ^= uint64(tz) & ((b + 2) >> 2)
		d, borrow := bits.Sub64(a, b, 0)
		swap := -borrow
		sign ^= swap & a & b >> 1
		b ^= swap & (a ^ b)
		a = (d ^ swap) - swap
	}
	switch {
	case b != 1:
		return 0
	case sign&1 == 1:
		return -1
	}
	return 1
}

// linearShift29 sets a, b = (f0 a + g0 b) / 2^29, (f1 a + g1 b) / 2^29 in
// one pass over the words, in place, and reports which results are
// negative; those it leaves in two's complement, for negate. The divisions
// are exact, and the results are at most max(a, b) in absolute value (at the
// end of a batch, by Pornin's analysis of the approximations; a single step
// may exceed it), so they fit.
//
// It multiplies 32-bit halves of the words by the coefficients, of at most
// 30 bits with the sign: every product and sum fits in an int64, so the
// signed arithmetic needs no carry flags and no corrections for negative
// coefficients, and the compiler keeps it all in registers.
func linearShift29(a, b []uint64, f0, g0, f1, g1 int64) (negA, negB bool) {
	b = b[:len(a)]
	// The low 29 bits of word 0 of the sums are zero: it is kept to
	// be shifted into the next.
	prevA, carryA := linearWord(a[0], b[0], f0, g0, 0)
	prevB, carryB := linearWord(a[0], b[0], f1, g1, 0)
	for i := 1; i < len(a); i++ {
		ai, bi := a[i], b[i]
		wordA, cA := linearWord(ai, bi, f0, g0, carryA)
		wordB, cB := linearWord(ai, bi, f1, g1, carryB)
		a[i-1] = prevA>>29 | wordA<<35
		b[i-1] = prevB>>29 | wordB<<35
		prevA, carryA, prevB, carryB = wordA, cA, wordB, cB
	}
	// Each sum is its words + carry*2^(64 len(a)), and carry>>29 is its
	// sign, 0 or -1.
	a[len(a)-1] = prevA>>29 | uint64(carryA)<<35
	b[len(b)-1] = prevB>>29 | uint64(carryB)<<35
	return carryA < 0, carryB < 0
}

// linearWord returns the word x f + y g + carry mod 2^64 and the signed
// carry out, for |f| + |g| <= 2^29 and |carry| < 2^32.
func linearWord(x, y uint64, f, g, carry int64) (word uint64, carryOut int64) {
	lo := int64(uint32(x))*f + int64(uint32(y))*g + carry
	hi := int64(x>>32)*f + int64(y>>32)*g + lo>>32
	return uint64(uint32(lo)) | uint64(hi)<<32, hi >> 32
}

// negate sets x to -x mod 2^(64 len(x)): the magnitude of the negative
// number it held in two's complement.
func negate(x []uint64) {
	c := uint64(1)
	for i := range x {
		x[i], c = bits.Add64(^x[i], 0, c)
	}
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
	i := 0
	for ; len(b) >= 8; i++ {
		dst[i] = binary.BigEndian.Uint64(b[len(b)-8:])
		b = b[:len(b)-8]
	}
	for _, c := range b {
		dst[i] = dst[i]<<8 | uint64(c)
	}
}
