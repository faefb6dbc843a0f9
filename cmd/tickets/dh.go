package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/dh/handshake"
)

func dhCommand() *command {
	return &command{
		name:     "dh",
		summary:  "run the Diffie-Hellman handshake over TCP (serve, dial)",
		children: []*command{dhServeCommand(), dhDialCommand()},
		example:  "tickets dh serve --listen 127.0.0.1:7878 --psk-file psk.key",
	}
}

// handshakeFlags are the flags dh serve and dh dial share.
type handshakeFlags struct {
	pskFile string
	keySize int
	timeout time.Duration
}

func (h *handshakeFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&h.pskFile, "psk-file", "", "read the pre-shared key from `FILE` (base64url, as keygen writes it); both sides need the same")
	fs.IntVar(&h.keySize, "key-size", 32, "length of the negotiated key in `bytes`: 16 or 32; both sides need the same")
	fs.DurationVar(&h.timeout, "timeout", 30*time.Second, "give up on a handshake after this `duration`")
}

// config builds the handshake.Config both sides start from.
func (h *handshakeFlags) config(e *env) (*handshake.Config, error) {
	cfg := &handshake.Config{KeySize: h.keySize}
	if h.pskFile != "" {
		psk, err := loadKey(e, h.pskFile, "")
		if err != nil {
			return nil, err
		}
		cfg.PSK = psk
	}
	if h.timeout <= 0 {
		return nil, usagef("--timeout must be positive")
	}
	return cfg, nil
}

// parseGroup looks a group up by its name, listing the names on failure.
func parseGroup(name string) (*groups.Group, error) {
	if g, ok := groups.ByName(strings.TrimSpace(name)); ok {
		return g, nil
	}
	var names []string
	for _, g := range groups.All() {
		names = append(names, g.Name())
	}
	return nil, usagef("unknown group %q (known: %s)", name, strings.Join(names, ", "))
}

// fingerprint names a key without revealing it: SHA-256 over a label and
// the key, the first 16 bytes in hex. Both peers print it; equal
// fingerprints mean equal keys.
func fingerprint(key []byte) string {
	h := sha256.New()
	h.Write([]byte("tickets key fingerprint v1\x00"))
	h.Write(key)
	sum := hex.EncodeToString(h.Sum(nil)[:16])
	var parts []string
	for i := 0; i < len(sum); i += 4 {
		parts = append(parts, sum[i:i+4])
	}
	return strings.Join(parts, ":")
}

func dhServeCommand() *command {
	c := &command{
		name:    "dh serve",
		summary: "accept handshakes over TCP and print each negotiated key's fingerprint",
		detail: fmt.Sprintf(`serve prints "listening on ADDR" first, then one line per handshake:
"PEER key FINGERPRINT", or the handshake's error on stderr. It runs up to %d
handshakes at once, each within --timeout, and drops a connection whose
client hello has not arrived after %s. Without --count it serves until interrupted. The server
accepts only the groups of --group; it never takes a prime from the wire.`, maxConcurrent, helloTimeout),
		example: "tickets dh serve --listen 127.0.0.1:7878 --psk-file psk.key --group ffdhe2048,ffdhe3072",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var hf handshakeFlags
		hf.declare(fs)
		listen := fs.String("listen", "127.0.0.1:7878", "listen on `ADDR` (host:port; port 0 picks a free one)")
		groupList := fs.String("group", "", "comma-separated `NAMES` of the groups to allow (default: ffdhe2048 to ffdhe8192, modp2048 to modp8192)")
		count := fs.Int("count", 0, "stop after `N` handshakes, exiting non-zero if any failed (0: serve until interrupted)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) != 0 {
				return usagef("takes no arguments")
			}
			cfg, err := hf.config(e)
			if err != nil {
				return err
			}
			if *groupList != "" {
				for _, name := range strings.Split(*groupList, ",") {
					g, err := parseGroup(name)
					if err != nil {
						return err
					}
					cfg.Groups = append(cfg.Groups, g)
				}
			}
			if *count < 0 {
				return usagef("--count must not be negative")
			}
			// Check the Config once before listening, so a bad one is a
			// startup error, not a failure per connection.
			if _, err := handshake.NewServer(cfg); err != nil {
				return err
			}
			ln, err := new(net.ListenConfig).Listen(ctx, "tcp", *listen)
			if err != nil {
				return err
			}
			defer ln.Close()
			fmt.Fprintf(e.stdout, "listening on %s\n", ln.Addr())
			return serve(ctx, e, ln, cfg, hf.timeout, helloTimeout, *count)
		}
	}
	return c
}

// maxConcurrent bounds the handshakes dh serve runs at once, so that a
// flood of connections costs a bounded amount of memory and CPU.
const maxConcurrent = 16

// serve runs a handshake on each accepted connection, up to maxConcurrent
// at once, each within timeout after at most hello for the peer's first
// frame, until ctx ends or, when count > 0, count connections have been
// served. Each outcome is one line: the fingerprint on stdout, or the error
// on stderr. With count > 0 it returns the first handshake error; without,
// failures are reported and serving goes on.
func serve(ctx context.Context, e *env, ln net.Listener, cfg *handshake.Config, timeout, hello time.Duration, count int) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var (
		wg    sync.WaitGroup
		slots = make(chan struct{}, maxConcurrent)
		mu    sync.Mutex // guards first and keeps each outcome on one line
		first error
	)
	for n := 0; count == 0 || n < count; n++ {
		slots <- struct{}{}
		conn, err := ln.Accept()
		if err != nil {
			<-slots
			if ctx.Err() != nil {
				break // interrupted: the way to stop without --count
			}
			wg.Wait()
			return err
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			key, err := serveOne(ctx, conn, cfg, timeout, hello)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", conn.RemoteAddr(), oneLine(err.Error()))
				if first == nil && count > 0 {
					first = err
				}
				return
			}
			fmt.Fprintf(e.stdout, "%s key %s\n", conn.RemoteAddr(), fingerprint(key))
		}()
	}
	wg.Wait()
	if first != nil {
		return fmt.Errorf("at least one handshake failed, the first: %w", first)
	}
	return nil
}

// helloTimeout is how long dh serve waits for a connection's first frame,
// the client hello (a client sends it at once), before it gives the slot
// back: otherwise maxConcurrent connections that send nothing, or a byte
// and then nothing, would hold every slot for the whole --timeout, again
// and again.
const helloTimeout = 5 * time.Second

// maxFrame is the largest frame of the handshake's framing: a 16-bit length
// and that many bytes.
const maxFrame = 2 + 1<<16 - 1

// serveOne runs the server side of one handshake on conn, within timeout,
// after waiting at most hello (or timeout, if shorter, or until ctx ends)
// for the peer's whole first frame, and closes conn.
func serveOne(ctx context.Context, conn net.Conn, cfg *handshake.Config, timeout, hello time.Duration) ([]byte, error) {
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s, err := handshake.NewServer(cfg)
	if err != nil {
		return nil, err
	}
	r, err := firstFrame(ctx, conn, hello)
	if err != nil {
		return nil, fmt.Errorf("waiting for the client hello: %w", err)
	}
	return s.Handshake(ctx, bufferedConn{conn, r})
}

// firstFrame waits, within wait and while ctx lasts, until conn has
// delivered a whole frame, and returns the reader that holds it.
func firstFrame(ctx context.Context, conn net.Conn, wait time.Duration) (*bufio.Reader, error) {
	if err := conn.SetReadDeadline(time.Now().Add(wait)); err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Unix(1, 0)) })
	r := bufio.NewReaderSize(conn, maxFrame)
	n, err := r.Peek(2)
	if err == nil {
		_, err = r.Peek(2 + int(binary.BigEndian.Uint16(n)))
	}
	if !stop() {
		return nil, ctx.Err() // the deadline is ctx's; the callback ran
	}
	if err != nil {
		return nil, err
	}
	return r, conn.SetReadDeadline(time.Time{})
}

// bufferedConn reads through r, which holds what was read of the Conn.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func dhDialCommand() *command {
	c := &command{
		name:    "dh dial",
		summary: "run a client handshake against ADDR and print the key's fingerprint",
		args:    "ADDR",
		detail: `dial prints "key FINGERPRINT". The server prints the same fingerprint
when both hold the same key. Without --psk-file the handshake is
unauthenticated: a man in the middle could sit between the two.`,
		example: "tickets dh dial --psk-file psk.key --group ffdhe3072 127.0.0.1:7878",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var hf handshakeFlags
		hf.declare(fs)
		groupName := fs.String("group", "ffdhe2048", "the group to propose, by `NAME`")
		bits := fs.Int("exponent-bits", 0, "size of the secret exponent in `bits` (pyTickets' asize; 0: twice the group's strength, at least 256)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("want the server's address")
			}
			cfg, err := hf.config(e)
			if err != nil {
				return err
			}
			if cfg.Group, err = parseGroup(*groupName); err != nil {
				return err
			}
			cfg.ExponentBits = *bits
			key, err := dial(ctx, args[0], cfg, hf.timeout)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "key %s\n", fingerprint(key))
			return nil
		}
	}
	return c
}

// dial connects to addr and runs a client handshake, all within timeout.
func dial(ctx context.Context, addr string, cfg *handshake.Config, timeout time.Duration) ([]byte, error) {
	c, err := handshake.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := new(net.Dialer).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	key, err := c.Handshake(ctx, conn)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("no complete handshake from %s within %v: %w", addr, timeout, err)
	}
	return key, err
}
