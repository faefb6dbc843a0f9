package bigutil

import (
	"math/big"
	"math/bits"
	"sync"
)

// wordBytes is the size of a limb in bytes.
const wordBytes = bits.UintSize / 8

// montModulus is an odd modulus m > 1 prepared for Montgomery arithmetic with
// R = 2^(bits.UintSize*n). All its fields are public values.
type montModulus struct {
	n     int    // limbs: the assembly's loops take 8 at a time, so m is padded
	m     []uint // little-endian limbs of m
	m0inv uint   // -m^-1 mod 2^bits.UintSize
	rr    []uint // R^2 mod m, to enter the Montgomery domain
	one   []uint // R mod m, the Montgomery form of 1
	size  int    // length of m in bytes, the width of every result and base
	k     *kernels
	pool  sync.Pool // of *[]uint scratch buffers, cleared before Put
}

// kernels are the operations the exponentiation is made of, in one
// implementation. mul and sqr set z = x*y/R mod m (y = x for sqr) for x, y < m,
// using t (scratchWords(n) words) as scratch; z may alias x or y. lookup sets z (n words)
// to the entry idx of a table of count entries of n words.
type kernels struct {
	mul    func(z, x, y []uint, mm *montModulus, t []uint)
	sqr    func(z, x []uint, mm *montModulus, t []uint)
	lookup func(z, table []uint, n, count int, idx uint)
}

// scratchWords is the scratch the kernels take for n-limb operands: the
// double-width product, and room for the assembly squaring's block squares.
func scratchWords(n int) int { return 4 * n }

// genericKernels are the pure-Go kernels, correct on every architecture.
var genericKernels = &kernels{montMulGeneric, montSqrGeneric, lookupGeneric}

// newMontModulus prepares m, which must be odd and greater than one, for the
// kernels k. m is public: this uses math/big.
func newMontModulus(m *big.Int, k *kernels) *montModulus {
	limbs := (m.BitLen() + bits.UintSize - 1) / bits.UintSize
	n := max(8, (limbs+7)&^7)
	mm := &montModulus{
		n:    n,
		m:    limbsOf(m, n),
		size: (m.BitLen() + 7) / 8,
		k:    k,
	}
	// Newton's iteration doubles the number of correct low bits of the
	// inverse; m0 is its own inverse modulo 8.
	m0 := mm.m[0]
	inv := m0
	for range 6 {
		inv *= 2 - m0*inv
	}
	mm.m0inv = -inv
	r := new(big.Int).Lsh(big.NewInt(1), uint(n*bits.UintSize))
	mm.one = limbsOf(new(big.Int).Mod(r, m), n)
	r.Mul(r, r)
	mm.rr = limbsOf(r.Mod(r, m), n)
	return mm
}

// limbsOf returns the public x < 2^(bits.UintSize*n) as n little-endian limbs.
func limbsOf(x *big.Int, n int) []uint {
	out := make([]uint, n)
	for i, w := range x.Bits() {
		out[i] = uint(w)
	}
	return out
}

// setBytes sets z (n limbs) to the big-endian b, which must fit, in time that
// depends on len(b) and n only.
//
//go:norace
func setBytes(z []uint, b []byte) {
	clear(z)
	for i := range b {
		j := len(b) - 1 - i // byte j from the least significant end
		z[j/wordBytes] |= uint(b[i]) << (8 * (j % wordBytes))
	}
}

// fillBytes writes the low len(b) bytes of z into b, big-endian, in time that
// depends on len(b) only.
//
//go:norace
func fillBytes(b []byte, z []uint) {
	for i := range b {
		j := len(b) - 1 - i
		b[i] = byte(z[j/wordBytes] >> (8 * (j % wordBytes)))
	}
}

// less returns 1 if x < y and 0 otherwise, for equal-length limb slices, in
// time that depends on the length only.
//
//go:norace
func less(x, y []uint) uint {
	var borrow uint
	for i := range x {
		_, borrow = bits.Sub(x[i], y[i], borrow)
	}
	return borrow
}

// windowBits returns the width of the fixed window for an exponent of ebits
// bits, minimizing the multiplications: one per window, plus the 2^w - 2 that
// fill the table. The squarings, one per exponent bit, do not depend on it.
// Both the choice and everything derived from it depend on the exponent's
// length only, which is public.
func windowBits(ebits int) int {
	best, bestCost := 1, ebits+1
	for w := 2; w <= maxWindow; w++ {
		if cost := (ebits+w-1)/w + 1<<w - 2; cost < bestCost {
			best, bestCost = w, cost
		}
	}
	return best
}

// maxWindow bounds the table to 64 entries.
const maxWindow = 6

// window returns bits [pos, pos+w) of the big-endian e, for w <= 8. Which
// bytes it reads depends on pos, len(e) and w only; the value is secret.
func window(e []byte, pos, w int) uint {
	i := len(e) - 1 - pos/8
	sh := uint(pos % 8)
	v := uint(e[i]) >> sh
	if i > 0 {
		v |= uint(e[i-1]) << (8 - sh)
	}
	return v & (1<<w - 1)
}

// exp returns base^e mod m as mm.size big-endian bytes. base must be at most
// mm.size bytes (Exp checks) and less than m (ErrRange otherwise); e must not
// be empty.
//
// It is a fixed-window exponentiation in the Montgomery domain. With w =
// windowBits(8*len(e)), it builds the table x^0 .. x^(2^w-1), then for each
// w-bit window of e from the top squares w times (not for the first window),
// fetches the window's entry with a lookup that reads the whole table, and
// multiplies by it, also when the window is zero. The number and order of
// kernel calls and every memory address they touch depend on n and len(e)
// only; the kernels themselves have no branch and no index that depends on
// their operands (see the files that implement them). The only branch on a
// value is the range check of base, which reveals only whether the call
// fails.
func (mm *montModulus) exp(base, e []byte) ([]byte, error) {
	n, k := mm.n, mm.k
	ebits := 8 * len(e)
	w := windowBits(ebits)
	count := 1 << w

	bufp := mm.scratch(count*n + scratchWords(n) + 3*n)
	defer mm.release(bufp)
	buf := *bufp
	table, buf := buf[:count*n], buf[count*n:]
	t, buf := buf[:scratchWords(n)], buf[scratchWords(n):]
	x, buf := buf[:n], buf[n:]
	acc, tmp := buf[:n], buf[n:2*n]

	setBytes(x, base)
	if less(x, mm.m) == 0 {
		return nil, ErrRange
	}

	copy(table[:n], mm.one)
	k.mul(table[n:2*n], x, mm.rr, mm, t)
	for i := 2; i < count; i++ {
		if i%2 == 0 {
			k.sqr(table[i*n:(i+1)*n], table[i/2*n:(i/2+1)*n], mm, t)
		} else {
			k.mul(table[i*n:(i+1)*n], table[(i-1)*n:i*n], table[n:2*n], mm, t)
		}
	}

	windows := (ebits + w - 1) / w
	top := (windows - 1) * w
	k.lookup(acc, table, n, count, window(e, top, min(w, ebits-top)))
	for pos := top - w; pos >= 0; pos -= w {
		for range w {
			k.sqr(acc, acc, mm, t)
		}
		k.lookup(tmp, table, n, count, window(e, pos, w))
		k.mul(acc, acc, tmp, mm, t)
	}

	// Leave the Montgomery domain: acc * 1 / R.
	clear(tmp)
	tmp[0] = 1
	k.mul(acc, acc, tmp, mm, t)
	out := make([]byte, mm.size)
	fillBytes(out, acc)
	return out, nil
}

// scratch returns a buffer of at least words limbs from the pool.
func (mm *montModulus) scratch(words int) *[]uint {
	if p, ok := mm.pool.Get().(*[]uint); ok && len(*p) >= words {
		return p
	}
	b := make([]uint, words)
	return &b
}

// release clears the buffer, which held secret values, and pools it.
func (mm *montModulus) release(p *[]uint) {
	clear(*p)
	mm.pool.Put(p)
}
