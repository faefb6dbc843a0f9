package httpauth

import (
	"context"
	"net/http"
	"net/netip"
	"time"
)

// verdict is the outcome of checking a ticket.
type verdict int

const (
	granted         verdict = iota
	unauthenticated         // no ticket, or a bad or expired one: log in
	forbidden               // a valid ticket without a required token
)

// request is what a check needs to know about one request.
type request struct {
	r      *http.Request
	ticket string     // the cookie value, not yet decoded
	ip     netip.Addr // the client address; zero when it is unknown
	now    time.Time
}

// result is a successful check: the context for the next handler and,
// when the ticket is due for a refresh, the ticket to set instead.
type result struct {
	ctx     context.Context
	refresh string
}

// checkFunc validates one request's ticket.
type checkFunc func(q *request) (result, verdict)

// core holds what both middleware kinds share: settings, cookies,
// client address and the answers to a failed check.
type core struct {
	s *settings
}

// serve runs check on r and either calls next or answers the client.
func (c *core) serve(w http.ResponseWriter, r *http.Request, next http.Handler, check checkFunc) {
	value, ok := c.s.readCookie(r)
	if !ok {
		c.deny(w, r, unauthenticated)
		return
	}
	ip, _ := clientIP(r, c.s.proxies)
	res, v := check(&request{r: r, ticket: value, ip: ip, now: c.s.now()})
	if v != granted {
		c.deny(w, r, v)
		return
	}
	if res.refresh != "" {
		// A ticket that cannot be a cookie is not refreshed; the
		// current one stays good until it expires.
		_ = c.s.setCookie(w, res.refresh)
	}
	next.ServeHTTP(w, r.WithContext(res.ctx))
}

// deny answers a request that failed the check: a 303 to LoginURL or
// UnauthURL with the back argument, or a bare 401 or 403.
func (c *core) deny(w http.ResponseWriter, r *http.Request, v verdict) {
	target, status := c.s.login, http.StatusUnauthorized
	if v == forbidden {
		target, status = c.s.unauth, http.StatusForbidden
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if target == nil {
		http.Error(w, http.StatusText(status), status)
		return
	}
	back := requestURL(r, c.fromProxy(r))
	http.Redirect(w, r, withBack(target, c.s.backArg, back), http.StatusSeeOther)
}

// fromProxy reports whether r came straight from a trusted proxy.
func (c *core) fromProxy(r *http.Request) bool {
	if len(c.s.proxies) == 0 {
		return false
	}
	ip, ok := parseHost(r.RemoteAddr)
	return ok && isTrusted(ip, c.s.proxies)
}

// refreshDue reports whether a ticket valid until until, out of a lifetime
// of lifetime, should be re-issued at now: when less than the configured
// fraction of the lifetime remains, as mod_auth_tkt's refresh_cookie does.
func (s *settings) refreshDue(now, until time.Time, lifetime time.Duration) bool {
	if s.refresh == 0 || lifetime <= 0 {
		return false
	}
	remaining := until.Sub(now)
	return float64(remaining) < s.refresh*float64(lifetime)
}
