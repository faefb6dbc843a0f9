package authtkt

import (
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

	var rstack [stackBufSize]byte
	rest := appendQuotedFields(rstack[:0], t.UserID, t.Tokens, t.UserData)

	var sum [maxDigestSize]byte
	digest := ticketAuthDigest(f, &sum, t.ClientIP, vu, rest)
	return assemble(digest, vu, rest), nil
}

func (f *Factory) validateTicketAuth(ticket string, clientIP netip.Addr) (*TicketInfo, error) {
	hexLen := 2 * f.alg.size()
	if len(ticket) < hexLen+8 {
		return nil, fmt.Errorf("%w: too short for a %s ticket", ErrParse, f.alg)
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
	var tokStack [inlineTokens]string
	var uid, data string
	var tokens []string
	var canonical bool
	if strings.IndexByte(rest, '%') < 0 {
		// The common case, nothing escaped: the fields are the values,
		// canonical when quote keeps every byte (',' between tokens).
		uid, data = uidField, dataField
		tokens = appendTokens(tokStack[:0], tokField)
		canonical = allSafe(uidField, false) && allSafe(tokField, true) && allSafe(dataField, false)
	} else {
		uid, tokens, data = unquoteFields(uidField, tokField, dataField, tokStack[:0])
		canonical = isCanonical(uidField, uid) && isCanonical(dataField, data)
		for k, tail := 0, tokField; canonical && k < len(tokens); k++ {
			var tf string
			tf, tail, _ = strings.Cut(tail, ",")
			canonical = isCanonical(tf, tokens[k])
		}
	}

	var sum [maxDigestSize]byte
	var digest []byte
	switch {
	case canonical:
		digest = ticketAuthDigest(f, &sum, clientIP, vu, rest)
	case f.lenient:
		// ticket_auth re-escapes the unescaped fields and hashes that.
		var cstack [stackBufSize]byte
		c := appendQuotedFields(cstack[:0], uid, tokens, data)
		digest = ticketAuthDigest(f, &sum, clientIP, vu, c)
	default:
		return nil, fmt.Errorf("%w: non-canonical escaping", ErrParse)
	}
	if !digestMatches(ticket[:hexLen], digest) {
		if !isASCII(ticket[:hexLen]) {
			// ticket_auth slices code points: with a multi-byte character
			// there, its fields are not the ones parsed here. Either way
			// the ticket is bad.
			return nil, fmt.Errorf("%w: non-ASCII digest field", ErrParse)
		}
		return nil, ErrDigest
	}
	validUntil := timeOf(vu)
	if now := f.now(); !now.Before(validUntil) {
		return nil, &ExpiredError{ValidUntil: validUntil, Now: now}
	}
	info := newInfo(tokens)
	info.Digest, info.UserID, info.UserData, info.ValidUntil = ticket[:hexLen], uid, data, validUntil
	return info, nil
}

// appendQuotedFields appends the fields part of a ticket as ticket_auth
// writes it: quote(uid) "!" the quoted tokens joined by ',' "!" quote(data).
func appendQuotedFields(dst []byte, uid string, tokens []string, data string) []byte {
	dst = appendQuote(dst, uid)
	dst = append(dst, '!')
	for i, tok := range tokens {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendQuote(dst, tok)
	}
	dst = append(dst, '!')
	return appendQuote(dst, data)
}

// unquoteFields unescapes a ticket's fields as ticket_auth's parse() does,
// into one allocation. The tokens are appended to tokens.
func unquoteFields(uidField, tokField, dataField string, tokens []string) (uid string, _ []string, data string) {
	tokens = appendTokens(tokens, tokField)
	var stack [stackBufSize]byte
	var endStack [16]int
	buf := appendUnquote(stack[:0], uidField)
	ends := append(endStack[:0], len(buf))
	for _, tf := range tokens {
		buf = appendUnquote(buf, tf)
		ends = append(ends, len(buf))
	}
	buf = appendUnquote(buf, dataField)
	all := string(buf)
	uid, data = all[:ends[0]], all[ends[len(ends)-1]:]
	for k := range tokens {
		tokens[k] = all[ends[k]:ends[k+1]]
	}
	return uid, tokens, data
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
