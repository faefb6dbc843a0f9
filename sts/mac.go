package sts

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"hash"
)

// The tag of a ticket is HMAC-SHA256 (RFC 2104) under the MAC subkey of
//
//	macPrefix | u32(len(entropy)) | entropy | ticket bytes before the tag
//	macPrefix = "tickets/sts v1" | u32(len(Session)) | Session | zeros
//
// where the zeros pad macPrefix to a whole number of SHA-256 blocks. The
// prefix is the same for every ticket of a Service, so each ring key keeps
// the SHA-256 states after "K xor ipad | macPrefix" and after "K xor opad",
// and each tag restores them instead of hashing the prefix again: the same
// precomputation crypto/hmac does for the key pads, carried one step
// further. TestTagIsHMAC checks the result against crypto/hmac.
const macLabel = "tickets/sts v1"

// macPrefix returns the padded prefix for session.
func macPrefix(session []byte) []byte {
	p := append([]byte(macLabel), binary.BigEndian.AppendUint32(nil, uint32(len(session)))...)
	p = append(p, session...)
	if r := len(p) % sha256.BlockSize; r != 0 {
		p = append(p, make([]byte, sha256.BlockSize-r)...)
	}
	return p
}

// macKey holds the marshaled SHA-256 states of one HMAC key.
type macKey struct {
	inner, outer []byte
}

type digest interface {
	hash.Hash
	encoding.BinaryUnmarshaler
}

func newMACKey(key, prefix []byte) (macKey, error) {
	// The subkey is 32 bytes, shorter than a block: HMAC pads it with
	// zeros.
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	in, out := sha256.New(), sha256.New()
	in.Write(ipad[:])
	in.Write(prefix)
	out.Write(opad[:])
	var k macKey
	var err error
	if k.inner, err = in.(encoding.BinaryMarshaler).MarshalBinary(); err != nil {
		return k, err
	}
	k.outer, err = out.(encoding.BinaryMarshaler).MarshalBinary()
	return k, err
}

// lenSize is the room a tag's caller leaves before the message, where tag
// puts u32(len(entropy)) so that, without entropy, it hashes one slice.
const lenSize = 4

// tag computes the tag of the message b[lenSize:] with entropy under k into
// st.sum. It overwrites b[:lenSize].
func (st *state) tag(k *macKey, entropy, b []byte) []byte {
	// UnmarshalBinary fails only for a state from another hash, and
	// newMACKey made these with SHA-256.
	_ = st.in.UnmarshalBinary(k.inner)
	binary.BigEndian.PutUint32(b, uint32(len(entropy)))
	if len(entropy) == 0 {
		st.in.Write(b)
	} else {
		st.in.Write(b[:lenSize])
		st.in.Write(entropy)
		st.in.Write(b[lenSize:])
	}
	sum := st.in.Sum(st.sum[:0])
	_ = st.out.UnmarshalBinary(k.outer)
	st.out.Write(sum)
	return st.out.Sum(st.sum[:0])
}
