package sts

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"
)

// Defaults for the zero fields of Config.
const (
	// DefaultLifetime is pyTickets' DEFAULT_TICKET_LIFESPAN, 1200 s.
	DefaultLifetime = 20 * time.Minute
	// DefaultMaxLifetime is the longest lifetime accepted when
	// Config.MaxLifetime is zero (or Config.Lifetime, if longer).
	DefaultMaxLifetime = 24 * time.Hour
	// DefaultMaxTicketSize is the longest encoded ticket accepted when
	// Config.MaxTicketSize is zero.
	DefaultMaxTicketSize = 64 << 10
	// DefaultMaxDataSize is the largest payload accepted when
	// Config.MaxDataSize is zero.
	DefaultMaxDataSize = 1 << 20
	// DefaultClockSkew is the tolerance for tickets issued in the future
	// when Config.ClockSkew is zero.
	DefaultClockSkew = time.Minute
)

// Config configures a Service. The zero value (or a nil *Config) gives
// signed, unserialized, uncompressed tickets with safe limits. New copies
// it; later changes to the Config do not affect the Service.
type Config struct {
	// Session binds every ticket to a value that is never stored in it,
	// such as a server or deployment identifier: a ticket validates only
	// under the same Session. Empty means none.
	Session []byte

	// Serialize encodes the data given to CreateTicket with msgpack, so
	// that any msgpack value can be stored. Without it, data must be a
	// []byte or a string.
	Serialize bool
	// Compress compresses the payload with zlib. Read the package
	// documentation on compression before turning it on with Encrypt.
	Compress bool
	// Encrypt encrypts the body (times, flags and payload) with
	// AES-256-CTR. Without it, the payload is readable by anyone who holds
	// the ticket, though it cannot be changed.
	Encrypt bool
	// Lifetime is how long a new ticket is valid, in whole seconds, at
	// least one. Zero means DefaultLifetime.
	Lifetime time.Duration
	// MaxLifetime is the longest lifetime a ticket may have, when it is
	// created (see Options) and when it is validated. Zero means
	// DefaultMaxLifetime, or Lifetime if that is longer.
	MaxLifetime time.Duration

	// OldKeys are earlier keys that still validate tickets; new tickets are
	// always made with the key given to New. Ticket.OldKey reports their
	// use, so the caller can issue a fresh ticket.
	OldKeys [][]byte

	// MaxTicketSize is the longest encoded ticket, in bytes, that
	// CreateTicket makes and ValidateTicket looks at. Zero means
	// DefaultMaxTicketSize.
	MaxTicketSize int
	// MaxDataSize is the largest payload in bytes: serialized but not yet
	// compressed when creating, inflated when validating. Zero means
	// DefaultMaxDataSize.
	MaxDataSize int
	// ClockSkew is how far in the future a ticket's IssuedAt may lie, for
	// servers whose clocks disagree. Zero means DefaultClockSkew; use a
	// tiny value such as time.Nanosecond for none.
	ClockSkew time.Duration

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
	// Rand is the source of the IVs of encrypted tickets. Nil means
	// crypto/rand.Reader; anything else is for tests.
	Rand io.Reader
}

// Options are per-ticket choices for CreateTicketWith, as pyTickets'
// create_ticket(**options). Start from Service.Options, which returns the
// service's own, and change what differs. The choices are recorded in the
// ticket's authenticated flags, so ValidateTicket needs no options.
type Options struct {
	// Serialize, Compress and Encrypt are as in Config.
	Serialize, Compress, Encrypt bool
	// Lifetime is as in Config, at most Config.MaxLifetime. Zero means the
	// service's Lifetime.
	Lifetime time.Duration
}

// Service creates and validates tickets. It is immutable and safe for
// concurrent use.
type Service struct {
	keys      []*ringKey // keys[0] makes tickets; the rest are old keys
	opts      Options
	maxLife   int64 // seconds
	maxTicket int
	maxData   int
	skew      [2]int64 // ClockSkew: whole seconds, nanoseconds
	now       func() time.Time
	rand      io.Reader
	states    sync.Pool // *state
}

// New returns a Service that makes tickets with key and also accepts those
// made with cfg.OldKeys. A key may have any non-zero length; use
// GenerateKey, or KeyFromPassword for human secrets. A nil cfg means the
// defaults of a zero Config.
func New(key []byte, cfg *Config) (*Service, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	c := *cfg
	if len(key) == 0 {
		return nil, errors.New("sts: empty key")
	}
	if c.Lifetime == 0 {
		c.Lifetime = DefaultLifetime
	}
	if c.Lifetime < time.Second {
		return nil, fmt.Errorf("sts: Lifetime %v is shorter than one second", c.Lifetime)
	}
	if c.MaxLifetime == 0 {
		c.MaxLifetime = max(DefaultMaxLifetime, c.Lifetime)
	}
	if c.MaxLifetime < c.Lifetime {
		return nil, fmt.Errorf("sts: MaxLifetime %v is shorter than Lifetime %v", c.MaxLifetime, c.Lifetime)
	}
	if c.MaxTicketSize == 0 {
		c.MaxTicketSize = DefaultMaxTicketSize
	}
	if c.MaxTicketSize < minTicket {
		return nil, fmt.Errorf("sts: MaxTicketSize %d is below the smallest ticket, %d", c.MaxTicketSize, minTicket)
	}
	if c.MaxDataSize == 0 {
		c.MaxDataSize = DefaultMaxDataSize
	}
	if c.MaxDataSize < 0 {
		return nil, fmt.Errorf("sts: negative MaxDataSize %d", c.MaxDataSize)
	}
	if c.ClockSkew == 0 {
		c.ClockSkew = DefaultClockSkew
	}
	if c.ClockSkew < 0 {
		return nil, fmt.Errorf("sts: negative ClockSkew %v", c.ClockSkew)
	}
	if uint64(len(c.Session)) > math.MaxUint32 {
		return nil, errors.New("sts: Session longer than 2^32-1 bytes")
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}

	s := &Service{
		opts: Options{
			Serialize: c.Serialize,
			Compress:  c.Compress,
			Encrypt:   c.Encrypt,
			Lifetime:  c.Lifetime,
		},
		maxLife:   int64(c.MaxLifetime / time.Second),
		maxTicket: c.MaxTicketSize,
		maxData:   c.MaxDataSize,
		skew:      [2]int64{int64(c.ClockSkew / time.Second), int64(c.ClockSkew % time.Second)},
		now:       c.Now,
		rand:      c.Rand,
	}
	for i, k := range append([][]byte{key}, c.OldKeys...) {
		rk, err := newRingKey(k, c.Session, i > 0)
		if err != nil {
			return nil, fmt.Errorf("sts: key %d: %w", i, err)
		}
		for _, other := range s.keys {
			if other.id == rk.id {
				return nil, fmt.Errorf("sts: key %d repeats an earlier key (or shares its key ID)", i)
			}
		}
		s.keys = append(s.keys, rk)
	}
	return s, nil
}

// Options returns the service's per-ticket defaults, for CreateTicketWith.
func (s *Service) Options() Options { return s.opts }
