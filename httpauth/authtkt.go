package httpauth

import (
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/gotickets/tickets/authtkt"
)

// Middleware authenticates requests with authtkt tickets. It is immutable
// and safe for concurrent use.
type Middleware struct {
	core
	f          *authtkt.Factory
	modAuthTkt bool
	lifetime   time.Duration // what refresh measures a ticket against; 0: no refresh
}

// New returns a Middleware that validates tickets with f. A nil cfg means
// the defaults of a zero Config. Config.Entropy is for sts tickets and must
// be nil; Config.Lifetime must be zero for a mod_auth_tkt factory (its
// Timeout is the lifetime). With mod_auth_tkt, a token containing ',' or
// '!' could never match and is refused.
func New(f *authtkt.Factory, cfg *Config) (*Middleware, error) {
	if f == nil {
		return nil, configError("nil authtkt.Factory")
	}
	s, err := newSettings(cfg)
	if err != nil {
		return nil, err
	}
	if s.entropy != nil {
		return nil, configError("Entropy applies to sts tickets only")
	}
	m := &Middleware{core: core{s: s}, f: f, modAuthTkt: f.Format() == authtkt.ModAuthTkt}
	if m.modAuthTkt {
		if s.lifetime != 0 {
			return nil, configError("Lifetime must be zero for mod_auth_tkt: the authtkt Config.Timeout is the lifetime")
		}
		for _, tok := range s.tokens {
			if strings.ContainsAny(tok, ",!") {
				return nil, configError("token %q can never match a mod_auth_tkt ticket", tok)
			}
		}
		if t := f.Timeout(); t > 0 {
			m.lifetime = t
		}
	} else {
		if s.lifetime == 0 {
			s.lifetime = DefaultLifetime
		}
		m.lifetime = s.lifetime
	}
	return m, nil
}

// Handler returns next wrapped in the checks described in the package
// documentation. next finds the ticket with FromContext.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.serve(w, r, next, m.check)
	})
}

// Login makes a ticket for t and sets it as the cookie, with the same
// rules the Handler validates by: t.ClientIP is replaced by the request's
// client address (by none with Config.IgnoreIP); a zero t.IssuedAt
// (mod_auth_tkt) becomes now, and a zero t.ValidUntil (ticket_auth) now
// plus Config.Lifetime. It returns ErrClientIP when the ticket must be
// bound but the address is unknown, ErrCookie when the ticket is too long
// to be a cookie, and NewTicket's errors. Call it before writing the
// response body.
func (m *Middleware) Login(w http.ResponseWriter, r *http.Request, t authtkt.Ticket) error {
	t.ClientIP = netip.Addr{}
	if !m.s.ignoreIP {
		ip, err := m.ClientIP(r)
		if err != nil {
			return err
		}
		t.ClientIP = ip
	}
	now := m.s.now()
	if m.modAuthTkt && t.IssuedAt.IsZero() {
		t.IssuedAt = now
	}
	if !m.modAuthTkt && t.ValidUntil.IsZero() {
		t.ValidUntil = now.Add(m.lifetime)
	}
	value, err := m.issue(t)
	if err != nil {
		return err
	}
	return m.s.setCookie(w, value)
}

// Logout deletes the ticket cookie from the browser. The ticket itself
// stays valid until it expires: tickets are stateless.
func (m *Middleware) Logout(w http.ResponseWriter) { m.s.clearCookie(w) }

// ClientIP returns the address tickets are bound to for r: RemoteAddr, or
// the client named by trusted proxies (Config.TrustedProxies). IPv4-mapped
// addresses are unmapped and zones dropped.
func (m *Middleware) ClientIP(r *http.Request) (netip.Addr, error) {
	return clientIP(r, m.s.proxies)
}

// issue returns the cookie value for t.
func (m *Middleware) issue(t authtkt.Ticket) (string, error) {
	tkt, err := m.f.NewTicket(t)
	if err != nil || !m.modAuthTkt {
		return tkt, err
	}
	return authtkt.EncodeCookie(tkt), nil
}

func (m *Middleware) check(q *request) (result, verdict) {
	ticket := q.ticket
	if m.modAuthTkt {
		var err error
		if ticket, err = authtkt.DecodeCookie(ticket); err != nil {
			return result{}, unauthenticated
		}
	}
	ip := q.ip
	if m.s.ignoreIP {
		ip = netip.Addr{}
	} else if !ip.IsValid() {
		// The zero Addr would validate unbound tickets: fail closed.
		return result{}, unauthenticated
	}
	info, err := m.f.Validate(ticket, ip)
	if err != nil {
		return result{}, unauthenticated
	}
	if !hasToken(info.Tokens, m.s.tokens) {
		return result{}, forbidden
	}
	res := result{ctx: NewContext(q.r.Context(), info)}
	if m.s.refreshDue(q.now, info.ValidUntil, m.lifetime) {
		res.refresh, _ = m.reissue(info, ip, q.now)
	}
	return res, granted
}

// reissue returns a cookie value with info's contents and the current
// time, as mod_auth_tkt's refresh_cookie does.
func (m *Middleware) reissue(info *authtkt.TicketInfo, ip netip.Addr, now time.Time) (string, error) {
	t := authtkt.Ticket{UserID: info.UserID, Tokens: info.Tokens, UserData: info.UserData, ClientIP: ip}
	if m.modAuthTkt {
		t.IssuedAt = now
	} else {
		t.ValidUntil = now.Add(m.lifetime)
	}
	return m.issue(t)
}

// hasToken reports whether have holds one of want, compared exactly, or
// want is empty (TKTAuthToken's any-of rule).
func hasToken(have, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}
