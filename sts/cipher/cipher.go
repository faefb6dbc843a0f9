// Package cipher holds the cryptographic layer of sts: the subkeys derived
// from one master key and the AES-256-CTR transform. It knows nothing of the
// ticket format.
//
// # Subkeys
//
// Derive runs HKDF-SHA256 (RFC 5869) once per master key:
//
//	PRK    = HKDF-Extract(salt = "tickets/sts v1", IKM = master key)
//	MAC    = HKDF-Expand(PRK, "tickets/sts v1 mac", 32)           HMAC-SHA256 key
//	Enc    = HKDF-Expand(PRK, "tickets/sts v1 aes-256-ctr", 32)   AES-256 key
//	KeyID  = HKDF-Expand(PRK, "tickets/sts v1 key id", 4)         public key identifier
//
// The labels are distinct, so no subkey is ever used for two jobs, and the
// key ID is a keyed hash: it names a key without revealing anything about it.
// The master key is the HKDF input keying material whatever its length. That
// input is a message to HMAC, not an HMAC key, so two different master keys
// never alias (unlike HMAC keys, where a key longer than 64 bytes equals its
// SHA-256 hash).
//
// # Encryption
//
// XOR applies AES-256-CTR with a 16-byte IV used as the full initial counter
// block. The caller draws a fresh random IV per message; with random IVs, q
// messages of at most L blocks share a counter block with probability below
// about q^2*L/2^128: under 2^-32 for 2^40 messages of up to 1 MiB (2^16
// blocks), about 2^-16 for 2^48 of them. CTR provides no integrity: the
// caller must authenticate the IV and the ciphertext (sts does, with
// HMAC-SHA256 before it decrypts).
package cipher

import (
	"crypto/aes"
	stdcipher "crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
)

const (
	// MACSize is the length of the HMAC-SHA256 subkey.
	MACSize = 32
	// IVSize is the length of an AES-256-CTR initialization vector.
	IVSize = aes.BlockSize
	// IDSize is the length of a key ID.
	IDSize = 4
)

// HKDF salt and labels. Changing any of them changes every ticket: they are
// part of envelope version 1.
const (
	salt     = "tickets/sts v1"
	labelMAC = "tickets/sts v1 mac"
	labelEnc = "tickets/sts v1 aes-256-ctr"
	labelID  = "tickets/sts v1 key id"
)

// ErrEmptyKey is returned by Derive for an empty master key.
var ErrEmptyKey = errors.New("cipher: empty master key")

// Keys are the subkeys of one master key. They are immutable and safe for
// concurrent use.
type Keys struct {
	mac   []byte
	id    [IDSize]byte
	block stdcipher.Block
}

// Derive computes the subkeys of master, which may have any non-zero length.
func Derive(master []byte) (*Keys, error) {
	if len(master) == 0 {
		return nil, ErrEmptyKey
	}
	prk, err := hkdf.Extract(sha256.New, master, []byte(salt))
	if err != nil {
		return nil, err
	}
	mac, err := hkdf.Expand(sha256.New, prk, labelMAC, MACSize)
	if err != nil {
		return nil, err
	}
	enc, err := hkdf.Expand(sha256.New, prk, labelEnc, 32)
	if err != nil {
		return nil, err
	}
	id, err := hkdf.Expand(sha256.New, prk, labelID, IDSize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, err
	}
	k := &Keys{mac: mac, block: block}
	copy(k.id[:], id)
	return k, nil
}

// MAC returns the HMAC-SHA256 subkey. The caller must not modify it.
func (k *Keys) MAC() []byte { return k.mac }

// ID returns the key ID: public, stable, and a keyed hash of a label.
func (k *Keys) ID() [IDSize]byte { return k.id }

// XOR sets dst to src XORed with the AES-256-CTR key stream that starts at
// counter block iv. It encrypts and decrypts; dst and src may overlap
// entirely or not at all, and dst must be at least as long as src.
func (k *Keys) XOR(dst, src []byte, iv *[IVSize]byte) {
	stdcipher.NewCTR(k.block, iv[:]).XORKeyStream(dst, src)
}
