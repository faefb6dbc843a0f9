package dh

import (
	"bytes"
	"crypto"
	cryptorand "crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"

	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/internal/bigutil"
)

// MinExponentBits is the smallest exponent GenerateKeyBits accepts: 160
// bits, the smallest subgroup order FIPS 186 ever allowed. Recovering an
// exponent of n bits costs about 2^(n/2) (Pollard's kangaroo), so this is
// an 80-bit floor, not a recommendation.
const MinExponentBits = 160

// maxDraws bounds GenerateKey's rejection sampling. An honest random source
// needs more than one draw with probability about 2^-64 (about 1/2 when the
// exponent is as wide as p); only a broken one reaches the bound.
const maxDraws = 64

// PrivateKey is a Diffie-Hellman private key: an exponent x of one group and
// its public key g^x mod p. It is immutable and safe for concurrent use.
type PrivateKey struct {
	params *params
	x      []byte // big-endian; its length is public, its value secret
	pub    *PublicKey
}

// PublicKey is a validated Diffie-Hellman public value y of one group. It is
// immutable and safe for concurrent use.
type PublicKey struct {
	params *params
	y      []byte // big-endian, exactly len(p) bytes
}

// ExponentBits returns the size of the exponents GenerateKey draws for g:
// max(256, 2 × g.Strength()) bits. It returns 0 for a nil or zero Group.
func ExponentBits(g *groups.Group) int {
	pr, err := lookup(g)
	if err != nil {
		return 0
	}
	return pr.expBits
}

// GenerateKey returns a new private key of group g with an exponent of
// ExponentBits(g) bits read from rand (crypto/rand.Reader when rand is
// nil). An exponent below 2 or above q-2 is drawn again.
func GenerateKey(g *groups.Group, rand io.Reader) (*PrivateKey, error) {
	pr, err := lookup(g)
	if err != nil {
		return nil, err
	}
	return generate(pr, rand, pr.expBits)
}

// GenerateKeyBits is GenerateKey with an exponent of the given number of
// bits, at least MinExponentBits and at most g.Bits(); pyTickets called it
// asize. The exponent is uniform in [2, min(2^bits, q-1)), and
// PrivateKey.Bytes returns it in (bits+7)/8 bytes.
func GenerateKeyBits(g *groups.Group, rand io.Reader, bits int) (*PrivateKey, error) {
	pr, err := lookup(g)
	if err != nil {
		return nil, err
	}
	if bits < MinExponentBits || bits > g.Bits() {
		return nil, fmt.Errorf("%w: exponent size %d bits outside [%d, %d]",
			ErrInvalidPrivateKey, bits, MinExponentBits, g.Bits())
	}
	return generate(pr, rand, bits)
}

func generate(pr *params, rand io.Reader, bits int) (*PrivateKey, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	x := make([]byte, (bits+7)/8)
	for range maxDraws {
		if _, err := io.ReadFull(rand, x); err != nil {
			return nil, fmt.Errorf("%w: reading random exponent: %w", ErrInvalidPrivateKey, err)
		}
		x[0] &= 0xff >> (8*len(x) - bits)
		if inRange(pr, x) {
			return newPrivateKey(pr, x)
		}
	}
	return nil, fmt.Errorf("%w: random source gave no exponent in range in %d draws", ErrInvalidPrivateKey, maxDraws)
}

// inRange reports whether 2 <= x <= q-2, in time that depends on len(x) and
// the group only.
func inRange(pr *params, x []byte) bool {
	below2 := bigutil.ConstantTimeLess(x, pr.two)
	belowQ1 := bigutil.ConstantTimeLess(x, pr.qMinus1)
	return (1-below2)&belowQ1 == 1
}

// NewPrivateKey returns the private key of group g with exponent x, given
// big-endian in 1 to len(p) bytes, with 2 <= x <= q-2. Bytes returns x in
// the same length. It computes the public key, one exponentiation.
func NewPrivateKey(g *groups.Group, x []byte) (*PrivateKey, error) {
	pr, err := lookup(g)
	if err != nil {
		return nil, err
	}
	if len(x) == 0 || len(x) > pr.size {
		return nil, fmt.Errorf("%w: length %d bytes, want 1 to %d", ErrInvalidPrivateKey, len(x), pr.size)
	}
	if !inRange(pr, x) {
		return nil, fmt.Errorf("%w: exponent outside [2, q-2]", ErrInvalidPrivateKey)
	}
	return newPrivateKey(pr, bytes.Clone(x))
}

// newPrivateKey takes ownership of x, which is in range.
func newPrivateKey(pr *params, x []byte) (*PrivateKey, error) {
	y, err := pr.mod.Exp(pr.gen, x)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPrivateKey, err)
	}
	return &PrivateKey{params: pr, x: x, pub: &PublicKey{params: pr, y: y}}, nil
}

// NewPublicKey validates y, a public value of group g given big-endian in
// exactly len(p) bytes (left-padded with zeros, as PublicKey.Bytes returns
// it and as TLS 1.3 and pyTickets send it). It fails with
// ErrInvalidPublicKey unless 2 <= y <= p-2 and y^q = 1 mod p.
func NewPublicKey(g *groups.Group, y []byte) (*PublicKey, error) {
	pr, err := lookup(g)
	if err != nil {
		return nil, err
	}
	if len(y) != pr.size {
		return nil, fmt.Errorf("%w: length %d bytes, want %d", ErrInvalidPublicKey, len(y), pr.size)
	}
	if bytes.Compare(y, pr.two) < 0 || bytes.Compare(y, pr.pMinus1) >= 0 {
		return nil, fmt.Errorf("%w: y outside [2, p-2]", ErrInvalidPublicKey)
	}
	// p = 2q+1 is prime, so by Euler's criterion y^q = (y/p) mod p: y is in
	// the subgroup of order q exactly when it is a quadratic residue.
	if s, err := pr.mod.Jacobi(y); err != nil || s != 1 {
		return nil, fmt.Errorf("%w: y is not in the subgroup of order q", ErrInvalidPublicKey)
	}
	return &PublicKey{params: pr, y: bytes.Clone(y)}, nil
}

// Group returns the key's group, or nil for a nil or zero key.
func (k *PrivateKey) Group() *groups.Group {
	if k == nil || k.params == nil {
		return nil
	}
	return k.params.group
}

// Bytes returns a copy of the exponent x, big-endian, in the length it was
// generated or given in.
func (k *PrivateKey) Bytes() []byte {
	if k == nil {
		return nil
	}
	return bytes.Clone(k.x)
}

// PublicKey returns the public key g^x mod p.
func (k *PrivateKey) PublicKey() *PublicKey {
	if k == nil {
		return nil
	}
	return k.pub
}

// Public returns PublicKey as a crypto.PublicKey, as crypto/ecdh keys do.
func (k *PrivateKey) Public() crypto.PublicKey { return k.PublicKey() }

// Equal reports whether x is a *PrivateKey of the same group with the same
// exponent value, in constant time with respect to the exponents.
func (k *PrivateKey) Equal(x crypto.PrivateKey) bool {
	o, ok := x.(*PrivateKey)
	if !ok || k == nil || o == nil || k.params == nil || k.params != o.params {
		return false
	}
	a, errA := bigutil.PadLeft(k.x, k.params.size)
	b, errB := bigutil.PadLeft(o.x, o.params.size)
	return errA == nil && errB == nil && subtle.ConstantTimeCompare(a, b) == 1
}

// SharedSecret returns ZZ = y^x mod p, the RFC 2631 shared secret, as
// exactly len(p) big-endian bytes (leading zero bytes kept). It fails with
// ErrGroupMismatch when peer belongs to another group. ZZ is never 0, 1 or
// p-1. Derive keys from it with a KDF; do not use it directly.
func (k *PrivateKey) SharedSecret(peer *PublicKey) ([]byte, error) {
	if k == nil || k.params == nil {
		return nil, fmt.Errorf("%w: nil or zero private key", ErrInvalidPrivateKey)
	}
	if peer == nil || peer.params == nil {
		return nil, fmt.Errorf("%w: nil or zero public key", ErrInvalidPublicKey)
	}
	if k.params != peer.params {
		return nil, fmt.Errorf("%w: %s and %s", ErrGroupMismatch, k.params.group, peer.params.group)
	}
	zz, err := k.params.mod.Exp(peer.y, k.x)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPublicKey, err)
	}
	// Unreachable for a validated peer key; kept so that no bug elsewhere can
	// turn into a known shared secret. The branch reveals only the error.
	degenerate := subtle.ConstantTimeCompare(zz, k.params.zero) |
		subtle.ConstantTimeCompare(zz, k.params.one) |
		subtle.ConstantTimeCompare(zz, k.params.pMinus1)
	if degenerate != 0 {
		return nil, fmt.Errorf("%w: degenerate shared secret", ErrInvalidPublicKey)
	}
	return zz, nil
}

// Group returns the key's group, or nil for a nil or zero key.
func (k *PublicKey) Group() *groups.Group {
	if k == nil || k.params == nil {
		return nil
	}
	return k.params.group
}

// Bytes returns a copy of y, big-endian, exactly len(p) bytes.
func (k *PublicKey) Bytes() []byte {
	if k == nil {
		return nil
	}
	return bytes.Clone(k.y)
}

// Equal reports whether x is a *PublicKey of the same group with the same
// value.
func (k *PublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*PublicKey)
	return ok && k != nil && o != nil && k.params != nil && k.params == o.params && bytes.Equal(k.y, o.y)
}
