package sts

import (
	"crypto/hmac"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/gotickets/tickets/internal/b64"
	"github.com/gotickets/tickets/sts/codec"
)

// ValidateTicket checks ticket against the key ring, the Session, entropy
// (nil: none) and the clock, in the order the package documentation gives,
// and returns what it holds. The error is ErrTooLarge, ErrMalformed,
// ErrUnsupportedVersion, ErrInvalid, ErrExpired or ErrNotYetValid (possibly
// wrapped); a time error is only reported for an authentic ticket.
//
// The Ticket of a signed, uncompressed ticket reads its data from the
// ticket string when Decode is called, relying on the immutability of Go
// strings: a string made with unsafe over memory that is later reused must
// be copied before it is passed here.
func (s *Service) ValidateTicket(ticket string, entropy []byte) (*Ticket, error) {
	if len(ticket) > s.maxTicket {
		return nil, ErrTooLarge
	}
	n := b64.DecodedLen(len(ticket)) + b64.Slack
	if n <= stackTicket {
		// A small ticket is decoded on the stack: nothing below keeps
		// or leaks raw, so with the hash states also on the stack
		// (see tag), a validation allocates only its result.
		var raw [stackTicket]byte
		return s.open(raw[:n], ticket, entropy)
	}
	st := s.getState()
	st.buf = slices.Grow(st.buf[:0], n)
	t, err := s.open(st.buf[:n], ticket, entropy)
	s.putState(st)
	return t, err
}

// Data validates ticket and decodes what it holds into v, as pyTickets'
// get_data, except that nothing is decoded unless the ticket validates.
func (s *Service) Data(ticket string, entropy []byte, v any) error {
	t, err := s.ValidateTicket(ticket, entropy)
	if err != nil {
		return err
	}
	return t.Decode(v)
}

// open decodes ticket into buf, which has room for the decoder, and
// checks it.
func (s *Service) open(buf []byte, ticket string, entropy []byte) (*Ticket, error) {
	m, ok := b64.Decode(buf, ticket)
	if !ok {
		return nil, ErrMalformed
	}
	return s.verify(buf[:m], entropy, ticket)
}

// verify checks the decoded ticket raw; src is its encoding, or empty. It
// neither keeps raw nor passes it to anything that might (an interface, a
// decompressor), so that raw may live on the caller's stack: what the
// result needs of it is copied first.
func (s *Service) verify(raw, entropy []byte, src string) (*Ticket, error) {
	env, ok := parseEnvelope(raw)
	if !ok {
		return nil, envelopeError(raw)
	}
	k := s.lookup(env.keyID)
	if k == nil || uint64(len(entropy)) > math.MaxUint32 {
		return nil, ErrInvalid
	}
	var sum [tagSize]byte
	if !hmac.Equal(tag(&k.mac, entropy, env.signed, &sum), env.tag) {
		return nil, ErrInvalid
	}

	// An encrypted body is decrypted straight into the result's
	// allocation; its payload part becomes the Ticket's data.
	var t *Ticket
	plain := env.body
	if env.iv != nil {
		// Decrypted in the result's allocation, IV included: raw
		// must not reach the cipher.
		var mem []byte
		t, mem = newTicket(env.body, ivSize)
		n := len(env.body)
		iv := (*[ivSize]byte)(mem[n:])
		*iv = *env.iv
		dec := mem[:n:n]
		k.keys.XOR(dec, dec, iv)
		t.data = dec[bodyFixed:] // parseEnvelope checked the length
		plain = dec
	}
	b, ok := parseBody(plain)
	if !ok {
		return nil, bodyError(b)
	}
	now := s.now()
	if now.Unix() >= b.expires {
		return nil, ErrExpired
	}
	if uint64(b.expires)-uint64(b.issued) > uint64(s.maxLife) {
		return nil, fmt.Errorf("%w: lifetime longer than MaxLifetime", ErrExpired)
	}
	// now.Add(ClockSkew).Unix(), without Add's monotonic bookkeeping. New
	// rejects a negative ClockSkew, so the nanoseconds add up to less than
	// 2e9 and the truncating division rounds down, as Unix does.
	if now.Unix()+s.skew[0]+(int64(now.Nanosecond())+s.skew[1])/1e9 < b.issued {
		return nil, ErrNotYetValid
	}

	switch {
	case b.inner&innerCompressed != 0:
		st := s.getState()
		defer s.putState(st)
		// Decompress is given a copy: raw must not escape.
		st.buf = append(st.buf[:0], b.payload...)
		var err error
		st.aux, err = codec.Decompress(st.aux[:0], st.buf, s.maxData)
		if err != nil {
			if errors.Is(err, codec.ErrTooLarge) {
				return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
			}
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		var data []byte
		t, data = newTicket(st.aux, 0)
		t.data = data
	case len(b.payload) > s.maxData:
		return nil, fmt.Errorf("%w: payload of %d bytes, MaxDataSize is %d", ErrTooLarge, len(b.payload), s.maxData)
	case t != nil:
		// Decrypted: t.data is set.
	case src != "":
		// The payload is plaintext inside the (immutable) ticket string:
		// Decode reads it from there, and validation copies nothing.
		t = &Ticket{src: src, off: headerSize + bodyFixed, n: len(b.payload)}
	default:
		var data []byte
		t, data = newTicket(b.payload, 0)
		t.data = data
	}
	t.IssuedAt = time.Unix(b.issued, 0).UTC()
	t.ExpiresAt = time.Unix(b.expires, 0).UTC()
	t.Encrypted = env.iv != nil
	t.Compressed = b.inner&innerCompressed != 0
	t.Serialized = b.inner&innerSerialized != 0
	t.OldKey = k.old
	return t, nil
}
