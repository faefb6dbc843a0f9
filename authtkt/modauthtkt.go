package authtkt

import (
	"fmt"
	"net/netip"
	"strings"
)

// mod_auth_tkt 2.3.99b1:
//
//	ticket   = hex(digest) || %08x(ts) || uid "!" [tokens "!"] data
//	iptstamp = IPv4 (0.0.0.0 if none) || u32be(ts), ts being the issue time
//	digest0  = hex(H(iptstamp || secret || uid NUL tokens NUL data))
//	digest   = H(digest0 || secret), digest0 hashed as hex text
//
// Nothing is escaped: the module splits at the first two '!', so uid and
// tokens cannot contain '!', and the data cannot when there are no tokens.

func (f *Factory) newModAuthTkt(t *Ticket) (string, error) {
	if !t.ValidUntil.IsZero() {
		return "", fmt.Errorf("%w: ModAuthTkt tickets carry no expiry (the validator's Timeout decides); leave ValidUntil zero", ErrUnsupported)
	}
	issuedAt := t.IssuedAt
	if issuedAt.IsZero() {
		issuedAt = f.now()
	}
	ts, ok := unixSeconds(issuedAt)
	if !ok {
		return "", fmt.Errorf("%w: IssuedAt outside the 32-bit range of Unix seconds", ErrUnsupported)
	}
	if err := checkModAuthTktAddr(t.ClientIP); err != nil {
		return "", err
	}
	if strings.ContainsAny(t.UserID, "!\x00") {
		return "", fmt.Errorf("%w: mod_auth_tkt cannot carry '!' or NUL in a user id", ErrUnsupported)
	}
	n := len(t.UserID) + 1 + len(t.UserData)
	for _, tok := range t.Tokens {
		if tok == "" || strings.ContainsAny(tok, ",!\x00") {
			return "", fmt.Errorf("%w: mod_auth_tkt cannot carry an empty token or ',', '!' or NUL in one", ErrUnsupported)
		}
		n += len(tok) + 1
	}
	if strings.IndexByte(t.UserData, 0) >= 0 {
		return "", fmt.Errorf("%w: mod_auth_tkt cannot carry NUL in user data", ErrUnsupported)
	}
	if len(t.Tokens) == 0 && strings.IndexByte(t.UserData, '!') >= 0 {
		return "", fmt.Errorf("%w: mod_auth_tkt cannot carry '!' in user data without tokens", ErrUnsupported)
	}
	hexLen := 2 * f.alg.size()
	if hexLen+8+n > MaxTicketLen {
		return "", fmt.Errorf("%w: the ticket would be longer than %d bytes", ErrUnsupported, MaxTicketLen)
	}

	var rstack [stackBufSize]byte
	rest := append(rstack[:0], t.UserID...)
	rest = append(rest, '!')
	for i, tok := range t.Tokens {
		if i > 0 {
			rest = append(rest, ',')
		}
		rest = append(rest, tok...)
	}
	tokField := rest[len(t.UserID)+1:]
	if len(t.Tokens) > 0 {
		rest = append(rest, '!')
	}
	rest = append(rest, t.UserData...)

	var ipts [8]byte
	var sum [maxDigestSize]byte
	digest := modAuthTktDigest(f, &sum, modAuthTktIPTS(ipts[:0], t.ClientIP, ts),
		rest[:len(t.UserID)], tokField, rest[len(rest)-len(t.UserData):])
	return assemble(digest, ts, rest), nil
}

func (f *Factory) validateModAuthTkt(ticket string, clientIP netip.Addr) (*TicketInfo, error) {
	hexLen := 2 * f.alg.size()
	if strings.IndexByte(ticket, 0) >= 0 {
		return nil, fmt.Errorf("%w: NUL in ticket", ErrParse)
	}
	sep := strings.IndexByte(ticket, '!')
	if sep < 0 {
		return nil, fmt.Errorf("%w: no '!' separator (DecodeCookie decodes cookie values)", ErrParse)
	}
	if sep < hexLen+8 {
		return nil, fmt.Errorf("%w: too short for a %s ticket", ErrParse, f.alg)
	}
	var ts uint32
	var ok bool
	if f.lenient {
		ts, ok = parseScanfHex(ticket[hexLen:])
	} else {
		ts, ok = parseStrictTime(ticket[hexLen : hexLen+8])
	}
	if !ok {
		return nil, fmt.Errorf("%w: invalid time field", ErrParse)
	}
	uid, rest := ticket[hexLen+8:sep], ticket[sep+1:]
	tokField, data := "", rest
	k := strings.IndexByte(rest, '!')
	if k >= 0 {
		tokField, data = rest[:k], rest[k+1:]
	}
	var tokStack [inlineTokens]string
	tokens := appendTokens(tokStack[:0], tokField)
	if !f.lenient && tokField != "" {
		// NewTicket makes no empty token ("a,,b"). An empty tokens
		// section ("uid!!data", hashed like "uid!data") is accepted: the
		// module writes it when it refreshes a ticket without tokens.
		for _, tok := range tokens {
			if tok == "" {
				return nil, fmt.Errorf("%w: empty token", ErrParse)
			}
		}
	}
	if err := checkModAuthTktAddr(clientIP); err != nil {
		return nil, err
	}

	var ipts [8]byte
	var sum [maxDigestSize]byte
	if !digestMatches(ticket[:hexLen], modAuthTktDigest(f, &sum, modAuthTktIPTS(ipts[:0], clientIP, ts), uid, tokField, data)) {
		return nil, ErrDigest
	}
	info := newInfo(tokens)
	info.Digest, info.UserID, info.UserData, info.IssuedAt = ticket[:hexLen], uid, data, timeOf(ts)
	if f.timeout != 0 {
		// The module: timestamp + timeout >= now, all unsigned int.
		end := ts + f.timeout
		info.ValidUntil = timeOf(end)
		if now := f.now(); end < uint32(now.Unix()) {
			return nil, &ExpiredError{IssuedAt: info.IssuedAt, ValidUntil: info.ValidUntil, Now: now}
		}
	}
	return info, nil
}

// checkModAuthTktAddr refuses what mod_auth_tkt cannot bind: IPv6.
func checkModAuthTktAddr(ip netip.Addr) error {
	if ip.IsValid() && !ip.Is4() && !ip.Is4In6() {
		return fmt.Errorf("%w: mod_auth_tkt binds IPv4 only; use the zero Addr (TKTAuthIgnoreIP on) for IPv6 clients", ErrUnsupported)
	}
	return nil
}

// parseScanfHex reads the time field as the module's sscanf(s, "%8x") does
// (glibc), for Lenient: leading C whitespace is skipped and does not count,
// then at most 8 characters of an optional sign, an optional 0x prefix and
// hex digits of either case. The read may run past the 8-character field,
// as the module's does. A '-' negates modulo 2^32, as strtoul does.
func parseScanfHex(s string) (uint32, bool) {
	i := 0
	for i < len(s) && strings.IndexByte(" \t\n\v\f\r", s[i]) >= 0 {
		i++
	}
	width := 8
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
		width--
	}
	digits := 0
	if width > 0 && i < len(s) && s[i] == '0' {
		i++
		width--
		digits++
		if width > 0 && i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			i++
			width--
		}
	}
	var v uint32
	for ; width > 0 && i < len(s); i++ {
		d, ok := unhex(s[i])
		if !ok {
			break
		}
		v = v<<4 | uint32(d)
		digits++
		width--
	}
	if digits == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}
