package dh

import (
	"crypto/sha1"
	"encoding/asn1"
	"encoding/binary"
	"fmt"
)

// MaxKEKBits bounds the output of KEK: 8192 bits, far above any key
// encryption key.
const MaxKEKBits = 8192

// partyAInfoSize is the only length RFC 2631 section 2.1.2 allows for
// partyAInfo: 512 bits.
const partyAInfoSize = 64

// keySpecificInfo and otherInfo are the ASN.1 structures of RFC 2631
// section 2.1.2. The module defines its tags EXPLICIT, as the section 2.1.6
// examples show (a2 06 04 04 ...).
type keySpecificInfo struct {
	Algorithm asn1.ObjectIdentifier
	Counter   []byte // 4 bytes, big-endian
}

type otherInfo struct {
	KeyInfo     keySpecificInfo
	PartyAInfo  []byte `asn1:"optional,explicit,tag:0"` // nil: absent
	SuppPubInfo []byte `asn1:"explicit,tag:2"`          // keyBits, 4 bytes
}

// KEK derives keyBits bits of key-encryption key from the shared secret zz
// as RFC 2631 section 2.1.2 specifies: the concatenation of
// SHA-1(zz || OtherInfo) for counter = 1, 2, ..., truncated to keyBits,
// where OtherInfo is the DER encoding of the key-wrap algorithm alg, the
// counter, partyAInfo and keyBits.
//
// zz must be non-empty (pass SharedSecret's output unchanged: RFC 2631 hashes
// its full width, leading zeros included). keyBits must be a positive
// multiple of 8, at most MaxKEKBits. partyAInfo is optional (nil or empty:
// absent); when present it must be 512 bits, as the RFC requires.
//
// SHA-1 is what RFC 2631 fixes; new protocols should prefer HKDF-SHA256.
func KEK(zz []byte, alg asn1.ObjectIdentifier, keyBits int, partyAInfo []byte) ([]byte, error) {
	switch {
	case len(zz) == 0:
		return nil, fmt.Errorf("%w: empty shared secret", ErrInvalidKEKParameters)
	case keyBits <= 0 || keyBits%8 != 0 || keyBits > MaxKEKBits:
		return nil, fmt.Errorf("%w: key size %d bits: want a multiple of 8 in [8, %d]",
			ErrInvalidKEKParameters, keyBits, MaxKEKBits)
	case len(partyAInfo) != 0 && len(partyAInfo) != partyAInfoSize:
		return nil, fmt.Errorf("%w: partyAInfo is %d bytes, want %d",
			ErrInvalidKEKParameters, len(partyAInfo), partyAInfoSize)
	}
	info := otherInfo{
		KeyInfo:     keySpecificInfo{Algorithm: alg, Counter: make([]byte, 4)},
		SuppPubInfo: binary.BigEndian.AppendUint32(nil, uint32(keyBits)),
	}
	if len(partyAInfo) != 0 {
		info.PartyAInfo = partyAInfo
	}
	out := make([]byte, 0, keyBits/8+sha1.Size)
	for counter := uint32(1); len(out) < keyBits/8; counter++ {
		binary.BigEndian.PutUint32(info.KeyInfo.Counter, counter)
		der, err := asn1.Marshal(info)
		if err != nil {
			return nil, fmt.Errorf("%w: algorithm %v: %w", ErrInvalidKEKParameters, alg, err)
		}
		h := sha1.New()
		h.Write(zz)
		h.Write(der)
		out = h.Sum(out)
	}
	return out[:keyBits/8], nil
}
