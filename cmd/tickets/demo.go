package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"slices"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/dh/handshake"
	"github.com/gotickets/tickets/sts"
)

func demoCommand() *command {
	c := &command{
		name:    "demo",
		summary: "run every part of the library once, in one process, and time each step",
		detail: `demo needs nothing: it starts a handshake server on a free port of
127.0.0.1, runs a client handshake against it over TCP with a pre-shared key,
shows that a client with another key is refused, turns the negotiated key
into an sts.Service, makes and validates an encrypted ticket bound to an
entropy value, shows a tampered ticket and a wrong entropy rejected, and makes
and validates a mod_auth_tkt ticket (refused from another address). It exits
0 only if every step behaved. Keys are never printed, only their fingerprints.`,
		example: "tickets demo",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		group := fs.String("group", "ffdhe2048", "the handshake's group, by `NAME`")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) != 0 {
				return usagef("takes no arguments")
			}
			g, err := parseGroup(*group)
			if err != nil {
				return err
			}
			return runDemo(ctx, e.stdout, g)
		}
	}
	return c
}

// demo is the state the steps pass along.
type demo struct {
	group   *groups.Group
	psk     []byte
	key     []byte // the negotiated key
	svc     *sts.Service
	entropy []byte
	ticket  string
}

// demoStep is one step: it reports what it saw as lines, and an error when
// the library did not behave as it should.
type demoStep struct {
	title string
	run   func(ctx context.Context, d *demo) ([]string, error)
	// essential steps make what later steps use: the key, the ticket.
	essential bool
}

var errMisbehaved = errors.New("a step did not behave as it should")

func runDemo(ctx context.Context, w io.Writer, g *groups.Group) error {
	d := &demo{group: g, entropy: []byte("client 203.0.113.7 / browser 1f3a")}
	steps := []demoStep{
		{"handshake over TCP", demoHandshake, true},
		{"handshake with a wrong pre-shared key", demoWrongPSK, false},
		{"sts ticket from the negotiated key", demoCreate, true},
		{"sts validate", demoValidate, false},
		{"sts tampered ticket", demoTampered, false},
		{"sts wrong entropy", demoWrongEntropy, false},
		{"auth_tkt ticket in mod_auth_tkt format", demoAuthTkt, false},
	}
	fmt.Fprintln(w, "tickets demo: every part of the library, in one process")
	failed := 0
	var total time.Duration
	for i, s := range steps {
		start := time.Now()
		lines, err := s.run(ctx, d)
		took := time.Since(start)
		total += took
		status := "ok"
		if err != nil {
			status = "FAILED"
			failed++
		}
		fmt.Fprintf(w, "\n%d. %-40s %9s  %s\n", i+1, s.title, roughly(took), status)
		for _, l := range lines {
			fmt.Fprintf(w, "   %s\n", l)
		}
		if err != nil {
			fmt.Fprintf(w, "   error: %s\n", oneLine(err.Error()))
			if s.essential {
				failed += len(steps) - i - 1
				fmt.Fprintln(w, "\nthe later steps need this one; they did not run")
				break
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d steps failed or did not run", errMisbehaved, failed, len(steps))
	}
	fmt.Fprintf(w, "\nall %d steps behaved, in %s\n", len(steps), roughly(total))
	return nil
}

// roughly keeps three significant digits or so of a duration.
func roughly(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(100 * time.Nanosecond)
}

// handshakeOverTCP runs a server on a free port of 127.0.0.1 and a client
// against it, and returns both keys and the server's address.
func handshakeOverTCP(ctx context.Context, g *groups.Group, serverPSK, clientPSK []byte) (ck, sk []byte, addr string, cerr, serr error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, "", err, err
	}
	defer ln.Close()
	addr = ln.Addr().String()
	type result struct {
		key []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			done <- result{nil, err}
			return
		}
		defer conn.Close()
		s, err := handshake.NewServer(&handshake.Config{Groups: []*groups.Group{g}, PSK: serverPSK})
		if err != nil {
			done <- result{nil, err}
			return
		}
		key, err := s.Handshake(ctx, conn)
		done <- result{key, err}
	}()
	ck, cerr = dial(ctx, addr, &handshake.Config{Group: g, PSK: clientPSK}, 30*time.Second)
	if cerr != nil {
		ln.Close() // in case the client never connected
	}
	r := <-done
	return ck, r.key, addr, cerr, r.err
}

func demoHandshake(ctx context.Context, d *demo) ([]string, error) {
	var err error
	if d.psk, err = sts.GenerateKey(); err != nil {
		return nil, err
	}
	ck, sk, addr, cerr, serr := handshakeOverTCP(ctx, d.group, d.psk, d.psk)
	if err := errors.Join(cerr, serr); err != nil {
		return nil, err
	}
	lines := []string{
		fmt.Sprintf("server on %s, %s, 32-byte key, pre-shared key on both sides", addr, d.group.Name()),
		"client key " + fingerprint(ck),
		"server key " + fingerprint(sk),
	}
	if !hmac.Equal(ck, sk) {
		return lines, errors.New("the two sides hold different keys")
	}
	d.key = ck
	return append(lines, "equal: both sides hold the same key (fingerprints shown, never the key)"), nil
}

func demoWrongPSK(ctx context.Context, d *demo) ([]string, error) {
	other, err := sts.GenerateKey()
	if err != nil {
		return nil, err
	}
	_, _, _, cerr, serr := handshakeOverTCP(ctx, d.group, d.psk, other)
	if !errors.Is(cerr, handshake.ErrAuthFailed) {
		return nil, fmt.Errorf("want the client to fail with ErrAuthFailed, got %v", cerr)
	}
	return []string{
		"client: " + oneLine(cerr.Error()),
		"server: " + oneLine(fmt.Sprint(serr)),
		"rejected: a man in the middle without the pre-shared key gets no key",
	}, nil
}

func demoCreate(_ context.Context, d *demo) ([]string, error) {
	svc, err := sts.New(d.key, &sts.Config{Encrypt: true, Serialize: true, Session: []byte("demo")})
	if err != nil {
		return nil, err
	}
	d.svc = svc
	data := map[string]any{"user": "alice", "roles": []string{"admin", "ops"}}
	if d.ticket, err = svc.CreateTicket(data, d.entropy); err != nil {
		return nil, err
	}
	return []string{
		fmt.Sprintf("data %v, encrypted and serialized (msgpack)", data),
		fmt.Sprintf("bound to entropy %q and session \"demo\"", d.entropy),
		fmt.Sprintf("ticket (%d chars) %s", len(d.ticket), d.ticket),
	}, nil
}

func demoValidate(_ context.Context, d *demo) ([]string, error) {
	t, err := d.svc.ValidateTicket(d.ticket, d.entropy)
	if err != nil {
		return nil, err
	}
	var v struct {
		User  string   `msgpack:"user"`
		Roles []string `msgpack:"roles"`
	}
	if err := t.Decode(&v); err != nil {
		return nil, err
	}
	lines := []string{
		fmt.Sprintf("valid: user %q, roles %q", v.User, v.Roles),
		fmt.Sprintf("issued %s, expires %s, encrypted %v",
			t.IssuedAt.Format(time.RFC3339), t.ExpiresAt.Format(time.RFC3339), t.Encrypted),
	}
	if v.User != "alice" || !slices.Equal(v.Roles, []string{"admin", "ops"}) || !t.Encrypted {
		return lines, errors.New("the ticket does not hold what was put in")
	}
	return lines, nil
}

func demoTampered(_ context.Context, d *demo) ([]string, error) {
	b := []byte(d.ticket)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	_, err := d.svc.ValidateTicket(string(b), d.entropy)
	if !errors.Is(err, sts.ErrInvalid) {
		return nil, fmt.Errorf("want sts.ErrInvalid for a changed character, got %v", err)
	}
	return []string{fmt.Sprintf("character %d changed: %v", i, err)}, nil
}

func demoWrongEntropy(_ context.Context, d *demo) ([]string, error) {
	wrong := bytes.Replace(d.entropy, []byte("203.0.113.7"), []byte("203.0.113.8"), 1)
	_, err := d.svc.ValidateTicket(d.ticket, wrong)
	if !errors.Is(err, sts.ErrInvalid) {
		return nil, fmt.Errorf("want sts.ErrInvalid for another entropy, got %v", err)
	}
	return []string{fmt.Sprintf("entropy %q: %v", wrong, err)}, nil
}

func demoAuthTkt(context.Context, *demo) ([]string, error) {
	// A TKTAuthSecret is text in an Apache config: a random key, encoded.
	key, err := sts.GenerateKey()
	if err != nil {
		return nil, err
	}
	f, err := authtkt.New([]byte(encodeKey(key)), &authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "sha256"})
	if err != nil {
		return nil, err
	}
	ip := netip.MustParseAddr("192.0.2.7")
	tkt, err := f.NewTicket(authtkt.Ticket{UserID: "alice", ClientIP: ip, Tokens: []string{"admin", "ops"}, UserData: "uid=42"})
	if err != nil {
		return nil, err
	}
	cookie := authtkt.EncodeCookie(tkt)
	lines := []string{
		"ticket " + tkt,
		"auth_tkt cookie " + cookie,
	}
	raw, err := authtkt.DecodeCookie(cookie)
	if err != nil {
		return lines, err
	}
	info, err := f.Validate(raw, ip)
	if err != nil {
		return lines, err
	}
	lines = append(lines, fmt.Sprintf("valid for %s: user %q, tokens %q, data %q, expires %s",
		ip, info.UserID, info.Tokens, info.UserData, info.ValidUntil.Format(time.RFC3339)))
	if info.UserID != "alice" || !slices.Equal(info.Tokens, []string{"admin", "ops"}) {
		return lines, errors.New("the ticket does not hold what was put in")
	}
	_, err = f.Validate(raw, netip.MustParseAddr("192.0.2.8"))
	if !errors.Is(err, authtkt.ErrDigest) {
		return lines, fmt.Errorf("want authtkt.ErrDigest from another address, got %v", err)
	}
	return append(lines, fmt.Sprintf("from 192.0.2.8: %v", err)), nil
}
