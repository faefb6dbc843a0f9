package handshake

import (
	"bytes"
	"errors"
	"testing"

	"github.com/gotickets/tickets/dh/groups"
)

// The layouts of PROTOCOL.md, written out byte by byte.

func TestParseClientHello(t *testing.T) {
	nonce := bytes.Repeat([]byte{0xaa}, 32)
	msg := append([]byte{1, 1, 0x01, 0x01, 0x01, 0x30}, nonce...)
	msg = append(msg, 7, 8, 9)
	m, err := parseClientHello(msg)
	if err != nil {
		t.Fatal(err)
	}
	if m.group != 257 || m.exponentBits != 304 || !bytes.Equal(m.nonce, nonce) || !bytes.Equal(m.public, []byte{7, 8, 9}) {
		t.Fatalf("parsed %+v", m)
	}
	if !bytes.Equal(m.marshal(), msg) {
		t.Fatal("marshal does not give the parsed bytes back")
	}
	for _, tc := range []struct {
		name string
		msg  []byte
	}{
		{"empty", nil},
		{"one byte", []byte{1}},
		{"header only", []byte{1, 1}},
		{"no public value", msg[:38]},
		{"version 0", append([]byte{0}, msg[1:]...)},
		{"version 2", append([]byte{2}, msg[1:]...)},
		{"server hello type", append([]byte{1, 2}, msg[2:]...)},
		{"client verify type", append([]byte{1, 3}, msg[2:]...)},
		{"type 0", append([]byte{1, 0}, msg[2:]...)},
	} {
		if _, err := parseClientHello(tc.msg); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", tc.name, err)
		}
	}
}

func TestParseServerHello(t *testing.T) {
	nonce := bytes.Repeat([]byte{0xbb}, 32)
	mac := bytes.Repeat([]byte{0xcc}, 32)
	msg := append(append(append([]byte{1, 2}, nonce...), 4, 5), mac...)
	m, err := parseServerHello(msg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.nonce, nonce) || !bytes.Equal(m.public, []byte{4, 5}) || !bytes.Equal(m.mac, mac) {
		t.Fatalf("parsed %+v", m)
	}
	if got := append(m.marshalUnsigned(), m.mac...); !bytes.Equal(got, msg) {
		t.Fatal("marshal does not give the parsed bytes back")
	}
	for _, tc := range []struct {
		name string
		msg  []byte
	}{
		{"empty", nil},
		{"no public value", msg[:66]},
		{"version 2", append([]byte{2}, msg[1:]...)},
		{"client hello type", append([]byte{1, 1}, msg[2:]...)},
	} {
		if _, err := parseServerHello(tc.msg); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", tc.name, err)
		}
	}
}

func TestParseClientVerify(t *testing.T) {
	mac := bytes.Repeat([]byte{0xdd}, 32)
	msg := append([]byte{1, 3}, mac...)
	got, err := parseClientVerify(msg)
	if err != nil || !bytes.Equal(got, mac) {
		t.Fatalf("parsed %x, %v", got, err)
	}
	if !bytes.Equal(marshalClientVerify(mac), msg) {
		t.Fatal("marshal does not give the parsed bytes back")
	}
	for _, tc := range []struct {
		name string
		msg  []byte
	}{
		{"empty", nil},
		{"short", msg[:33]},
		{"long", append(bytes.Clone(msg), 0)},
		{"version 2", append([]byte{2}, msg[1:]...)},
		{"server hello type", append([]byte{1, 2}, msg[2:]...)},
	} {
		if _, err := parseClientVerify(tc.msg); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", tc.name, err)
		}
	}
}

func TestGroupIDs(t *testing.T) {
	// Every group of package groups has an identifier, and identifiers are
	// unique. The values themselves are pinned by the vectors.
	seen := map[uint16]bool{}
	for _, g := range groups.All() {
		id, ok := groupID(g)
		if !ok || seen[id] {
			t.Errorf("%s: identifier %d, ok %t", g.Name(), id, ok)
		}
		seen[id] = true
	}
	if id, ok := groupID(nil); ok {
		t.Errorf("nil group has identifier %d", id)
	}
}

func TestMessageCaps(t *testing.T) {
	// A message above MaxMessageSize is refused before it is parsed.
	cfg := &Config{MaxMessageSize: 400}
	big := make([]byte, 401)
	if _, err := mustServer(t, &Config{MaxMessageSize: 1090}).Hello(make([]byte, 1091)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Server.Hello: %v", err)
	}
	c := mustClient(t, cfg)
	c.Hello()
	if _, err := c.Verify(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Client.Verify: %v", err)
	}
	s := mustServer(t, &Config{MaxMessageSize: 1090})
	hello, _ := mustClient(t, nil).Hello()
	if _, err := s.Hello(hello); err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(make([]byte, 1091)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Server.Verify: %v", err)
	}
}
