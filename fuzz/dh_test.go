package fuzz

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/internal/bigutil"
	"github.com/gotickets/tickets/testvectors"
)

// dhFuzzGroups are the groups the dh targets pick from with their first
// argument: the two smallest, so that each input costs little.
var dhFuzzGroups = []*groups.Group{groups.MODP1536, groups.FFDHE2048, groups.MODP2048}

func dhGroup(sel uint8) *groups.Group { return dhFuzzGroups[int(sel)%len(dhFuzzGroups)] }

// dhSeeds adds every private exponent and public value of
// testvectors/dh_vectors.json, valid and invalid, with its group.
func dhSeeds(f *testing.F, field func(private, public, peer string) string) {
	var set struct {
		TestGroups []struct {
			Group string
			Tests []struct {
				Private, Public, PeerPublic string
			}
		}
	}
	raw, err := testvectors.Raw("dh_vectors.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(raw, &set); err != nil { // the seeds need only these fields
		f.Fatal(err)
	}
	for _, tg := range set.TestGroups {
		for sel, g := range dhFuzzGroups {
			if g.Name() != tg.Group {
				continue
			}
			for _, v := range tg.Tests {
				b, err := hex.DecodeString(field(v.Private, v.Public, v.PeerPublic))
				if err != nil {
					f.Fatal(err)
				}
				f.Add(uint8(sel), b)
			}
		}
	}
}

// FuzzDHNewPublicKey checks NewPublicKey against RFC 2631 section 2.1.5
// computed with math/big on arbitrary bytes: accept exactly the len(p)-byte
// values y with 2 <= y <= p-2 and (y/p) = 1, and agree on what is accepted.
func FuzzDHNewPublicKey(f *testing.F) {
	dhSeeds(f, func(_, _, peer string) string { return peer })
	dhSeeds(f, func(_, public, _ string) string { return public })
	f.Add(uint8(0), []byte{})
	f.Add(uint8(1), []byte{2})
	priv := map[*groups.Group]*dh.PrivateKey{}
	for _, g := range dhFuzzGroups {
		k, err := dh.NewPrivateKey(g, bytes.Repeat([]byte{0x5a}, 32))
		if err != nil {
			f.Fatal(err)
		}
		priv[g] = k
	}
	f.Fuzz(func(t *testing.T, sel uint8, y []byte) {
		g := dhGroup(sel)
		pub, err := dh.NewPublicKey(g, y)
		p := g.P()
		v := new(big.Int).SetBytes(y)
		want := len(y) == (p.BitLen()+7)/8 &&
			v.Cmp(big.NewInt(2)) >= 0 && v.Cmp(new(big.Int).Sub(p, big.NewInt(2))) <= 0 &&
			big.Jacobi(v, p) == 1
		if (err == nil) != want {
			t.Fatalf("NewPublicKey(%s, %x) = %v; RFC 2631 says valid = %v", g, y, err, want)
		}
		if err != nil {
			if !errors.Is(err, dh.ErrInvalidPublicKey) {
				t.Fatalf("error %v is not ErrInvalidPublicKey", err)
			}
			return
		}
		if !bytes.Equal(pub.Bytes(), y) {
			t.Fatal("Bytes() does not round-trip")
		}
		zz, err := priv[g].SharedSecret(pub)
		if err != nil || len(zz) != len(y) {
			t.Fatalf("SharedSecret with an accepted key: %d bytes, %v", len(zz), err)
		}
	})
}

// FuzzDHNewPrivateKey checks NewPrivateKey's range check (2 <= x <= q-2,
// 1 to len(p) bytes) against math/big on arbitrary bytes, and the public
// value of every accepted exponent.
func FuzzDHNewPrivateKey(f *testing.F) {
	dhSeeds(f, func(private, _, _ string) string { return private })
	f.Add(uint8(0), []byte{})
	f.Add(uint8(1), []byte{0, 0, 2})
	f.Fuzz(func(t *testing.T, sel uint8, x []byte) {
		g := dhGroup(sel)
		k, err := dh.NewPrivateKey(g, x)
		v, p := new(big.Int).SetBytes(x), g.P()
		want := len(x) >= 1 && len(x) <= (p.BitLen()+7)/8 &&
			v.Cmp(big.NewInt(2)) >= 0 && v.Cmp(new(big.Int).Sub(g.Q(), big.NewInt(2))) <= 0
		if (err == nil) != want {
			t.Fatalf("NewPrivateKey(%s, %x) = %v; RFC 2631 says valid = %v", g, x, err, want)
		}
		if err != nil {
			if !errors.Is(err, dh.ErrInvalidPrivateKey) {
				t.Fatalf("error %v is not ErrInvalidPrivateKey", err)
			}
			return
		}
		if !bytes.Equal(k.Bytes(), x) {
			t.Fatal("Bytes() does not round-trip")
		}
		y := new(big.Int).Exp(g.G(), v, p)
		if new(big.Int).SetBytes(k.PublicKey().Bytes()).Cmp(y) != 0 {
			t.Fatal("public value differs from g^x mod p computed with math/big")
		}
	})
}

// FuzzDHJacobi checks the batched binary-GCD Jacobi symbol behind the
// subgroup check against math/big on arbitrary odd moduli and values.
func FuzzDHJacobi(f *testing.F) {
	p := groups.FFDHE2048.P().Bytes()
	f.Add([]byte{2}, p)
	f.Add(p, p)
	f.Add(bytes.Repeat([]byte{0xff}, 256), p)
	f.Add([]byte{0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc5})
	f.Add([]byte{105}, []byte{0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x69})
	f.Fuzz(func(t *testing.T, x, n []byte) {
		if len(n) > 256 {
			return
		}
		m, err := bigutil.NewModulus(n)
		if err != nil {
			return
		}
		got, err := m.Jacobi(x)
		nb := new(big.Int).SetBytes(n)
		if len(x) > (nb.BitLen()+7)/8 {
			if err == nil {
				t.Fatalf("Jacobi accepted %d bytes for a %d-byte modulus", len(x), (nb.BitLen()+7)/8)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := big.Jacobi(new(big.Int).SetBytes(x), nb); got != want {
			t.Fatalf("Jacobi(%x / %x) = %d, math/big says %d", x, n, got, want)
		}
	})
}
