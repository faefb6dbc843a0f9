package authtkt

import (
	"errors"
	"time"
)

// Errors returned by Validate, NewTicket and DecodeCookie. Test them with
// errors.Is; the messages never contain a digest, the secret or the ticket.
var (
	// ErrParse reports a ticket that is not well formed for the factory's
	// format and hash: too short, a bad time field, missing separators,
	// a non-canonical spelling in strict mode, or a value out of range.
	ErrParse = errors.New("authtkt: malformed ticket")

	// ErrDigest reports a well-formed ticket whose digest does not match its
	// fields, the secret and the client address. A wrong secret, a tampered
	// field and a wrong client address are indistinguishable on purpose.
	ErrDigest = errors.New("authtkt: invalid digest")

	// ErrExpired reports an authentic ticket that is no longer valid. The
	// error is an *ExpiredError carrying the times.
	ErrExpired = errors.New("authtkt: ticket expired")

	// ErrUnsupported reports input the format cannot carry: a time outside
	// the unsigned 32-bit range, a time the format has no field for
	// (IssuedAt with TicketAuth, ValidUntil with ModAuthTkt), an IPv6
	// address with ModAuthTkt, an empty token or a '!', ',' or NUL where
	// mod_auth_tkt could not parse it back, text that is not UTF-8 with
	// TicketAuth, or a ticket that would be longer than MaxTicketLen.
	ErrUnsupported = errors.New("authtkt: unsupported input")
)

// ExpiredError is the error Validate returns for an authentic ticket that has
// expired. errors.Is(err, ErrExpired) reports true for it.
//
// For TicketAuth, ValidUntil is the expiry carried by the ticket and IssuedAt
// is zero. For ModAuthTkt, IssuedAt is the ticket's timestamp and ValidUntil
// is IssuedAt plus the configured Timeout, computed in unsigned 32-bit
// arithmetic as the module does.
type ExpiredError struct {
	IssuedAt   time.Time
	ValidUntil time.Time
	Now        time.Time
}

// Error implements error. It names the times only, never ticket contents.
func (e *ExpiredError) Error() string {
	return "authtkt: ticket expired at " + e.ValidUntil.UTC().Format(time.RFC3339) +
		" (now " + e.Now.UTC().Format(time.RFC3339Nano) + ")"
}

// Is reports whether target is ErrExpired.
func (e *ExpiredError) Is(target error) bool { return target == ErrExpired }
