package sts

import "errors"

// Errors returned by ValidateTicket, Data and Decode, for errors.Is. Wrapped
// errors add detail that never says which secret input was wrong.
var (
	// ErrMalformed reports a ticket that is not a well-formed version 1
	// envelope: bad base64 (including any non-canonical spelling), bad
	// lengths or unknown flags.
	ErrMalformed = errors.New("sts: malformed ticket")
	// ErrInvalid reports a ticket that fails authentication: a wrong or
	// unknown key, a wrong session, wrong entropy, or tampering. The cases
	// are indistinguishable on purpose.
	ErrInvalid = errors.New("sts: invalid ticket")
	// ErrExpired reports an authentic ticket whose ExpiresAt has passed, or
	// whose lifetime exceeds Config.MaxLifetime.
	ErrExpired = errors.New("sts: ticket expired")
	// ErrNotYetValid reports an authentic ticket issued further in the
	// future than Config.ClockSkew allows.
	ErrNotYetValid = errors.New("sts: ticket not yet valid")
	// ErrTooLarge reports a ticket longer than Config.MaxTicketSize, or a
	// payload larger than Config.MaxDataSize (before compression when
	// creating, after inflation when validating), or msgpack data nested
	// too deeply.
	ErrTooLarge = errors.New("sts: ticket too large")
	// ErrUnsupportedVersion reports a ticket whose version byte is not 1.
	ErrUnsupportedVersion = errors.New("sts: unsupported ticket version")
)
