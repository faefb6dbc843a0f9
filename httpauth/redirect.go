package httpauth

import (
	"net/http"
	"net/url"
	"strings"
)

// requestURL rebuilds the absolute URL the client asked for: scheme, host
// (with its port, which mod_auth_tkt drops) and the request URI as
// received. The scheme is https when the connection is TLS; the host is
// the Host header. A trusted proxy (fromProxy) may override both with
// X-Forwarded-Proto and X-Forwarded-Host, as mod_auth_tkt reads the
// latter (from anyone).
func requestURL(r *http.Request, fromProxy bool) string {
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if fromProxy {
		if p := strings.ToLower(lastForwarded(r, "X-Forwarded-Proto")); p == "https" || p == "http" {
			scheme = p
		}
		if h := lastForwarded(r, "X-Forwarded-Host"); validHost(h) {
			host = h
		}
	}
	uri := r.RequestURI
	if uri == "" || !strings.HasPrefix(uri, "/") {
		// A request built in a test or a proxy (absolute-form) request:
		// use the parsed URL, which has the path and query either way.
		uri = r.URL.RequestURI()
	}
	return scheme + "://" + host + uri
}

// lastForwarded returns the last element of the list in header name, the
// one the proxy next to us wrote.
func lastForwarded(r *http.Request, name string) string {
	vals := r.Header.Values(name)
	if len(vals) == 0 {
		return ""
	}
	v := vals[len(vals)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// validHost reports whether h can stand as the authority of the back URL:
// non-empty, printable ASCII, and nothing that would end the authority or
// add user information.
func validHost(h string) bool {
	if h == "" {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`/?#@\`, c) >= 0 {
			return false
		}
	}
	return true
}

// withBack returns target with the query argument arg=back appended,
// query-escaped, after target's own query, which is kept as written.
// target was parsed when the Config was validated; only a copy is changed.
func withBack(target *url.URL, arg, back string) string {
	u := *target
	if u.RawQuery != "" {
		u.RawQuery += "&"
	}
	u.RawQuery += url.QueryEscape(arg) + "=" + url.QueryEscape(back)
	return u.String()
}
