package dh_test

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// Two parties agree on a shared secret. Real code passes crypto/rand.Reader
// (or nil); the seeded reader only makes the output reproducible.
func Example() {
	alice, err := dh.GenerateKey(groups.FFDHE2048, rand.NewChaCha8([32]byte{'a'}))
	if err != nil {
		panic(err)
	}
	bob, err := dh.GenerateKey(groups.FFDHE2048, rand.NewChaCha8([32]byte{'b'}))
	if err != nil {
		panic(err)
	}

	// Each side sends its public key's Bytes and validates the other's.
	bobPub, err := dh.NewPublicKey(groups.FFDHE2048, bob.PublicKey().Bytes())
	if err != nil {
		panic(err)
	}
	alicePub, err := dh.NewPublicKey(groups.FFDHE2048, alice.PublicKey().Bytes())
	if err != nil {
		panic(err)
	}

	zzAlice, _ := alice.SharedSecret(bobPub)
	zzBob, _ := bob.SharedSecret(alicePub)
	fmt.Println(len(zzAlice), bytes.Equal(zzAlice, zzBob))
	fmt.Printf("%x\n", zzAlice[:16])
	// Output:
	// 256 true
	// 499153e33e8a90c3e08554250ce2e030
}

// KEK derives an RFC 2631 key-encryption key from ZZ; this is the first
// example of RFC 2631 section 2.1.6 (3DES key wrap, 192 bits).
func ExampleKEK() {
	zz := []byte{
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
		0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
	}
	id3DESWrap := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 3, 6}
	kek, err := dh.KEK(zz, id3DESWrap, 192, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%x\n", kek)
	// Output: a09661392376f7044d9052a397883246b67f5f1ef63eb5fb
}

// NewPublicKey refuses values a peer could use to force a known or weak
// shared secret: here p-1, which has order 2.
func ExampleNewPublicKey() {
	g := groups.FFDHE2048
	pMinus1 := new(big.Int).Sub(g.P(), big.NewInt(1))
	_, err := dh.NewPublicKey(g, pMinus1.FillBytes(make([]byte, 256)))
	fmt.Println(errors.Is(err, dh.ErrInvalidPublicKey))
	fmt.Println(err)
	// Output:
	// true
	// dh: invalid public key: y outside [2, p-2]
}

// GenerateKeyBits chooses the exponent size, as pyTickets' asize did.
func ExampleGenerateKeyBits() {
	g, _ := groups.ByBits(2048) // pyTickets' psize: the RFC 3526 MODP group
	priv, err := dh.GenerateKeyBits(g, rand.NewChaCha8([32]byte{'x'}), 320)
	if err != nil {
		panic(err)
	}
	fmt.Println(g, len(priv.Bytes()), len(priv.PublicKey().Bytes()))
	// Output: modp2048 40 256
}
