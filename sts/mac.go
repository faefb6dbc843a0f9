package sts

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"slices"
)

// The tag of a ticket is HMAC-SHA256 (RFC 2104) under the MAC subkey of
//
//	prefix | [u32(len(entropy)) | entropy] | ticket bytes after the header, before the tag
//	prefix = "tickets/sts v1" | u32(len(Session)) | Session | header | e | zeros
//
// where header is the ticket's first six bytes (version, flags, key ID), e
// is 1 when there is entropy (and the bracketed part present) and 0 when
// there is none, and the zeros pad the prefix to a whole number of SHA-256
// blocks. Every byte before the tag is covered, the header by way of the
// prefix, and the input parses one way only: the prefix has a length fixed
// by the session, and e says whether a length-prefixed entropy follows.
//
// The prefix is one of four per ring key (flags 0 or 1, e 0 or 1), the same
// for every ticket of a Service. So each ring key keeps the SHA-256 states
// after "K xor ipad | prefix" for the four, and the one after "K xor opad",
// and a tag restores them instead of hashing the prefix again: the
// precomputation crypto/hmac does for the key pads, carried one step
// further. What a tag hashes itself is then the body (and IV) alone: a
// 38-byte payload with its 17 bytes of times and inner flags fits one
// SHA-256 block, as a bare HMAC of times and payload does.
// TestTagIsHMAC checks the result against crypto/hmac.
const macLabel = "tickets/sts v1"

// macKey holds the marshaled SHA-256 states of one HMAC key, for the key
// ID id: inner[flags | e<<1] and outer.
type macKey struct {
	inner [4][]byte
	outer []byte
	id    [4]byte
}

// newMACKey precomputes the states of key for the given session and key ID.
func newMACKey(key, session []byte, id [4]byte) (macKey, error) {
	// The subkey is 32 bytes, shorter than a block: HMAC pads it with
	// zeros.
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	k := macKey{id: id}
	var err error
	for i := range k.inner {
		flags, e := byte(i&1), byte(i>>1)
		p := append(slices.Clone(ipad[:]), macLabel...)
		p = binary.BigEndian.AppendUint32(p, uint32(len(session)))
		p = append(p, session...)
		p = append(p, version1, flags)
		p = append(p, id[:]...)
		p = append(p, e)
		if r := len(p) % sha256.BlockSize; r != 0 {
			p = append(p, make([]byte, sha256.BlockSize-r)...)
		}
		in := sha256.New()
		in.Write(p)
		if k.inner[i], err = in.(encoding.BinaryMarshaler).MarshalBinary(); err != nil {
			return k, err
		}
	}
	out := sha256.New()
	out.Write(opad[:])
	k.outer, err = out.(encoding.BinaryMarshaler).MarshalBinary()
	return k, err
}

// tag computes the tag of the ticket bytes b (header included, tag
// excluded) with entropy under k, into sum. b[1] must be a valid flags
// byte. Its hash states live on the stack (sha256.New inlines, and the
// compiler devirtualizes their calls), so it allocates nothing and keeps
// none of its arguments; the result aliases sum.
//
// The header is hashed by way of the prefix state chosen for it, which
// exists only for the version, flags and key ID the prefix was made with:
// for any other header, tag returns nil, which matches no tag. (Callers
// parse the header first; this keeps an unknown flag or version from ever
// falling outside the MAC.)
func tag(k *macKey, entropy, b []byte, sum *[tagSize]byte) []byte {
	if len(b) < headerSize || b[0] != version1 || b[1]&^flagEncrypted != 0 || [4]byte(b[2:headerSize]) != k.id {
		return nil
	}
	i := b[1] & flagEncrypted
	if len(entropy) > 0 {
		i |= 2
	}
	// UnmarshalBinary fails only for a state from another hash, and
	// newMACKey made these with SHA-256.
	in := sha256.New()
	_ = in.(encoding.BinaryUnmarshaler).UnmarshalBinary(k.inner[i])
	if len(entropy) > 0 {
		in.Write(binary.BigEndian.AppendUint32(sum[:0], uint32(len(entropy))))
		in.Write(entropy)
	}
	in.Write(b[headerSize:])
	inner := in.Sum(sum[:0])
	out := sha256.New()
	_ = out.(encoding.BinaryUnmarshaler).UnmarshalBinary(k.outer)
	out.Write(inner)
	return out.Sum(sum[:0])
}
