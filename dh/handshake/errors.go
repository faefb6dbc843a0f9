package handshake

import "errors"

// Errors returned by the handshake, for errors.Is. A bad public value from the
// peer is reported with dh.ErrInvalidPublicKey, wrapped.
var (
	// ErrMalformed reports a message or frame that does not follow the
	// protocol's layout: wrong version, type or length, or a truncated frame.
	ErrMalformed = errors.New("handshake: malformed message")

	// ErrUnsupportedGroup reports a group the server does not allow, or a
	// Config naming a group the protocol has no identifier for.
	ErrUnsupportedGroup = errors.New("handshake: unsupported group")

	// ErrAuthFailed reports a confirmation MAC that does not verify: the
	// transcript was altered, the message belongs to another session, or the
	// peers hold different pre-shared keys. Which of these is not told.
	ErrAuthFailed = errors.New("handshake: authentication failed")

	// ErrState reports a call made out of order, made twice, or made after
	// an earlier step of the same handshake failed.
	ErrState = errors.New("handshake: call out of order")

	// ErrTooLarge reports a message or frame longer than
	// Config.MaxMessageSize.
	ErrTooLarge = errors.New("handshake: message too large")

	// ErrConfig reports an invalid Config: a KeySize, PSK, ExponentBits or
	// MaxMessageSize outside its range. A group without an identifier is
	// ErrUnsupportedGroup instead.
	ErrConfig = errors.New("handshake: invalid Config")
)
