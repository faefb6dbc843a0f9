package dh_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

var benchGroups = []*groups.Group{groups.FFDHE2048, groups.FFDHE3072}

func BenchmarkGenerateKey(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			r := testRand(1)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dh.GenerateKey(g, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchKeys(b *testing.B, g *groups.Group) (*dh.PrivateKey, *dh.PublicKey) {
	priv, err := dh.GenerateKey(g, testRand(1))
	if err != nil {
		b.Fatal(err)
	}
	peer, err := dh.GenerateKey(g, testRand(2))
	if err != nil {
		b.Fatal(err)
	}
	return priv, peer.PublicKey()
}

func BenchmarkSharedSecret(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			priv, peer := benchKeys(b, g)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := priv.SharedSecret(peer); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewPublicKey is the full public-key validation (RFC 2631 section
// 2.1.5); compare it with BenchmarkSharedSecret.
// BenchmarkNewPublicKey checks 64 different keys in turn: the subgroup
// check is variable time, and one key checked over and over would let the
// branch predictor learn it.
func BenchmarkNewPublicKey(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			ys := make([][]byte, 64)
			for i := range ys {
				k, err := dh.GenerateKey(g, testRand(byte(10+i)))
				if err != nil {
					b.Fatal(err)
				}
				ys[i] = k.PublicKey().Bytes()
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if _, err := dh.NewPublicKey(g, ys[i%len(ys)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMathBigExp is SharedSecret's exponentiation done by math/big
// (variable time, so not usable with a secret exponent): the reference
// point for the constant-time cost.
func BenchmarkMathBigExp(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			priv, peer := benchKeys(b, g)
			x, y, p := new(big.Int).SetBytes(priv.Bytes()), new(big.Int).SetBytes(peer.Bytes()), g.P()
			z := new(big.Int)
			b.ReportAllocs()
			for b.Loop() {
				z.Exp(y, x, p)
			}
		})
	}
}

// BenchmarkSubgroupCheckExp is the textbook subgroup check, y^q mod p with
// math/big, that NewPublicKey replaces with the Legendre symbol.
func BenchmarkSubgroupCheckExp(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			_, peer := benchKeys(b, g)
			y, q, p := new(big.Int).SetBytes(peer.Bytes()), g.Q(), g.P()
			z := new(big.Int)
			b.ReportAllocs()
			for b.Loop() {
				z.Exp(y, q, p)
			}
		})
	}
}

// BenchmarkValidationCost interleaves full public-key validation and one
// key agreement and reports the first as a percentage of the second, so
// that the ratio comes from one run on one machine state.
func BenchmarkValidationCost(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			priv, peer := benchKeys(b, g)
			y := peer.Bytes()
			var validate, agree time.Duration
			for b.Loop() {
				t0 := time.Now()
				pub, err := dh.NewPublicKey(g, y)
				t1 := time.Now()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := priv.SharedSecret(pub); err != nil {
					b.Fatal(err)
				}
				validate += t1.Sub(t0)
				agree += time.Since(t1)
			}
			b.ReportMetric(100*float64(validate)/float64(agree), "validate/agree-%")
		})
	}
}
