package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/dh/handshake"
)

// server is a running "tickets dh serve --count N".
type server struct {
	cmd    *exec.Cmd
	addr   string
	stdout *bufio.Reader
	stderr *bytes.Buffer
}

func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"dh", "serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stdout: bufio.NewReader(out), stderr: new(bytes.Buffer)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Stops a server a failed test left behind, by its pid; a
		// finished one is already reaped.
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	line, err := s.stdout.ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		t.Fatalf("first line of dh serve: %q, %v; stderr: %s", line, err, s.stderr)
	}
	s.addr = addr
	return s
}

// wait waits for the server to exit and returns its status and the lines it
// printed after "listening on".
func (s *server) wait(t *testing.T) (int, []string) {
	t.Helper()
	rest, _ := s.stdout.ReadString(0)
	err := s.cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, strings.Fields(rest)
}

func writeKey(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "psk")
	tickets(t, "keygen", "-o", path).want(t, exitOK)
	return path
}

func TestDHServeDial(t *testing.T) {
	t.Parallel()
	psk := writeKey(t)
	tests := []struct {
		name       string
		serverArgs []string
		dialArgs   []string
	}{
		{"defaults", nil, nil},
		{"psk", []string{"--psk-file", psk}, []string{"--psk-file", psk}},
		{"ffdhe3072 16-byte key", []string{"--group", "ffdhe2048,ffdhe3072", "--key-size", "16"}, []string{"--group", "ffdhe3072", "--key-size", "16"}},
		{"modp2048 with exponent bits", []string{"--group", "modp2048"}, []string{"--group", "modp2048", "--exponent-bits", "320"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, append([]string{"--count", "1"}, tt.serverArgs...)...)
			r := tickets(t, append(append([]string{"dh", "dial"}, tt.dialArgs...), s.addr)...).want(t, exitOK)
			fp, ok := strings.CutPrefix(strings.TrimSpace(r.stdout), "key ")
			if !ok {
				t.Fatalf("dial printed %q", r.stdout)
			}
			code, fields := s.wait(t)
			if code != 0 {
				t.Fatalf("serve exited %d: %s", code, s.stderr)
			}
			// serve prints "PEER key FINGERPRINT".
			if len(fields) != 3 || fields[1] != "key" || fields[2] != fp {
				t.Fatalf("server printed %q, client fingerprint %s", fields, fp)
			}
		})
	}
}

func TestDHFailures(t *testing.T) {
	t.Parallel()
	psk, other := writeKey(t), writeKey(t)

	t.Run("psk mismatch", func(t *testing.T) {
		s := startServer(t, "--count", "1", "--psk-file", psk)
		r := tickets(t, "dh", "dial", "--psk-file", other, s.addr).want(t, exitInvalid)
		if !strings.Contains(r.stderr, "authentication failed") {
			t.Errorf("stderr %q", r.stderr)
		}
		if code, _ := s.wait(t); code == exitOK {
			t.Errorf("serve exited 0 after a failed handshake; stderr %s", s.stderr)
		}
	})
	t.Run("psk on one side only", func(t *testing.T) {
		s := startServer(t, "--count", "1", "--psk-file", psk)
		tickets(t, "dh", "dial", s.addr).want(t, exitInvalid)
		s.wait(t)
	})
	t.Run("group not allowed", func(t *testing.T) {
		s := startServer(t, "--count", "1", "--group", "ffdhe3072")
		r := invocation{args: []string{"dh", "dial", "--group", "ffdhe2048", s.addr}}.run(t)
		if r.code == exitOK {
			t.Fatal("dial succeeded with a group the server does not allow")
		}
		if code, _ := s.wait(t); code != exitError || !strings.Contains(s.stderr.String(), "unsupported group") {
			t.Errorf("serve exited %d, stderr %q", code, s.stderr)
		}
	})
	t.Run("silent server", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		done := make(chan struct{})
		defer close(done)
		go func() {
			conn, err := ln.Accept()
			if err == nil {
				<-done // say nothing until the test ends
				conn.Close()
			}
		}()
		r := tickets(t, "dh", "dial", "--timeout", "200ms", ln.Addr().String()).want(t, exitError)
		if !strings.Contains(r.stderr, "within 200ms") {
			t.Errorf("stderr %q", r.stderr)
		}
	})
	t.Run("nobody listening", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		tickets(t, "dh", "dial", addr).want(t, exitError)
	})
	usage := [][]string{
		{"dh", "dial"},
		{"dh", "dial", "a", "b"},
		{"dh", "dial", "--group", "modp1024", "127.0.0.1:1"},
		{"dh", "dial", "--timeout", "0s", "127.0.0.1:1"},
		{"dh", "serve", "--group", "ffdhe2048,nope"},
		{"dh", "serve", "--count", "-1"},
		{"dh", "serve", "extra"},
		{"dh"},
		{"dh", "nope"},
	}
	for _, args := range usage {
		tickets(t, args...).want(t, exitUsage)
	}
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("not base64!\n"), 0o600)
	r := tickets(t, "dh", "dial", "--psk-file", bad, "127.0.0.1:1").want(t, exitError)
	if strings.Contains(r.stderr, "not base64!") {
		t.Errorf("the key file's content was echoed: %q", r.stderr)
	}
	tickets(t, "dh", "serve", "--key-size", "24").want(t, exitError)
	tickets(t, "dh", "serve", "--listen", "256.0.0.1:0").want(t, exitError)
}

// TestDHServeUntilInterrupted checks that serve without --count keeps
// serving after a failed handshake and exits 0 on SIGINT.
func TestDHServeUntilInterrupted(t *testing.T) {
	t.Parallel()
	psk := writeKey(t)
	s := startServer(t, "--psk-file", psk)
	tickets(t, "dh", "dial", s.addr).want(t, exitInvalid) // no PSK: refused
	r := tickets(t, "dh", "dial", "--psk-file", psk, s.addr).want(t, exitOK)
	// The client holds its key one message before the server: wait for
	// the server's line before interrupting it.
	line, err := s.stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed %q: %v; stderr %s", line, err, s.stderr)
	}
	if f := strings.Fields(line); len(f) != 3 || "key "+f[2]+"\n" != r.stdout {
		t.Errorf("serve printed %q; dial printed %q", line, r.stdout)
	}
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code, rest := s.wait(t); code != exitOK || len(rest) != 0 {
		t.Fatalf("serve exited %d after SIGINT, printing %q; stderr %s", code, rest, s.stderr)
	}
	if strings.Count(s.stderr.String(), "\n") != 1 {
		t.Errorf("serve's stderr should hold one line for the failed handshake: %q", s.stderr)
	}
}

// TestServeConcurrent runs serve in the test process, so that -race
// watches it, against clients that dial at once.
func TestServeConcurrent(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const clients = maxConcurrent + 4
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serve(context.Background(), &env{stdout: &stdout, stderr: &stderr}, ln, &handshake.Config{}, 30*time.Second, helloTimeout, clients)
	}()
	keys := make(chan string, clients)
	for range clients {
		go func() {
			key, err := dial(context.Background(), ln.Addr().String(), &handshake.Config{}, 30*time.Second)
			if err != nil {
				t.Error(err)
			}
			keys <- fingerprint(key)
		}()
	}
	want := map[string]bool{}
	for range clients {
		want[<-keys] = true
	}
	if err := <-done; err != nil {
		t.Fatalf("serve: %v; stderr %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != clients || len(want) != clients {
		t.Fatalf("%d lines, %d distinct client keys, want %d of each:\n%s", len(lines), len(want), clients, stdout.String())
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) != 3 || !want[f[2]] {
			t.Errorf("server line %q matches no client's key", l)
		}
	}
}

// TestServeDropsSilentPeers: a connection that sends nothing gives its
// slot back after the first-byte wait, not after the whole timeout, so
// maxConcurrent idle connections cannot hold off every client; one that
// sends its hello at once is served.
func TestServeDropsSilentPeers(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serve(context.Background(), &env{stdout: &stdout, stderr: &stderr}, ln, &handshake.Config{}, time.Hour, 200*time.Millisecond, maxConcurrent+1)
	}()
	for i := range maxConcurrent {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if i%2 == 1 {
			c.Write([]byte{0}) // one byte of a frame length, then nothing
		}
	}
	// Every slot is taken by a peer that sends nothing, or one byte; the
	// client is served once they time out, long before the hour of
	// --timeout.
	key, err := dial(context.Background(), ln.Addr().String(), &handshake.Config{}, 20*time.Second)
	if err != nil {
		t.Fatalf("client behind %d silent peers: %v", maxConcurrent, err)
	}
	if err := <-done; err == nil || !strings.Contains(stdout.String(), fingerprint(key)) {
		t.Fatalf("serve: %v (want the silent peers' failure), stdout %q", err, stdout.String())
	}
}

// TestServeOneCanceled: canceling ctx ends the wait for the hello at once,
// not after the wait.
func TestServeOneCanceled(t *testing.T) {
	t.Parallel()
	silent, peer := net.Pipe()
	defer peer.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := serveOne(ctx, silent, &handshake.Config{}, time.Hour, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
}

func TestServeOneFirstByte(t *testing.T) {
	t.Parallel()
	silent, peer := net.Pipe()
	defer peer.Close()
	_, err := serveOne(context.Background(), silent, &handshake.Config{}, time.Hour, 50*time.Millisecond)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("silent peer: %v, want the first-byte deadline", err)
	}

	cEnd, sEnd := net.Pipe()
	defer cEnd.Close()
	c, err := handshake.NewClient(&handshake.Config{})
	if err != nil {
		t.Fatal(err)
	}
	type res struct {
		key []byte
		err error
	}
	done := make(chan res, 1)
	go func() {
		k, err := serveOne(context.Background(), sEnd, &handshake.Config{}, time.Hour, 5*time.Second)
		done <- res{k, err}
	}()
	key, err := c.Handshake(context.Background(), cEnd)
	if r := <-done; err != nil || r.err != nil || !bytes.Equal(key, r.key) {
		t.Fatalf("client: %v, server: %v", err, r.err)
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	a, b := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	fa := fingerprint(a)
	if len(fa) != 39 || strings.Count(fa, ":") != 7 {
		t.Errorf("fingerprint %q: want 8 groups of 4 hex digits", fa)
	}
	if fa == fingerprint(b) || fa != fingerprint(bytes.Clone(a)) {
		t.Error("fingerprints do not tell keys apart, or vary for one key")
	}
	if strings.Contains(strings.ReplaceAll(fa, ":", ""), hex.EncodeToString(a[:4])) {
		t.Error("the fingerprint shows the key")
	}
}
