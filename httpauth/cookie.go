package httpauth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrCookie reports a ticket that Login cannot set as a cookie: with the
// cookie's name, longer than the 4096 bytes browsers keep, or not a valid
// cookie value. Smaller ticket data fixes it.
var ErrCookie = errors.New("httpauth: ticket cannot be set as a cookie")

// maxCookieSize bounds a cookie's name and value together: browsers keep
// no cookie whose name and value are longer than 4096 bytes (RFC 6265bis
// section 5.6, as Chrome and Firefox do), so anything longer was not set by
// a browser's cookie jar and is dropped unread.
const maxCookieSize = 4096

// cookieSize is the length of the name=value pair as net/http writes it,
// less the '=': it quotes a value holding a space or a comma.
func cookieSize(name, value string) int {
	n := len(name) + len(value)
	if strings.ContainsAny(value, " ,") {
		n += 2
	}
	return n
}

// readCookie returns the value of the first cookie named as configured.
// net/http has already removed the double quotes of a quoted value. Only
// the first is read: trying each would multiply the work a client can ask
// for, and mod_auth_tkt reads one as well.
func (s *settings) readCookie(r *http.Request) (string, bool) {
	c, err := r.Cookie(s.cookie.Name)
	if err != nil || c.Value == "" || len(s.cookie.Name)+len(c.Value) > maxCookieSize {
		return "", false
	}
	return c.Value, true
}

// setCookie adds a Set-Cookie header for value with the configured
// attributes. A cookie browsers would not keep is refused (ErrCookie), so
// that Login never sets a cookie that cannot log the user in, and so is a
// value net/http would have to rewrite, so that net/http never logs a
// fragment of a ticket.
func (s *settings) setCookie(w http.ResponseWriter, value string) error {
	if n := cookieSize(s.cookie.Name, value); n > maxCookieSize {
		return fmt.Errorf("%w: %d bytes with its name, more than the %d browsers keep", ErrCookie, n, maxCookieSize)
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
