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
// generations and two agreements, and with checks the two validations of
// the peers' public values.
func dhOperations(b *testing.B, g *groups.Group, checks bool) {
	k1, err := dh.GenerateKey(g, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	k2, err := dh.GenerateKey(g, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	p1, p2 := k1.PublicKey(), k2.PublicKey()
	if checks {
		if p1, err = dh.NewPublicKey(g, p1.Bytes()); err != nil {
			b.Fatal(err)
		}
		if p2, err = dh.NewPublicKey(g, p2.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := k1.SharedSecret(p2); err != nil {
		b.Fatal(err)
	}
	if _, err := k2.SharedSecret(p1); err != nil {
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
				dhOperations(b, g, false)
			}
		})
	}
}

// BenchmarkOverhead alternates a handshake and its DH operations, so that
// both run under the same machine load, and reports two ratios: the
// handshake over the DH operations (issue 7's goal: at most 1.15), and over
// the DH operations with the two public-value checks, which leaves only the
// handshake's own work (framing, hashes, HKDF, MACs, goroutines).
func BenchmarkOverhead(b *testing.B) {
	for _, g := range benchGroups {
		b.Run(g.Name(), func(b *testing.B) {
			ccfg, scfg := &Config{Group: g}, &Config{Groups: []*groups.Group{g}}
			var hs, ops, checked time.Duration
			for b.Loop() {
				t0 := time.Now()
				pipeHandshake(b, ccfg, scfg)
				t1 := time.Now()
				dhOperations(b, g, false)
				t2 := time.Now()
				dhOperations(b, g, true)
				hs, ops, checked = hs+t1.Sub(t0), ops+t2.Sub(t1), checked+time.Since(t2)
			}
			b.ReportMetric(float64(hs)/float64(ops), "handshake/dh")
			b.ReportMetric(float64(hs)/float64(checked), "handshake/dh+checks")
		})
	}
}
