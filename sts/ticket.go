package sts

import (
	"errors"
	"fmt"
	"time"

	"github.com/gotickets/tickets/sts/codec"
)

// Ticket is a validated ticket: what ValidateTicket learned from it. Its
// data is read with Decode.
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

	data []byte // the payload, inflated but not deserialized
}

// Decode stores the ticket's data in v. For a serialized ticket, v is any
// pointer msgpack decodes into (msgpack lengths are checked against the
// data first, see package codec). Otherwise v must be a *[]byte or a
// *string, which receives a copy.
func (t *Ticket) Decode(v any) error {
	if t.Serialized {
		err := codec.Unmarshal(t.data, v)
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
		*p = append([]byte(nil), t.data...)
	case *string:
		*p = string(t.data)
	default:
		return fmt.Errorf("sts: decode: the ticket is not serialized; want *[]byte or *string, not %T", v)
	}
	return nil
}

// newTicket returns a Ticket holding a copy of payload. Small payloads share
// one allocation with the Ticket (a size class of 128 to 2048 bytes), so
// that a validation allocates once.
func newTicket(payload []byte) *Ticket {
	var t *Ticket
	var b []byte
	switch n := len(payload); {
	case n <= 48:
		p := new(struct {
			t Ticket
			b [48]byte
		})
		t, b = &p.t, p.b[:n:n]
	case n <= 176:
		p := new(struct {
			t Ticket
			b [176]byte
		})
		t, b = &p.t, p.b[:n:n]
	case n <= 432:
		p := new(struct {
			t Ticket
			b [432]byte
		})
		t, b = &p.t, p.b[:n:n]
	case n <= 1072:
		p := new(struct {
			t Ticket
			b [1072]byte
		})
		t, b = &p.t, p.b[:n:n]
	case n <= 1968:
		p := new(struct {
			t Ticket
			b [1968]byte
		})
		t, b = &p.t, p.b[:n:n]
	default:
		t, b = new(Ticket), make([]byte, n)
	}
	copy(b, payload)
	t.data = b
	return t
}
