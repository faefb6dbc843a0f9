package fuzz

import (
	"bytes"
	"errors"
	"math/big"
	"testing"

	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/internal/bigutil"
)

// FuzzBigutilExp checks bigutil's constant-time exponentiation against
// math/big on arbitrary moduli, bases and exponents: NewModulus accepts
// exactly the odd moduli above one, Exp refuses exactly the bases longer than
// Size() bytes or at or above the modulus (ErrRange) and the empty exponent
// (ErrExponent), and otherwise returns math/big's result in exactly Size()
// bytes. Sizes are capped so that each run stays fast; the seeds are the
// groups' primes and generators.
func FuzzBigutilExp(f *testing.F) {
	for _, g := range groups.All() {
		if g.Bits() <= 3072 {
			q := g.Q().Bytes()
			f.Add(g.P().Bytes(), g.G().Bytes(), q[:32])
			f.Add(g.P().Bytes(), new(big.Int).Sub(g.P(), big.NewInt(1)).Bytes(), q[:1])
		}
	}
	f.Add([]byte{3}, []byte{2}, []byte{0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xfb}, []byte{0, 0, 0, 0, 0, 0, 0, 7}, []byte{0xff})
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0, 1}, []byte{}, []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, mod, base, exp []byte) {
		if len(mod) > 512 || len(base) > 520 || len(exp) > 64 {
			return
		}
		n := new(big.Int).SetBytes(mod)
		m, err := bigutil.NewModulus(mod)
		if n.Bit(0) == 0 || n.BitLen() < 2 {
			if !errors.Is(err, bigutil.ErrModulus) {
				t.Fatalf("NewModulus(%x) = %v, want ErrModulus", mod, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("NewModulus(%x): %v", mod, err)
		}
		got, err := m.Exp(base, exp)
		b := new(big.Int).SetBytes(base)
		switch {
		case len(base) > m.Size():
			if !errors.Is(err, bigutil.ErrRange) {
				t.Fatalf("Exp with a %d-byte base mod a %d-byte modulus: %v, want ErrRange", len(base), m.Size(), err)
			}
		case len(exp) == 0:
			if !errors.Is(err, bigutil.ErrExponent) {
				t.Fatalf("Exp with an empty exponent: %v, want ErrExponent", err)
			}
		case b.Cmp(n) >= 0:
			if !errors.Is(err, bigutil.ErrRange) {
				t.Fatalf("Exp(%x) mod %x: %v, want ErrRange", base, mod, err)
			}
		case err != nil:
			t.Fatalf("Exp(%x, %x) mod %x: %v", base, exp, mod, err)
		default:
			want, _ := bigutil.FixedBytes(new(big.Int).Exp(b, new(big.Int).SetBytes(exp), n), m.Size())
			if !bytes.Equal(got, want) {
				t.Fatalf("%x^%x mod %x\n got  %x\n want %x", base, exp, mod, got, want)
			}
		}
	})
}
