package sts

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/gotickets/tickets/internal/b64"
	"github.com/gotickets/tickets/sts/codec"
)

// CreateTicket returns a new ticket holding data, made with the service's
// Options and bound to its Session and to entropy (nil: none). Without
// Serialize, data must be a []byte, a string or nil; with it, any value
// msgpack encodes. The ticket is base64url without padding, safe in URLs and
// cookies.
func (s *Service) CreateTicket(data any, entropy []byte) (string, error) {
	return s.create(data, entropy, s.opts)
}

// CreateTicketWith is CreateTicket with per-ticket options, pyTickets'
// create_ticket(data, entropy, **options):
//
//	o := svc.Options()
//	o.Encrypt, o.Lifetime = true, 5*time.Minute
//	ticket, err := svc.CreateTicketWith(data, entropy, o)
//
// A zero o.Lifetime means the service's; others must lie between one second
// and Config.MaxLifetime.
func (s *Service) CreateTicketWith(data any, entropy []byte, o Options) (string, error) {
	if o.Lifetime == 0 {
		o.Lifetime = s.opts.Lifetime
	}
	if o.Lifetime < time.Second || int64(o.Lifetime/time.Second) > s.maxLife {
		return "", fmt.Errorf("sts: Lifetime %v outside [1s, MaxLifetime]", o.Lifetime)
	}
	return s.create(data, entropy, o)
}

func (s *Service) create(data any, entropy []byte, o Options) (string, error) {
	if uint64(len(entropy)) > math.MaxUint32 {
		return "", fmt.Errorf("%w: entropy longer than 2^32-1 bytes", ErrTooLarge)
	}
	if !o.Encrypt && !o.Compress && !o.Serialize {
		switch d := data.(type) {
		case []byte:
			if len(d) <= min(maxStackPayload, s.maxData) {
				return sealSmall(s, d, entropy, o.Lifetime)
			}
		case string:
			if len(d) <= min(maxStackPayload, s.maxData) {
				return sealSmall(s, d, entropy, o.Lifetime)
			}
		}
	}
	st := s.getState()
	t, err := s.seal(st, data, entropy, o)
	s.putState(st)
	return t, err
}

// times returns the issue and expiry times of a ticket made now.
func (s *Service) times(lifetime time.Duration) (issued, expires int64, err error) {
	issued = s.now().Unix()
	expires = issued + int64(lifetime/time.Second)
	if expires < issued {
		return 0, 0, errors.New("sts: expiry time overflows")
	}
	return issued, expires, nil
}

// maxStackPayload is the largest payload of a ticket sealSmall makes.
const maxStackPayload = stackTicket - headerSize - bodyFixed - tagSize

// sealSmall makes a signed ticket holding a raw payload of at most
// maxStackPayload bytes (and MaxDataSize). It builds and encodes the ticket
// in stack buffers, so that it allocates only the string it returns.
func sealSmall[P []byte | string](s *Service, payload P, entropy []byte, lifetime time.Duration) (string, error) {
	k := s.keys[0]
	issued, expires, err := s.times(lifetime)
	if err != nil {
		return "", err
	}
	var raw [stackTicket]byte
	b, _ := appendHeader(raw[:0], false, k.id)
	b = appendBodyFixed(b, issued, expires, 0)
	b = append(b, payload...)
	var sum [tagSize]byte
	b = append(b, tag(&k.mac, entropy, b, &sum)...)

	n := b64.EncodedLen(len(b))
	if n > s.maxTicket {
		return "", fmt.Errorf("%w: %d bytes encoded, MaxTicketSize is %d", ErrTooLarge, n, s.maxTicket)
	}
	var out [(stackTicket*4 + 2) / 3]byte
	b64.Encode(out[:n], b)
	return string(out[:n]), nil
}

// seal builds the ticket in st.buf, encrypts the body in place, appends
// the tag and encodes the result.
func (s *Service) seal(st *state, data any, entropy []byte, o Options) (string, error) {
	k := s.keys[0]
	issued, expires, err := s.times(o.Lifetime)
	if err != nil {
		return "", err
	}
	var inner byte
	if o.Serialize {
		inner |= innerSerialized
	}
	if o.Compress {
		inner |= innerCompressed
	}

	buf, ivAt := appendHeader(st.buf[:0], o.Encrypt, k.id)
	if ivAt >= 0 {
		if _, err := io.ReadFull(s.rand, buf[ivAt:ivAt+ivSize]); err != nil {
			st.buf = buf
			return "", fmt.Errorf("sts: reading the IV: %w", err)
		}
	}
	bodyAt := len(buf)
	buf = appendBodyFixed(buf, issued, expires, inner)
	buf, err = s.appendPayload(buf, st, data, o)
	st.buf = buf
	if err != nil {
		return "", err
	}
	if ivAt >= 0 {
		k.keys.XOR(buf[bodyAt:], buf[bodyAt:], (*[ivSize]byte)(buf[ivAt:]))
	}
	var sum [tagSize]byte
	buf = append(buf, tag(&k.mac, entropy, buf, &sum)...)
	st.buf = buf

	n := b64.EncodedLen(len(buf))
	if n > s.maxTicket {
		return "", fmt.Errorf("%w: %d bytes encoded, MaxTicketSize is %d", ErrTooLarge, n, s.maxTicket)
	}
	out := slices.Grow(st.aux[:0], n)[:n]
	st.aux = out
	b64.Encode(out, buf)
	return string(out), nil
}

// appendPayload appends data as the ticket payload: serialized or raw, then
// compressed when asked. Without compression it goes straight into dst;
// with it, through st.aux.
func (s *Service) appendPayload(dst []byte, st *state, data any, o Options) ([]byte, error) {
	if !o.Compress {
		n := len(dst)
		dst, err := s.appendRaw(dst, data, o.Serialize)
		if err == nil && len(dst)-n > s.maxData {
			err = s.tooLarge(len(dst) - n)
		}
		return dst, err
	}
	raw, err := s.appendRaw(st.aux[:0], data, o.Serialize)
	st.aux = raw
	if err != nil {
		return dst, err
	}
	if len(raw) > s.maxData {
		return dst, s.tooLarge(len(raw))
	}
	return codec.Compress(dst, raw)
}

// marshal is codec.Marshal; tests replace it to make the hostile payloads
// another implementation holding the key could sign.
var marshal = codec.Marshal

// appendRaw appends data, msgpack-encoded when serialize is set.
func (s *Service) appendRaw(dst []byte, data any, serialize bool) ([]byte, error) {
	if serialize {
		out, err := marshal(dst, data)
		if err != nil {
			return dst, fmt.Errorf("sts: serialize: %w", err)
		}
		return out, nil
	}
	switch d := data.(type) {
	case []byte:
		if len(d) > s.maxData {
			return dst, s.tooLarge(len(d))
		}
		return append(dst, d...), nil
	case string:
		if len(d) > s.maxData {
			return dst, s.tooLarge(len(d))
		}
		return append(dst, d...), nil
	case nil:
		return dst, nil
	}
	return dst, fmt.Errorf("sts: data of type %T needs Serialize; without it, use []byte or string", data)
}

func (s *Service) tooLarge(n int) error {
	return fmt.Errorf("%w: payload of %d bytes, MaxDataSize is %d", ErrTooLarge, n, s.maxData)
}
