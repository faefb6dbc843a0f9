// Package bigutil holds the project's arithmetic on numbers that may be
// secret: constant-time modular exponentiation and fixed-width big-endian
// encodings.
//
// # Constant time
//
// [Modulus.Exp] runs in time that depends only on the size of the modulus
// and the length in bytes of the exponent, never on the values of the base
// or the exponent. [ConstantTimeLess] and [PadLeft] depend only on the
// lengths of their inputs. The modulus itself is public.
//
// [Modulus.Jacobi] is the exception: it is variable time, for public values
// only (the subgroup check of a peer's public key).
//
// Everything else in the project reaches the exponentiation through
// [Modulus.Exp] only, so the implementation behind it can change without
// touching any caller.
//
// # Exponentiation
//
// Exp is a Montgomery-domain, fixed-window exponentiation: the window width
// follows from the exponent's length, each window costs the same squarings,
// one table lookup that reads every entry and keeps one with a mask, and one
// multiplication (also for a zero window), and the final reduction of every
// multiplication subtracts the modulus under a mask. No branch and no memory
// address depends on the base, the exponent or an intermediate value; the
// sequence of operations is fixed by the sizes (the tests record it and
// compare it across exponents).
//
// On amd64 CPUs with BMI2 and ADX (MULX, ADCX, ADOX) the multiplication,
// squaring, reduction and lookup are assembly, for any modulus size: the
// products run two carry chains at once and the squaring computes each cross
// product once. Elsewhere (other CPUs and architectures, or the purego build
// tag) they are pure Go, except for moduli that fill exactly 1024, 1536 or
// 2048 bits of words, where filippo.io/bigmod has size-specialized code
// (assembly on most architectures) that beats generic Go loops. The tests
// check every implementation against math/big.
//
// # Encodings
//
// Every number crosses an API as big-endian bytes of a fixed width, the width
// of the modulus. [FixedBytes] is pyTickets' long2str(n, padlen) done right:
// exactly padlen bytes, an error instead of a longer result, and no 32-bit
// word rounding.
package bigutil

import (
	"errors"
	"math/big"
	"math/bits"

	"filippo.io/bigmod"
)

// Errors returned by this package. Callers in the project wrap them in their
// own sentinels.
var (
	ErrModulus   = errors.New("bigutil: modulus must be odd and greater than one")
	ErrRange     = errors.New("bigutil: value out of range")
	ErrExponent  = errors.New("bigutil: empty exponent")
	ErrTooLarge  = errors.New("bigutil: value does not fit the width")
	ErrNegative  = errors.New("bigutil: negative value")
	errNilNumber = errors.New("bigutil: nil number")
	// errNoConvergence would mean a bug in Jacobi: see its loop bound.
	errNoConvergence = errors.New("bigutil: Jacobi did not converge")
)

// Modulus is a prepared public, odd modulus. It is immutable and safe for
// concurrent use.
type Modulus struct {
	mont  *montModulus    // the exponentiation, unless big is set
	big   *bigmod.Modulus // set when bigmod is the faster implementation
	size  int
	limbs []uint64 // the modulus, little-endian words, for Jacobi
}

// NewModulus prepares the modulus n, given big-endian. n must be odd and
// greater than one. Its value is treated as public: preparing it may take
// time that depends on it.
func NewModulus(n []byte) (*Modulus, error) {
	return newModulus(n, fastKernels, !haveAsm)
}

// newModulus prepares n with the kernels k, or with bigmod when allowBigmod
// is set and bigmod has a size-specialized path for n.
func newModulus(n []byte, k *kernels, allowBigmod bool) (*Modulus, error) {
	nb := new(big.Int).SetBytes(n)
	if nb.Bit(0) == 0 || nb.BitLen() < 2 {
		return nil, ErrModulus
	}
	size := (nb.BitLen() + 7) / 8
	m := &Modulus{size: size, limbs: make([]uint64, (size+7)/8)}
	limbsFromBytes(m.limbs, n[len(n)-size:])
	words := (nb.BitLen() + bits.UintSize - 1) / bits.UintSize
	if allowBigmod && (words == 1024/bits.UintSize || words == 1536/bits.UintSize || words == 2048/bits.UintSize) {
		bm, err := bigmod.NewModulus(n)
		if err != nil {
			return nil, ErrModulus
		}
		m.big = bm
		return m, nil
	}
	m.mont = newMontModulus(nb, k)
	return m, nil
}

// Size returns the length of the modulus in bytes, without leading zeros:
// the width of every value Exp returns.
func (m *Modulus) Size() int { return m.size }

// Exp returns base^exp mod m as exactly Size() big-endian bytes.
//
// base is big-endian, at most Size() bytes, and less than m. exp is any
// non-empty big-endian number; its length is public, its value is not. The
// time Exp takes depends on Size(), len(base) and len(exp) only.
func (m *Modulus) Exp(base, exp []byte) ([]byte, error) {
	if len(base) > m.size {
		return nil, ErrRange
	}
	if len(exp) == 0 {
		return nil, ErrExponent
	}
	if m.big == nil {
		return m.mont.exp(base, exp)
	}
	b, err := bigmod.NewNat().SetBytes(base, m.big)
	if err != nil {
		return nil, ErrRange
	}
	return bigmod.NewNat().Exp(b, exp, m.big).Bytes(m.big), nil
}

// FixedBytes returns x as exactly size big-endian bytes, zero-padded on the
// left. It fails for a negative x or one that needs more than size bytes.
// It reads x through math/big, so use it for public values only.
func FixedBytes(x *big.Int, size int) ([]byte, error) {
	switch {
	case x == nil:
		return nil, errNilNumber
	case x.Sign() < 0:
		return nil, ErrNegative
	case size < 0 || (x.BitLen()+7)/8 > size:
		return nil, ErrTooLarge
	}
	return x.FillBytes(make([]byte, size)), nil
}

// PadLeft returns b zero-padded on the left to exactly size bytes, as a new
// slice. It fails when b is longer than size, even if the excess bytes are
// zero: trimming them would take time that depends on a secret value. Its
// time depends on len(b) and size only.
func PadLeft(b []byte, size int) ([]byte, error) {
	if size < 0 || len(b) > size {
		return nil, ErrTooLarge
	}
	out := make([]byte, size)
	copy(out[size-len(b):], b)
	return out, nil
}

// ConstantTimeLess returns 1 if x < y and 0 otherwise, reading both as
// unsigned big-endian numbers; the shorter is treated as zero-padded on the
// left. Its time depends on len(x) and len(y) only.
func ConstantTimeLess(x, y []byte) int {
	n := max(len(x), len(y))
	borrow := 0
	for i := 1; i <= n; i++ { // from the least significant byte
		d := byteAt(x, len(x)-i) - byteAt(y, len(y)-i) - borrow
		borrow = (d >> 8) & 1 // d is in [-256, 255]: bit 8 is set iff d < 0
	}
	return borrow
}

// byteAt returns b[i] as an int, or 0 for an index before the start of b
// (the implicit zero padding of ConstantTimeLess). Its branch depends on
// lengths only.
func byteAt(b []byte, i int) int {
	if i < 0 {
		return 0
	}
	return int(b[i])
}
