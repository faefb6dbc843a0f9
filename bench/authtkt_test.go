package bench

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
)

// The authtkt floor validates a canonical ticket_auth ticket (fields that
// need no unescaping) with the least work the format allows: parse the time
// field and the two '!', build data0 || secret || data1 in a reused buffer,
// two bare hashes (inner = H(data0 || secret || data1), digest =
// H(inner || secret)), hex, a constant-time compare, one clock read, and the
// result with its token slice.

var errAuthFloor = errors.New("authtkt floor: invalid ticket")

type authFloorInfo struct {
	Digest, UserID, UserData string
	Tokens                   []string
	ValidUntil               time.Time
}

type authtktFloor struct {
	secret []byte
	sum    func(dst, msg []byte) []byte // a bare hash, appended to dst
	hexLen int
	buf    []byte
}

func newAuthtktFloor(alg string, secret []byte) *authtktFloor {
	f := &authtktFloor{secret: secret}
	switch alg {
	case "sha256":
		f.sum = func(dst, msg []byte) []byte { s := sha256.Sum256(msg); return append(dst, s[:]...) }
		f.hexLen = 2 * sha256.Size
	case "sha512":
		f.sum = func(dst, msg []byte) []byte { s := sha512.Sum512(msg); return append(dst, s[:]...) }
		f.hexLen = 2 * sha512.Size
	default:
		panic("authtkt floor: unknown hash " + alg)
	}
	return f
}

func (f *authtktFloor) validate(ticket string, ip netip.Addr) (*authFloorInfo, error) {
	if len(ticket) < f.hexLen+8 {
		return nil, errAuthFloor
	}
	var vu uint32
	for _, c := range []byte(ticket[f.hexLen : f.hexLen+8]) {
		switch {
		case '0' <= c && c <= '9':
			vu = vu<<4 | uint32(c-'0')
		case 'a' <= c && c <= 'f':
			vu = vu<<4 | uint32(c-'a'+10)
		default:
			return nil, errAuthFloor
		}
	}
	rest := ticket[f.hexLen+8:]
	i := strings.IndexByte(rest, '!')
	if i < 0 {
		return nil, errAuthFloor
	}
	j := strings.IndexByte(rest[i+1:], '!')
	if j < 0 {
		return nil, errAuthFloor
	}
	j += i + 1
	if strings.IndexByte(rest[j+1:], '!') >= 0 {
		return nil, errAuthFloor
	}

	b := f.buf[:0]
	if ip.Is4() {
		b = append(b, 4)
		a := ip.As4()
		b = append(b, a[:]...)
	} else if ip.IsValid() {
		b = append(b, 6)
		a := ip.As16()
		b = append(b, a[:]...)
	} else {
		b = append(b, 4, 0, 0, 0, 0)
	}
	b = binary.BigEndian.AppendUint32(b, vu)
	b = append(b, f.secret...)
	start := len(b)
	b = append(b, rest...)
	b[start+i], b[start+j] = 0, 0
	inner := len(b)
	b = f.sum(b, b[:inner])
	b = append(b, f.secret...)
	b = f.sum(b, b[inner:])
	var hx [2 * sha512.Size]byte
	hex.Encode(hx[:], b[len(b)-f.hexLen/2:])
	f.buf = b
	if subtle.ConstantTimeCompare(hx[:f.hexLen], []byte(ticket[:f.hexLen])) != 1 {
		return nil, errAuthFloor
	}
	if int64(vu) <= time.Now().Unix() {
		return nil, errAuthFloor
	}
	info := &authFloorInfo{Digest: ticket[:f.hexLen], UserID: rest[:i], UserData: rest[j+1:],
		ValidUntil: time.Unix(int64(vu), 0)}
	if i+1 < j {
		info.Tokens = strings.Split(rest[i+1:j], ",")
	}
	return info, nil
}

// authtktCase is the ticket both sides validate: IPv4-bound, two tokens,
// the 38-byte payload as user data.
var authtktIP = netip.MustParseAddr("192.0.2.7")

func authtktTicket(tb testing.TB, alg string) (*authtkt.Factory, string) {
	tb.Helper()
	f, err := authtkt.New(key32("authtkt"), &authtkt.Config{Hash: alg})
	if err != nil {
		tb.Fatal(err)
	}
	t, err := f.NewTicket(authtkt.Ticket{UserID: "alice.liddell", ValidUntil: time.Now().Add(time.Hour),
		ClientIP: authtktIP, Tokens: []string{"admin", "editor"}, UserData: string(small)})
	if err != nil {
		tb.Fatal(err)
	}
	return f, t
}

var sinkAuthInfo *authtkt.TicketInfo
var sinkAuthFloor *authFloorInfo

func BenchmarkAuthtktValidate(b *testing.B) {
	for _, alg := range []string{"sha256", "sha512"} {
		f, ticket := authtktTicket(b, alg)
		b.Run(alg+"/ours", func(b *testing.B) {
			b.ReportAllocs()
			withCPU(b, func() {
				for b.Loop() {
					info, err := f.Validate(ticket, authtktIP)
					if err != nil {
						b.Fatal(err)
					}
					sinkAuthInfo = info
				}
			})
		})
		b.Run(alg+"/floor", func(b *testing.B) {
			fl := newAuthtktFloor(alg, key32("authtkt"))
			b.ReportAllocs()
			withCPU(b, func() {
				for b.Loop() {
					info, err := fl.validate(ticket, authtktIP)
					if err != nil {
						b.Fatal(err)
					}
					sinkAuthFloor = info
				}
			})
		})
	}
}

// The floor must accept exactly what authtkt accepts for this ticket, or it
// would be measuring some other job.
func TestAuthtktFloorAgrees(t *testing.T) {
	for _, alg := range []string{"sha256", "sha512"} {
		f, ticket := authtktTicket(t, alg)
		fl := newAuthtktFloor(alg, key32("authtkt"))
		want, err := f.Validate(ticket, authtktIP)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fl.validate(ticket, authtktIP)
		if err != nil {
			t.Fatalf("%s: the floor refused authtkt's ticket: %v", alg, err)
		}
		if got.UserID != want.UserID || got.UserData != want.UserData || strings.Join(got.Tokens, ",") != strings.Join(want.Tokens, ",") {
			t.Errorf("%s: floor parsed %+v, authtkt %+v", alg, got, want)
		}
		tampered := ticket[:len(ticket)-1] + "X"
		if _, err := fl.validate(tampered, authtktIP); err == nil {
			t.Errorf("%s: the floor accepted a tampered ticket", alg)
		}
		if _, err := fl.validate(ticket, netip.MustParseAddr("192.0.2.8")); err == nil {
			t.Errorf("%s: the floor accepted the ticket from another IP", alg)
		}
	}
}
