package sts

import (
	"fmt"
	"time"

	"github.com/gotickets/tickets/internal/b64"
)

// Header is what a ticket shows to someone without its key. None of it is
// authenticated: anyone can make a string that inspects as anything, so
// never base a decision on a Header. Use ValidateTicket for that.
type Header struct {
	// Version is the envelope version, 1.
	Version int
	// KeyID names the key that made the ticket (see package sts/cipher),
	// if the ticket is genuine.
	KeyID [4]byte
	// Encrypted reports the encrypted flag. When it is set, the body is
	// ciphertext and the fields below are zero.
	Encrypted bool

	// IssuedAt, ExpiresAt, Serialized and Compressed are read from the
	// plaintext body of a ticket that is not encrypted.
	IssuedAt, ExpiresAt    time.Time
	Serialized, Compressed bool
	// PayloadSize is the length in bytes of the payload as stored (after
	// serialization and compression) of a ticket that is not encrypted.
	PayloadSize int
}

// Inspect decodes ticket without a key, for tools and debugging, and
// returns what its envelope shows. It checks the encoding and the layout
// (the same strict base64url as ValidateTicket, at most
// DefaultMaxTicketSize characters) and nothing else: not the tag, not the
// times. Its errors are ErrTooLarge, ErrMalformed and ErrUnsupportedVersion.
func Inspect(ticket string) (*Header, error) {
	if len(ticket) > DefaultMaxTicketSize {
		return nil, ErrTooLarge
	}
	raw := make([]byte, b64.DecodedLen(len(ticket)))
	n, ok := b64.Decode(raw, ticket)
	if !ok {
		return nil, fmt.Errorf("%w: not strict base64url", ErrMalformed)
	}
	raw = raw[:n]
	env, ok := parseEnvelope(raw)
	if !ok {
		return nil, envelopeError(raw)
	}
	h := &Header{Version: int(raw[0]), KeyID: env.keyID, Encrypted: env.iv != nil}
	if h.Encrypted {
		return h, nil
	}
	b, ok := parseBody(env.body)
	if !ok {
		return nil, bodyError(b)
	}
	h.IssuedAt = time.Unix(b.issued, 0).UTC()
	h.ExpiresAt = time.Unix(b.expires, 0).UTC()
	h.Serialized = b.inner&innerSerialized != 0
	h.Compressed = b.inner&innerCompressed != 0
	h.PayloadSize = len(b.payload)
	return h, nil
}
