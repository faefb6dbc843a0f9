package authtkt

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Format selects the ticket layout and digest construction.
type Format int

const (
	// TicketAuth is the format of Python's ticket_auth 0.1.4: the time field
	// is the expiry, fields are percent-escaped, IPv4 and IPv6 can be bound,
	// and any hashlib hash can be used (sha512 by default).
	TicketAuth Format = iota
	// ModAuthTkt is the format of Apache's mod_auth_tkt: the time field is
	// the issue time, the validator's Timeout decides expiry, only IPv4 can
	// be bound, and the hash is md5, sha256 or sha512 (TKTAuthDigestType).
	ModAuthTkt
)

// String returns "ticket_auth" or "mod_auth_tkt".
func (f Format) String() string {
	switch f {
	case TicketAuth:
		return "ticket_auth"
	case ModAuthTkt:
		return "mod_auth_tkt"
	}
	return fmt.Sprintf("authtkt.Format(%d)", int(f))
}

const (
	// DefaultTimeout is the ModAuthTkt validity window when Config.Timeout is
	// zero: mod_auth_tkt's default TKTAuthTimeout of 2h.
	DefaultTimeout = 2 * time.Hour

	// NoTimeout, as Config.Timeout, makes ModAuthTkt tickets never expire,
	// like TKTAuthTimeout 0. (A zero Timeout means DefaultTimeout, so that
	// the zero Config stays safe.)
	NoTimeout time.Duration = -1

	// DefaultLifetime is the TicketAuth validity used by NewTicket when
	// Ticket.ValidUntil is zero: ticket_auth's default of 120 seconds.
	DefaultLifetime = 120 * time.Second

	// MaxTicketLen bounds the ticket strings NewTicket makes and Validate
	// reads, far above the 4096 bytes browsers keep for a cookie.
	MaxTicketLen = 64 << 10
)

// Config configures a Factory. The zero value (or a nil *Config) means the
// ticket_auth format with sha512, strict parsing and the system clock.
type Config struct {
	// Format is TicketAuth (the default) or ModAuthTkt.
	Format Format

	// Hash is a Python hashlib name: md5, sha1, sha224, sha256, sha384,
	// sha512, sha3_224, sha3_256, sha3_384, sha3_512, blake2b (64-byte
	// digest) or blake2s (32-byte digest); case does not matter. TicketAuth
	// defaults to sha512. ModAuthTkt needs an explicit md5, sha256 or sha512,
	// matching the server's TKTAuthDigestType.
	Hash string

	// Timeout is how long a ModAuthTkt ticket stays valid after its issue
	// time, like TKTAuthTimeout: zero means DefaultTimeout (2h), NoTimeout
	// means forever. It must be whole seconds, at most math.MaxInt32 of
	// them. The check is the module's: valid while ts + timeout >= now in
	// unsigned 32-bit arithmetic, so a timestamp close to 2^32 wraps and
	// counts as expired. TicketAuth tickets carry their own expiry, so
	// Timeout must be zero for them.
	Timeout time.Duration

	// Lenient makes Validate accept the spellings the original accepts
	// (see the package documentation for the one exception). By default only the spelling
	// NewTicket produces is accepted, and for mod_auth_tkt the module's
	// own "uid!!data" for a ticket without tokens.
	Lenient bool

	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Factory makes and validates tickets with one secret and one Config. It is
// immutable and safe for concurrent use.
type Factory struct {
	secret  []byte
	format  Format
	alg     algorithm
	timeout uint32 // ModAuthTkt only, seconds; 0 means no expiry
	lenient bool
	now     func() time.Time
}

// New returns a Factory for secret and cfg. A nil cfg means the defaults.
// The secret is copied. An empty secret is refused, and a ModAuthTkt secret
// cannot contain NUL (the module reads TKTAuthSecret as a C string).
func New(secret []byte, cfg *Config) (*Factory, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	if len(secret) == 0 {
		return nil, errors.New("authtkt: empty secret")
	}
	f := &Factory{
		secret:  bytes.Clone(secret),
		format:  cfg.Format,
		lenient: cfg.Lenient,
		now:     cfg.Now,
	}
	if f.now == nil {
		f.now = time.Now
	}
	switch cfg.Format {
	case TicketAuth:
		name := cfg.Hash
		if name == "" {
			name = "sha512"
		}
		alg, ok := algorithmByName(name)
		if !ok {
			return nil, fmt.Errorf("authtkt: unsupported hash %q", cfg.Hash)
		}
		f.alg = alg
		if cfg.Timeout != 0 {
			return nil, errors.New("authtkt: Timeout applies to ModAuthTkt only; TicketAuth tickets carry their expiry")
		}
	case ModAuthTkt:
		alg, ok := algorithmByName(cfg.Hash)
		if !ok || (alg != algMD5 && alg != algSHA256 && alg != algSHA512) {
			return nil, fmt.Errorf("authtkt: ModAuthTkt needs Hash md5, sha256 or sha512 (TKTAuthDigestType), not %q", cfg.Hash)
		}
		f.alg = alg
		if bytes.IndexByte(secret, 0) >= 0 {
			return nil, errors.New("authtkt: a ModAuthTkt secret cannot contain NUL")
		}
		switch t := cfg.Timeout; {
		case t == 0:
			f.timeout = uint32(DefaultTimeout / time.Second)
		case t == NoTimeout:
			f.timeout = 0
		case t < time.Second || t%time.Second != 0 || t/time.Second > math.MaxInt32:
			return nil, fmt.Errorf("authtkt: Timeout %v is not a whole number of seconds in [1s, %ds] or NoTimeout", t, math.MaxInt32)
		default:
			f.timeout = uint32(t / time.Second)
		}
	default:
		return nil, fmt.Errorf("authtkt: unknown format %d", int(cfg.Format))
	}
	return f, nil
}

// Format returns the factory's ticket format.
func (f *Factory) Format() Format { return f.format }

// Hash returns the hashlib name of the factory's hash, such as "sha512".
func (f *Factory) Hash() string { return f.alg.String() }

// Timeout returns the validity window of ModAuthTkt tickets after their issue
// time, or NoTimeout when they never expire. It returns 0 for TicketAuth,
// whose tickets carry their own expiry. Middleware that refreshes tickets
// the way TKTAuthTimeoutRefresh does compares the time left
// (TicketInfo.ValidUntil minus now) with a fraction of it.
func (f *Factory) Timeout() time.Duration {
	switch {
	case f.format != ModAuthTkt:
		return 0
	case f.timeout == 0:
		return NoTimeout
	}
	return time.Duration(f.timeout) * time.Second
}

// Ticket holds what NewTicket puts in a ticket.
type Ticket struct {
	// UserID identifies the user. TicketAuth needs valid UTF-8 in it, in
	// the tokens and in the user data (they are Python strings there);
	// ModAuthTkt takes any bytes but refuses '!' and NUL in it.
	UserID string

	// ValidUntil is the TicketAuth expiry, stored in whole seconds (the
	// fraction is dropped, as ticket_auth's int() does); zero means now plus
	// DefaultLifetime, ticket_auth's default. Like ticket_auth, any time in
	// the unsigned 32-bit range of Unix seconds is accepted, the past
	// included. ModAuthTkt tickets carry no expiry: it must be zero.
	ValidUntil time.Time

	// IssuedAt is the ModAuthTkt timestamp, stored in whole seconds; zero
	// means now. TicketAuth tickets carry no issue time: it must be zero.
	IssuedAt time.Time

	// ClientIP binds the ticket to a client address; the zero Addr binds
	// none, which the formats encode as 0.0.0.0 (so an explicit 0.0.0.0 is
	// the same ticket). TicketAuth hashes an IPv4-mapped IPv6 address as
	// IPv6, as ticket_auth does, so it does not match the plain IPv4 form.
	// ModAuthTkt binds IPv4 only (an IPv4-mapped address counts as IPv4);
	// an IPv6 client must use no address, like TKTAuthIgnoreIP on.
	ClientIP netip.Addr

	// Tokens are the user's tokens. ModAuthTkt refuses empty tokens and
	// tokens containing ',', '!' or NUL. TicketAuth escapes every token and
	// takes any list, but an empty list and [""] make the same ticket.
	Tokens []string

	// UserData is free text. ModAuthTkt refuses NUL in it, and '!' when
	// there are no tokens.
	UserData string
}

// TicketInfo is what Validate returns for an authentic, unexpired ticket.
type TicketInfo struct {
	// Digest is the ticket's hex digest, for deny lists and caches. With
	// the other fields it makes up the ticket, a bearer credential: do not
	// log it. (String and GoString leave it out.)
	Digest string
	// UserID, Tokens and UserData are the ticket's fields, unescaped for
	// TicketAuth. Tokens is nil when the ticket has none.
	UserID   string
	Tokens   []string
	UserData string
	// ValidUntil is the expiry: the ticket's own for TicketAuth; for
	// ModAuthTkt it is IssuedAt plus the Timeout (in the module's unsigned
	// 32-bit arithmetic), or zero with NoTimeout.
	ValidUntil time.Time
	// IssuedAt is the ModAuthTkt timestamp; zero for TicketAuth.
	IssuedAt time.Time
}

// String describes info without its Digest, which with the other fields
// makes up the ticket (a bearer credential), so that logging a TicketInfo
// with %v or %+v does not log a usable ticket.
func (info *TicketInfo) String() string {
	if info == nil {
		return "<nil>"
	}
	return fmt.Sprintf("authtkt.TicketInfo{UserID: %q, Tokens: %q, UserData: %q, ValidUntil: %s, IssuedAt: %s}",
		info.UserID, info.Tokens, info.UserData, info.ValidUntil.Format(time.RFC3339), info.IssuedAt.Format(time.RFC3339))
}

// GoString is String, for %#v.
func (info *TicketInfo) GoString() string { return info.String() }

// NewTicket returns the ticket string for t (the raw ticket, not a cookie:
// mod_auth_tkt cookies are EncodeCookie of it, ticket_auth uses it as is).
// Input the format cannot carry gives an error wrapping ErrUnsupported.
func (f *Factory) NewTicket(t Ticket) (string, error) {
	if f.format == ModAuthTkt {
		return f.newModAuthTkt(&t)
	}
	return f.newTicketAuth(&t)
}

// Validate checks ticket and returns its contents. clientIP must be the
// address the ticket was bound to, or the zero Addr for an unbound ticket.
// The checks run in this order: length and syntax (ErrParse), the digest in
// constant time (ErrDigest), then the expiry (ErrExpired, an *ExpiredError).
// With ModAuthTkt an IPv6 clientIP gives ErrUnsupported.
func (f *Factory) Validate(ticket string, clientIP netip.Addr) (*TicketInfo, error) {
	if len(ticket) > MaxTicketLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrParse, MaxTicketLen)
	}
	if f.format == ModAuthTkt {
		return f.validateModAuthTkt(ticket, clientIP)
	}
	return f.validateTicketAuth(ticket, clientIP)
}

// unixSeconds converts t to the unsigned 32-bit seconds both formats store.
func unixSeconds(t time.Time) (uint32, bool) {
	s := t.Unix()
	if s < 0 || s > math.MaxUint32 {
		return 0, false
	}
	return uint32(s), true
}

// timeOf is the time of a stored timestamp, in UTC.
func timeOf(s uint32) time.Time { return time.Unix(int64(s), 0).UTC() }

// appendTokens appends the tokens of a tokens field, split at ','; an
// empty field has none.
func appendTokens(dst []string, field string) []string {
	if field == "" {
		return dst
	}
	for {
		tok, rest, found := strings.Cut(field, ",")
		dst = append(dst, tok)
		if !found {
			return dst
		}
		field = rest
	}
}

// inlineTokens is how many tokens newInfo stores without an allocation of
// their own.
const inlineTokens = 4

// newInfo returns a TicketInfo with a copy of tokens (nil when there are
// none), allocating once for both when there are few.
func newInfo(tokens []string) *TicketInfo {
	if len(tokens) == 0 {
		return new(TicketInfo)
	}
	if len(tokens) > inlineTokens {
		return &TicketInfo{Tokens: slices.Clone(tokens)}
	}
	v := new(struct {
		info   TicketInfo
		tokens [inlineTokens]string
	})
	v.info.Tokens = v.tokens[:copy(v.tokens[:], tokens):len(tokens)]
	return &v.info
}
