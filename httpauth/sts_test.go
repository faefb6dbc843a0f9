package httpauth

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts"
)

var (
	stsKey    = bytes.Repeat([]byte{0x42}, sts.KeySize)
	stsOldKey = bytes.Repeat([]byte{0x17}, sts.KeySize)
)

// stsAt returns a service with the test keys whose clock reads at, so
// tickets can be made in the past.
func stsAt(t testing.TB, at time.Time, key []byte, change func(*sts.Config)) *sts.Service {
	t.Helper()
	cfg := &sts.Config{
		Lifetime: time.Hour,
		OldKeys:  [][]byte{stsOldKey},
		Now:      func() time.Time { return at },
		Rand:     bytes.NewReader(make([]byte, 1<<10)),
	}
	if change != nil {
		change(cfg)
	}
	svc, err := sts.New(key, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// bindIP is the Entropy the tests use: the client address.
func bindIP(_ *http.Request, ip netip.Addr) []byte { return ip.AsSlice() }

var stsWhoami = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	t, ok := STSFromContext(r.Context())
	if !ok {
		http.Error(w, "no ticket in context", http.StatusInternalServerError)
		return
	}
	var user string
	if err := t.Decode(&user); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "%s|%d", user, t.ExpiresAt.Unix())
})

func TestSTS(t *testing.T) {
	ip := netip.MustParseAddr("192.0.2.1")
	mk := func(at time.Time, key []byte, entropy []byte) string {
		s, err := stsAt(t, at, key, func(c *sts.Config) { c.OldKeys = nil }).CreateTicket("alice", entropy)
		if err != nil {
			t.Fatal(err)
		}
		return "auth_tkt=" + s
	}
	fresh := mk(now.Add(-time.Minute), stsKey, ip.AsSlice())
	tampered := []byte(fresh)
	tampered[len(tampered)-5] ^= 1
	tests := []struct {
		name    string
		entropy func(*http.Request, netip.Addr) []byte
		cookie  string
		remote  string
		status  int
		body    string
		refresh bool
	}{
		{"no cookie", bindIP, "", "", 401, "", false},
		{"good", bindIP, fresh, "", 200, fmt.Sprintf("alice|%d", now.Add(59*time.Minute).Unix()), false},
		{"tampered", bindIP, string(tampered), "", 401, "", false},
		{"wrong IP", bindIP, fresh, "192.0.2.2:1", 401, "", false},
		{"no entropy configured", nil, fresh, "", 401, "", false},
		{"expired", bindIP, mk(now.Add(-time.Hour), stsKey, ip.AsSlice()), "", 401, "", false},
		{"unbound ticket, no entropy", nil, mk(now.Add(-time.Minute), stsKey, nil), "", 200,
			fmt.Sprintf("alice|%d", now.Add(59*time.Minute).Unix()), false},
		{"refresh due", bindIP, mk(now.Add(-31*time.Minute), stsKey, ip.AsSlice()), "", 200,
			fmt.Sprintf("alice|%d", now.Add(29*time.Minute).Unix()), true},
		{"old key: refreshed at once", bindIP, mk(now.Add(-time.Minute), stsOldKey, ip.AsSlice()), "", 200,
			fmt.Sprintf("alice|%d", now.Add(59*time.Minute).Unix()), true},
		{"unknown key", bindIP, mk(now.Add(-time.Minute), bytes.Repeat([]byte{1}, 32), ip.AsSlice()), "", 401, "", false},
		// With the address unknown, bindIP returns nothing: an unbound
		// ticket must not pass as bound to the address. Entropy that
		// does not use the address still works.
		{"unknown address, unbound ticket", bindIP, mk(now.Add(-time.Minute), stsKey, nil), "@", 401, "", false},
		{"unknown address, entropy without it", func(*http.Request, netip.Addr) []byte { return []byte("device") },
			mk(now.Add(-time.Minute), stsKey, []byte("device")), "@", 200, fmt.Sprintf("alice|%d", now.Add(59*time.Minute).Unix()), false},
	}
	svc := stsAt(t, now, stsKey, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := NewSTS(svc, &Config{Entropy: tt.entropy, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			resp := exchange{cookie: tt.cookie, remote: tt.remote}.do(m.Handler(stsWhoami))
			got := body(t, resp)
			if resp.StatusCode != tt.status || got != tt.body && tt.status == 200 {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, got, tt.status, tt.body)
			}
			value, _ := refreshed(t, resp)
			if (value != "") != tt.refresh {
				t.Fatalf("refreshed = %q, want refresh %v", value, tt.refresh)
			}
			if !tt.refresh {
				return
			}
			nt, err := svc.ValidateTicket(value, ip.AsSlice())
			if err != nil {
				t.Fatalf("refreshed ticket does not validate: %v", err)
			}
			var user string
			if err := nt.Decode(&user); err != nil || user != "alice" || nt.OldKey ||
				!nt.IssuedAt.Equal(now) || !nt.ExpiresAt.Equal(now.Add(time.Hour)) {
				t.Errorf("refreshed ticket %+v holding %q (%v)", nt, user, err)
			}
		})
	}
}

// TestSTSRefreshKeepsOptions checks that a refresh keeps the options and
// the lifetime a ticket was made with and its data byte for byte, also for
// msgpack values that a decode into any would change.
func TestSTSRefreshKeepsOptions(t *testing.T) {
	type payload struct {
		User  string
		Roles []string
		N     uint64
		When  time.Time
	}
	want := payload{"alice", []string{"a", "b"}, 1 << 40, time.Unix(1234567890, 5).UTC()}
	for _, o := range []sts.Options{
		{},
		{Serialize: true},
		{Serialize: true, Compress: true, Encrypt: true, Lifetime: 10 * time.Minute},
		{Compress: true, Lifetime: 2 * time.Hour},
		{Encrypt: true},
	} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			life := o.Lifetime
			if life == 0 {
				life = time.Hour
			}
			var data any = []byte("raw \x00 bytes")
			if o.Serialize {
				data = want
			}
			old, err := stsAt(t, now.Add(-life+time.Minute), stsKey, nil).CreateTicketWith(data, nil, o)
			if err != nil {
				t.Fatal(err)
			}
			svc := stsAt(t, now, stsKey, nil)
			m, err := NewSTS(svc, &Config{Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			resp := exchange{cookie: "auth_tkt=" + old}.do(m.Handler(http.NotFoundHandler()))
			value, _ := refreshed(t, resp)
			if value == "" {
				t.Fatal("not refreshed")
			}
			nt, err := svc.ValidateTicket(value, nil)
			if err != nil {
				t.Fatal(err)
			}
			if nt.Serialized != o.Serialize || nt.Compressed != o.Compress || nt.Encrypted != o.Encrypt ||
				!nt.IssuedAt.Equal(now) || nt.ExpiresAt.Sub(nt.IssuedAt) != life {
				t.Errorf("refreshed ticket %+v, made with %+v", nt, o)
			}
			if o.Serialize {
				var got payload
				if err := nt.Decode(&got); err != nil || !got.When.Equal(want.When) ||
					fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("data %+v (%v), want %+v", got, err, want)
				}
				return
			}
			var got []byte
			if err := nt.Decode(&got); err != nil || !bytes.Equal(got, data.([]byte)) {
				t.Errorf("data %q (%v)", got, err)
			}
		})
	}
}

func TestSTSLogin(t *testing.T) {
	svc := stsAt(t, now, stsKey, nil)
	m, err := NewSTS(svc, &Config{Entropy: bindIP, InsecureCookie: true, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/login", nil)
	r.RemoteAddr = "[2001:db8::5]:1"
	w := httptest.NewRecorder()
	if err := m.Login(w, r, "bob"); err != nil {
		t.Fatal(err)
	}
	value, c := refreshed(t, w.Result())
	if !c.HttpOnly || c.Secure || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie attributes %+v", c)
	}
	resp := exchange{cookie: "auth_tkt=" + value, remote: "[2001:db8::5]:2"}.do(m.Handler(stsWhoami))
	if got := body(t, resp); resp.StatusCode != 200 || got != fmt.Sprintf("bob|%d", now.Add(time.Hour).Unix()) {
		t.Fatalf("logged-in request: %d %q", resp.StatusCode, got)
	}
	if err := m.Login(httptest.NewRecorder(), r, 42); err == nil {
		t.Error("Login with data the service cannot hold succeeded")
	}
	unknown := httptest.NewRequest("POST", "/login", nil)
	unknown.RemoteAddr = "@" // a Unix socket: no client address
	w = httptest.NewRecorder()
	if err := m.Login(w, unknown, "bob"); !errors.Is(err, ErrClientIP) {
		t.Errorf("Login with the address unknown and bindIP = %v, want ErrClientIP", err)
	}
	if value, _ := refreshed(t, w.Result()); value != "" {
		t.Errorf("Login with the address unknown set a cookie")
	}
	if err := m.Login(httptest.NewRecorder(), r, strings.Repeat("b", maxCookieSize)); !errors.Is(err, ErrCookie) {
		t.Errorf("Login with a ticket longer than a cookie = %v, want ErrCookie", err)
	}
	w = httptest.NewRecorder()
	m.Logout(w)
	if _, c := refreshed(t, w.Result()); c == nil || c.MaxAge >= 0 || c.Name != "auth_tkt" || c.Secure {
		t.Errorf("Logout cookie %+v", c)
	}
}

func TestNewSTSInvalid(t *testing.T) {
	svc := stsAt(t, now, stsKey, nil)
	for _, cfg := range []Config{
		{Tokens: []string{"admin"}},
		{IgnoreIP: true},
		{Lifetime: time.Hour},
		{SameSite: http.SameSiteNoneMode, InsecureCookie: true},
	} {
		if _, err := NewSTS(svc, &cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("NewSTS(%+v) = %v, want ErrConfig", cfg, err)
		}
	}
	if _, err := NewSTS(nil, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("NewSTS(nil) = %v, want ErrConfig", err)
	}
}
