package httpauth

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
)

// discard is a ResponseWriter that keeps only the status.
type discard struct {
	h    http.Header
	code int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(code int)        { d.code = code }

// benchServe runs requests carrying cookie through h; the writer and
// request are reused so that the figures are the middleware's own.
func benchServe(b *testing.B, h http.Handler, cookie string) {
	r := httptest.NewRequest("GET", "/private", nil)
	r.RemoteAddr = "192.0.2.1:50000"
	r.Header.Set("Cookie", cookie)
	w := &discard{h: make(http.Header)}
	h.ServeHTTP(w, r)
	if w.code != 0 {
		b.Fatalf("status %d", w.code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

var ok = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

func BenchmarkHandler(b *testing.B) {
	ip := netip.MustParseAddr("192.0.2.1")
	b.Run("mod_auth_tkt-sha256", func(b *testing.B) {
		f := modAuthTktFactory(b)
		m, err := New(f, &Config{Tokens: []string{"admin"}, Now: clock})
		if err != nil {
			b.Fatal(err)
		}
		tkt := mustTicket(b, f, authtkt.Ticket{UserID: "alice", IssuedAt: now, ClientIP: ip,
			Tokens: []string{"staff", "admin"}, UserData: "some data"})
		benchServe(b, m.Handler(ok), "auth_tkt="+authtkt.EncodeCookie(tkt))
	})
	b.Run("ticket_auth-sha512", func(b *testing.B) {
		f := ticketAuthFactory(b)
		m, err := New(f, &Config{Tokens: []string{"admin"}, Now: clock})
		if err != nil {
			b.Fatal(err)
		}
		tkt := mustTicket(b, f, authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(time.Hour), ClientIP: ip,
			Tokens: []string{"staff", "admin"}, UserData: "some data"})
		benchServe(b, m.Handler(ok), "auth_tkt="+tkt)
	})
	b.Run("sts-signed", func(b *testing.B) {
		svc := stsAt(b, now, stsKey, nil)
		m, err := NewSTS(svc, &Config{Entropy: bindIP, Now: clock})
		if err != nil {
			b.Fatal(err)
		}
		tkt, err := svc.CreateTicket("alice", ip.AsSlice())
		if err != nil {
			b.Fatal(err)
		}
		benchServe(b, m.Handler(ok), "auth_tkt="+tkt)
	})
	b.Run("mod_auth_tkt-sha256-refresh", func(b *testing.B) {
		f := modAuthTktFactory(b)
		m, err := New(f, &Config{Now: clock})
		if err != nil {
			b.Fatal(err)
		}
		tkt := mustTicket(b, f, authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-45 * time.Minute), ClientIP: ip})
		benchServe(b, m.Handler(ok), "auth_tkt="+authtkt.EncodeCookie(tkt))
	})
}
