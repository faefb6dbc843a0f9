package httpauth

import (
	"errors"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func prefixes(ss ...string) []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range ss {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}

func TestClientIP(t *testing.T) {
	proxies := prefixes("10.0.0.0/8", "2001:db8:ffff::/48")
	tests := []struct {
		name    string
		remote  string
		xff     []string // one element per header line
		trusted []netip.Prefix
		want    string // "" means ErrClientIP
	}{
		{"remote v4", "192.0.2.1:1234", nil, nil, "192.0.2.1"},
		{"remote v6", "[2001:db8::1]:443", nil, nil, "2001:db8::1"},
		{"remote v4-mapped is unmapped", "[::ffff:192.0.2.1]:1", nil, nil, "192.0.2.1"},
		{"remote zone is dropped", "[fe80::1%eth0]:1", nil, nil, "fe80::1"},
		{"remote without port", "192.0.2.1", nil, nil, "192.0.2.1"},
		{"remote unix socket", "@", nil, nil, ""},
		{"remote empty", "", nil, nil, ""},
		{"xff ignored without trusted proxies", "10.0.0.1:1", []string{"198.51.100.7"}, nil, "10.0.0.1"},
		{"xff ignored from an untrusted peer", "192.0.2.9:1", []string{"198.51.100.7"}, proxies, "192.0.2.9"},
		{"one trusted hop", "10.0.0.1:1", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
		{"spoofed entries left of the client are never reached", "10.0.0.1:1",
			[]string{"203.0.113.66, 198.51.100.7, 10.1.2.3"}, proxies, "198.51.100.7"},
		{"chain over several header lines", "10.0.0.1:1",
			[]string{"203.0.113.66", "198.51.100.7", "10.9.9.9"}, proxies, "198.51.100.7"},
		{"bracketed v6 entry without port", "10.0.0.1:1", []string{"[2001:db8::8]"}, proxies, "2001:db8::8"},
		{"bracketed v4 entry", "10.0.0.1:1", []string{"[198.51.100.7]"}, proxies, ""},
		{"bracketed v4-mapped entry", "10.0.0.1:1", []string{"[::ffff:198.51.100.7]"}, proxies, "198.51.100.7"},
		{"brackets alone", "10.0.0.1:1", []string{"[]"}, proxies, ""},
		{"entries with ports and spaces", "10.0.0.1:1",
			[]string{" [2001:db8::7]:4711 ,  10.0.0.2:80 "}, proxies, "2001:db8::7"},
		{"v6 trusted proxy", "[2001:db8:ffff::1]:1", []string{"192.0.2.44"}, proxies, "192.0.2.44"},
		{"v4-mapped entry is unmapped", "10.0.0.1:1", []string{"::ffff:198.51.100.7"}, proxies, "198.51.100.7"},
		{"empty list elements are skipped", "10.0.0.1:1", []string{"198.51.100.7,, ,"}, proxies, "198.51.100.7"},
		{"all trusted: the leftmost", "10.0.0.1:1", []string{"10.0.0.3, 10.0.0.2"}, proxies, "10.0.0.3"},
		{"trusted peer without header", "10.0.0.1:1", nil, proxies, "10.0.0.1"},
		{"garbage from a trusted hop", "10.0.0.1:1", []string{"198.51.100.7, unknown"}, proxies, ""},
		{"garbage left of the client is not read", "10.0.0.1:1", []string{"unknown, 198.51.100.7"}, proxies, "198.51.100.7"},
		{"too many trusted hops", "10.0.0.1:1", []string{strings.Repeat("10.0.0.9,", maxForwardedHops+1)}, proxies, ""},
		{"as many hops as allowed", "10.0.0.1:1",
			[]string{"198.51.100.7," + strings.Repeat("10.0.0.9,", maxForwardedHops-1)}, proxies, "198.51.100.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			got, err := clientIP(r, tt.trusted)
			if tt.want == "" {
				if !errors.Is(err, ErrClientIP) {
					t.Fatalf("clientIP = %v, %v; want ErrClientIP", got, err)
				}
				return
			}
			if err != nil || got != netip.MustParseAddr(tt.want) {
				t.Fatalf("clientIP = %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}
