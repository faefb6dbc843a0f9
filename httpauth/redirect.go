package httpauth

import (
	"net/http"
	"net/url"
	"strings"
)

// requestURL rebuilds the absolute URL the client asked for: scheme, Host
// header (with its port, unlike mod_auth_tkt, which drops it) and the
// request URI as received. The scheme is https when the connection is TLS,
// or when a trusted proxy (fromProxy) says so in X-Forwarded-Proto.
func requestURL(r *http.Request, fromProxy bool) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if fromProxy {
		if p := forwardedProto(r); p == "https" || p == "http" {
			scheme = p
		}
	}
	uri := r.RequestURI
	if uri == "" || !strings.HasPrefix(uri, "/") {
		// A request built in a test or a proxy (absolute-form) request:
		// use the parsed URL, which has the path and query either way.
		uri = r.URL.RequestURI()
	}
	return scheme + "://" + r.Host + uri
}

// forwardedProto returns the last X-Forwarded-Proto value, the one the
// proxy next to us wrote, in lower case.
func forwardedProto(r *http.Request) string {
	vals := r.Header.Values("X-Forwarded-Proto")
	if len(vals) == 0 {
		return ""
	}
	v := vals[len(vals)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(v))
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
