package bigutil

import "math/bits"

// The pure-Go kernels. They are correct on every architecture and are the
// reference the assembly is tested against. bits.Mul, bits.Add and bits.Sub
// run in time independent of their inputs, there is no branch on a limb's
// value, and every loop bound is n or a constant: the time depends on n only.
//
// They loop over words only, so they are marked go:norace, as bigmod's are,
// to keep -race runs fast; norace does not survive inlining, so their callers
// in this file carry it too.

// addMulVVW sets z += x * y and returns the carry word, for len(x) >= len(z).
// It is one row of a schoolbook multiplication.
//
//go:norace
func addMulVVW(z, x []uint, y uint) (carry uint) {
	_ = x[len(z)-1]
	for i := range z {
		hi, lo := bits.Mul(x[i], y)
		lo, c := bits.Add(lo, z[i], 0)
		hi += c
		lo, c = bits.Add(lo, carry, 0)
		hi += c
		carry = hi
		z[i] = lo
	}
	return carry
}

// montMulGeneric sets z = x*y/R mod m: the product into t, then montRedc.
//
//go:norace
func montMulGeneric(z, x, y []uint, mm *montModulus, t []uint) {
	n := mm.n
	t = t[:2*n]
	clear(t[:n])
	x = x[:n]
	for i := range n {
		t[n+i] = addMulVVW(t[i:n+i], x, y[i])
	}
	montRedcGeneric(z, mm, t)
}

// montSqrGeneric sets z = x*x/R mod m, computing each cross product x[i]*x[j]
// (i < j) once and doubling their sum before adding the squares x[i]^2.
//
//go:norace
func montSqrGeneric(z, x []uint, mm *montModulus, t []uint) {
	n := mm.n
	t = t[:2*n]
	clear(t)
	x = x[:n]
	for i := range n - 1 {
		t[n+i] = addMulVVW(t[2*i+1:n+i], x[i+1:], x[i])
	}
	var c uint
	for i := range t { // the cross products sum to less than 2^(2*n*W-1)
		v := t[i]
		t[i] = v<<1 | c
		c = v >> (bits.UintSize - 1)
	}
	c = 0
	for i := range n {
		hi, lo := bits.Mul(x[i], x[i])
		t[2*i], c = bits.Add(t[2*i], lo, c)
		t[2*i+1], c = bits.Add(t[2*i+1], hi, c)
	}
	montRedcGeneric(z, mm, t)
}

// montRedcGeneric sets z = t/R mod m for t < m*R (2n words), overwriting t.
// Row i adds q*m with q = t[i]*m0inv, which clears t[i]; the result t[n:2n]
// plus a carry bit is below 2m, and m is subtracted under a mask computed
// from the carry and the borrow of the subtraction.
//
//go:norace
func montRedcGeneric(z []uint, mm *montModulus, t []uint) {
	n := mm.n
	m := mm.m[:n]
	t = t[:2*n]
	var c uint
	for i := range n {
		q := t[i] * mm.m0inv
		h := addMulVVW(t[i:n+i], m, q)
		t[n+i], c = bits.Add(t[n+i], h, c)
	}
	var b uint
	for j := range n {
		t[j], b = bits.Sub(t[n+j], m[j], b)
	}
	mask := -(c | (b ^ 1)) // all ones when r >= m: keep r - m
	for j := range n {
		z[j] = t[n+j] ^ ((t[n+j] ^ t[j]) & mask)
	}
}

// lookupGeneric sets z = table[idx*n:(idx+1)*n], reading every one of the
// count entries and keeping the wanted one with a mask.
//
//go:norace
func lookupGeneric(z, table []uint, n, count int, idx uint) {
	z = z[:n]
	clear(z)
	for k := range count {
		d := uint(k) ^ idx
		mask := ((d | -d) >> (bits.UintSize - 1)) - 1 // all ones iff d == 0
		row := table[k*n : (k+1)*n]
		for j := range z {
			z[j] |= row[j] & mask
		}
	}
}
