package dh_test

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/gotickets/tickets/dh"
)

var (
	oid3DESWrap = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 3, 6}
	oidRC2Wrap  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 3, 7}
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestKEKRFC2631 runs the two examples of RFC 2631 section 2.1.6.
func TestKEKRFC2631(t *testing.T) {
	zz := unhex("000102030405060708090a0b0c0d0e0f10111213")
	for _, tc := range []struct {
		name       string
		alg        asn1.ObjectIdentifier
		bits       int
		partyAInfo []byte
		want       string
	}{
		{"2.1.6 example 1, 3DES wrap", oid3DESWrap, 192, nil,
			"a09661392376f7044d9052a397883246b67f5f1ef63eb5fb"},
		{"2.1.6 example 2, RC2 wrap", oidRC2Wrap, 128,
			bytes.Repeat(unhex("0123456789abcdeffedcba9876543201"), 4),
			"48950c46e0530075403cce72889604e0"},
	} {
		got, err := dh.KEK(zz, tc.alg, tc.bits, tc.partyAInfo)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if hex.EncodeToString(got) != tc.want {
			t.Errorf("%s: got %x, want %s", tc.name, got, tc.want)
		}
	}
}

// TestKEKLength checks that longer outputs extend shorter ones (the counter
// blocks are concatenated) and that an empty partyAInfo means absent.
func TestKEKLength(t *testing.T) {
	zz := bytes.Repeat([]byte{0xab}, 256)
	// keyBits is part of OtherInfo, so outputs of two sizes are unrelated;
	// an absent partyAInfo and an empty one are the same.
	a, err := dh.KEK(zz, oid3DESWrap, 256, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dh.KEK(zz, oid3DESWrap, 256, []byte{})
	if err != nil || !bytes.Equal(a, b) {
		t.Fatalf("empty partyAInfo differs from nil: %v", err)
	}
	long, err := dh.KEK(zz, oid3DESWrap, dh.MaxKEKBits, nil)
	if err != nil || len(long) != dh.MaxKEKBits/8 {
		t.Fatalf("MaxKEKBits: %d bytes, %v", len(long), err)
	}
	if c, _ := dh.KEK(zz, oid3DESWrap, 128, nil); bytes.Equal(c, a[:16]) {
		t.Fatal("keyBits does not enter the derivation")
	}
}

func TestKEKErrors(t *testing.T) {
	zz := []byte{1, 2, 3}
	for _, tc := range []struct {
		name       string
		zz         []byte
		alg        asn1.ObjectIdentifier
		bits       int
		partyAInfo []byte
	}{
		{"empty zz", nil, oid3DESWrap, 128, nil},
		{"zero bits", zz, oid3DESWrap, 0, nil},
		{"negative bits", zz, oid3DESWrap, -8, nil},
		{"bits not a multiple of 8", zz, oid3DESWrap, 127, nil},
		{"too many bits", zz, oid3DESWrap, dh.MaxKEKBits + 8, nil},
		{"short partyAInfo", zz, oid3DESWrap, 128, make([]byte, 63)},
		{"long partyAInfo", zz, oid3DESWrap, 128, make([]byte, 65)},
		{"nil OID", zz, nil, 128, nil},
		{"one-arc OID", zz, asn1.ObjectIdentifier{1}, 128, nil},
		{"bad first arc", zz, asn1.ObjectIdentifier{3, 1}, 128, nil},
	} {
		if _, err := dh.KEK(tc.zz, tc.alg, tc.bits, tc.partyAInfo); !errors.Is(err, dh.ErrInvalidKEKParameters) {
			t.Errorf("%s: got %v, want ErrInvalidKEKParameters", tc.name, err)
		}
	}
}
