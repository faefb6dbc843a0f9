package bench

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash"
	"time"
	"unsafe"
)

// The floors are the least work any ticket validator of the same job must
// do, written with every shortcut a single goroutine may take: one reused
// HMAC (and AES block), reused scratch buffers, no copies, the input string
// read in place. They are not a format anyone should ship; they exist so
// that every other implementation's cost can be stated as a multiple of
// them.
//
// Signed floor:    base64url(issuedAt(8) | expiresAt(8) | payload | HMAC-SHA256(32))
// Encrypted floor: base64url(iv(16) | AES-256-CTR(issuedAt | expiresAt | payload) | HMAC-SHA256(32))
//
// Create reads the clock once and allocates its one result, the string.
// Validate decodes, checks the tag in constant time, reads the clock once,
// checks both times and allocates its one result: the payload, which the
// caller owns (a validator that handed out a view of its reused scratch
// buffer would be wrong), returned in a floorTicket by value. The encrypted
// floor decrypts straight into that allocation, and also allocates the CTR
// stream, which crypto/cipher offers no way to re-key.

var errFloor = errors.New("floor: invalid ticket")

// b64 is strict unpadded base64url, made once: Strict returns a new Encoding.
var b64 = base64.RawURLEncoding.Strict()

const (
	timesLen = 16
	tagLen   = sha256.Size
	ivLen    = aes.BlockSize
)

// floorTicket is the floors' validation result; Data is the caller's own.
type floorTicket struct {
	IssuedAt, ExpiresAt time.Time
	Data                []byte
}

// stringBytes reads a string in place, without the copy []byte(s) makes.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// floorSigned is the signed-only floor: HMAC-SHA256 with a reused hash.
type floorSigned struct {
	mac     hash.Hash
	raw     []byte // decoded bytes (validate) or bytes to encode (create)
	encoded []byte
	sum     [tagLen]byte
}

func newFloorSigned(key []byte) *floorSigned {
	return &floorSigned{mac: hmac.New(sha256.New, key)}
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n, 2*n)
	}
	return b[:n]
}

func (f *floorSigned) create(payload []byte) string {
	now := time.Now().Unix()
	b := f.raw[:0]
	b = binary.BigEndian.AppendUint64(b, uint64(now))
	b = binary.BigEndian.AppendUint64(b, uint64(now+int64(lifetime/time.Second)))
	b = append(b, payload...)
	f.mac.Reset()
	f.mac.Write(b)
	b = f.mac.Sum(b)
	f.raw = b
	n := b64.EncodedLen(len(b))
	f.encoded = grow(f.encoded, n)
	b64.Encode(f.encoded, b)
	return string(f.encoded)
}

func (f *floorSigned) validate(ticket string) (floorTicket, error) {
	n := b64.DecodedLen(len(ticket))
	if n < timesLen+tagLen {
		return floorTicket{}, errFloor
	}
	f.raw = grow(f.raw, n)
	if _, err := b64.Decode(f.raw, stringBytes(ticket)); err != nil {
		return floorTicket{}, errFloor
	}
	body, tag := f.raw[:n-tagLen], f.raw[n-tagLen:]
	f.mac.Reset()
	f.mac.Write(body)
	if !hmac.Equal(f.mac.Sum(f.sum[:0]), tag) {
		return floorTicket{}, errFloor
	}
	return checkTimes(body, bytes.Clone(body[timesLen:]))
}

// checkTimes reads the clock once and checks the times in body.
func checkTimes(body, data []byte) (floorTicket, error) {
	iat := int64(binary.BigEndian.Uint64(body))
	exp := int64(binary.BigEndian.Uint64(body[8:]))
	now := time.Now().Unix()
	if iat > now+60 || now >= exp {
		return floorTicket{}, errFloor
	}
	return floorTicket{IssuedAt: time.Unix(iat, 0), ExpiresAt: time.Unix(exp, 0), Data: data}, nil
}

// floorEncrypted is the encrypted floor: AES-256-CTR then HMAC-SHA256 over
// the IV and ciphertext, with a reused block and hash and a fresh IV from
// crypto/rand per ticket.
type floorEncrypted struct {
	floorSigned
	block cipher.Block
}

func newFloorEncrypted(macKey, encKey []byte) *floorEncrypted {
	block, err := aes.NewCipher(encKey)
	if err != nil {
		panic(err)
	}
	return &floorEncrypted{floorSigned: floorSigned{mac: hmac.New(sha256.New, macKey)}, block: block}
}

func (f *floorEncrypted) create(payload []byte) (string, error) {
	now := time.Now().Unix()
	b := grow(f.raw, ivLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	b = binary.BigEndian.AppendUint64(b, uint64(now))
	b = binary.BigEndian.AppendUint64(b, uint64(now+int64(lifetime/time.Second)))
	b = append(b, payload...)
	cipher.NewCTR(f.block, b[:ivLen]).XORKeyStream(b[ivLen:], b[ivLen:])
	f.mac.Reset()
	f.mac.Write(b)
	b = f.mac.Sum(b)
	f.raw = b
	n := b64.EncodedLen(len(b))
	f.encoded = grow(f.encoded, n)
	b64.Encode(f.encoded, b)
	return string(f.encoded), nil
}

func (f *floorEncrypted) validate(ticket string) (floorTicket, error) {
	n := b64.DecodedLen(len(ticket))
	if n < ivLen+timesLen+tagLen {
		return floorTicket{}, errFloor
	}
	f.raw = grow(f.raw, n)
	if _, err := b64.Decode(f.raw, stringBytes(ticket)); err != nil {
		return floorTicket{}, errFloor
	}
	sealed, tag := f.raw[:n-tagLen], f.raw[n-tagLen:]
	f.mac.Reset()
	f.mac.Write(sealed)
	if !hmac.Equal(f.mac.Sum(f.sum[:0]), tag) {
		return floorTicket{}, errFloor
	}
	// The times and the payload are decrypted into the one allocation;
	// the payload part of it is the result.
	body := make([]byte, len(sealed)-ivLen)
	cipher.NewCTR(f.block, sealed[:ivLen]).XORKeyStream(body, sealed[ivLen:])
	return checkTimes(body, body[timesLen:])
}
