package sts

import (
	"encoding/binary"
	"fmt"
)

// Envelope version 1, the wire format. This file knows bytes, never keys:
//
//	version(1) = 1
//	flags(1)     bit 0: encrypted; other bits zero
//	keyID(4)     cipher.Keys.ID of the key that made the ticket
//	IV(16)       only when encrypted
//	body         issuedAt(8) | expiresAt(8) | inner(1) | payload
//	             (AES-256-CTR ciphertext when encrypted)
//	tag(32)      HMAC-SHA256, see macLabel
//
// issuedAt and expiresAt are unix seconds, big-endian, two's complement.
// inner has bit 0 for serialized (msgpack) and bit 1 for compressed (zlib);
// its other bits are zero. The whole ticket is base64url without padding.
const (
	version1 = 1

	flagEncrypted = 1 << 0

	innerSerialized = 1 << 0
	innerCompressed = 1 << 1

	headerSize = 6 // version, flags, keyID
	ivSize     = 16
	bodyFixed  = 17 // issuedAt, expiresAt, inner
	tagSize    = 32

	// minTicket is the shortest encoded ticket: signed, empty payload.
	minTicket = (8*(headerSize+bodyFixed+tagSize) + 5) / 6
)

// envelope is a decoded ticket split into its fields. Its slices alias the
// decoded bytes.
type envelope struct {
	keyID  [4]byte
	iv     *[ivSize]byte // nil unless encrypted
	body   []byte
	signed []byte // everything before the tag
	tag    []byte
}

// parseEnvelope splits raw, checking the version, the flags and the
// lengths. When it returns false, envelopeError says what is wrong.
func parseEnvelope(raw []byte) (e envelope, ok bool) {
	if len(raw) < headerSize || raw[0] != version1 || raw[1]&^flagEncrypted != 0 {
		return e, false
	}
	n := headerSize + int(raw[1])*ivSize // the IV, when encrypted, is raw[headerSize:n]
	end := len(raw) - tagSize
	if end < n+bodyFixed {
		return e, false
	}
	e = envelope{keyID: [4]byte(raw[2:headerSize]), body: raw[n:end], signed: raw[:end], tag: raw[end:]}
	if n > headerSize {
		e.iv = (*[ivSize]byte)(raw[headerSize:n])
	}
	return e, true
}

// envelopeError is the error for a raw ticket parseEnvelope refuses.
func envelopeError(raw []byte) error {
	switch {
	case len(raw) > 0 && raw[0] != version1:
		return fmt.Errorf("%w %d", ErrUnsupportedVersion, raw[0])
	case len(raw) > 1 && raw[1]&^flagEncrypted != 0:
		return fmt.Errorf("%w: unknown flags 0x%02x", ErrMalformed, raw[1])
	}
	return fmt.Errorf("%w: %d bytes are too few", ErrMalformed, len(raw))
}

// body is the plaintext body of a ticket.
type body struct {
	issued, expires int64
	inner           byte
	payload         []byte // aliases the decoded bytes
}

// parseBody reads a plaintext body of at least bodyFixed bytes. When it
// returns false, bodyError says what is wrong.
func parseBody(b []byte) (d body, ok bool) {
	d = body{
		issued:  int64(binary.BigEndian.Uint64(b[0:8])),
		expires: int64(binary.BigEndian.Uint64(b[8:16])),
		inner:   b[16],
		payload: b[bodyFixed:],
	}
	return d, d.inner&^(innerSerialized|innerCompressed) == 0 && d.expires > d.issued
}

// bodyError is the error for a body parseBody refuses.
func bodyError(d body) error {
	if d.inner&^(innerSerialized|innerCompressed) != 0 {
		return fmt.Errorf("%w: unknown inner flags 0x%02x", ErrMalformed, d.inner)
	}
	return fmt.Errorf("%w: expires before it is issued", ErrMalformed)
}

// appendHeader appends the version, flags and key ID, and when encrypted
// room for the IV; it returns the extended slice and the IV's offset (or -1).
func appendHeader(dst []byte, encrypted bool, keyID [4]byte) ([]byte, int) {
	var flags byte
	if encrypted {
		flags = flagEncrypted
	}
	dst = append(dst, version1, flags)
	dst = append(dst, keyID[:]...)
	if !encrypted {
		return dst, -1
	}
	iv := len(dst)
	return append(dst, make([]byte, ivSize)...), iv
}

// appendBodyFixed appends the fixed part of a plaintext body.
func appendBodyFixed(dst []byte, issued, expires int64, inner byte) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(issued))
	dst = binary.BigEndian.AppendUint64(dst, uint64(expires))
	return append(dst, inner)
}
