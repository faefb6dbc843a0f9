package handshake

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/gotickets/tickets/dh/groups"
)

// checkLeaks records the number of goroutines; the function it returns
// fails t if more are left. Goroutines take a moment to end, so it retries
// for up to five seconds. Use it as `defer checkLeaks(t)()`, first, in tests
// that do not run in parallel.
func checkLeaks(t *testing.T) func() {
	t.Helper()
	before := runtime.NumGoroutine()
	return func() {
		t.Helper()
		for range 500 {
			if runtime.NumGoroutine() <= before {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines left, %d before the test:\n%s", runtime.NumGoroutine(), before, buf)
	}
}

// plain hides every method of a net.Conn but Read and Write, so that the
// driver cannot set deadlines.
type plain struct {
	io.Reader
	io.Writer
}

// transports connect a client and a server: client end, server end.
var transports = []struct {
	name    string
	connect func(t *testing.T) (net.Conn, net.Conn)
}{
	{"pipe", func(*testing.T) (net.Conn, net.Conn) { return net.Pipe() }},
	{"tcp", tcpPair},
}

// tcpPair returns the two ends of a loopback TCP connection.
func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			c = nil
		}
		accepted <- c
	}()
	client, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server := <-accepted
	if server == nil {
		client.Close()
		t.Fatal("accept failed")
	}
	return client, server
}

type result struct {
	key []byte
	err error
}

// runStream runs both sides over the two ends, each closing its end when
// its Handshake returns, as an application would.
func runStream(ctx context.Context, c *Client, s *Server, cEnd, sEnd io.ReadWriteCloser, wrap func(net.Conn) io.ReadWriter) (cr, sr result) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer sEnd.Close()
		sr.key, sr.err = s.Handshake(ctx, asRW(sEnd, wrap))
	}()
	cr.key, cr.err = c.Handshake(ctx, asRW(cEnd, wrap))
	cEnd.Close()
	wg.Wait()
	return cr, sr
}

func asRW(end io.ReadWriteCloser, wrap func(net.Conn) io.ReadWriter) io.ReadWriter {
	if conn, ok := end.(net.Conn); ok && wrap != nil {
		return wrap(conn)
	}
	return end
}

func hidden(c net.Conn) io.ReadWriter { return plain{c, c} }

func TestStreamEveryGroup(t *testing.T) {
	all := append([]*groups.Group{groups.MODP1536}, defaultGroups...)
	for _, g := range all {
		for _, tr := range transports {
			t.Run(g.Name()+"/"+tr.name, func(t *testing.T) {
				t.Parallel()
				c := mustClient(t, &Config{Group: g})
				s := mustServer(t, &Config{Groups: all})
				cEnd, sEnd := tr.connect(t)
				cr, sr := runStream(context.Background(), c, s, cEnd, sEnd, nil)
				if cr.err != nil || sr.err != nil {
					t.Fatalf("client: %v, server: %v", cr.err, sr.err)
				}
				if len(cr.key) != 32 || !bytes.Equal(cr.key, sr.key) || !bytes.Equal(cr.key, c.Key()) {
					t.Fatal("keys differ")
				}
			})
		}
	}
}

func TestStreamMatrix(t *testing.T) {
	type transport struct {
		name    string
		connect func(t *testing.T) (net.Conn, net.Conn)
		wrap    func(net.Conn) io.ReadWriter
	}
	trs := []transport{
		{"pipe", transports[0].connect, nil},
		{"tcp", transports[1].connect, nil},
		{"no-deadlines", transports[0].connect, hidden},
	}
	for _, tr := range trs {
		for _, keySize := range []int{16, 32} {
			for _, key := range [][]byte{nil, psk} {
				for _, timeout := range []bool{false, true} {
					name := fmt.Sprintf("%s/key%d/psk=%t/timeout=%t", tr.name, keySize, key != nil, timeout)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						cfg := &Config{KeySize: keySize, PSK: key}
						ctx := context.Background()
						if timeout {
							var cancel context.CancelFunc
							ctx, cancel = context.WithTimeout(ctx, time.Minute)
							defer cancel()
						}
						cEnd, sEnd := tr.connect(t)
						cr, sr := runStream(ctx, mustClient(t, cfg), mustServer(t, cfg), cEnd, sEnd, tr.wrap)
						if cr.err != nil || sr.err != nil {
							t.Fatalf("client: %v, server: %v", cr.err, sr.err)
						}
						if len(cr.key) != keySize || !bytes.Equal(cr.key, sr.key) {
							t.Fatal("keys differ")
						}
					})
				}
			}
		}
	}
}

func TestParallelHandshakes(t *testing.T) {
	// One Config for every client and one for every server, shared by
	// concurrent handshakes (run with -race).
	ccfg := &Config{PSK: psk}
	scfg := &Config{PSK: psk, Groups: []*groups.Group{groups.FFDHE2048}}
	const n = 24
	keys := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, err := NewClient(ccfg)
			if err != nil {
				t.Error(err)
				return
			}
			s, err := NewServer(scfg)
			if err != nil {
				t.Error(err)
				return
			}
			cEnd, sEnd := net.Pipe()
			cr, sr := runStream(ctx, c, s, cEnd, sEnd, nil)
			if cr.err != nil || sr.err != nil || !bytes.Equal(cr.key, sr.key) {
				t.Errorf("handshake %d: client %v, server %v", i, cr.err, sr.err)
			}
			keys[i] = cr.key
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[string(k)] {
			t.Fatal("two handshakes gave the same key")
		}
		seen[string(k)] = true
	}
}

// deadlineConn records the deadlines the driver sets.
type deadlineConn struct {
	net.Conn
	mu        sync.Mutex
	deadlines []time.Time
}

func (d *deadlineConn) SetDeadline(t time.Time) error {
	d.mu.Lock()
	d.deadlines = append(d.deadlines, t)
	d.mu.Unlock()
	return d.Conn.SetDeadline(t)
}

func TestDeadlineIsClearedOnReturn(t *testing.T) {
	defer checkLeaks(t)()
	deadline := time.Now().Add(time.Hour)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	cEnd, sEnd := net.Pipe()
	dc := &deadlineConn{Conn: cEnd}
	cr, sr := runStream(ctx, mustClient(t, nil), mustServer(t, nil), dc, sEnd, nil)
	if cr.err != nil || sr.err != nil {
		t.Fatalf("client: %v, server: %v", cr.err, sr.err)
	}
	dc.mu.Lock()
	defer dc.mu.Unlock()
	if len(dc.deadlines) != 2 || !dc.deadlines[0].Equal(deadline) || !dc.deadlines[1].IsZero() {
		t.Fatalf("deadlines set: %v, want ctx's then none", dc.deadlines)
	}
}

// idleTimeout is a connection that gives every Read its own short
// deadline, as idle-timeout wrappers do.
type idleTimeout struct{ net.Conn }

func (c idleTimeout) Read(p []byte) (int, error) {
	c.Conn.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	return c.Conn.Read(p)
}

func TestOwnTimeoutIsNotContexts(t *testing.T) {
	// rw's own timeout ends the handshake with rw's error, at once, not
	// after waiting for a context deadline that has not come.
	defer checkLeaks(t)()
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	end, peerEnd := net.Pipe()
	defer end.Close()
	defer peerEnd.Close()
	go readFrame(peerEnd) // takes the hello, never answers
	_, err := mustClient(t, nil).Handshake(ctx, idleTimeout{end})
	if !errors.Is(err, os.ErrDeadlineExceeded) || ctx.Err() != nil {
		t.Fatalf("got %v (ctx: %v), want rw's timeout", err, ctx.Err())
	}
}

// noDeadlines is a connection whose SetDeadline fails, like an *os.File
// that cannot be polled.
type noDeadlines struct{ net.Conn }

func (noDeadlines) SetDeadline(time.Time) error { return errors.New("deadlines not supported") }

func TestUnsupportedDeadline(t *testing.T) {
	// The driver falls back to goroutines, so a silent peer still ends in
	// the context's error.
	defer checkLeaks(t)()
	end, peerEnd := net.Pipe()
	defer peerEnd.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := mustClient(t, nil).Handshake(ctx, noDeadlines{end})
	end.Close()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
}

func TestHandshakeAfterMessages(t *testing.T) {
	defer checkLeaks(t)()
	c, s := mustClient(t, nil), mustServer(t, nil)
	if _, _, err := exchange(c, s); err != nil {
		t.Fatal(err)
	}
	key := c.Key()
	cEnd, sEnd := net.Pipe()
	defer cEnd.Close()
	defer sEnd.Close()
	// Neither side reads or writes: both fail at once, and the finished
	// handshakes keep their keys.
	if _, err := c.Handshake(context.Background(), cEnd); !errors.Is(err, ErrState) {
		t.Errorf("Client.Handshake after Verify: %v", err)
	}
	if _, err := s.Handshake(context.Background(), sEnd); !errors.Is(err, ErrState) {
		t.Errorf("Server.Handshake after Verify: %v", err)
	}
	if !bytes.Equal(c.Key(), key) || !bytes.Equal(s.Key(), key) {
		t.Error("a refused Handshake changed the keys")
	}
}

func TestCanceledContext(t *testing.T) {
	defer checkLeaks(t)()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cEnd, sEnd := net.Pipe()
	defer cEnd.Close()
	defer sEnd.Close()
	c := mustClient(t, nil)
	if _, err := c.Handshake(ctx, cEnd); !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v", err)
	}
	if _, err := c.Hello(); !errors.Is(err, ErrState) {
		t.Errorf("a client whose Handshake failed still starts: %v", err)
	}
	if _, err := mustServer(t, nil).Handshake(ctx, sEnd); !errors.Is(err, context.Canceled) {
		t.Errorf("server: %v", err)
	}
}

// writeFrame writes msg in a frame, as PROTOCOL.md defines it.
func writeFrame(w io.Writer, msg []byte) error {
	_, err := w.Write(binary.BigEndian.AppendUint16(nil, uint16(len(msg))))
	if err == nil {
		_, err = w.Write(msg)
	}
	return err
}

// readFrame reads one frame.
func readFrame(r io.Reader) ([]byte, error) {
	var n [2]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	msg := make([]byte, binary.BigEndian.Uint16(n[:]))
	_, err := io.ReadFull(r, msg)
	return msg, err
}

func TestFraming(t *testing.T) {
	// The bytes on the wire are the frames of PROTOCOL.md: a peer that
	// frames by hand talks to Handshake.
	defer checkLeaks(t)()
	cEnd, sEnd := net.Pipe()
	defer sEnd.Close()
	c, s := mustClient(t, nil), mustServer(t, nil)
	done := make(chan result, 1)
	go func() {
		defer cEnd.Close()
		key, err := func() ([]byte, error) {
			hello, _ := c.Hello()
			if err := writeFrame(cEnd, hello); err != nil {
				return nil, err
			}
			sh, err := readFrame(cEnd)
			if err != nil {
				return nil, err
			}
			cv, err := c.Verify(sh)
			if err != nil {
				return nil, err
			}
			return c.Key(), writeFrame(cEnd, cv)
		}()
		done <- result{key, err}
	}()
	key, err := s.Handshake(context.Background(), sEnd)
	cr := <-done
	if err != nil || cr.err != nil || !bytes.Equal(key, cr.key) {
		t.Fatalf("server: %v, client: %v", err, cr.err)
	}
}

// TestStepsDuringHandshake: while Handshake runs, a Hello or Verify from
// another goroutine fails with ErrState and takes nothing from it: the
// handshake then completes with the peer's messages.
func TestStepsDuringHandshake(t *testing.T) {
	defer checkLeaks(t)()
	c, s := mustClient(t, nil), mustServer(t, nil)
	ch, err := c.Hello()
	if err != nil {
		t.Fatal(err)
	}
	end, peerEnd := net.Pipe()
	defer end.Close()
	defer peerEnd.Close()
	type res struct {
		key []byte
		err error
	}
	done := make(chan res, 1)
	go func() {
		k, err := s.Handshake(context.Background(), end)
		done <- res{k, err}
	}()
	// Once the server has read the frame's length, it is inside Handshake,
	// waiting for the client hello: its steps are its Handshake's alone.
	if _, err := peerEnd.Write(binary.BigEndian.AppendUint16(nil, uint16(len(ch)))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Hello(ch); !errors.Is(err, ErrState) {
		t.Fatalf("Server.Hello during Handshake: %v", err)
	}
	if err := s.Verify(nil); !errors.Is(err, ErrState) {
		t.Fatalf("Server.Verify during Handshake: %v", err)
	}
	if _, err := s.Handshake(context.Background(), peerEnd); !errors.Is(err, ErrState) {
		t.Fatalf("a second Server.Handshake: %v", err)
	}
	if _, err := peerEnd.Write(ch); err != nil {
		t.Fatal(err)
	}
	sh, err := readFrame(peerEnd)
	if err != nil {
		t.Fatal(err)
	}
	cv, err := c.Verify(sh)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeFrame(peerEnd, cv); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || !bytes.Equal(r.key, c.Key()) {
		t.Fatalf("server: %v; keys equal: %v", r.err, bytes.Equal(r.key, c.Key()))
	}

	// The client side: Hello and Verify refuse while its Handshake waits
	// for the server hello.
	c2, s2 := mustClient(t, nil), mustServer(t, nil)
	cEnd, sEnd := net.Pipe()
	defer cEnd.Close()
	defer sEnd.Close()
	go func() {
		k, err := c2.Handshake(context.Background(), cEnd)
		done <- res{k, err}
	}()
	ch2, err := readFrame(sEnd)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Hello(); !errors.Is(err, ErrState) {
		t.Fatalf("Client.Hello during Handshake: %v", err)
	}
	sh2, err := s2.Hello(ch2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Verify(sh2); !errors.Is(err, ErrState) {
		t.Fatalf("Client.Verify during Handshake: %v", err)
	}
	if err := writeFrame(sEnd, sh2); err != nil {
		t.Fatal(err)
	}
	cv2, err := readFrame(sEnd)
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Verify(cv2); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil || !bytes.Equal(r.key, s2.Key()) {
		t.Fatalf("client: %v", r.err)
	}
}
