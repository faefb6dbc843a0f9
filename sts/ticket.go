package sts

import (
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/gotickets/tickets/sts/codec"
)

// Ticket is a validated ticket: what ValidateTicket learned from it. Its
// data is read with Decode; for a signed, uncompressed ticket that means
// decoding it from the ticket string, which the Ticket keeps.
type Ticket struct {
	// IssuedAt and ExpiresAt are the ticket's times, in whole seconds, UTC.
	// The ticket is valid while IssuedAt-ClockSkew <= now < ExpiresAt.
	IssuedAt, ExpiresAt time.Time
	// Encrypted, Compressed and Serialized are the options the ticket was
	// made with, from its authenticated flags.
	Encrypted, Compressed, Serialized bool
	// OldKey reports that one of Config.OldKeys verified the ticket: the
	// caller should issue a new one under the current key.
	OldKey bool

	// The payload, inflated but not deserialized: either data, or the n
	// bytes at byte offset off of the base64url string src.
	data   []byte
	src    string
	off, n int
}

// payload returns the ticket's payload; it may alias t.data.
func (t *Ticket) payload() ([]byte, error) {
	if t.src == "" {
		return t.data, nil
	}
	// Decode whole 4-character groups around the payload. The tag follows
	// it, so they never run past the end of src.
	first, last := t.off/3, (t.off+t.n+2)/3
	b := make([]byte, 3*(last-first))
	if _, err := base64.RawURLEncoding.Decode(b, []byte(t.src[4*first:4*last])); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err) // unreachable for a validated ticket
	}
	skip := t.off - 3*first
	return b[skip : skip+t.n : skip+t.n], nil
}

// Decode stores the ticket's data in v. For a serialized ticket, v is any
// pointer msgpack decodes into (msgpack lengths are checked against the
// data first, see package codec). Otherwise v must be a *[]byte or a
// *string, which receives a copy.
func (t *Ticket) Decode(v any) error {
	if t == nil {
		return errors.New("sts: decode: nil Ticket")
	}
	data, err := t.payload()
	if err != nil {
		return err
	}
	if t.Serialized {
		err := codec.Unmarshal(data, v)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, codec.ErrTooLarge):
			return fmt.Errorf("%w: %w", ErrTooLarge, err)
		case errors.Is(err, codec.ErrMalformed):
			return fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		return fmt.Errorf("sts: decode: %w", err)
	}
	switch p := v.(type) {
	case *[]byte:
		if t.src != "" && len(data) > 0 {
			*p = data // freshly decoded, the caller's own
		} else {
			*p = append([]byte(nil), data...)
		}
	case *string:
		*p = string(data)
	default:
		return fmt.Errorf("sts: decode: the ticket is not serialized; want *[]byte or *string, not %T", v)
	}
	return nil
}

// String describes the ticket by its times and options. It leaves out the
// data and the ticket string the Ticket keeps (a bearer credential), so
// that logging a Ticket with %v or %+v leaks neither.
func (t *Ticket) String() string {
	if t == nil {
		return "<nil>"
	}
	return fmt.Sprintf("sts.Ticket{IssuedAt: %s, ExpiresAt: %s, Encrypted: %t, Compressed: %t, Serialized: %t, OldKey: %t}",
		t.IssuedAt.Format(time.RFC3339), t.ExpiresAt.Format(time.RFC3339), t.Encrypted, t.Compressed, t.Serialized, t.OldKey)
}

// GoString is String, for %#v.
func (t *Ticket) GoString() string { return t.String() }

// newTicket returns a Ticket and a buffer of len(src)+room bytes for its
// payload, holding a copy of src followed by room zero bytes. Up to 400
// bytes the buffer shares the Ticket's allocation (a size class of 128, 256
// or 512 bytes), so that a validation allocates once. Larger ones get their
// own pointer-free allocation, made and filled in one step (the runtime's
// makeslicecopy, which clears only the room): a bigger object with pointers
// would cost a type header and garbage-collector scanning of the whole
// payload.
func newTicket(src []byte, room int) (*Ticket, []byte) {
	n := len(src) + room
	var t *Ticket
	var b []byte
	switch {
	case n <= 16:
		p := new(struct {
			t Ticket
			b [16]byte
		})
		t, b = &p.t, p.b[:n:n]
	case n <= 144:
		p := new(struct {
			t Ticket
			b [144]byte
		})
		t, b = &p.t, p.b[:n:n]
	case n <= 400:
		p := new(struct {
			t Ticket
			b [400]byte
		})
		t, b = &p.t, p.b[:n:n]
	default:
		b = make([]byte, n)
		copy(b, src)
		return new(Ticket), b
	}
	copy(b, src)
	return t, b
}
