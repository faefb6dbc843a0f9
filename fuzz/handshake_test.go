package fuzz

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/dh/handshake"
	"github.com/gotickets/tickets/testvectors"
)

// The three parsers of dh/handshake, fuzzed through the state machine on
// arbitrary bytes: no input panics, every failure is one of the package's
// errors and ends the handshake, and what is accepted is exactly what
// PROTOCOL.md allows. The groups and sizes below are PROTOCOL.md's tables.

// hsGroupSizes maps the group identifiers of PROTOCOL.md to the byte length
// of their primes.
var hsGroupSizes = map[uint16]int{
	5: 192, 14: 256, 15: 384, 16: 512, 17: 768, 18: 1024,
	256: 256, 257: 384, 258: 512, 259: 768, 260: 1024,
}

// hsRand is a deterministic random source, the same for every call with one
// seed.
func hsRand(seed byte) io.Reader {
	return rand.NewChaCha8([32]byte{0: seed, 31: 0x48})
}

// hsVectorMessages returns every message of one kind ("clientHello",
// "serverHello", "clientVerify") in testvectors/handshake.json.
func hsVectorMessages(f *testing.F, kind string) [][]byte {
	var file struct {
		Tests []map[string]any `json:"tests"`
	}
	raw, err := testvectors.Raw("handshake.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, tc := range file.Tests {
		s, _ := tc[kind].(string)
		if s == "" {
			continue
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		f.Fatalf("no %s in the vectors", kind)
	}
	return out
}

// hsCheckError fails unless err is one of the errors a peer's bytes may
// cause, and the handshake is over afterwards (retry must give ErrState).
func hsCheckError(t *testing.T, err error, retry func() error) {
	t.Helper()
	switch {
	case errors.Is(err, handshake.ErrMalformed), errors.Is(err, handshake.ErrTooLarge),
		errors.Is(err, handshake.ErrUnsupportedGroup), errors.Is(err, handshake.ErrAuthFailed),
		errors.Is(err, dh.ErrInvalidPublicKey):
	default:
		t.Fatalf("unexpected error %v", err)
	}
	if !strings.HasPrefix(err.Error(), "handshake: ") {
		t.Fatalf("error without the package prefix: %q", err)
	}
	if err := retry(); !errors.Is(err, handshake.ErrState) {
		t.Fatalf("a failed handshake went on: %v", err)
	}
}

// hsSession is one honest handshake with fixed randomness, the reference
// the fuzz targets compare against.
type hsSession struct {
	ch, sh, cv []byte
	key        []byte
}

// hsNewSession runs the reference handshake; the clients and servers that
// hsClient and hsServer make afterwards repeat it exactly.
func hsNewSession(f *testing.F) *hsSession {
	s := &hsSession{}
	c, srv := hsClient(f), hsServer(f)
	var err error
	if s.ch, err = c.Hello(); err != nil {
		f.Fatal(err)
	}
	if s.sh, err = srv.Hello(s.ch); err != nil {
		f.Fatal(err)
	}
	if s.cv, err = c.Verify(s.sh); err != nil {
		f.Fatal(err)
	}
	if err := srv.Verify(s.cv); err != nil {
		f.Fatal(err)
	}
	s.key = c.Key()
	return s
}

func hsClient(t testing.TB) *handshake.Client {
	c, err := handshake.NewClient(&handshake.Config{Group: groups.FFDHE2048, Rand: hsRand(1)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hsServer(t testing.TB) *handshake.Server {
	srv, err := handshake.NewServer(&handshake.Config{Rand: hsRand(2)})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// FuzzHandshakeClientHello feeds arbitrary bytes to Server.Hello. A
// message it accepts has the exact layout of a client hello for an allowed
// group, and the answer has the exact layout of a server hello.
func FuzzHandshakeClientHello(f *testing.F) {
	ref := hsNewSession(f)
	f.Add(ref.ch)
	for _, m := range hsVectorMessages(f, "clientHello") {
		f.Add(m)
	}
	f.Add([]byte{})
	f.Add([]byte{1, 1, 1, 0, 1, 0})
	f.Fuzz(func(t *testing.T, msg []byte) {
		srv := hsServer(t)
		sh, err := srv.Hello(msg)
		if err != nil {
			hsCheckError(t, err, func() error { _, err := srv.Hello(ref.ch); return err })
			return
		}
		if len(msg) < 38 || msg[0] != 1 || msg[1] != 1 {
			t.Fatalf("accepted a client hello without its header: %x", msg)
		}
		id := binary.BigEndian.Uint16(msg[2:])
		n, ok := hsGroupSizes[id]
		if !ok || id == 5 { // modp1536 is not in the default allow-list
			t.Fatalf("accepted group identifier %d", id)
		}
		if bits := int(binary.BigEndian.Uint16(msg[4:])); bits < dh.MinExponentBits || bits > 8*n {
			t.Fatalf("accepted an exponent of %d bits", bits)
		}
		if len(msg) != 38+n || len(sh) != 66+n || sh[0] != 1 || sh[1] != 2 {
			t.Fatalf("client hello of %d bytes and server hello of %d bytes for N = %d", len(msg), len(sh), n)
		}
	})
}

// FuzzHandshakeServerHello feeds arbitrary bytes to Client.Verify after a
// fixed client hello. The MAC covers every byte, so the only server hello
// the client may accept is the reference one, and then the key is the
// reference key.
func FuzzHandshakeServerHello(f *testing.F) {
	ref := hsNewSession(f)
	f.Add(ref.sh)
	for _, m := range hsVectorMessages(f, "serverHello") {
		f.Add(m)
	}
	f.Add(ref.sh[:len(ref.sh)-1])
	f.Add(append(bytes.Clone(ref.sh), 0))
	f.Fuzz(func(t *testing.T, msg []byte) {
		c := hsClient(t)
		if _, err := c.Hello(); err != nil {
			t.Fatal(err)
		}
		cv, err := c.Verify(msg)
		if err != nil {
			hsCheckError(t, err, func() error { _, err := c.Verify(ref.sh); return err })
			if c.Key() != nil {
				t.Fatal("a key after a failure")
			}
			return
		}
		if !bytes.Equal(msg, ref.sh) || !bytes.Equal(cv, ref.cv) || !bytes.Equal(c.Key(), ref.key) {
			t.Fatalf("accepted a server hello other than the reference: %x", msg)
		}
	})
}

// FuzzHandshakeClientVerify feeds arbitrary bytes to Server.Verify after
// the reference hellos. Only the reference client verify may pass.
func FuzzHandshakeClientVerify(f *testing.F) {
	ref := hsNewSession(f)
	f.Add(ref.cv)
	for _, m := range hsVectorMessages(f, "clientVerify") {
		f.Add(m)
	}
	f.Add(ref.cv[:33])
	f.Fuzz(func(t *testing.T, msg []byte) {
		srv := hsServer(t)
		if _, err := srv.Hello(ref.ch); err != nil {
			t.Fatal(err)
		}
		if err := srv.Verify(msg); err != nil {
			hsCheckError(t, err, func() error { return srv.Verify(ref.cv) })
			if srv.Key() != nil {
				t.Fatal("a key after a failure")
			}
			return
		}
		if !bytes.Equal(msg, ref.cv) || !bytes.Equal(srv.Key(), ref.key) {
			t.Fatalf("accepted a client verify other than the reference: %x", msg)
		}
	})
}
