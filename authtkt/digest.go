package authtkt

import (
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
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
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == sep {
			c = 0
		}
		dst = append(dst, c)
	}
	return dst
}

// ticketAuthDigest computes ticket_auth's digest of data0 || secret || data1
// into out and returns it (raw bytes).
func (f *Factory) ticketAuthDigest(out *[maxDigestSize]byte, data0, data1 []byte) []byte {
	var stack [stackBufSize]byte
	buf := append(stack[:0], data0...)
	buf = append(buf, f.secret...)
	buf = append(buf, data1...)
	var inner [maxDigestSize]byte
	in := f.alg.sum(&inner, buf)
	buf = append(append(buf[:0], in...), f.secret...)
	return f.alg.sum(out, buf)
}

// modAuthTktDigest computes mod_auth_tkt's digest of
// iptstamp || secret || fields into out and returns it (raw bytes).
func (f *Factory) modAuthTktDigest(out *[maxDigestSize]byte, iptstamp, fields []byte) []byte {
	var stack [stackBufSize]byte
	buf := append(stack[:0], iptstamp...)
	buf = append(buf, f.secret...)
	buf = append(buf, fields...)
	var inner [maxDigestSize]byte
	in := f.alg.sum(&inner, buf)
	var inHex [2 * maxDigestSize]byte
	hex.Encode(inHex[:], in)
	buf = append(append(buf[:0], inHex[:2*len(in)]...), f.secret...)
	return f.alg.sum(out, buf)
}

// digestMatches reports whether field is the lowercase hex of sum. The
// comparison of the decoded bytes runs in constant time; only the syntax of
// field, which the client sent, decides the early return.
func digestMatches(field string, sum []byte) bool {
	if len(field) != 2*len(sum) {
		return false
	}
	var got [maxDigestSize]byte
	for i := range sum {
		hi, ok1 := lowerHex(field[2*i])
		lo, ok2 := lowerHex(field[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		got[i] = hi<<4 | lo
	}
	return subtle.ConstantTimeCompare(got[:len(sum)], sum) == 1
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
