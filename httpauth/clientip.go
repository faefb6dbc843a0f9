package httpauth

import (
	"errors"
	"net/http"
	"net/netip"
	"strings"
)

// ErrClientIP reports that the client address of a request could not be
// determined: RemoteAddr is not an IP address (a Unix socket, for example),
// or a trusted proxy sent an X-Forwarded-For entry that is not an address.
var ErrClientIP = errors.New("httpauth: cannot determine the client IP address")

// maxForwardedHops bounds the X-Forwarded-For entries examined for one
// request. A longer chain of trusted proxies is not a real deployment, and
// the bound keeps the walk cheap on a hostile header.
const maxForwardedHops = 32

// clientIP returns the address a ticket is bound to for r.
//
// Without trusted proxies it is the address of RemoteAddr. With them, the
// walk starts at RemoteAddr and, for as long as the current hop lies in a
// trusted prefix, steps one entry to the left in X-Forwarded-For (all header
// lines, read as one comma-separated list, as RFC 9110 section 5.3 combines
// them). The first address outside the trusted prefixes is the client; a
// chain made only of trusted addresses yields its leftmost entry. Entries a
// client wrote itself sit left of every entry a trusted proxy appended, so
// they are never reached while a trusted hop vouches for the one to its right.
//
// Addresses are returned without a zone, and IPv4-mapped IPv6 addresses are
// unmapped, so one client has one spelling on every path.
func clientIP(r *http.Request, trusted []netip.Prefix) (netip.Addr, error) {
	ip, ok := parseHost(r.RemoteAddr)
	if !ok {
		return netip.Addr{}, ErrClientIP
	}
	if len(trusted) == 0 || !isTrusted(ip, trusted) {
		return ip, nil
	}
	lines := r.Header.Values("X-Forwarded-For")
	hops := 0
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for {
			entry := rest
			rest = ""
			if j := strings.LastIndexByte(entry, ','); j >= 0 {
				rest, entry = entry[:j], entry[j+1:]
			}
			entry = strings.TrimSpace(entry)
			if entry == "" {
				// Empty list elements are allowed by the list syntax
				// and carry nothing.
				if rest == "" {
					break
				}
				continue
			}
			if hops++; hops > maxForwardedHops {
				return netip.Addr{}, ErrClientIP
			}
			next, ok := parseHost(entry)
			if !ok {
				return netip.Addr{}, ErrClientIP
			}
			ip = next
			if !isTrusted(ip, trusted) {
				return ip, nil
			}
			if rest == "" {
				break
			}
		}
	}
	return ip, nil
}

// parseHost reads an address as RemoteAddr and X-Forwarded-For spell it:
// "192.0.2.1", "2001:db8::1", "[2001:db8::1]", "192.0.2.1:8080" or
// "[2001:db8::1]:8080".
func parseHost(s string) (netip.Addr, bool) {
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		// Brackets are for IPv6 only, as in netip.ParseAddrPort.
		ip, err := netip.ParseAddr(s[1 : len(s)-1])
		if err != nil || !ip.Is6() {
			return netip.Addr{}, false
		}
		return ip.WithZone("").Unmap(), true
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		ip = ap.Addr()
	}
	return ip.WithZone("").Unmap(), true
}

func isTrusted(ip netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
