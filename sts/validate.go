package sts

import (
	"crypto/hmac"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/gotickets/tickets/sts/codec"
)

// ValidateTicket checks ticket against the key ring, the Session, entropy
// (nil: none) and the clock, in the order the package documentation gives,
// and returns what it holds. The error is ErrTooLarge, ErrMalformed,
// ErrUnsupportedVersion, ErrInvalid, ErrExpired or ErrNotYetValid (possibly
// wrapped); a time error is only reported for an authentic ticket.
func (s *Service) ValidateTicket(ticket string, entropy []byte) (*Ticket, error) {
	if len(ticket) > s.maxTicket {
		return nil, ErrTooLarge
	}
	// Peek at the key ID to pick the ring key (and so the pooled HMAC)
	// before decoding the whole ticket. An unknown ID falls back to the
	// current key, and open reports ErrInvalid after the format checks.
	k := s.keys[0]
	if len(ticket) >= 8 {
		var hdr [headerSize]byte
		if n, err := b64.Decode(hdr[:], []byte(ticket[:8])); err == nil && n == headerSize {
			if rk := s.lookup([4]byte(hdr[2:6])); rk != nil {
				k = rk
			}
		}
	}
	st := k.get()
	t, err := s.open(k, st, ticket, entropy)
	k.put(st)
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

// open decodes ticket into st.buf right after the MAC's prefix and entropy,
// so that the tag is computed over one contiguous buffer, then checks it.
func (s *Service) open(k *ringKey, st *state, ticket string, entropy []byte) (*Ticket, error) {
	buf := append(st.buf[:0], s.macPrefix...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(entropy)))
	buf = append(buf, entropy...)
	start := len(buf)
	buf = slices.Grow(buf, b64.DecodedLen(len(ticket)))
	st.buf = buf
	m, err := b64.Decode(buf[start:cap(buf)], []byte(ticket))
	if err != nil || b64.EncodedLen(m) != len(ticket) {
		return nil, ErrMalformed
	}
	st.buf = buf[:start+m]
	return s.verify(k, st, start, len(entropy))
}

// verify checks the ticket in st.buf[start:], which follows the MAC prefix
// and the entropy, entropyLen bytes long.
func (s *Service) verify(k *ringKey, st *state, start, entropyLen int) (*Ticket, error) {
	buf := st.buf
	env, err := parseEnvelope(buf[start:])
	if err != nil {
		return nil, err
	}
	if env.keyID != k.id || uint64(entropyLen) > math.MaxUint32 {
		return nil, ErrInvalid
	}
	st.mac.Reset()
	st.mac.Write(buf[:len(buf)-tagSize])
	if !hmac.Equal(st.mac.Sum(st.sum[:0]), env.tag) {
		return nil, ErrInvalid
	}

	if env.iv != nil {
		k.keys.XOR(env.body, env.body, env.iv)
	}
	b, err := parseBody(env.body)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Unix() >= b.expires {
		return nil, ErrExpired
	}
	if uint64(b.expires)-uint64(b.issued) > uint64(s.maxLife) {
		return nil, fmt.Errorf("%w: lifetime longer than MaxLifetime", ErrExpired)
	}
	if now.Add(s.skew).Unix() < b.issued {
		return nil, ErrNotYetValid
	}

	payload := b.payload
	if b.inner&innerCompressed != 0 {
		st.aux, err = codec.Decompress(st.aux[:0], payload, s.maxData)
		if err != nil {
			if errors.Is(err, codec.ErrTooLarge) {
				return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
			}
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		payload = st.aux
	} else if len(payload) > s.maxData {
		return nil, fmt.Errorf("%w: payload of %d bytes, MaxDataSize is %d", ErrTooLarge, len(payload), s.maxData)
	}
	t := newTicket(payload)
	t.IssuedAt = time.Unix(b.issued, 0).UTC()
	t.ExpiresAt = time.Unix(b.expires, 0).UTC()
	t.Encrypted = env.iv != nil
	t.Compressed = b.inner&innerCompressed != 0
	t.Serialized = b.inner&innerSerialized != 0
	t.OldKey = k.old
	return t, nil
}
