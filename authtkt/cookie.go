package authtkt

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// EncodeCookie returns the auth_tkt cookie value for a mod_auth_tkt ticket:
// standard base64 with padding and no line breaks, as Apache::AuthTkt and
// the module's own refresh send it. (ticket_auth cookies are the raw ticket.)
func EncodeCookie(ticket string) string {
	return base64.StdEncoding.EncodeToString([]byte(ticket))
}

// DecodeCookie returns the ticket in an auth_tkt cookie value, accepting
// every form mod_auth_tkt accepts, decided the way its parse_ticket decides:
//
//   - a value wrapped in double quotes is unwrapped first;
//   - a value containing '!' is a raw ticket, returned as it is;
//   - else a value containing "%21" is URL-escaped: %XX escapes of either
//     case are decoded and a '%' without two hex digits stays;
//   - else the value is standard base64, read like APR does: up to the first
//     character outside the alphabet (so padding is optional), a trailing
//     lone character ignored.
//
// As in the module the result ends at a NUL byte, and a result without '!'
// is refused (ErrParse): it cannot be a ticket. The decoder is as lenient as
// the module on purpose; Validate is where strict parsing happens.
// ticket_auth tickets, which always contain '!', pass through unchanged.
func DecodeCookie(value string) (string, error) {
	if i := strings.IndexByte(value, 0); i >= 0 {
		value = value[:i]
	}
	value = strings.TrimSuffix(value, `"`)
	value = strings.TrimPrefix(value, `"`)
	var ticket string
	switch {
	case strings.IndexByte(value, '!') >= 0:
		return value, nil
	case strings.Contains(value, "%21"):
		ticket = unescapeURL(value)
	default:
		ticket = decodeAPRBase64(value)
	}
	if i := strings.IndexByte(ticket, 0); i >= 0 {
		ticket = ticket[:i]
	}
	if strings.IndexByte(ticket, '!') < 0 {
		return "", fmt.Errorf("%w: cookie value holds no ticket", ErrParse)
	}
	return ticket, nil
}

// unescapeURL decodes %XX escapes like httpd's ap_unescape_url, whose errors
// the module ignores: a '%' without two hex digits stays.
func unescapeURL(s string) string {
	return string(appendPercentDecoded(make([]byte, 0, len(s)), s))
}

// decodeAPRBase64 decodes like apr_base64_decode: the longest prefix of
// standard-alphabet characters (so padding is optional and anything after
// it is ignored), an incomplete final group decoded as far as it goes and a
// single leftover character dropped. Unused low bits are ignored.
func decodeAPRBase64(s string) string {
	n := 0
	for n < len(s) && isBase64Char(s[n]) {
		n++
	}
	out := make([]byte, 0, n/4*3+2)
	var v uint32
	for i := 0; i < n; i++ {
		v = v<<6 | uint32(base64Value(s[i]))
		if i%4 == 3 {
			out = append(out, byte(v>>16), byte(v>>8), byte(v))
			v = 0
		}
	}
	switch n % 4 {
	case 2:
		out = append(out, byte(v>>4))
	case 3:
		out = append(out, byte(v>>10), byte(v>>2))
	}
	return string(out)
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

func base64Value(c byte) byte {
	switch {
	case 'A' <= c && c <= 'Z':
		return c - 'A'
	case 'a' <= c && c <= 'z':
		return c - 'a' + 26
	case '0' <= c && c <= '9':
		return c - '0' + 52
	case c == '+':
		return 62
	}
	return 63
}
