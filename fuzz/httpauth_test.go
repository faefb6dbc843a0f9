package fuzz

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/httpauth"
	"github.com/gotickets/tickets/testvectors"
)

// FuzzHTTPAuthClientIP feeds arbitrary RemoteAddr and X-Forwarded-For
// values to the client address resolution. It must never panic, and what
// it returns must obey the trust rules: an untrusted peer is the client
// itself; otherwise the client is the peer or one of the header's entries,
// in canonical form (no zone, IPv4-mapped addresses unmapped).
func FuzzHTTPAuthClientIP(f *testing.F) {
	for _, s := range [][2]string{
		{"10.0.0.1:1", "198.51.100.7"},
		{"10.0.0.1:1", "203.0.113.66, 198.51.100.7, 10.1.2.3"},
		{"10.0.0.1:1", " [2001:db8::7]:4711 ,  10.0.0.2:80 "},
		{"[2001:db8:ffff::1]:1", "::ffff:192.0.2.44,,"},
		{"192.0.2.9:1", "198.51.100.7"},
		{"[fe80::1%eth0]:1", "fe80::2%lo"},
		{"@", "1.2.3.4"},
		{"10.0.0.1:1", "unknown, 10.0.0.9"},
		{"10.0.0.1:1", "[2001:db8::8], [::ffff:10.0.0.3]"},
	} {
		f.Add(s[0], s[1])
	}
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	m, err := httpauth.New(httpauthFactory(f), &httpauth.Config{TrustedProxies: trusted})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		ip, err := m.ClientIP(r)
		if err != nil {
			return
		}
		if ip.Zone() != "" || ip.Is4In6() {
			t.Fatalf("ClientIP %v is not canonical", ip)
		}
		peer, err := netip.ParseAddrPort(remote)
		peerIP := peer.Addr()
		if err != nil {
			if peerIP, err = netip.ParseAddr(remote); err != nil {
				t.Fatalf("ClientIP %v from an unparsable RemoteAddr %q", ip, remote)
			}
		}
		peerIP = peerIP.WithZone("").Unmap()
		if ip == peerIP {
			return
		}
		if !trusted[0].Contains(peerIP) && !trusted[1].Contains(peerIP) {
			t.Fatalf("untrusted peer %v, but ClientIP %v", peerIP, ip)
		}
		for _, e := range strings.Split(xff, ",") {
			e = strings.TrimSpace(e)
			if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(e, "["), "]")); err == nil &&
				a.WithZone("").Unmap() == ip {
				return
			}
			if ap, err := netip.ParseAddrPort(e); err == nil && ap.Addr().WithZone("").Unmap() == ip {
				return
			}
		}
		t.Fatalf("ClientIP %v is neither the peer nor in X-Forwarded-For %q", ip, xff)
	})
}

// FuzzHTTPAuthCookie sends arbitrary auth_tkt cookie values through the
// middleware. It must never panic, must answer 200 or 401 only, and must
// let a request through only when the decoded ticket validates on its
// own.
func FuzzHTTPAuthCookie(f *testing.F) {
	file, err := testvectors.LoadModAuthTkt()
	if err != nil {
		f.Fatal(err)
	}
	for _, v := range file.Vectors {
		f.Add(v.Ticket)
		f.Add(v.CookieBase64)
		f.Add(`"` + v.CookieBase64 + `"`)
		f.Add(strings.ReplaceAll(v.Ticket, "!", "%21"))
	}
	fac := httpauthFactory(f)
	good, err := fac.NewTicket(authtkt.Ticket{UserID: "alice", IssuedAt: httpauthNow(),
		ClientIP: netip.MustParseAddr("192.0.2.1"), Tokens: []string{"a"}, UserData: "d"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(authtkt.EncodeCookie(good))
	f.Add(good)
	m, err := httpauth.New(fac, &httpauth.Config{Now: httpauthNow})
	if err != nil {
		f.Fatal(err)
	}
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := httpauth.FromContext(r.Context()); !ok {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	f.Fuzz(func(t *testing.T, value string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "192.0.2.1:1"
		r.Header.Set("Cookie", "auth_tkt="+value)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusUnauthorized:
		case http.StatusOK:
			c, err := r.Cookie("auth_tkt")
			if err != nil {
				t.Fatalf("200 without a cookie: %v", err)
			}
			tkt, err := authtkt.DecodeCookie(c.Value)
			if err != nil {
				t.Fatalf("200 for an undecodable cookie: %v", err)
			}
			if _, err := fac.Validate(tkt, netip.MustParseAddr("192.0.2.1")); err != nil {
				t.Fatalf("200 for a ticket that does not validate: %v", err)
			}
		default:
			t.Fatalf("status %d", w.Code)
		}
	})
}

func httpauthNow() time.Time { return time.Unix(1_800_000_000, 0) }

func httpauthFactory(tb testing.TB) *authtkt.Factory {
	tb.Helper()
	f, err := authtkt.New([]byte("test-secret-256"), &authtkt.Config{
		Format: authtkt.ModAuthTkt, Hash: "sha256", Now: httpauthNow})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}
