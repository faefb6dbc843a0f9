package httpauth

import (
	"crypto/tls"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"testing"
)

func TestRequestURL(t *testing.T) {
	tests := []struct {
		name      string
		target    string
		host      string
		tls       bool
		proto     []string
		fwdHost   string
		fromProxy bool
		want      string
	}{
		{"plain", "/app/page?x=1&y=%2F", "example.com", false, nil, "", false,
			"http://example.com/app/page?x=1&y=%2F"},
		{"port kept", "/", "example.com:8443", true, nil, "", false, "https://example.com:8443/"},
		{"forwarded proto from a trusted proxy", "/a", "example.com", false, []string{"https"}, "", true,
			"https://example.com/a"},
		{"forwarded proto from anyone else", "/a", "example.com", false, []string{"https"}, "", false,
			"http://example.com/a"},
		{"last forwarded proto wins", "/a", "example.com", false, []string{"http", "ftp, HTTPS"}, "", true,
			"https://example.com/a"},
		{"unknown forwarded proto ignored", "/a", "example.com", false, []string{"gopher"}, "", true,
			"http://example.com/a"},
		{"forwarded proto http over TLS", "/a", "example.com", true, []string{"http"}, "", true,
			"http://example.com/a"},
		{"forwarded host from a trusted proxy", "/a", "internal:8080", false, nil, "a.example, public.example:444", true,
			"http://public.example:444/a"},
		{"forwarded host from anyone else", "/a", "internal:8080", false, nil, "public.example", false,
			"http://internal:8080/a"},
		{"forwarded host with user info ignored", "/a", "internal", false, nil, "evil.example@public.example", true,
			"http://internal/a"},
		{"forwarded host with a path ignored", "/a", "internal", false, nil, "evil.example/x", true,
			"http://internal/a"},
		{"absolute-form request", "http://example.com/p?q", "example.com", false, nil, "", false,
			"http://example.com/p?q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.target, nil)
			r.Host = tt.host
			r.TLS = nil
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			for _, p := range tt.proto {
				r.Header.Add("X-Forwarded-Proto", p)
			}
			if tt.fwdHost != "" {
				r.Header.Set("X-Forwarded-Host", tt.fwdHost)
			}
			if got := requestURL(r, tt.fromProxy); got != tt.want {
				t.Errorf("requestURL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWithBack(t *testing.T) {
	const back = "https://app.example/a b?x=1&y=2#f"
	tests := []struct{ target, arg, want string }{
		{"https://login.example/login", "back",
			"https://login.example/login?back=https%3A%2F%2Fapp.example%2Fa+b%3Fx%3D1%26y%3D2%23f"},
		{"/login?lang=en", "back",
			"/login?lang=en&back=https%3A%2F%2Fapp.example%2Fa+b%3Fx%3D1%26y%3D2%23f"},
		{"/login#top", "return to",
			"/login?return+to=https%3A%2F%2Fapp.example%2Fa+b%3Fx%3D1%26y%3D2%23f#top"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.target)
		if err != nil {
			t.Fatal(err)
		}
		got := withBack(u, tt.arg, back)
		if got != tt.want {
			t.Errorf("withBack(%q) = %q, want %q", tt.target, got, tt.want)
		}
		// External truth: net/url reads the argument back unchanged.
		parsed, err := url.Parse(got)
		if err != nil || parsed.Query().Get(tt.arg) != back {
			t.Errorf("withBack(%q): %q does not carry the back URL", tt.target, got)
		}
		if u.String() != tt.target {
			t.Errorf("withBack changed its input to %q", u.String())
		}
	}
}

// TestBackURLTrustsOnlyProxies checks the middleware's own decision on the
// forwarded scheme and host of the back URL: a request from an untrusted
// peer that sends X-Forwarded-Host and X-Forwarded-Proto gets a back URL
// built from its own Host and connection; the same request from a trusted
// proxy gets the forwarded ones.
func TestBackURLTrustsOnlyProxies(t *testing.T) {
	f := modAuthTktFactory(t)
	for _, tt := range []struct {
		name    string
		proxies []netip.Prefix
		want    string
	}{
		{"untrusted peer", nil, "http://app.internal/p?q=1"},
		{"untrusted peer, proxies configured", []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}, "http://app.internal/p?q=1"},
		{"trusted proxy", []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}, "https://public.example/p?q=1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(f, &Config{LoginURL: loginURL, TrustedProxies: tt.proxies, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/p?q=1", nil)
			r.Host = "app.internal"
			r.TLS = nil
			r.RemoteAddr = "198.51.100.9:4000"
			r.Header.Set("X-Forwarded-Host", "public.example")
			r.Header.Set("X-Forwarded-Proto", "https")
			r.Header.Set("X-Forwarded-For", "192.0.2.1")
			w := httptest.NewRecorder()
			m.Handler(whoami).ServeHTTP(w, r)
			loc, err := url.Parse(w.Result().Header.Get("Location"))
			if err != nil || w.Code != 303 {
				t.Fatalf("%d, Location %v (%v)", w.Code, loc, err)
			}
			if got := loc.Query().Get("back"); got != tt.want {
				t.Errorf("back = %q, want %q", got, tt.want)
			}
		})
	}
}
