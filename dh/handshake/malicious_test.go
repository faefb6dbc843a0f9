package handshake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// badPublicValues are the values a peer must not be able to use, encoded as
// public values of g: pyTickets accepted all of them.
func badPublicValues(t *testing.T, g *groups.Group) map[string][]byte {
	t.Helper()
	p, q := g.P(), g.Q()
	one := big.NewInt(1)
	// The smallest quadratic non-residue, by math/big's Jacobi symbol: it
	// lies in [2, p-2] but outside the subgroup of order q.
	nr := big.NewInt(2)
	for big.Jacobi(nr, p) != -1 {
		nr.Add(nr, one)
	}
	// q = (p-1)/2 is a non-residue too when p ≡ 7 mod 8, as for every
	// group of package groups.
	if big.Jacobi(q, p) != -1 {
		t.Fatalf("q is a residue mod the %s prime", g.Name())
	}
	vals := map[string]*big.Int{
		"0":           new(big.Int),
		"1":           one,
		"p-1":         new(big.Int).Sub(p, one),
		"p":           p,
		"p+1":         new(big.Int).Add(p, one),
		"2^(8N)-1":    new(big.Int).Sub(new(big.Int).Lsh(one, uint(8*groupSize(g))), one),
		"non-residue": nr,
		"q":           q,
	}
	out := map[string][]byte{}
	for name, v := range vals {
		out[name] = v.FillBytes(make([]byte, groupSize(g)))
	}
	return out
}

func TestBadPublicValues(t *testing.T) {
	g := groups.FFDHE2048
	for name, y := range badPublicValues(t, g) {
		t.Run("client hello/"+name, func(t *testing.T) {
			hello, _ := mustClient(t, nil).Hello()
			copy(hello[clientHelloFixed:], y)
			s := mustServer(t, nil)
			if _, err := s.Hello(hello); !errors.Is(err, dh.ErrInvalidPublicKey) {
				t.Fatalf("got %v, want dh.ErrInvalidPublicKey", err)
			}
		})
		t.Run("server hello/"+name, func(t *testing.T) {
			c, s := mustClient(t, nil), mustServer(t, nil)
			hello, _ := c.Hello()
			sh, err := s.Hello(hello)
			if err != nil {
				t.Fatal(err)
			}
			copy(sh[headerSize+nonceSize:], y)
			if _, err := c.Verify(sh); !errors.Is(err, dh.ErrInvalidPublicKey) {
				t.Fatalf("got %v, want dh.ErrInvalidPublicKey", err)
			}
			if c.Key() != nil {
				t.Fatal("a key after a bad public value")
			}
		})
	}
}

// peer plays the other side of a connection. It returns when it is done or
// when its end is closed; stop is closed once the side under test returned.
type peer func(conn net.Conn, stop <-chan struct{})

// underTest is the Handshake of the side under test.
type underTest func(ctx context.Context, rw io.ReadWriter) ([]byte, error)

func client(t *testing.T, cfg *Config) underTest { return mustClient(t, cfg).Handshake }
func server(t *testing.T, cfg *Config) underTest { return mustServer(t, cfg).Handshake }

// against runs h against p over net.Pipe (plain hides its deadlines), with
// a context that ends after timeout, and checks that no goroutine is left.
func against(t *testing.T, h underTest, p peer, timeout time.Duration, plainRW bool) error {
	t.Helper()
	defer checkLeaks(t)()
	end, peerEnd := net.Pipe()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer peerEnd.Close()
		p(peerEnd, stop)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var rw io.ReadWriter = end
	if plainRW {
		rw = plain{end, end}
	}
	key, err := h(ctx, rw)
	close(stop)
	end.Close()
	<-done
	if err == nil {
		t.Fatalf("handshake succeeded against a malicious peer, key %x", key)
	}
	return err
}

// Peers, from the simplest to the most capable.

// sendRaw writes raw bytes, reads nothing, and waits.
func sendRaw(b []byte) peer {
	return func(conn net.Conn, stop <-chan struct{}) {
		conn.Write(b)
		<-stop
	}
}

// silent reads everything and never answers.
func silent(conn net.Conn, _ <-chan struct{}) { io.Copy(io.Discard, conn) }

// deaf neither reads nor writes until the side under test gave up.
func deaf(_ net.Conn, stop <-chan struct{}) { <-stop }

// asServer reads the client hello and answers with reply(hello), then reads
// on until the end.
func asServer(reply func(hello []byte) []byte) peer {
	return func(conn net.Conn, _ <-chan struct{}) {
		hello, err := readFrame(conn)
		if err != nil {
			return
		}
		if writeFrame(conn, reply(hello)) != nil {
			return
		}
		io.Copy(io.Discard, conn)
	}
}

// asClient sends hello, reads the server hello, answers with
// reply(server hello), then reads on until the end.
func asClient(hello []byte, reply func(sh []byte) []byte) peer {
	return func(conn net.Conn, _ <-chan struct{}) {
		if writeFrame(conn, hello) != nil {
			return
		}
		sh, err := readFrame(conn)
		if err != nil || reply == nil {
			return
		}
		if writeFrame(conn, reply(sh)) != nil {
			return
		}
		io.Copy(io.Discard, conn)
	}
}

// honestServer answers as a Server with cfg would, with message tamper
// applied to its server hello.
func honestServer(t *testing.T, cfg *Config, tamper func([]byte)) peer {
	s := mustServer(t, cfg)
	return asServer(func(hello []byte) []byte {
		sh, err := s.Hello(hello)
		if err != nil {
			return []byte{0}
		}
		if tamper != nil {
			tamper(sh)
		}
		return sh
	})
}

// forgeClientVerify is what a man in the middle without the server's PSK
// sends: the client verify of his own key schedule, ignoring the server's
// MAC he cannot check. It returns nil if sh is not a server hello.
func forgeClientVerify(c *Client, sh []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, err := parseServerHello(sh)
	if err != nil {
		return nil
	}
	peer, err := dh.NewPublicKey(c.group, m.public)
	if err != nil {
		return nil
	}
	zz, err := c.priv.SharedSecret(peer)
	if err != nil {
		return nil
	}
	ks, err := newSchedule(c.set.early, zz, transcript(c.set.keySize, c.hello, sh[:len(sh)-macSize]))
	if err != nil {
		return nil
	}
	return marshalClientVerify(mac(ks.client, transcript(c.set.keySize, c.hello, sh)))
}

func frame(msg []byte) []byte {
	return append([]byte{byte(len(msg) >> 8), byte(len(msg))}, msg...)
}

func TestMaliciousPeers(t *testing.T) {
	const timeout = time.Minute // only the silent peers reach it; they use less
	otherSession := func() []byte {
		c, s := mustClient(t, nil), mustServer(t, nil)
		hello, _ := c.Hello()
		sh, err := s.Hello(hello)
		if err != nil {
			t.Fatal(err)
		}
		return sh
	}
	honestHello := func(cfg *Config) []byte {
		hello, err := mustClient(t, cfg).Hello()
		if err != nil {
			t.Fatal(err)
		}
		return hello
	}
	p := groups.FFDHE2048.P()

	for _, tc := range []struct {
		name string
		side func(t *testing.T) underTest
		peer func(t *testing.T) peer
		want error
	}{
		{
			name: "client hello with public value 1",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer {
				h := honestHello(nil)
				clear(h[clientHelloFixed:])
				h[len(h)-1] = 1
				return asClient(h, nil)
			},
			want: dh.ErrInvalidPublicKey,
		},
		{
			name: "server hello with public value p-1",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer {
				return honestServer(t, nil, func(sh []byte) {
					new(big.Int).Sub(p, big.NewInt(1)).FillBytes(sh[headerSize+nonceSize : len(sh)-macSize])
				})
			},
			want: dh.ErrInvalidPublicKey,
		},
		{
			name: "group outside the default allow-list (modp1536)",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { return asClient(honestHello(&Config{Group: groups.MODP1536}), nil) },
			want: ErrUnsupportedGroup,
		},
		{
			name: "group outside a configured allow-list",
			side: func(t *testing.T) underTest {
				return server(t, &Config{Groups: []*groups.Group{groups.FFDHE3072}})
			},
			peer: func(t *testing.T) peer { return asClient(honestHello(nil), nil) },
			want: ErrUnsupportedGroup,
		},
		{
			name: "unknown group identifier",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer {
				h := honestHello(nil)
				h[2], h[3] = 0xff, 0xff
				return asClient(h, nil)
			},
			want: ErrUnsupportedGroup,
		},
		{
			name: "client hello one byte short",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { h := honestHello(nil); return asClient(h[:len(h)-1], nil) },
			want: ErrMalformed,
		},
		{
			name: "client hello one byte long",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { return asClient(append(honestHello(nil), 0), nil) },
			want: ErrMalformed,
		},
		{
			name: "client hello of another version",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { h := honestHello(nil); h[0] = 2; return asClient(h, nil) },
			want: ErrMalformed,
		},
		{
			name: "exponent size below dh's floor",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { h := honestHello(nil); h[4], h[5] = 0, 159; return asClient(h, nil) },
			want: ErrMalformed,
		},
		{
			name: "exponent size above the group",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { h := honestHello(nil); h[4], h[5] = 0x08, 0x01; return asClient(h, nil) },
			want: ErrMalformed,
		},
		{
			name: "client verify instead of a client hello",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { return asClient(marshalClientVerify(make([]byte, macSize)), nil) },
			want: ErrMalformed,
		},
		{
			name: "client hello instead of a server hello",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer { return asServer(func(h []byte) []byte { return h }) },
			want: ErrMalformed,
		},
		{
			name: "empty frame",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { return sendRaw([]byte{0, 0}) },
			want: ErrMalformed,
		},
		{
			name: "truncated frame body",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer {
				f := frame(honestHello(nil))[:100]
				return func(conn net.Conn, _ <-chan struct{}) { conn.Write(f) }
			},
			want: ErrMalformed,
		},
		{
			name: "truncated frame header",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer {
				return func(conn net.Conn, _ <-chan struct{}) {
					if _, err := readFrame(conn); err == nil {
						conn.Write([]byte{1})
					}
				}
			},
			want: ErrMalformed,
		},
		{
			name: "garbage frame",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer {
				g := make([]byte, 294)
				testRand(7).Read(g)
				g[0] = 0xee
				return sendRaw(frame(g))
			},
			want: ErrMalformed,
		},
		{
			name: "oversized frame, refused before its body",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { return sendRaw([]byte{0xff, 0xff}) },
			want: ErrTooLarge,
		},
		{
			name: "frame just above the cap",
			side: func(t *testing.T) underTest { return client(t, &Config{MaxMessageSize: 400}) },
			peer: func(t *testing.T) peer { return asServer(func([]byte) []byte { return make([]byte, 401) }) },
			want: ErrTooLarge,
		},
		{
			name: "not this protocol (HTTP)",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer { return sendRaw([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")) },
			want: ErrTooLarge,
		},
		{
			name: "server hello replayed from another session",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer {
				sh := otherSession()
				return asServer(func([]byte) []byte { return sh })
			},
			want: ErrAuthFailed,
		},
		{
			name: "tampered server MAC",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer { return honestServer(t, nil, func(sh []byte) { sh[len(sh)-1] ^= 0x80 }) },
			want: ErrAuthFailed,
		},
		{
			name: "tampered server nonce",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer { return honestServer(t, nil, func(sh []byte) { sh[headerSize] ^= 1 }) },
			want: ErrAuthFailed,
		},
		{
			name: "tampered client MAC",
			side: func(t *testing.T) underTest { return server(t, nil) },
			peer: func(t *testing.T) peer {
				c := mustClient(t, nil)
				hello, _ := c.Hello()
				return asClient(hello, func(sh []byte) []byte {
					cv, err := c.Verify(sh)
					if err != nil {
						return nil
					}
					cv[headerSize] ^= 1
					return cv
				})
			},
			want: ErrAuthFailed,
		},
		{
			name: "client hello altered in transit (nonce)",
			side: func(t *testing.T) underTest {
				// The server accepts the altered hello; the client sees that
				// the transcripts differ.
				return client(t, nil)
			},
			peer: func(t *testing.T) peer {
				s := mustServer(t, nil)
				return asServer(func(h []byte) []byte {
					h[6] ^= 1
					sh, _ := s.Hello(h)
					return sh
				})
			},
			want: ErrAuthFailed,
		},
		{
			name: "client hello altered in transit (exponent size)",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer {
				s := mustServer(t, nil)
				return asServer(func(h []byte) []byte {
					h[5] ^= 8
					sh, _ := s.Hello(h)
					return sh
				})
			},
			want: ErrAuthFailed,
		},
		{
			name: "PSK mismatch, seen by the client",
			side: func(t *testing.T) underTest { return client(t, &Config{PSK: psk}) },
			peer: func(t *testing.T) peer { return honestServer(t, &Config{PSK: bytes.Repeat([]byte{1}, 32)}, nil) },
			want: ErrAuthFailed,
		},
		{
			name: "man in the middle without the PSK, posing as the server",
			side: func(t *testing.T) underTest { return client(t, &Config{PSK: psk}) },
			peer: func(t *testing.T) peer { return honestServer(t, nil, nil) },
			want: ErrAuthFailed,
		},
		{
			name: "man in the middle without the PSK, posing as the client",
			side: func(t *testing.T) underTest { return server(t, &Config{PSK: psk}) },
			peer: func(t *testing.T) peer {
				c := mustClient(t, nil)
				hello, _ := c.Hello()
				return asClient(hello, func(sh []byte) []byte { return forgeClientVerify(c, sh) })
			},
			want: ErrAuthFailed,
		},
		{
			name: "key size mismatch",
			side: func(t *testing.T) underTest { return client(t, &Config{KeySize: 16}) },
			peer: func(t *testing.T) peer { return honestServer(t, nil, nil) },
			want: ErrAuthFailed,
		},
		{
			name: "server closes after the client hello",
			side: func(t *testing.T) underTest { return client(t, nil) },
			peer: func(t *testing.T) peer { return func(conn net.Conn, _ <-chan struct{}) { readFrame(conn) } },
			want: io.ErrUnexpectedEOF,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := against(t, tc.side(t), tc.peer(t), timeout, false)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSilentPeers(t *testing.T) {
	// A peer that stops must not hold a handshake beyond its context, with
	// or without deadlines on the connection.
	const timeout = 50 * time.Millisecond
	hello, err := mustClient(t, nil).Hello()
	if err != nil {
		t.Fatal(err)
	}
	halfHello := func(conn net.Conn, stop <-chan struct{}) {
		conn.Write(frame(hello)[:50])
		<-stop
	}
	neverVerifies := func(conn net.Conn, stop <-chan struct{}) {
		if writeFrame(conn, hello) == nil {
			readFrame(conn)
		}
		<-stop
	}
	for _, tc := range []struct {
		name string
		side func(t *testing.T) underTest
		peer peer
	}{
		{"client, server reads but never answers", func(t *testing.T) underTest { return client(t, nil) }, silent},
		{"client, server never reads", func(t *testing.T) underTest { return client(t, nil) }, deaf},
		{"server, client never writes", func(t *testing.T) underTest { return server(t, nil) }, deaf},
		{"server, client stops inside a frame", func(t *testing.T) underTest { return server(t, nil) }, halfHello},
		{"server, client never verifies", func(t *testing.T) underTest { return server(t, nil) }, neverVerifies},
	} {
		for _, plainRW := range []bool{false, true} {
			name := tc.name
			if plainRW {
				name += "/no deadlines"
			}
			t.Run(name, func(t *testing.T) {
				err := against(t, tc.side(t), tc.peer, timeout, plainRW)
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("got %v, want context.DeadlineExceeded", err)
				}
			})
		}
	}
}

func TestSilentPeerOverTCP(t *testing.T) {
	defer checkLeaks(t)()
	cEnd, sEnd := tcpPair(t)
	defer sEnd.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := mustClient(t, nil).Handshake(ctx, cEnd)
	cEnd.Close()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
}

func TestCancelWhileBlocked(t *testing.T) {
	for _, plainRW := range []bool{false, true} {
		t.Run("plain="+map[bool]string{false: "no", true: "yes"}[plainRW], func(t *testing.T) {
			defer checkLeaks(t)()
			end, peerEnd := net.Pipe()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				defer peerEnd.Close()
				readFrame(peerEnd) // then cancel instead of answering
				cancel()
				io.Copy(io.Discard, peerEnd)
			}()
			var rw io.ReadWriter = end
			if plainRW {
				rw = plain{end, end}
			}
			_, err := mustClient(t, nil).Handshake(ctx, rw)
			end.Close()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
		})
	}
}
