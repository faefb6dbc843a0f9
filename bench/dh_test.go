package bench

import (
	"crypto/rand"
	"math/big"
	"testing"

	"filippo.io/bigmod"
	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// dhGroups are the groups of the DH goals, each with the exponent length
// OpenSSL draws for it: RFC 7919 Appendix A's short exponents (225, 275 and
// 325 bits), which OpenSSL 3 picks for these named groups; run.sh checks the
// length of a key made by `openssl genpkey` and prints it in BENCHMARKS.md.
var dhGroups = []struct {
	g           *groups.Group
	opensslBits int
}{
	{groups.FFDHE2048, 225},
	{groups.FFDHE3072, 275},
	{groups.FFDHE4096, 325},
}

// opensslWork is the exponent length whose cost OpenSSL pays for an
// exponent of the given length: BN_mod_exp_mont_consttime processes every
// bit of the exponent's 64-bit words ("bits = p->top * BN_BITS2", so that
// the time does not tell how many top bits are zero), so a 225-bit exponent
// costs what a 256-bit one does. bench/openssl_limbs.py measures it.
func opensslWork(bits int) int {
	return (bits + 63) / 64 * 64
}

func mustKey(tb testing.TB, g *groups.Group, bits int) *dh.PrivateKey {
	tb.Helper()
	var k *dh.PrivateKey
	var err error
	if bits == 0 {
		k, err = dh.GenerateKey(g, rand.Reader)
	} else {
		k, err = dh.GenerateKeyBits(g, rand.Reader, bits)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func expBits(k *dh.PrivateKey) int {
	return new(big.Int).SetBytes(k.Bytes()).BitLen()
}

// BenchmarkSharedSecret: ours with GenerateKey's default exponent and with
// an exponent that costs what OpenSSL's does (opensslWork), and the same
// exponentiation (base: the peer's value, exponent
// as long as ours) done bare with filippo.io/bigmod and with math/big.
func BenchmarkSharedSecret(b *testing.B) {
	for _, tc := range dhGroups {
		g := tc.g
		peer := mustKey(b, g, 0).PublicKey()
		for _, v := range []struct {
			name string
			bits int
		}{{"ours", 0}, {"ours-openssl-work", opensslWork(tc.opensslBits)}} {
			nominal := v.bits
			if nominal == 0 {
				nominal = dh.ExponentBits(g)
			}
			b.Run(g.Name()+"/"+v.name, func(b *testing.B) {
				priv := mustKey(b, g, v.bits)
				b.ReportAllocs()
				withCPU(b, func() {
					for b.Loop() {
						zz, err := priv.SharedSecret(peer)
						if err != nil {
							b.Fatal(err)
						}
						sinkBytes = zz
					}
				})
				b.ReportMetric(float64(nominal), "exp-bits")
			})
		}
		x := mustKey(b, g, 0).Bytes()
		b.Run(g.Name()+"/bigmod", func(b *testing.B) {
			m, err := bigmod.NewModulus(g.P().Bytes())
			if err != nil {
				b.Fatal(err)
			}
			y, err := bigmod.NewNat().SetBytes(peer.Bytes(), m)
			if err != nil {
				b.Fatal(err)
			}
			out := bigmod.NewNat()
			b.ReportAllocs()
			withCPU(b, func() {
				for b.Loop() {
					sinkBytes = out.Exp(y, x, m).Bytes(m)
				}
			})
		})
		b.Run(g.Name()+"/math-big", func(b *testing.B) {
			p, y, e := g.P(), new(big.Int).SetBytes(peer.Bytes()), new(big.Int).SetBytes(x)
			out := new(big.Int)
			b.ReportAllocs()
			withCPU(b, func() {
				for b.Loop() {
					sinkBytes = out.Exp(y, e, p).FillBytes(make([]byte, len(peer.Bytes())))
				}
			})
		})
	}
}

// BenchmarkGenerateKey: ours, and math/big drawing an exponent of the same
// length from crypto/rand and raising the generator to it.
func BenchmarkGenerateKey(b *testing.B) {
	for _, tc := range dhGroups {
		g := tc.g
		b.Run(g.Name()+"/ours", func(b *testing.B) {
			b.ReportAllocs()
			withCPU(b, func() {
				for b.Loop() {
					k, err := dh.GenerateKey(g, rand.Reader)
					if err != nil {
						b.Fatal(err)
					}
					sinkBytes = k.PublicKey().Bytes()
				}
			})
		})
		b.Run(g.Name()+"/math-big", func(b *testing.B) {
			n := len(mustKey(b, g, 0).Bytes())
			p, gen := g.P(), g.G()
			buf := make([]byte, n)
			b.ReportAllocs()
			withCPU(b, func() {
				for b.Loop() {
					if _, err := rand.Read(buf); err != nil {
						b.Fatal(err)
					}
					y := new(big.Int).Exp(gen, new(big.Int).SetBytes(buf), p)
					sinkBytes = y.FillBytes(make([]byte, (p.BitLen()+7)/8))
				}
			})
		})
	}
}

// BenchmarkNewPublicKey: ours (range and subgroup check), and the textbook
// check with math/big: 2 <= y <= p-2 and y^q = 1 mod p. Each round checks
// the next of 64 different keys: the subgroup check is variable time, and
// one key checked over and over would let the branch predictor learn it.
func BenchmarkNewPublicKey(b *testing.B) {
	for _, tc := range dhGroups {
		g := tc.g
		ys := make([][]byte, 64)
		for i := range ys {
			ys[i] = mustKey(b, g, 0).PublicKey().Bytes()
		}
		b.Run(g.Name()+"/ours", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			withCPU(b, func() {
				for b.Loop() {
					i++
					if _, err := dh.NewPublicKey(g, ys[i%len(ys)]); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(g.Name()+"/math-big-subgroup", func(b *testing.B) {
			p, q := g.P(), g.Q()
			pMinus2 := new(big.Int).Sub(p, big.NewInt(2))
			one, two := big.NewInt(1), big.NewInt(2)
			out := new(big.Int)
			b.ReportAllocs()
			i := 0
			withCPU(b, func() {
				for b.Loop() {
					i++
					v := new(big.Int).SetBytes(ys[i%len(ys)])
					if v.Cmp(two) < 0 || v.Cmp(pMinus2) > 0 || out.Exp(v, q, p).Cmp(one) != 0 {
						b.Fatal("math/big rejected a valid public key")
					}
				}
			})
		})
	}
}

func TestSharedSecretAgreesWithMathBig(t *testing.T) {
	for _, tc := range dhGroups {
		a, c := mustKey(t, tc.g, 0), mustKey(t, tc.g, opensslWork(tc.opensslBits))
		zz, err := a.SharedSecret(c.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		want := new(big.Int).Exp(new(big.Int).SetBytes(c.PublicKey().Bytes()), new(big.Int).SetBytes(a.Bytes()), tc.g.P())
		if new(big.Int).SetBytes(zz).Cmp(want) != 0 {
			t.Errorf("%s: SharedSecret differs from math/big", tc.g.Name())
		}
		if got := expBits(c); got > opensslWork(tc.opensslBits) {
			t.Errorf("%s: GenerateKeyBits(%d) made a %d-bit exponent", tc.g.Name(), opensslWork(tc.opensslBits), got)
		}
		if got, want := len(a.Bytes()), (dh.ExponentBits(tc.g)+7)/8; got != want {
			t.Errorf("%s: GenerateKey made a %d-byte exponent, want %d (the size the benchmarks report)", tc.g.Name(), got, want)
		}
	}
}
