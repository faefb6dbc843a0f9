package handshake

import (
	"context"
	"crypto/rand"
	"net"
	"testing"
	"time"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

var benchGroups = []*groups.Group{groups.FFDHE2048, groups.FFDHE3072}

// pipeHandshake runs one full handshake over net.Pipe, the server on its
// own goroutine.
func pipeHandshake(b *testing.B, ccfg, scfg *Config) {
	c, err := NewClient(ccfg)
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewServer(scfg)
	if err != nil {
		b.Fatal(err)
	}
	cEnd, sEnd := net.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := s.Handshake(context.Background(), sEnd)
		sEnd.Close()
		done <- err
	}()
	_, err = c.Handshake(context.Background(), cEnd)
	cEnd.Close()
	if serr := <-done; err != nil || serr != nil {
		b.Fatalf("client: %v, server: %v", err, serr)
	}
}

// dhOperations is the Diffie-Hellman work a handshake cannot avoid: two key
// generations and two agreements.
func dhOperations(b *testing.B, g *groups.Group) {
	k1, err := dh.GenerateKey(g, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	k2, err := dh.GenerateKey(g, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := k1.SharedSecret(k2.PublicKey()); err != nil {
		b.Fatal(err)
	}
	if _, err := k2.SharedSecret(k1.PublicKey()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHandshake is a full handshake over net.Pipe: Client.Handshake
// and Server.Handshake with default Configs on one group.
func BenchmarkHandshake(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			ccfg, scfg := &Config{Group: g}, &Config{Groups: []*groups.Group{g}}
			b.ReportAllocs()
			for b.Loop() {
				pipeHandshake(b, ccfg, scfg)
			}
		})
	}
}

// BenchmarkDHOperations is the sum of the DH operations of one handshake
// (two GenerateKey, two SharedSecret), the floor of BenchmarkHandshake.
func BenchmarkDHOperations(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dhOperations(b, g)
			}
		})
	}
}

// BenchmarkOverhead alternates a handshake and its DH operations and
// reports their ratio (goal: at most 1.15), so that both run under the
// same machine load.
func BenchmarkOverhead(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			ccfg, scfg := &Config{Group: g}, &Config{Groups: []*groups.Group{g}}
			var hs, ops time.Duration
			for b.Loop() {
				start := time.Now()
				pipeHandshake(b, ccfg, scfg)
				mid := time.Now()
				dhOperations(b, g)
				hs, ops = hs+mid.Sub(start), ops+time.Since(mid)
			}
			b.ReportMetric(float64(hs)/float64(ops), "handshake/dh")
		})
	}
}
