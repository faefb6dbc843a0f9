package main

import (
	"errors"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/dh/handshake"
	"github.com/gotickets/tickets/sts"
)

// Exit statuses, documented in the package comment and the README. validate
// scripts depend on them: never renumber.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInvalid     = 3
	exitExpired     = 4
	exitMalformed   = 5
	exitNotYetValid = 6
)

// exitErr carries the exit status chosen where the error was made, for the
// errors that the libraries' sentinels do not classify (usage errors).
type exitErr struct {
	code int
	err  error
}

// Error implements error.
func (e *exitErr) Error() string { return e.err.Error() }

// Unwrap gives errors.Is and errors.As the underlying error.
func (e *exitErr) Unwrap() error { return e.err }

// classes maps the libraries' sentinel errors to exit statuses. The first
// match wins.
var classes = []struct {
	err  error
	code int
}{
	{sts.ErrInvalid, exitInvalid},
	{sts.ErrExpired, exitExpired},
	{sts.ErrNotYetValid, exitNotYetValid},
	{sts.ErrMalformed, exitMalformed},
	{sts.ErrTooLarge, exitMalformed},
	{sts.ErrUnsupportedVersion, exitMalformed},
	{authtkt.ErrDigest, exitInvalid},
	{authtkt.ErrExpired, exitExpired},
	{authtkt.ErrParse, exitMalformed},
	{handshake.ErrAuthFailed, exitInvalid},
	{handshake.ErrMalformed, exitMalformed},
	{handshake.ErrTooLarge, exitMalformed},
}

// exitCode picks the exit status for err.
func exitCode(err error) int {
	var ee *exitErr
	if errors.As(err, &ee) {
		return ee.code
	}
	for _, c := range classes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return exitError
}
