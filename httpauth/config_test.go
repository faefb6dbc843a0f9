package httpauth

import (
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

func TestConfigInvalid(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"cookie name with a space", Config{CookieName: "auth tkt"}},
		{"cookie domain", Config{CookieDomain: "exa mple.com"}},
		{"cookie path with a semicolon", Config{CookiePath: "/a;b"}},
		{"SameSite None without Secure", Config{SameSite: http.SameSiteNoneMode, InsecureCookie: true}},
		{"SameSite default mode", Config{SameSite: http.SameSiteDefaultMode}},
		{"SameSite out of range", Config{SameSite: 42}},
		{"login URL", Config{LoginURL: "http://[::1"}},
		{"unauth URL", Config{UnauthURL: "%zz"}},
		{"empty token", Config{Tokens: []string{"admin", ""}}},
		{"negative lifetime", Config{Lifetime: -time.Second}},
		{"invalid proxy prefix", Config{TrustedProxies: []netip.Prefix{{}}}},
		{"v4-mapped proxy prefix", Config{TrustedProxies: prefixes("::ffff:10.0.0.0/104")}},
		{"refresh above 1", Config{Refresh: 1.5}},
		{"refresh negative", Config{Refresh: -0.1}},
		{"refresh NaN", Config{Refresh: math.NaN()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := newSettings(&tt.cfg); !errors.Is(err, ErrConfig) {
				t.Fatalf("newSettings = %v, want ErrConfig", err)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	for _, cfg := range []*Config{nil, {}} {
		s, err := newSettings(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if s.cookie.Name != "auth_tkt" || s.cookie.Path != "/" || s.cookie.Domain != "" ||
			!s.cookie.Secure || !s.cookie.HttpOnly || s.cookie.SameSite != http.SameSiteLaxMode {
			t.Errorf("default cookie = %+v", s.cookie)
		}
		if s.login != nil || s.unauth != nil || s.backArg != "back" || s.refresh != 0.5 ||
			s.ignoreIP || s.proxies != nil || s.now == nil {
			t.Errorf("default settings = %+v", s)
		}
	}
}

func TestConfigIsCopied(t *testing.T) {
	cfg := &Config{Tokens: []string{"admin"}, TrustedProxies: prefixes("10.1.2.3/8")}
	s, err := newSettings(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tokens[0] = "guest"
	cfg.TrustedProxies[0] = netip.MustParsePrefix("0.0.0.0/0")
	if s.tokens[0] != "admin" || s.proxies[0] != netip.MustParsePrefix("10.0.0.0/8") {
		t.Errorf("settings follow the Config after New: %v %v", s.tokens, s.proxies)
	}
}

func TestNoRefresh(t *testing.T) {
	s, err := newSettings(&Config{NoRefresh: true, Refresh: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_000_000, 0)
	if s.refreshDue(now, now, time.Hour) {
		t.Error("NoRefresh: a ticket at its expiry is refreshed")
	}
}

func TestRefreshDue(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	const life = 100 * time.Second
	tests := []struct {
		refresh   float64
		remaining time.Duration
		lifetime  time.Duration
		want      bool
	}{
		{0.5, 51 * time.Second, life, false},
		{0.5, 50 * time.Second, life, false}, // not less than half: the module keeps it
		{0.5, 49 * time.Second, life, true},
		{0.33, 34 * time.Second, life, false},
		{0.33, 32 * time.Second, life, true},
		{1, life, life, false},
		{1, life - time.Second, life, true},
		{0.5, 0, life, true},
		{0.5, time.Second, 0, false}, // no lifetime (TKTAuthTimeout 0): nothing to refresh
	}
	for _, tt := range tests {
		s, err := newSettings(&Config{Refresh: tt.refresh})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.refreshDue(now, now.Add(tt.remaining), tt.lifetime); got != tt.want {
			t.Errorf("refresh %v, %v of %v left: due = %v, want %v",
				tt.refresh, tt.remaining, tt.lifetime, got, tt.want)
		}
	}
}

func TestCookieAttributes(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"defaults", Config{},
			"auth_tkt=v; Path=/; HttpOnly; Secure; SameSite=Lax"},
		{"development over plain HTTP", Config{InsecureCookie: true},
			"auth_tkt=v; Path=/; HttpOnly; SameSite=Lax"},
		{"everything set", Config{CookieName: "sso", CookiePath: "/app", CookieDomain: "example.com",
			SameSite: http.SameSiteStrictMode},
			"sso=v; Path=/app; Domain=example.com; HttpOnly; Secure; SameSite=Strict"},
		{"SameSite None", Config{SameSite: http.SameSiteNoneMode},
			"auth_tkt=v; Path=/; HttpOnly; Secure; SameSite=None"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := newSettings(&tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			w := httptest.NewRecorder()
			if err := s.setCookie(w, "v"); err != nil {
				t.Fatal(err)
			}
			if got := w.Header().Values("Set-Cookie"); len(got) != 1 || got[0] != tt.want {
				t.Errorf("Set-Cookie = %q, want %q", got, tt.want)
			}
			w = httptest.NewRecorder()
			s.clearCookie(w)
			c, err := http.ParseSetCookie(w.Header().Get("Set-Cookie"))
			if err != nil || c.Name != s.cookie.Name || c.Value != "" || c.MaxAge >= 0 ||
				c.Path != s.cookie.Path || c.Domain != s.cookie.Domain {
				t.Errorf("clearing cookie = %+v, %v", c, err)
			}
		})
	}
}

func TestSetCookieRefusesBadValues(t *testing.T) {
	s, err := newSettings(nil)
	if err != nil {
		t.Fatal(err)
	}
	logged := captureLog(t)
	for _, v := range []string{"a;b", "a\"b", "a\\b", "caf\u00e9", "a\nb"} {
		w := httptest.NewRecorder()
		if err := s.setCookie(w, v); err == nil || len(w.Header()) != 0 {
			t.Errorf("setCookie(%q) = %v, header %v", v, err, w.Header())
		}
	}
	// net/http would have logged the bytes it dropped.
	if l := logged(); l != "" {
		t.Errorf("logged: %q", l)
	}
}

func TestReadCookie(t *testing.T) {
	s, err := newSettings(nil)
	if err != nil {
		t.Fatal(err)
	}
	long := make([]byte, maxCookieSize-len("auth_tkt")+1)
	for i := range long {
		long[i] = 'a'
	}
	fits := string(long[:len(long)-1]) // with the name, exactly maxCookieSize
	tests := []struct {
		header string
		want   string
		ok     bool
	}{
		{"", "", false},
		{"other=1", "", false},
		{"auth_tkt=", "", false},
		{"auth_tkt=abc!def", "abc!def", true},
		{`auth_tkt="quoted"`, "quoted", true},
		{"auth_tkt=first; auth_tkt=second", "first", true},
		{"auth_tkt=" + string(long), "", false},
		{"auth_tkt=" + fits, fits, true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		if tt.header != "" {
			r.Header.Set("Cookie", tt.header)
		}
		got, ok := s.readCookie(r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("readCookie(%.40q) = %.40q, %v; want %.40q, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
}
