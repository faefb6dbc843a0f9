// Package dh implements finite-field Diffie-Hellman key agreement as RFC 2631
// defines it, over the RFC 3526 and RFC 7919 groups of package groups, with
// an API shaped like crypto/ecdh, and the RFC 2631 key derivation [KEK].
//
//	priv, err := dh.GenerateKey(groups.FFDHE2048, rand.Reader)
//	// send priv.PublicKey().Bytes(), receive peerBytes
//	peer, err := dh.NewPublicKey(groups.FFDHE2048, peerBytes)
//	zz, err := priv.SharedSecret(peer)
//
// # What is validated
//
// [NewPublicKey] performs the full public-key validation of RFC 2631 section
// 2.1.5 and NIST SP 800-56A Rev. 3 section 5.6.2.3.1: the encoding is
// exactly len(p) bytes, 2 <= y <= p-2, and y lies in the subgroup of order q
// (y^q = 1 mod p). Every group is a safe prime p = 2q+1, so that subgroup is
// the set of quadratic residues and the last check is the Legendre symbol
// (y/p) = 1, which costs a few percent of one key agreement instead of a
// full-size exponentiation. A peer can therefore not force ZZ into a small
// subgroup: [PrivateKey.SharedSecret] never returns 0, 1 or p-1, and checks
// that again before returning.
//
// [NewPrivateKey] accepts an exponent x with 2 <= x <= q-2 (RFC 2631 section
// 2.2), at most len(p) bytes long. [GenerateKey] draws an exponent of
// [ExponentBits] bits, max(256, 2 × the group's security strength), as NIST
// SP 800-56A section 5.6.1.1.4 allows for safe-prime groups (a short
// exponent: the attacks on it cost 2^(bits/2)); [GenerateKeyBits] takes an
// explicit size, like pyTickets' asize.
//
// Keys of different groups never mix: [PrivateKey.SharedSecret] fails with
// [ErrGroupMismatch].
//
// # Side channels
//
// Exponentiation with a secret exponent runs in constant time (Montgomery
// arithmetic in this module's internal/bigutil: MULX/ADX assembly on amd64,
// filippo.io/bigmod or portable Go elsewhere): its time depends on the
// group and on the length in bytes of the exponent, which is public (it is also the length of
// [PrivateKey.Bytes]), never on its value. Range checks on private exponents
// and the checks on ZZ are constant time too. Only public values go through
// variable-time code: the range and subgroup checks of a peer's value.
//
// # What this package does not do
//
// Diffie-Hellman alone is unauthenticated: a man in the middle can run one
// exchange with each side. Authenticate the public keys, or use package
// dh/handshake with a pre-shared key, which binds the transcript.
//
// ZZ is not a uniformly random key. Derive keys from it with a KDF: [KEK]
// (RFC 2631) or HKDF over ZZ and a transcript.
//
// Only the groups of package groups are supported; there is no way to use
// a prime received from a peer.
package dh

import "errors"

// Errors returned by this package, for errors.Is. Returned errors wrap them
// with detail that never depends on a secret value.
var (
	// ErrInvalidPublicKey reports a public value that fails validation: a
	// wrong length, y outside [2, p-2], or y outside the subgroup of order q.
	ErrInvalidPublicKey = errors.New("dh: invalid public key")

	// ErrInvalidPrivateKey reports a private exponent outside [2, q-2], of
	// the wrong length, a bad exponent size, or a failing random source.
	ErrInvalidPrivateKey = errors.New("dh: invalid private key")

	// ErrGroupMismatch reports keys from two different groups.
	ErrGroupMismatch = errors.New("dh: keys belong to different groups")

	// ErrUnsupportedGroup reports a nil or zero groups.Group.
	ErrUnsupportedGroup = errors.New("dh: unsupported group")

	// ErrInvalidKEKParameters reports arguments KEK cannot derive from.
	ErrInvalidKEKParameters = errors.New("dh: invalid KEK parameters")
)
