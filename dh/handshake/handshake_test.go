package handshake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// testRand returns a deterministic random source for one test.
func testRand(seed uint64) io.Reader {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return rand.NewChaCha8(s)
}

// exchange runs the message API to the end and returns both keys, or the
// first error.
func exchange(c *Client, s *Server) (ck, sk []byte, err error) {
	hello, err := c.Hello()
	if err != nil {
		return nil, nil, err
	}
	sh, err := s.Hello(hello)
	if err != nil {
		return nil, nil, err
	}
	cv, err := c.Verify(sh)
	if err != nil {
		return nil, nil, err
	}
	if err := s.Verify(cv); err != nil {
		return nil, nil, err
	}
	return c.Key(), s.Key(), nil
}

func mustClient(t testing.TB, cfg *Config) *Client {
	t.Helper()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func mustServer(t testing.TB, cfg *Config) *Server {
	t.Helper()
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	return s
}

var psk = bytes.Repeat([]byte{0x5a}, 32)

func TestMessageRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name    string
		keySize int
		psk     []byte
		want    int
	}{
		{"defaults", 0, nil, 32},
		{"key32", 32, nil, 32},
		{"key16", 16, nil, 16},
		{"key32/psk", 32, psk, 32},
		{"key16/psk", 16, psk, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := &Config{KeySize: tc.keySize, PSK: tc.psk}
			ck, sk, err := exchange(mustClient(t, cfg), mustServer(t, cfg))
			if err != nil {
				t.Fatal(err)
			}
			if len(ck) != tc.want || !bytes.Equal(ck, sk) {
				t.Fatalf("client key %x, server key %x, want equal keys of %d bytes", ck, sk, tc.want)
			}
		})
	}
}

func TestNilConfig(t *testing.T) {
	c, s := mustClient(t, nil), mustServer(t, nil)
	hello, err := c.Hello()
	if err != nil {
		t.Fatal(err)
	}
	// PROTOCOL.md: ffdhe2048 is identifier 256, and the default exponent
	// for a 112-bit group is 256 bits.
	if len(hello) != 294 || !bytes.Equal(hello[:6], []byte{1, 1, 0x01, 0x00, 0x01, 0x00}) {
		t.Fatalf("default client hello starts %x and has %d bytes", hello[:6], len(hello))
	}
	sh, err := s.Hello(hello)
	if err != nil {
		t.Fatal(err)
	}
	cv, err := c.Verify(sh)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(cv); err != nil {
		t.Fatal(err)
	}
	if len(c.Key()) != 32 || !bytes.Equal(c.Key(), s.Key()) {
		t.Fatal("keys differ")
	}
}

func TestKeysDiffer(t *testing.T) {
	// Fresh exponents and nonces: two handshakes never share a key, even
	// with the same Config.
	cfg := &Config{PSK: psk}
	k1, _, err := exchange(mustClient(t, cfg), mustServer(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	k2, _, err := exchange(mustClient(t, cfg), mustServer(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(k1, k2) {
		t.Fatal("two handshakes gave the same key")
	}
}

func TestKeyIsACopy(t *testing.T) {
	c, s := mustClient(t, nil), mustServer(t, nil)
	ck, _, err := exchange(c, s)
	if err != nil {
		t.Fatal(err)
	}
	clear(ck)
	if bytes.Equal(c.Key(), ck) || !bytes.Equal(c.Key(), s.Key()) {
		t.Fatal("Key returned the Client's own slice")
	}
}

func TestConfigIsCopied(t *testing.T) {
	// One side is built from a Config that is changed afterwards, the
	// other from an untouched copy: a side that kept the PSK or the group
	// list by reference no longer agrees with its peer.
	for _, mutated := range []string{"client", "server"} {
		p, list := bytes.Clone(psk), []*groups.Group{groups.FFDHE2048}
		changed := &Config{PSK: p, Groups: list}
		intact := &Config{PSK: bytes.Clone(psk), Groups: []*groups.Group{groups.FFDHE2048}}
		c, s := mustClient(t, changed), mustServer(t, intact)
		if mutated == "server" {
			c, s = mustClient(t, intact), mustServer(t, changed)
		}
		p[0] ^= 1
		list[0] = groups.FFDHE3072
		if _, _, err := exchange(c, s); err != nil {
			t.Fatalf("changing the %s's Config after New changed the handshake: %v", mutated, err)
		}
	}
}

func TestConfigValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want error
	}{
		{"key size 24", Config{KeySize: 24}, ErrConfig},
		{"key size -1", Config{KeySize: -1}, ErrConfig},
		{"short PSK", Config{PSK: make([]byte, MinPSKSize-1)}, ErrConfig},
		{"empty PSK", Config{PSK: []byte{}}, ErrConfig},
		{"negative exponent", Config{ExponentBits: -8}, ErrConfig},
		{"exponent below dh's floor", Config{ExponentBits: dh.MinExponentBits - 1}, ErrConfig},
		{"exponent above the group", Config{ExponentBits: 2049}, ErrConfig},
		{"message cap below the group", Config{MaxMessageSize: 321}, ErrConfig},
		{"message cap above a frame", Config{MaxMessageSize: 1 << 16}, ErrConfig},
		{"negative message cap", Config{MaxMessageSize: -1}, ErrConfig},
		{"zero group", Config{Group: &groups.Group{}, Groups: []*groups.Group{{}}}, ErrUnsupportedGroup},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errC := NewClient(&tc.cfg)
			_, errS := NewServer(&tc.cfg)
			for _, err := range []error{errC, errS} {
				if !errors.Is(err, tc.want) {
					t.Errorf("got %v, want %v", err, tc.want)
				}
			}
		})
	}
	t.Run("nil in Groups", func(t *testing.T) {
		if _, err := NewServer(&Config{Groups: []*groups.Group{groups.FFDHE2048, nil}}); !errors.Is(err, ErrUnsupportedGroup) {
			t.Errorf("got %v, want ErrUnsupportedGroup", err)
		}
	})
	t.Run("server exponent above its smallest group", func(t *testing.T) {
		cfg := &Config{ExponentBits: 3000, Groups: []*groups.Group{groups.FFDHE3072, groups.FFDHE2048}}
		if _, err := NewServer(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("got %v for a 3000-bit exponent with ffdhe2048, want ErrConfig", err)
		}
	})
	t.Run("smallest message cap", func(t *testing.T) {
		// A server hello in a 2048-bit group is 322 bytes.
		cfg := &Config{MaxMessageSize: 322, Groups: []*groups.Group{groups.FFDHE2048}}
		if _, _, err := exchange(mustClient(t, cfg), mustServer(t, cfg)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestErrorsArePrefixed(t *testing.T) {
	for _, err := range []error{ErrMalformed, ErrUnsupportedGroup, ErrAuthFailed, ErrState, ErrTooLarge, ErrConfig} {
		if msg := err.Error(); len(msg) < 11 || msg[:11] != "handshake: " {
			t.Errorf("%q lacks the package prefix", msg)
		}
	}
}

// countingReader counts the bytes read from an honest random source.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestExponentBits(t *testing.T) {
	// The server draws (bits+7)/8 exponent bytes and a 32-byte nonce, with
	// bits the larger of its own size and the client's, but at most twice
	// its own (PROTOCOL.md).
	for _, tc := range []struct {
		name           string
		group          *groups.Group
		client, server int
		serverReads    int
	}{
		{"defaults ffdhe2048", groups.FFDHE2048, 0, 0, 32 + 32},
		{"defaults ffdhe4096", groups.FFDHE4096, 0, 0, 38 + 32},
		{"client asks more", groups.FFDHE2048, 384, 0, 48 + 32},
		{"client asks twice the server's", groups.FFDHE2048, 512, 0, 64 + 32},
		{"client asks more than twice", groups.FFDHE2048, 1024, 0, 64 + 32},
		{"client asks less", groups.FFDHE2048, 160, 0, 32 + 32},
		{"server wants more", groups.FFDHE2048, 0, 512, 64 + 32},
		{"server wants more, client more than twice", groups.FFDHE2048, 2047, 600, 150 + 32},
		{"nearly full size", groups.FFDHE2048, 2047, 0, 64 + 32},
		{"full size, ffdhe3072", groups.FFDHE3072, 3072, 0, 64 + 32},
		{"odd size", groups.FFDHE2048, 0, 257, 33 + 32},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &countingReader{r: testRand(1)}
			c := mustClient(t, &Config{Group: tc.group, ExponentBits: tc.client})
			s := mustServer(t, &Config{ExponentBits: tc.server, Rand: r})
			if _, _, err := exchange(c, s); err != nil {
				t.Fatal(err)
			}
			if r.n != tc.serverReads {
				t.Errorf("server read %d random bytes, want %d", r.n, tc.serverReads)
			}
		})
	}
}

func TestStateMachine(t *testing.T) {
	t.Run("zero Client and Server", func(t *testing.T) {
		var c Client
		var s Server
		ctx := context.Background()
		rw := &bytes.Buffer{}
		_, errCH := c.Hello()
		_, errCV := c.Verify([]byte{1, 2})
		_, errCS := c.Handshake(ctx, rw)
		_, errSH := s.Hello([]byte{1, 1})
		errSV := s.Verify([]byte{1, 3})
		_, errSS := s.Handshake(ctx, rw)
		for i, err := range []error{errCH, errCV, errCS, errSH, errSV, errSS} {
			if !errors.Is(err, ErrState) {
				t.Errorf("call %d: got %v, want ErrState", i, err)
			}
		}
		if c.Key() != nil || s.Key() != nil || rw.Len() != 0 {
			t.Error("a zero Client or Server produced a key or wrote")
		}
	})
	t.Run("client verify before hello", func(t *testing.T) {
		c := mustClient(t, nil)
		if _, err := c.Verify([]byte{1, 2}); !errors.Is(err, ErrState) {
			t.Fatalf("got %v, want ErrState", err)
		}
		// The call changed nothing: the handshake still completes.
		if _, _, err := exchange(c, mustServer(t, nil)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("server verify before hello", func(t *testing.T) {
		s := mustServer(t, nil)
		if err := s.Verify([]byte{1, 3}); !errors.Is(err, ErrState) {
			t.Fatalf("got %v, want ErrState", err)
		}
		if _, _, err := exchange(mustClient(t, nil), s); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("every call twice", func(t *testing.T) {
		c, s := mustClient(t, nil), mustServer(t, nil)
		hello, _ := c.Hello()
		if _, err := c.Hello(); !errors.Is(err, ErrState) {
			t.Errorf("second Client.Hello: %v", err)
		}
		sh, _ := s.Hello(hello)
		if _, err := s.Hello(hello); !errors.Is(err, ErrState) {
			t.Errorf("second Server.Hello: %v", err)
		}
		cv, _ := c.Verify(sh)
		if _, err := c.Verify(sh); !errors.Is(err, ErrState) {
			t.Errorf("second Client.Verify: %v", err)
		}
		if err := s.Verify(cv); err != nil {
			t.Fatal(err)
		}
		if err := s.Verify(cv); !errors.Is(err, ErrState) {
			t.Errorf("second Server.Verify: %v", err)
		}
		if c.Key() == nil || !bytes.Equal(c.Key(), s.Key()) {
			t.Error("a repeated call disturbed a finished handshake")
		}
	})
	t.Run("after a failure", func(t *testing.T) {
		c, s := mustClient(t, nil), mustServer(t, nil)
		hello, _ := c.Hello()
		sh, err := s.Hello(hello)
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(sh)
		bad[len(bad)-1] ^= 1
		if _, err := c.Verify(bad); !errors.Is(err, ErrAuthFailed) {
			t.Fatalf("tampered server hello: %v", err)
		}
		// The genuine message comes too late: the client is done.
		if _, err := c.Verify(sh); !errors.Is(err, ErrState) {
			t.Errorf("Verify after a failure: %v", err)
		}
		if c.Key() != nil {
			t.Error("failed client has a key")
		}
		if err := s.Verify([]byte{1, 3}); !errors.Is(err, ErrMalformed) {
			t.Errorf("short client verify: %v", err)
		}
		if err := s.Verify(make([]byte, 34)); !errors.Is(err, ErrState) {
			t.Errorf("Server.Verify after a failure: %v", err)
		}
		if s.Key() != nil {
			t.Error("failed server has a key")
		}
	})
	t.Run("server hello failure is final", func(t *testing.T) {
		s := mustServer(t, nil)
		if _, err := s.Hello([]byte{1, 1}); !errors.Is(err, ErrMalformed) {
			t.Fatalf("got %v", err)
		}
		hello, _ := mustClient(t, nil).Hello()
		if _, err := s.Hello(hello); !errors.Is(err, ErrState) {
			t.Errorf("Hello after a failure: %v", err)
		}
	})
	t.Run("key before the end", func(t *testing.T) {
		c, s := mustClient(t, nil), mustServer(t, nil)
		hello, _ := c.Hello()
		sh, _ := s.Hello(hello)
		if c.Key() != nil || s.Key() != nil {
			t.Error("a key before Verify")
		}
		cv, _ := c.Verify(sh)
		if s.Key() != nil {
			t.Error("server key before its Verify")
		}
		if err := s.Verify(cv); err != nil || s.Key() == nil {
			t.Errorf("Verify: %v", err)
		}
	})
}

// failingReader is a random source that fails.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

func TestRandFailure(t *testing.T) {
	c := mustClient(t, &Config{Rand: failingReader{}})
	if _, err := c.Hello(); err == nil {
		t.Fatal("Hello succeeded without randomness")
	}
	if _, err := c.Hello(); !errors.Is(err, ErrState) {
		t.Errorf("Hello after a failure: %v", err)
	}
	hello, _ := mustClient(t, nil).Hello()
	s := mustServer(t, &Config{Rand: failingReader{}})
	if _, err := s.Hello(hello); err == nil {
		t.Fatal("Server.Hello succeeded without randomness")
	}
	// A source that fails after the exponent: the nonce read fails.
	s = mustServer(t, &Config{Rand: io.LimitReader(testRand(2), 40)})
	if _, err := s.Hello(hello); err == nil {
		t.Fatal("Server.Hello succeeded without a nonce")
	}
}
