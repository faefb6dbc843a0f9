package authtkt

import (
	"bytes"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strings"
)

// Both formats use the same ad-hoc double hash (not HMAC; see the package
// documentation): inner = H(prefix || secret || fields), then
// digest = H(inner' || secret), where inner' is the raw inner digest for
// ticket_auth and its lowercase hex for mod_auth_tkt. The inputs are put
// together in a stack buffer and hashed with the one-shot functions, so a
// typical ticket costs no allocation.

// stackBufSize covers the hash inputs of ordinary tickets; longer ones spill
// to the heap.
const stackBufSize = 512

// ticketAuthData0 appends ticket_auth's data0: the IP version byte, the
// packed address (0.0.0.0 when ip is the zero Addr) and the u32 expiry.
func ticketAuthData0(dst []byte, ip netip.Addr, validUntil uint32) []byte {
	switch {
	case !ip.IsValid():
		dst = append(dst, 4, 0, 0, 0, 0)
	case ip.Is4():
		a := ip.As4()
		dst = append(append(dst, 4), a[:]...)
	default:
		a := ip.As16()
		dst = append(append(dst, 6), a[:]...)
	}
	return binary.BigEndian.AppendUint32(dst, validUntil)
}

// modAuthTktIPTS appends mod_auth_tkt's iptstamp: the IPv4 address
// (0.0.0.0 for the zero Addr) and the u32 timestamp. ip must be IPv4,
// IPv4-mapped IPv6 or zero.
func modAuthTktIPTS(dst []byte, ip netip.Addr, ts uint32) []byte {
	var a [4]byte
	if ip.IsValid() {
		a = ip.Unmap().As4()
	}
	return binary.BigEndian.AppendUint32(append(dst, a[:]...), ts)
}

// appendFields appends src with every sep byte replaced by NUL: it turns a
// ticket's "uid!tokens!data" into the "uid NUL tokens NUL data" both formats
// hash.
func appendFields[T string | []byte](dst []byte, src T, sep byte) []byte {
	start := len(dst)
	dst = append(dst, src...)
	for rest := dst[start:]; ; {
		i := bytes.IndexByte(rest, sep)
		if i < 0 {
			return dst
		}
		rest[i] = 0
		rest = rest[i+1:]
	}
}

// ticketAuthDigest computes ticket_auth's digest into out and returns it
// (raw bytes): H(H(data0 || secret || data1) || secret). rest is "uid!tokens!data" with every field escaped, so the
// only '!' are the two separators, which become NUL in data1.
func ticketAuthDigest[T string | []byte](f *Factory, out *[maxDigestSize]byte, ip netip.Addr, validUntil uint32, rest T) []byte {
	var stack [stackBufSize]byte
	buf := ticketAuthData0(stack[:0], ip, validUntil)
	buf = append(buf, f.secret...)
	buf = appendFields(buf, rest, '!')
	var inner [maxDigestSize]byte
	in := f.alg.sum(&inner, buf)
	buf = append(append(buf[:0], in...), f.secret...)
	return f.alg.sum(out, buf)
}

// modAuthTktDigest computes mod_auth_tkt's digest of
// iptstamp || secret || uid NUL tokens NUL data into out and returns it (raw
// bytes).
func modAuthTktDigest[T string | []byte](f *Factory, out *[maxDigestSize]byte, iptstamp []byte, uid, tokens, data T) []byte {
	var stack [stackBufSize]byte
	buf := append(stack[:0], iptstamp...)
	buf = append(buf, f.secret...)
	buf = append(buf, uid...)
	buf = append(buf, 0)
	buf = append(buf, tokens...)
	buf = append(buf, 0)
	buf = append(buf, data...)
	var inner [maxDigestSize]byte
	in := f.alg.sum(&inner, buf)
	var inHex [2 * maxDigestSize]byte
	hex.Encode(inHex[:], in)
	buf = append(append(buf[:0], inHex[:2*len(in)]...), f.secret...)
	return f.alg.sum(out, buf)
}

// digestMatches reports in constant time whether field is the lowercase
// hex of sum. (An uppercase digest does not match: the originals refuse it
// too.)
func digestMatches(field string, sum []byte) bool {
	var want [2 * maxDigestSize]byte
	n := hex.Encode(want[:], sum)
	if len(field) != n {
		return false
	}
	// subtle.ConstantTimeCompare's loop, on the string without a copy.
	var v byte
	for i := 0; i < n; i++ {
		v |= field[i] ^ want[i]
	}
	return subtle.ConstantTimeByteEq(v, 0) == 1
}

// lowerHex returns the value of a lowercase hex digit.
func lowerHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// parseStrictTime parses the canonical time field: exactly eight lowercase
// hex digits.
func parseStrictTime(field string) (uint32, bool) {
	if len(field) != 8 {
		return 0, false
	}
	var v uint32
	for i := 0; i < 8; i++ {
		d, ok := lowerHex(field[i])
		if !ok {
			return 0, false
		}
		v = v<<4 | uint32(d)
	}
	return v, true
}

// appendTime appends the time field: %08x of t.
func appendTime(dst []byte, t uint32) []byte {
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, "0123456789abcdef"[t>>uint(shift)&15])
	}
	return dst
}

// assemble returns the ticket string hex(digest) || %08x(t) || rest, with a
// single allocation.
func assemble(digest []byte, t uint32, rest []byte) string {
	var head [2*maxDigestSize + 8]byte
	n := hex.Encode(head[:], digest)
	appendTime(head[n:n], t)
	var b strings.Builder
	b.Grow(n + 8 + len(rest))
	b.Write(head[:n+8])
	b.Write(rest)
	return b.String()
}
