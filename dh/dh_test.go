package dh_test

import (
	"bytes"
	"crypto"
	"errors"
	"io"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// testRand returns a deterministic random source for reproducible tests.
func testRand(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// modExp is the reference arithmetic: math/big, independent of bigmod.
func modExp(g *groups.Group, base, exp []byte) []byte {
	r := new(big.Int).Exp(new(big.Int).SetBytes(base), new(big.Int).SetBytes(exp), g.P())
	return r.FillBytes(make([]byte, (g.Bits()+7)/8))
}

func size(g *groups.Group) int { return (g.Bits() + 7) / 8 }

// TestAgreement runs a two-party agreement in every group and checks the
// public keys and ZZ against math/big.
func TestAgreement(t *testing.T) {
	for i, g := range groups.All() {
		t.Run(g.Name(), func(t *testing.T) {
			a, err := dh.GenerateKey(g, testRand(byte(2*i)))
			if err != nil {
				t.Fatal(err)
			}
			b, err := dh.GenerateKey(g, testRand(byte(2*i+1)))
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []*dh.PrivateKey{a, b} {
				if want := modExp(g, []byte{2}, k.Bytes()); !bytes.Equal(k.PublicKey().Bytes(), want) {
					t.Fatalf("public key differs from 2^x mod p computed with math/big")
				}
			}
			pa, err := dh.NewPublicKey(g, a.PublicKey().Bytes())
			if err != nil {
				t.Fatalf("own public key rejected: %v", err)
			}
			pb, err := dh.NewPublicKey(g, b.PublicKey().Bytes())
			if err != nil {
				t.Fatalf("own public key rejected: %v", err)
			}
			zab, err := a.SharedSecret(pb)
			if err != nil {
				t.Fatal(err)
			}
			zba, err := b.SharedSecret(pa)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(zab, zba) {
				t.Fatal("the two sides disagree")
			}
			if want := modExp(g, pb.Bytes(), a.Bytes()); !bytes.Equal(zab, want) || len(zab) != size(g) {
				t.Fatalf("ZZ differs from math/big or is not %d bytes", size(g))
			}
			if !pa.Equal(a.PublicKey()) || pa.Equal(pb) || !a.Equal(a) || a.Equal(b) {
				t.Fatal("Equal is wrong")
			}
			if a.Group() != g || pa.Group() != g {
				t.Fatal("Group is wrong")
			}
		})
	}
}

// TestGenerateKeySize checks the exponent size: max(256, 2 x strength)
// bits from the reader, and GenerateKeyBits' limits.
func TestGenerateKeySize(t *testing.T) {
	for _, g := range []*groups.Group{groups.MODP1536, groups.FFDHE2048, groups.FFDHE3072, groups.FFDHE4096} {
		k, err := dh.GenerateKey(g, testRand(7))
		if err != nil {
			t.Fatal(err)
		}
		bits := max(256, 2*g.Strength())
		if dh.ExponentBits(g) != bits {
			t.Errorf("%s: ExponentBits = %d, want %d", g, dh.ExponentBits(g), bits)
		}
		if len(k.Bytes()) != (bits+7)/8 {
			t.Errorf("%s: exponent is %d bytes, want %d", g, len(k.Bytes()), (bits+7)/8)
		}
		// The same reader gives the same exponent: it is read, not made up.
		want := make([]byte, (bits+7)/8)
		io.ReadFull(testRand(7), want)
		if !bytes.Equal(k.Bytes(), want) {
			t.Errorf("%s: exponent is not the reader's first %d bytes", g, len(want))
		}
	}
	g := groups.FFDHE2048
	for _, bits := range []int{160, 161, 255, 256, 1000, 2047, 2048} {
		k, err := dh.GenerateKeyBits(g, testRand(byte(bits)), bits)
		if err != nil {
			t.Fatalf("GenerateKeyBits(%d): %v", bits, err)
		}
		x := new(big.Int).SetBytes(k.Bytes())
		if len(k.Bytes()) != (bits+7)/8 || x.BitLen() > bits || x.Cmp(big.NewInt(2)) < 0 ||
			x.Cmp(new(big.Int).Sub(g.Q(), big.NewInt(1))) >= 0 {
			t.Fatalf("GenerateKeyBits(%d): exponent of %d bytes, %d bits, out of range", bits, len(k.Bytes()), x.BitLen())
		}
	}
	for _, bits := range []int{-1, 0, 159, 2049, 1 << 30} {
		if _, err := dh.GenerateKeyBits(g, testRand(1), bits); !errors.Is(err, dh.ErrInvalidPrivateKey) {
			t.Errorf("GenerateKeyBits(%d) = %v, want ErrInvalidPrivateKey", bits, err)
		}
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("entropy source failed") }

func TestGenerateKeyReader(t *testing.T) {
	g := groups.FFDHE2048
	if _, err := dh.GenerateKey(g, errReader{}); !errors.Is(err, dh.ErrInvalidPrivateKey) {
		t.Errorf("failing reader: %v", err)
	}
	if _, err := dh.GenerateKey(g, bytes.NewReader(make([]byte, 10))); !errors.Is(err, dh.ErrInvalidPrivateKey) {
		t.Errorf("short reader: %v", err)
	}
	// A reader of zeros only ever gives x = 0: GenerateKey must give up.
	if _, err := dh.GenerateKey(g, zeroReader{}); !errors.Is(err, dh.ErrInvalidPrivateKey) {
		t.Errorf("reader of zeros: %v", err)
	}
	k1, err := dh.GenerateKey(g, nil)
	if err != nil {
		t.Fatalf("nil reader (crypto/rand): %v", err)
	}
	k2, _ := dh.GenerateKey(g, nil)
	if k1.Equal(k2) {
		t.Fatal("two keys from crypto/rand are equal")
	}
}

type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) { clear(b); return len(b), nil }

// TestNewPrivateKey checks the range 2 <= x <= q-2 at its edges.
func TestNewPrivateKey(t *testing.T) {
	g := groups.FFDHE2048
	q := g.Q()
	enc := func(x *big.Int, n int) []byte { return x.FillBytes(make([]byte, n)) }
	for _, tc := range []struct {
		name  string
		x     []byte
		valid bool
	}{
		{"nil", nil, false},
		{"empty", []byte{}, false},
		{"0", []byte{0}, false},
		{"1", []byte{1}, false},
		{"1 padded", enc(big.NewInt(1), 256), false},
		{"2", []byte{2}, true},
		{"2 padded to len(p)", enc(big.NewInt(2), 256), true},
		{"q-2", enc(new(big.Int).Sub(q, big.NewInt(2)), 256), true},
		{"q-1", enc(new(big.Int).Sub(q, big.NewInt(1)), 256), false},
		{"q", enc(q, 256), false},
		{"p-1", enc(new(big.Int).Sub(g.P(), big.NewInt(1)), 256), false},
		{"all ones", bytes.Repeat([]byte{0xff}, 256), false},
		{"longer than p", append([]byte{0}, enc(big.NewInt(5), 256)...), false},
		{"huge", make([]byte, 1<<20), false},
	} {
		k, err := dh.NewPrivateKey(g, tc.x)
		if tc.valid {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if !bytes.Equal(k.Bytes(), tc.x) {
				t.Errorf("%s: Bytes() does not round-trip", tc.name)
			}
			if want := modExp(g, []byte{2}, tc.x); !bytes.Equal(k.PublicKey().Bytes(), want) {
				t.Errorf("%s: public key differs from math/big", tc.name)
			}
		} else if !errors.Is(err, dh.ErrInvalidPrivateKey) {
			t.Errorf("%s: got %v, want ErrInvalidPrivateKey", tc.name, err)
		}
	}
	// Equal compares values, not encodings.
	a, _ := dh.NewPrivateKey(g, []byte{7})
	b, _ := dh.NewPrivateKey(g, []byte{0, 0, 7})
	c, _ := dh.NewPrivateKey(groups.MODP2048, []byte{7})
	if !a.Equal(b) || a.Equal(c) || !a.PublicKey().Equal(b.PublicKey()) || a.PublicKey().Equal(c.PublicKey()) {
		t.Fatal("Equal: same value must be equal, other group never")
	}
	x := []byte{9}
	k, _ := dh.NewPrivateKey(g, x)
	x[0] = 10
	k.Bytes()[0] = 11
	if k.Bytes()[0] != 9 {
		t.Fatal("PrivateKey aliases its input or output")
	}
}

// truthPublic is RFC 2631 section 2.1.5 computed with math/big: the
// independent statement of which public values are valid.
func truthPublic(g *groups.Group, y []byte) bool {
	if len(y) != size(g) {
		return false
	}
	v, p := new(big.Int).SetBytes(y), g.P()
	if v.Cmp(big.NewInt(2)) < 0 || v.Cmp(new(big.Int).Sub(p, big.NewInt(1))) > 0 {
		return false
	}
	return new(big.Int).Exp(v, g.Q(), p).Cmp(big.NewInt(1)) == 0
}

// TestPublicKeyEdgeCases follows OpenSSL's DH_check_pub_key tests: 0, 1,
// p-1, p, p+1, 2^len(p) and a non-residue are rejected; p-2 is accepted
// exactly when it passes the subgroup check.
func TestPublicKeyEdgeCases(t *testing.T) {
	for _, g := range []*groups.Group{groups.FFDHE2048, groups.MODP2048, groups.MODP1536, groups.FFDHE3072} {
		t.Run(g.Name(), func(t *testing.T) {
			p, n := g.P(), size(g)
			num := func(x *big.Int) []byte { return x.FillBytes(make([]byte, (x.BitLen()+7)/8)) }
			pad := func(x *big.Int) []byte { return x.FillBytes(make([]byte, max(n, (x.BitLen()+7)/8))) }
			add := func(k int64) *big.Int { return new(big.Int).Add(p, big.NewInt(k)) }
			// The smallest quadratic non-residue, found with math/big Exp.
			nonResidue := big.NewInt(2)
			for truthPublic(g, pad(nonResidue)) {
				nonResidue.Add(nonResidue, big.NewInt(1))
			}
			valid, _ := dh.GenerateKey(g, testRand(3))
			cases := []struct {
				name  string
				y     []byte
				valid bool
			}{
				{"0", pad(big.NewInt(0)), false},
				{"1", pad(big.NewInt(1)), false},
				{"p-1", pad(add(-1)), false},
				{"p", pad(p), false},
				{"p+1", pad(add(1)), false},
				{"2^(8 len(p))", pad(new(big.Int).Lsh(big.NewInt(1), uint(8*n))), false},
				{"all ones", bytes.Repeat([]byte{0xff}, n), false},
				{"non-residue", pad(nonResidue), false},
				{"-2 = p-2", pad(add(-2)), truthPublic(g, pad(add(-2)))},
				{"p-3", pad(add(-3)), truthPublic(g, pad(add(-3)))},
				{"2 (the generator)", pad(big.NewInt(2)), true},
				{"4", pad(big.NewInt(4)), true},
				{"generated", valid.PublicKey().Bytes(), true},
				{"unpadded 2", num(big.NewInt(2)), false},
				{"generated, one byte longer", append([]byte{0}, valid.PublicKey().Bytes()...), false},
				{"nil", nil, false},
				{"empty", []byte{}, false},
				{"huge", make([]byte, 1<<20), false},
			}
			for _, tc := range cases {
				if truthPublic(g, tc.y) != tc.valid {
					t.Fatalf("%s: the test's expectation contradicts RFC 2631 computed with math/big", tc.name)
				}
				k, err := dh.NewPublicKey(g, tc.y)
				switch {
				case tc.valid && err != nil:
					t.Errorf("%s: rejected: %v", tc.name, err)
				case tc.valid && !bytes.Equal(k.Bytes(), tc.y):
					t.Errorf("%s: Bytes() does not round-trip", tc.name)
				case !tc.valid && !errors.Is(err, dh.ErrInvalidPublicKey):
					t.Errorf("%s: got %v, want ErrInvalidPublicKey", tc.name, err)
				}
			}
		})
	}
}

// TestRandomPublicValues checks NewPublicKey against the math/big truth on
// random values: about half are quadratic residues.
func TestRandomPublicValues(t *testing.T) {
	g := groups.FFDHE2048
	r := testRand(9)
	accepted := 0
	for range 32 {
		y := make([]byte, size(g))
		io.ReadFull(r, y)
		y[0] &= 0x7f
		_, err := dh.NewPublicKey(g, y)
		if (err == nil) != truthPublic(g, y) {
			t.Fatalf("NewPublicKey(%x) = %v, disagrees with y^q mod p", y, err)
		}
		if err == nil {
			accepted++
		}
	}
	if accepted == 0 || accepted == 32 {
		t.Fatalf("%d of 32 random values accepted; want about half", accepted)
	}
}

// TestLeadingZeroSharedSecret finds, by search over small exponents, a ZZ
// whose first byte is zero and checks that it keeps the full width.
func TestLeadingZeroSharedSecret(t *testing.T) {
	g := groups.FFDHE2048
	peer, err := dh.NewPrivateKey(g, []byte{3}) // y = 8
	if err != nil {
		t.Fatal(err)
	}
	// 2^(3x) wraps around p from x = 683 on; below that it is trivially short.
	for x := 683; x < 683+4096; x++ {
		xb := big.NewInt(int64(x)).Bytes()
		want := modExp(g, peer.PublicKey().Bytes(), xb)
		if want[0] != 0 {
			continue
		}
		k, err := dh.NewPrivateKey(g, xb)
		if err != nil {
			t.Fatal(err)
		}
		zz, err := k.SharedSecret(peer.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(zz, want) || len(zz) != size(g) {
			t.Fatalf("x = %d: ZZ = %x (%d bytes), want %x", x, zz, len(zz), want)
		}
		zz2, err := peer.SharedSecret(k.PublicKey())
		if err != nil || !bytes.Equal(zz2, zz) {
			t.Fatalf("x = %d: the peer computes a different ZZ", x)
		}
		return
	}
	t.Fatal("no ZZ with a leading zero byte in the search range")
}

func TestGroupMismatch(t *testing.T) {
	a, _ := dh.NewPrivateKey(groups.FFDHE2048, []byte{5})
	b, _ := dh.NewPrivateKey(groups.MODP2048, []byte{5})
	if _, err := a.SharedSecret(b.PublicKey()); !errors.Is(err, dh.ErrGroupMismatch) {
		t.Fatalf("got %v, want ErrGroupMismatch", err)
	}
	// The same bytes are not a valid key of the other group in general, and
	// never mix silently: a key carries its group.
	if a.PublicKey().Equal(b.PublicKey()) {
		t.Fatal("keys of two groups are Equal")
	}
}

// TestGroupCopy checks that a copy of an exported group works like the
// original, and that nil and zero groups are refused.
func TestGroupCopy(t *testing.T) {
	c := *groups.FFDHE2048
	k, err := dh.NewPrivateKey(&c, []byte{5})
	if err != nil {
		t.Fatalf("copied group: %v", err)
	}
	o, _ := dh.NewPrivateKey(groups.FFDHE2048, []byte{6})
	if _, err := k.SharedSecret(o.PublicKey()); err != nil {
		t.Fatalf("copied group and original: %v", err)
	}
	for _, g := range []*groups.Group{nil, {}} {
		if dh.ExponentBits(g) != 0 {
			t.Errorf("ExponentBits(%#v) = %d", g, dh.ExponentBits(g))
		}
		if _, err := dh.GenerateKey(g, testRand(1)); !errors.Is(err, dh.ErrUnsupportedGroup) {
			t.Errorf("GenerateKey(%#v) = %v", g, err)
		}
		if _, err := dh.GenerateKeyBits(g, testRand(1), 256); !errors.Is(err, dh.ErrUnsupportedGroup) {
			t.Errorf("GenerateKeyBits(%#v) = %v", g, err)
		}
		if _, err := dh.NewPrivateKey(g, []byte{5}); !errors.Is(err, dh.ErrUnsupportedGroup) {
			t.Errorf("NewPrivateKey(%#v) = %v", g, err)
		}
		if _, err := dh.NewPublicKey(g, []byte{5}); !errors.Is(err, dh.ErrUnsupportedGroup) {
			t.Errorf("NewPublicKey(%#v) = %v", g, err)
		}
	}
}

// TestNilKeys checks that no method panics on nil or zero keys.
func TestNilKeys(t *testing.T) {
	var nilPriv *dh.PrivateKey
	var nilPub *dh.PublicKey
	good, _ := dh.NewPrivateKey(groups.FFDHE2048, []byte{5})
	if nilPriv.Bytes() != nil || nilPriv.PublicKey() != nil || nilPriv.Group() != nil ||
		nilPub.Bytes() != nil || nilPub.Group() != nil {
		t.Fatal("nil keys return non-nil values")
	}
	for _, k := range []*dh.PrivateKey{nilPriv, {}} {
		if _, err := k.SharedSecret(good.PublicKey()); !errors.Is(err, dh.ErrInvalidPrivateKey) {
			t.Errorf("SharedSecret on %#v: %v", k, err)
		}
		if k.Equal(good) || good.Equal(k) || k.Equal(k) {
			t.Errorf("Equal with %#v", k)
		}
	}
	for _, p := range []*dh.PublicKey{nilPub, {}} {
		if _, err := good.SharedSecret(p); !errors.Is(err, dh.ErrInvalidPublicKey) {
			t.Errorf("SharedSecret with %#v: %v", p, err)
		}
		if p.Equal(good.PublicKey()) || good.PublicKey().Equal(p) || p.Equal(p) {
			t.Errorf("Equal with %#v", p)
		}
	}
	var other crypto.PrivateKey = "not a key"
	if good.Equal(other) || good.PublicKey().Equal(other) || good.Equal(nil) {
		t.Fatal("Equal with a foreign type")
	}
	if pub, ok := good.Public().(*dh.PublicKey); !ok || pub != good.PublicKey() {
		t.Fatal("Public() is not PublicKey()")
	}
}
