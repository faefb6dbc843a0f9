package bigutil

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"filippo.io/bigmod"
	"github.com/gotickets/tickets/dh/groups"
)

// BenchmarkExp compares Exp with filippo.io/bigmod's constant-time Exp and
// with math/big's (variable-time) Exp on the same inputs, for the modulus
// sizes of the FFDHE groups and a 256-bit exponent, the length package dh
// uses for ffdhe2048 and ffdhe3072. The generic sub-benchmark is the pure-Go
// fallback of this package.
func BenchmarkExp(b *testing.B) {
	r := rand.New(rand.NewPCG(16, 17))
	for _, nbits := range []int{2048, 3072, 4096} {
		m := randOdd(r, nbits)
		base := new(big.Int).Mod(new(big.Int).SetBytes(randBytes(r, nbits/8)), m).Bytes()
		exp := randBytes(r, 32)
		exp[0] |= 0x80
		name := fmt.Sprintf("%d/e256", nbits)

		for _, e := range []engine{{"bigutil", fastKernels, !haveAsm}, {"generic", genericKernels, false}} {
			mod, err := newModulus(m.Bytes(), e.k, e.allowBigmod)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(name+"/"+e.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := mod.Exp(base, exp); err != nil {
						b.Fatal(err)
					}
				}
			})
		}

		b.Run(name+"/bigmod", func(b *testing.B) {
			bm, err := bigmod.NewModulus(m.Bytes())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				x, err := bigmod.NewNat().SetBytes(base, bm)
				if err != nil {
					b.Fatal(err)
				}
				bigmod.NewNat().Exp(x, exp, bm).Bytes(bm)
			}
		})

		b.Run(name+"/mathbig", func(b *testing.B) {
			x, e, z := new(big.Int).SetBytes(base), new(big.Int).SetBytes(exp), new(big.Int)
			b.ReportAllocs()
			for b.Loop() {
				z.Exp(x, e, m)
			}
		})
	}
}

// BenchmarkExpClasses times Exp on inputs of the same lengths from different
// timing classes: exponents of all zero bits, all one bits and random bits,
// bases 1 and random. Constant time means equal times across the classes
// (within noise). The proof is structural (TestExpOperationsIndependentOfValues
// and the kernels' construction); this benchmark only shows it.
func BenchmarkExpClasses(b *testing.B) {
	r := rand.New(rand.NewPCG(18, 19))
	m := randOdd(r, 2048)
	mod, err := NewModulus(m.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	random := new(big.Int).Mod(new(big.Int).SetBytes(randBytes(r, 256)), m).Bytes()
	for _, c := range []struct {
		name      string
		base, exp []byte
	}{
		{"zero-exponent", random, make([]byte, 32)},
		{"ones-exponent", random, bytes.Repeat([]byte{0xff}, 32)},
		{"random-exponent", random, randBytes(r, 32)},
		{"base-one", []byte{1}, randBytes(r, 32)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := mod.Exp(c.base, c.exp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJacobiRandom times Jacobi modulo the FFDHE primes on 256
// precomputed random values below p, a different one each call, as
// dh.NewPublicKey sees peers' public keys (one repeated value would let the
// branch predictor learn the batches' data-dependent branches).
func BenchmarkJacobiRandom(b *testing.B) {
	r := rand.New(rand.NewPCG(20, 21))
	for _, g := range []*groups.Group{groups.FFDHE2048, groups.FFDHE3072, groups.FFDHE4096} {
		p := g.P()
		m, err := NewModulus(p.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		values := make([][]byte, 256)
		for i := range values {
			x := new(big.Int).Mod(new(big.Int).SetBytes(randBytes(r, m.Size())), p)
			values[i], _ = FixedBytes(x, m.Size())
		}
		b.Run(fmt.Sprint(g.Bits()), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := m.Jacobi(values[i%len(values)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
