package authtkt_test

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/internal/apachetest"
	"github.com/gotickets/tickets/testvectors"
)

// The real-module test: Apache 2.4 with Debian's mod_auth_tkt on loopback,
// configured in a temporary directory as in TICKET_FORMATS.md ("Minimal
// working config", "Larger test run"). It sends tickets made by this package
// and checks Apache's verdicts, and it validates tickets Apache made.

// apacheVhost is one virtual host: one digest type and secret per port.
type apacheVhost struct {
	hash, digestType, secret string
	port                     int
}

const apacheLocations = `
<Location /noip/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthIgnoreIP on
  TKTAuthTimeoutRefresh 0
</Location>
<Location /ip/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthIgnoreIP off
  TKTAuthTimeoutRefresh 0
</Location>
<Location /tokens/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthUnauthURL http://127.0.0.1/unauth
  TKTAuthIgnoreIP on
  TKTAuthToken admin
  TKTAuthToken finance
  TKTAuthTimeoutRefresh 0
</Location>
<Location /timeout/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthTimeoutURL http://127.0.0.1/timedout
  TKTAuthIgnoreIP on
  TKTAuthTimeout 60
  TKTAuthTimeoutRefresh 0
</Location>
<Location /notimeout/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthIgnoreIP on
  TKTAuthTimeout 0
</Location>
<Location /notimeout-ip/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthIgnoreIP off
  TKTAuthTimeout 0
</Location>
<Location /refresh/>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://127.0.0.1/login
  TKTAuthIgnoreIP on
  TKTAuthTimeout 3600
  TKTAuthTimeoutRefresh 1
</Location>
`

// ipv6Loopback reports whether [::1] can be listened on.
func ipv6Loopback() bool {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// apacheConfig is the configuration of the vhosts (the first also on
// [::1] when v6 is set) and the locations.
func apacheConfig(vhosts []apacheVhost, v6 bool) string {
	var conf strings.Builder
	for i, v := range vhosts {
		addrs := fmt.Sprintf("127.0.0.1:%d", v.port)
		fmt.Fprintf(&conf, "Listen 127.0.0.1:%d\n", v.port)
		if v6 && i == 0 {
			fmt.Fprintf(&conf, "Listen [::1]:%d\n", v.port)
			addrs += fmt.Sprintf(" [::1]:%d", v.port)
		}
		fmt.Fprintf(&conf, "<VirtualHost %s>\n  TKTAuthSecret %q\n  TKTAuthDigestType %s\n</VirtualHost>\n", addrs, v.secret, v.digestType)
	}
	return conf.String() + apacheLocations
}

type apacheResult struct {
	status                 int
	location               string
	user, tokens, userData string
	setCookie              string
}

func apacheGet(t *testing.T, host string, port int, path, cookie string) apacheResult {
	t.Helper()
	resp := apachetest.Get(t, host, port, "/"+path, cookie)
	return apacheResult{
		status:    resp.StatusCode,
		location:  resp.Header.Get("Location"),
		user:      resp.Header.Get("X-Remote-User"),
		tokens:    resp.Header.Get("X-Remote-User-Tokens"),
		userData:  resp.Header.Get("X-Remote-User-Data"),
		setCookie: resp.Header.Get("Set-Cookie"),
	}
}

func TestApacheModAuthTkt(t *testing.T) {
	v6 := ipv6Loopback()
	var vhosts []apacheVhost
	apachetest.Start(t, 3, func(ports []int) string {
		vhosts = []apacheVhost{
			{"sha512", "SHA512", "test-secret-512", ports[0]},
			{"sha256", "SHA256", "test-secret-256", ports[1]},
			{"md5", "MD5", "test-secret-md5", ports[2]},
		}
		return apacheConfig(vhosts, v6)
	})
	if !v6 {
		t.Log("no IPv6 loopback here: the IPv6 client cases do not run")
	}

	loopback := netip.MustParseAddr("127.0.0.1")
	for _, vh := range vhosts {
		t.Run(vh.digestType, func(t *testing.T) {
			f := newFactory(t, vh.secret, authtkt.Config{Format: authtkt.ModAuthTkt, Hash: vh.hash})
			wrong := newFactory(t, vh.secret+"x", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: vh.hash})
			now := time.Now()
			mk := func(f *authtkt.Factory, tk authtkt.Ticket) string {
				t.Helper()
				s, err := f.NewTicket(tk)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			alice := mk(f, authtkt.Ticket{UserID: "alice"})
			aliceIP := mk(f, authtkt.Ticket{UserID: "alice", ClientIP: loopback})
			tampered := strings.Replace(alice, "alice!", "admin!", 1)
			otherDigit := func(s string, i int) string {
				c := byte('0')
				if s[i] == '0' {
					c = '1'
				}
				return s[:i] + string(c) + s[i+1:]
			}
			digitChanged := otherDigit(alice, 0)
			tsChanged := otherDigit(alice, len(alice)-len("alice!")-1)
			const login, unauth, timedout = "http://127.0.0.1/login?back=", "http://127.0.0.1/unauth?back=", "http://127.0.0.1/timedout?back="
			type c struct {
				name, path, cookie string
				status             int
				user, tokens, data string
				location           string
			}
			b64 := authtkt.EncodeCookie
			cases := []c{
				{"good, no IP", "noip/", b64(alice), 200, "alice", "", "", ""},
				{"good, bound to 127.0.0.1", "ip/", b64(aliceIP), 200, "alice", "", "", ""},
				{"no cookie", "noip/", "", 307, "", "", "", login},
				{"uid changed", "noip/", b64(tampered), 307, "", "", "", login},
				{"digest digit changed", "noip/", b64(digitChanged), 307, "", "", "", login},
				{"timestamp changed", "noip/", b64(tsChanged), 307, "", "", "", login},
				{"wrong secret", "noip/", b64(mk(wrong, authtkt.Ticket{UserID: "alice"})), 307, "", "", "", login},
				{"unbound ticket, IgnoreIP off", "ip/", b64(alice), 307, "", "", "", login},
				{"bound ticket, IgnoreIP on", "noip/", b64(aliceIP), 307, "", "", "", login},
				{"bound to 127.0.0.2", "ip/", b64(mk(f, authtkt.Ticket{UserID: "alice", ClientIP: netip.MustParseAddr("127.0.0.2")})), 307, "", "", "", login},
				{"bound to ::ffff:127.0.0.1", "ip/", b64(mk(f, authtkt.Ticket{UserID: "alice", ClientIP: netip.MustParseAddr("::ffff:127.0.0.1")})), 200, "alice", "", "", ""},
				{"raw cookie", "noip/", alice, 200, "alice", "", "", ""},
				{"%21-escaped cookie", "noip/", strings.ReplaceAll(alice, "!", "%21"), 200, "alice", "", "", ""},
				{"quoted cookie", "noip/", `"` + b64(alice) + `"`, 200, "alice", "", "", ""},
				{"unpadded base64 cookie", "noip/", strings.TrimRight(b64(alice), "="), 200, "alice", "", "", ""},
				{"base64 cookie with trailing junk", "noip/", b64(alice) + "*junk", 200, "alice", "", "", ""},
				{"URL-escaped cookie, other escapes too", "noip/", strings.ReplaceAll(strings.Replace(alice, "alice", "%61lice", 1), "!", "%21"), 200, "alice", "", "", ""},
				{"tokens, one required", "tokens/", b64(mk(f, authtkt.Ticket{UserID: "bob", Tokens: []string{"other", "finance"}})), 200, "bob", "other,finance", "", ""},
				{"tokens, none", "tokens/", b64(alice), 307, "", "", "", unauth},
				{"tokens, prefix only", "tokens/", b64(mk(f, authtkt.Ticket{UserID: "bob", Tokens: []string{"administrator"}})), 307, "", "", "", unauth},
				{"tokens, other", "tokens/", b64(mk(f, authtkt.Ticket{UserID: "bob", Tokens: []string{"guest"}})), 307, "", "", "", unauth},
				{"tokens and data with '!'", "noip/", b64(mk(f, authtkt.Ticket{UserID: "carol", Tokens: []string{"t1", "t2"}, UserData: "x!y z"})), 200, "carol", "t1,t2", "x!y z", ""},
				{"data without tokens", "noip/", b64(mk(f, authtkt.Ticket{UserID: "dave", UserData: "data only"})), 200, "dave", "", "data only", ""},
				{"bound, tokens and data", "ip/", b64(mk(f, authtkt.Ticket{UserID: "erin", ClientIP: loopback, Tokens: []string{"a"}, UserData: "d"})), 200, "erin", "a", "d", ""},
				{"UTF-8 uid", "noip/", b64(mk(f, authtkt.Ticket{UserID: "jürgen"})), 200, "jürgen", "", "", ""},
				{"empty uid", "noip/", b64(mk(f, authtkt.Ticket{UserID: ""})), 200, "", "", "", ""},
				{"timeout 60, issued 30 s ago", "timeout/", b64(mk(f, authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-30 * time.Second)})), 200, "alice", "", "", ""},
				{"timeout 60, issued 120 s ago", "timeout/", b64(mk(f, authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-120 * time.Second)})), 307, "", "", "", timedout},
				{"future timestamp", "timeout/", b64(mk(f, authtkt.Ticket{UserID: "alice", IssuedAt: time.Unix(4102444800, 0)})), 200, "alice", "", "", ""},
				{"timestamp 2^32-1 wraps", "timeout/", b64(mk(f, authtkt.Ticket{UserID: "alice", IssuedAt: time.Unix(1<<32-1, 0)})), 307, "", "", "", timedout},
				{"ticket_auth ticket", "noip/", mustTicketAuth(t, vh), 307, "", "", "", login},
			}
			for _, tc := range cases {
				// What Apache accepts, DecodeCookie and Validate accept.
				if tc.status == 200 && tc.cookie != "" {
					v := newFactory(t, vh.secret, authtkt.Config{Format: authtkt.ModAuthTkt, Hash: vh.hash, Lenient: true})
					tkt, err := authtkt.DecodeCookie(tc.cookie)
					ip := netip.Addr{}
					if tc.path == "ip/" {
						ip = loopback
					}
					if err != nil {
						t.Errorf("%s: DecodeCookie: %v", tc.name, err)
					} else if _, err := v.Validate(tkt, ip); err != nil {
						t.Errorf("%s: Validate: %v", tc.name, err)
					}
				}
				r := apacheGet(t, "127.0.0.1", vh.port, tc.path, tc.cookie)
				if r.status != tc.status || (tc.status == 200 && (r.user != tc.user || r.tokens != tc.tokens || r.userData != tc.data)) ||
					(tc.status == 307 && !strings.HasPrefix(r.location, tc.location)) {
					t.Errorf("%s: Apache says %d user=%q tokens=%q data=%q location=%q; want %d user=%q tokens=%q data=%q location %s...",
						tc.name, r.status, r.user, r.tokens, r.userData, r.location, tc.status, tc.user, tc.tokens, tc.data, tc.location)
				}
			}

			// Apache makes a ticket (TKTAuthTimeoutRefresh 1) and this
			// package validates it, strictly. Without tokens the module
			// writes an empty tokens section ("grace!!d"), which NewTicket
			// never does.
			issued := now.Add(-10 * time.Second).Truncate(time.Second)
			v := newFactory(t, vh.secret, authtkt.Config{Format: authtkt.ModAuthTkt, Hash: vh.hash, Timeout: time.Hour})
			for _, want := range []authtkt.Ticket{
				{UserID: "frank", IssuedAt: issued, Tokens: []string{"x", "y"}, UserData: "z!z"},
				{UserID: "grace", IssuedAt: issued, UserData: "d"},
			} {
				r := apacheGet(t, "127.0.0.1", vh.port, "refresh/", b64(mk(f, want)))
				value, ok := strings.CutPrefix(r.setCookie, "auth_tkt=")
				value, _, _ = strings.Cut(value, ";")
				if r.status != 200 || !ok {
					t.Fatalf("refresh %s: Apache says %d, Set-Cookie %q", want.UserID, r.status, r.setCookie)
				}
				fresh, err := authtkt.DecodeCookie(value)
				if err != nil {
					t.Fatalf("refresh %s: DecodeCookie(%q): %v", want.UserID, value, err)
				}
				if authtkt.EncodeCookie(fresh) != value {
					t.Errorf("refresh %s: Apache's cookie %q is not EncodeCookie of its ticket", want.UserID, value)
				}
				info, err := v.Validate(fresh, netip.Addr{})
				if err != nil {
					t.Fatalf("refresh %s: Validate(Apache's ticket %q): %v", want.UserID, fresh, err)
				}
				if info.UserID != want.UserID || !slices.Equal(info.Tokens, want.Tokens) || info.UserData != want.UserData || !info.IssuedAt.After(issued) {
					t.Errorf("refresh %s: Apache's ticket %q reads %+v", want.UserID, fresh, info)
				}
			}

			if v6 && vh.hash == "sha512" {
				// TKTAuthIgnoreIP on serves IPv6 clients; off refuses them.
				if r := apacheGet(t, "::1", vh.port, "noip/", b64(alice)); r.status != 200 || r.user != "alice" {
					t.Errorf("IPv6 client, IgnoreIP on: %d %q", r.status, r.user)
				}
				if r := apacheGet(t, "::1", vh.port, "ip/", b64(alice)); r.status != 307 {
					t.Errorf("IPv6 client, IgnoreIP off: %d, want 307", r.status)
				}
			}
		})
	}

	t.Run("shared vectors", func(t *testing.T) {
		file, err := testvectors.LoadModAuthTkt()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range file.Vectors {
			port := 0
			for _, vh := range vhosts {
				if vh.digestType == v.DigestType {
					port = vh.port
				}
			}
			for _, cookie := range []string{v.CookieBase64, v.Ticket} {
				if r := apacheGet(t, "127.0.0.1", port, strings.TrimPrefix(v.ApacheLocation, "/"), cookie); r.status != 200 || r.user != v.ApacheRemoteUser {
					t.Errorf("%s %s: Apache says %d %q", v.DigestType, v.Ticket, r.status, r.user)
				}
			}
		}
	})

	t.Run("spellings", func(t *testing.T) {
		// Apache's verdict on each respelling is the lenient one.
		vh := vhosts[1]
		f := newFactory(t, vh.secret, authtkt.Config{Format: authtkt.ModAuthTkt, Hash: vh.hash, Timeout: authtkt.NoTimeout})
		for _, sp := range modAuthTktSpellings(t, f, vh.secret) {
			r := apacheGet(t, "127.0.0.1", vh.port, "notimeout/", authtkt.EncodeCookie(sp.ticket))
			if (r.status == 200) != (sp.lenient == nil) {
				t.Errorf("%s (%q): Apache says %d, lenient Validate %v", sp.name, sp.ticket, r.status, sp.lenient)
			}
		}
	})
}

// mustTicketAuth is a ticket_auth ticket with the vhost's secret and hash.
func mustTicketAuth(t *testing.T, vh apacheVhost) string {
	f := newFactory(t, vh.secret, authtkt.Config{Hash: vh.hash})
	s, err := f.NewTicket(authtkt.Ticket{UserID: "alice", ValidUntil: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
