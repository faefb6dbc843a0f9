package authtkt

import (
	"encoding/hex"
	"fmt"
	"math"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// ticket_auth 0.1.4:
//
//	ticket = hex(digest) || %08x(valid_until) || quote(uid) "!" tokens "!" quote(data)
//	tokens = ",".join(quote(t) for t in tokens)
//	data0  = ip version byte || packed ip (0.0.0.0 if none) || u32be(valid_until)
//	data1  = quote(uid) NUL tokens NUL quote(data)
//	digest = H(H(data0 || secret || data1) || secret)

func (f *Factory) newTicketAuth(t *Ticket) (string, error) {
	if !t.IssuedAt.IsZero() {
		return "", fmt.Errorf("%w: TicketAuth tickets carry no issue time; leave IssuedAt zero", ErrUnsupported)
	}
	validUntil := t.ValidUntil
	if validUntil.IsZero() {
		validUntil = f.now().Add(DefaultLifetime)
	}
	vu, ok := unixSeconds(validUntil)
	if !ok {
		return "", fmt.Errorf("%w: ValidUntil outside the 32-bit range of Unix seconds", ErrUnsupported)
	}
	if !utf8.ValidString(t.UserID) || !utf8.ValidString(t.UserData) {
		return "", fmt.Errorf("%w: UserID and UserData must be UTF-8", ErrUnsupported)
	}
	n := quotedLen(t.UserID) + quotedLen(t.UserData) + 2
	for i, tok := range t.Tokens {
		if !utf8.ValidString(tok) {
			return "", fmt.Errorf("%w: tokens must be UTF-8", ErrUnsupported)
		}
		if i > 0 {
			n++
		}
		n += quotedLen(tok)
	}
	hexLen := 2 * f.alg.size()
	if hexLen+8+n > MaxTicketLen {
		return "", fmt.Errorf("%w: the ticket would be longer than %d bytes", ErrUnsupported, MaxTicketLen)
	}

	// The ticket is built in place: digest placeholder, time, fields.
	out := make([]byte, hexLen, hexLen+8+n)
	out = appendTime(out, vu)
	out = appendQuote(out, t.UserID)
	out = append(out, '!')
	for i, tok := range t.Tokens {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendQuote(out, tok)
	}
	out = append(out, '!')
	out = appendQuote(out, t.UserData)

	var d0 [21]byte
	var dstack [stackBufSize]byte
	data1 := appendFields(dstack[:0], out[hexLen+8:], '!')
	var sum [maxDigestSize]byte
	hex.Encode(out, f.ticketAuthDigest(&sum, ticketAuthData0(d0[:0], t.ClientIP, vu), data1))
	return string(out), nil
}

func (f *Factory) validateTicketAuth(ticket string, clientIP netip.Addr) (*TicketInfo, error) {
	hexLen := 2 * f.alg.size()
	if len(ticket) < hexLen+8 {
		return nil, fmt.Errorf("%w: too short for a %s ticket", ErrParse, f.alg)
	}
	// ticket_auth slices code points; a non-ASCII prefix can never carry a
	// valid digest or time field.
	for i := 0; i < hexLen+8; i++ {
		if ticket[i] >= utf8.RuneSelf {
			return nil, fmt.Errorf("%w: non-ASCII digest or time field", ErrParse)
		}
	}
	var vu uint32
	var ok bool
	if f.lenient {
		vu, ok = parsePythonHex(ticket[hexLen : hexLen+8])
	} else {
		vu, ok = parseStrictTime(ticket[hexLen : hexLen+8])
	}
	if !ok {
		return nil, fmt.Errorf("%w: invalid time field", ErrParse)
	}
	rest := ticket[hexLen+8:]
	i := strings.IndexByte(rest, '!')
	if i < 0 {
		return nil, fmt.Errorf("%w: missing parts", ErrParse)
	}
	j := strings.IndexByte(rest[i+1:], '!')
	if j < 0 {
		return nil, fmt.Errorf("%w: missing parts", ErrParse)
	}
	j += i + 1
	if strings.IndexByte(rest[j+1:], '!') >= 0 {
		return nil, fmt.Errorf("%w: too many parts", ErrParse)
	}
	uidField, tokField, dataField := rest[:i], rest[i+1:j], rest[j+1:]
	uid, data := unquote(uidField), unquote(dataField)
	tokens := splitTokens(tokField)
	canonical := isCanonical(uidField, uid) && isCanonical(dataField, data)
	for k, tf := range tokens {
		tokens[k] = unquote(tf)
		canonical = canonical && isCanonical(tf, tokens[k])
	}

	var dstack [stackBufSize]byte
	var data1 []byte
	switch {
	case canonical:
		data1 = appendFields(dstack[:0], rest, '!')
	case f.lenient:
		// ticket_auth re-escapes the unescaped fields and hashes that.
		data1 = appendQuote(dstack[:0], uid)
		data1 = append(data1, 0)
		for k, tok := range tokens {
			if k > 0 {
				data1 = append(data1, ',')
			}
			data1 = appendQuote(data1, tok)
		}
		data1 = append(data1, 0)
		data1 = appendQuote(data1, data)
	default:
		return nil, fmt.Errorf("%w: non-canonical escaping", ErrParse)
	}

	var d0 [21]byte
	var sum [maxDigestSize]byte
	if !digestMatches(ticket[:hexLen], f.ticketAuthDigest(&sum, ticketAuthData0(d0[:0], clientIP, vu), data1)) {
		return nil, ErrDigest
	}
	validUntil := timeOf(vu)
	if now := f.now(); !now.Before(validUntil) {
		return nil, &ExpiredError{ValidUntil: validUntil, Now: now}
	}
	return &TicketInfo{
		Digest:     ticket[:hexLen],
		UserID:     uid,
		Tokens:     tokens,
		UserData:   data,
		ValidUntil: validUntil,
	}, nil
}

// parsePythonHex parses a time field the way ticket_auth's int(field, 16)
// does, for Lenient: surrounding ASCII whitespace, a sign, a 0x prefix,
// either case and single underscores between digits (or after the prefix).
// A negative or out-of-range value is refused (ticket_auth fails there with
// a raw struct.error). Unicode digits and spaces, which int() also takes, are
// not accepted.
func parsePythonHex(s string) (uint32, bool) {
	s = strings.Trim(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	underscoreOK := false // an underscore may follow a digit or the prefix
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
		underscoreOK = true
	}
	var v uint64
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			if !underscoreOK || i == len(s)-1 {
				return 0, false
			}
			underscoreOK = false
			continue
		}
		d, ok := unhex(c)
		if !ok {
			return 0, false
		}
		v = v<<4 | uint64(d)
		digits++
		underscoreOK = true
	}
	if digits == 0 || v > math.MaxUint32 || (neg && v != 0) {
		return 0, false
	}
	return uint32(v), true
}
