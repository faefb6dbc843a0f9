package authtkt

import (
	"strings"
	"unicode/utf8"
)

// ticket_auth escapes every field with Python's urllib.parse.quote (safe='/')
// and unescapes with urllib.parse.unquote. Go's url.PathEscape and
// url.QueryEscape differ from both, so this file replicates them exactly.

// quoteSafe marks the bytes quote leaves alone: A-Z a-z 0-9 _ . - ~ and '/'.
var quoteSafe = func() (t [256]bool) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "_.-~/" {
		t[c] = true
	}
	return t
}()

const upperHex = "0123456789ABCDEF"

// appendQuote appends quote(s): every byte outside the safe set becomes
// %XX with uppercase hex. s must be UTF-8 (Python encodes str as UTF-8).
func appendQuote(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quoteSafe[c] {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// quotedLen is len(appendQuote(nil, s)).
func quotedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if !quoteSafe[s[i]] {
			n += 2
		}
	}
	return n
}

// unhex returns the value of an ASCII hex digit of either case.
func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// appendUnquote appends Python's unquote(s): runs of ASCII are
// percent-decoded (a '%' not followed by two hex digits stays as it is) and
// the bytes decoded as UTF-8, each maximal invalid subsequence becoming
// U+FFFD; runs of non-ASCII text pass through.
func appendUnquote(dst []byte, s string) []byte {
	// Fast path, the only one canonical tickets take: all ASCII, decoding
	// to valid UTF-8, which needs no replacement.
	if isASCII(s) {
		start := len(dst)
		dst = appendPercentDecoded(dst, s)
		if utf8.Valid(dst[start:]) {
			return dst
		}
		dst = dst[:start]
	}
	var runStack [256]byte
	for i := 0; i < len(s); {
		j := i
		if s[i] >= utf8.RuneSelf {
			for j < len(s) && s[j] >= utf8.RuneSelf {
				j++
			}
			dst = append(dst, s[i:j]...)
		} else {
			for j < len(s) && s[j] < utf8.RuneSelf {
				j++
			}
			dst = appendReplacingInvalidUTF8(dst, appendPercentDecoded(runStack[:0], s[i:j]))
		}
		i = j
	}
	return dst
}

// appendPercentDecoded appends s with every %XX (either case) decoded.
func appendPercentDecoded(dst []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if len(s) >= 3 {
			hi, ok1 := unhex(s[1])
			lo, ok2 := unhex(s[2])
			if ok1 && ok2 {
				dst = append(dst, hi<<4|lo)
				s = s[3:]
				continue
			}
		}
		dst = append(dst, '%')
		s = s[1:]
	}
}

func isASCII(s string) bool {
	var or byte
	for i := 0; i < len(s); i++ {
		or |= s[i]
	}
	return or < utf8.RuneSelf
}

// appendReplacingInvalidUTF8 appends b with each maximal subpart of an
// ill-formed UTF-8 sequence replaced by U+FFFD, as Python's decoder does with
// errors='replace' (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal
// Subparts"). Go's strings.ToValidUTF8 merges runs and utf8.DecodeRune
// replaces single bytes, so neither matches it.
func appendReplacingInvalidUTF8(dst, b []byte) []byte {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r != utf8.RuneError || size > 1 {
			dst = append(dst, b[:size]...)
			b = b[size:]
			continue
		}
		dst = append(dst, "\uFFFD"...)
		b = b[maximalSubpart(b):]
	}
	return dst
}

// maximalSubpart returns the length of the maximal subpart at the start of
// b, which does not begin with a well-formed UTF-8 sequence: the lead byte
// and the continuation bytes that could still have completed it.
func maximalSubpart(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF)
	var need int
	switch c := b[0]; {
	case 0xC2 <= c && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case 0xE1 <= c && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case 0xF1 <= c && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}

// allSafe reports whether quote keeps every byte of s, ',' included when
// comma is set (a tokens field, whose tokens are quoted one by one).
func allSafe(s string, comma bool) bool {
	for i := 0; i < len(s); i++ {
		if !quoteSafe[s[i]] && (!comma || s[i] != ',') {
			return false
		}
	}
	return true
}

// isCanonical reports whether field is exactly quote(unquote(field)), the
// only spelling ticket_auth produces. value is unquote(field).
func isCanonical(field, value string) bool {
	if len(field) == len(value) {
		// Nothing was unescaped: canonical when every byte is safe (so
		// there is no '%' and value is field).
		return allSafe(field, false)
	}
	if len(field) != quotedLen(value) {
		return false
	}
	j := 0
	for i := 0; i < len(value); i++ {
		c := value[i]
		if quoteSafe[c] {
			if field[j] != c {
				return false
			}
			j++
			continue
		}
		if field[j] != '%' || field[j+1] != upperHex[c>>4] || field[j+2] != upperHex[c&15] {
			return false
		}
		j += 3
	}
	return true
}
