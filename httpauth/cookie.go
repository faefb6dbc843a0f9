package httpauth

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrCookie reports a ticket that Login cannot set as a cookie: longer
// than the 4096 bytes the middleware reads back (what browsers keep), or
// not a valid cookie value. Smaller ticket data fixes it.
var ErrCookie = errors.New("httpauth: ticket cannot be set as a cookie")

// maxCookieValue bounds the cookie values the middleware reads: browsers
// store at most 4096 bytes per cookie, name included, so anything longer
// was not set by a browser's cookie jar and is dropped unread.
const maxCookieValue = 4096

// readCookie returns the value of the first cookie named as configured.
// net/http has already removed the double quotes of a quoted value. Only
// the first is read: trying each would multiply the work a client can ask
// for, and mod_auth_tkt reads one as well.
func (s *settings) readCookie(r *http.Request) (string, bool) {
	c, err := r.Cookie(s.cookie.Name)
	if err != nil || c.Value == "" || len(c.Value) > maxCookieValue {
		return "", false
	}
	return c.Value, true
}

// setCookie adds a Set-Cookie header for value with the configured
// attributes. A value readCookie would drop is refused (ErrCookie), so
// that Login never sets a cookie that cannot log the user in, and so is a
// value net/http would have to rewrite, so that net/http never logs a
// fragment of a ticket.
func (s *settings) setCookie(w http.ResponseWriter, value string) error {
	if len(value) > maxCookieValue {
		return fmt.Errorf("%w: %d bytes, more than the %d the middleware reads", ErrCookie, len(value), maxCookieValue)
	}
	c := s.cookie
	c.Value = value
	if err := c.Valid(); err != nil {
		return fmt.Errorf("%w: not a valid cookie value", ErrCookie)
	}
	http.SetCookie(w, &c)
	return nil
}

// clearCookie adds a Set-Cookie header that deletes the ticket cookie.
func (s *settings) clearCookie(w http.ResponseWriter) {
	c := s.cookie
	c.MaxAge = -1
	http.SetCookie(w, &c)
}
