package httpauth

import (
	"fmt"
	"net/http"
	"net/netip"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/gotickets/tickets/sts"
)

// STSMiddleware authenticates requests with sts tickets. It is immutable
// and safe for concurrent use.
type STSMiddleware struct {
	core
	svc *sts.Service
}

// NewSTS returns an STSMiddleware that validates tickets with svc, bound
// to the entropy Config.Entropy returns for each request. A nil cfg means
// the defaults of a zero Config. Tokens, IgnoreIP and Lifetime are for
// authtkt tickets and must be unset: an sts ticket's data is the
// application's, and its lifetime is the sts.Service's.
func NewSTS(svc *sts.Service, cfg *Config) (*STSMiddleware, error) {
	if svc == nil {
		return nil, configError("nil sts.Service")
	}
	s, err := newSettings(cfg)
	if err != nil {
		return nil, err
	}
	if len(s.tokens) != 0 || s.ignoreIP || s.lifetime != 0 {
		return nil, configError("Tokens, IgnoreIP and Lifetime apply to authtkt tickets only")
	}
	return &STSMiddleware{core: core{s: s}, svc: svc}, nil
}

// Handler returns next wrapped in the checks described in the package
// documentation. next finds the ticket with STSFromContext.
func (m *STSMiddleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.serve(w, r, next, m.check)
	})
}

// Login makes a ticket holding data with the service's options, bound to
// the entropy Config.Entropy returns for r, and sets it as the cookie. It
// returns ErrCookie when the ticket is too long to be a cookie, ErrClientIP
// when the client address is unknown and Entropy returns nothing for r (see
// Config.Entropy), and CreateTicket's errors. Call it before writing the
// response body.
func (m *STSMiddleware) Login(w http.ResponseWriter, r *http.Request, data any) error {
	ip, _ := m.ClientIP(r)
	entropy, err := m.entropy(r, ip)
	if err != nil {
		return err
	}
	t, err := m.svc.CreateTicket(data, entropy)
	if err != nil {
		return err
	}
	return m.s.setCookie(w, t)
}

// Logout deletes the ticket cookie from the browser. The ticket itself
// stays valid until it expires: tickets are stateless.
func (m *STSMiddleware) Logout(w http.ResponseWriter) { m.s.clearCookie(w) }

// ClientIP returns the client address of r as the middleware resolves it
// (see Middleware.ClientIP); it is what Config.Entropy receives.
func (m *STSMiddleware) ClientIP(r *http.Request) (netip.Addr, error) {
	return clientIP(r, m.s.proxies)
}

// entropy returns the bytes Config.Entropy gives r. With the client
// address unknown (ip is the zero Addr) and no bytes from Entropy, it fails
// with ErrClientIP: an Entropy that binds tickets to the address, such as
// clientIP.AsSlice(), would otherwise bind them to nothing.
func (m *STSMiddleware) entropy(r *http.Request, ip netip.Addr) ([]byte, error) {
	if m.s.entropy == nil {
		return nil, nil
	}
	e := m.s.entropy(r, ip)
	if len(e) == 0 && !ip.IsValid() {
		return nil, fmt.Errorf("%w: no entropy to bind the ticket to", ErrClientIP)
	}
	return e, nil
}

func (m *STSMiddleware) check(q *request) (result, verdict) {
	entropy, err := m.entropy(q.r, q.ip)
	if err != nil {
		return result{}, unauthenticated
	}
	t, err := m.svc.ValidateTicket(q.ticket, entropy)
	if err != nil {
		return result{}, unauthenticated
	}
	res := result{ctx: NewSTSContext(q.r.Context(), t)}
	lifetime := t.ExpiresAt.Sub(t.IssuedAt)
	if t.OldKey || m.s.refreshDue(q.now, t.ExpiresAt, lifetime) {
		res.refresh, _ = m.reissue(t, entropy)
	}
	return res, granted
}

// reissue makes a ticket with t's data, options and lifetime under the
// current key and time. Serialized data is carried as the exact msgpack
// bytes, so nothing is lost to a decode and re-encode.
func (m *STSMiddleware) reissue(t *sts.Ticket, entropy []byte) (string, error) {
	var data any
	if t.Serialized {
		var raw msgpack.RawMessage
		if err := t.Decode(&raw); err != nil {
			return "", err
		}
		data = raw
	} else {
		var b []byte
		if err := t.Decode(&b); err != nil {
			return "", err
		}
		data = b
	}
	return m.svc.CreateTicketWith(data, entropy, sts.Options{
		Serialize: t.Serialized,
		Compress:  t.Compressed,
		Encrypt:   t.Encrypted,
		Lifetime:  t.ExpiresAt.Sub(t.IssuedAt),
	})
}
