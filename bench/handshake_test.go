package bench

import (
	"bytes"
	"context"
	"net"
	"testing"

	"github.com/gotickets/tickets/dh/handshake"
)

// handshakeOnce runs one full handshake with nil Configs (the client
// proposes ffdhe2048) over net.Pipe, the server on its own goroutine, and
// checks that both sides agree.
func handshakeOnce(ctx context.Context) error {
	c, err := handshake.NewClient(nil)
	if err != nil {
		return err
	}
	s, err := handshake.NewServer(nil)
	if err != nil {
		return err
	}
	cc, sc := net.Pipe()
	defer cc.Close()
	defer sc.Close()
	type result struct {
		key []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		k, err := s.Handshake(ctx, sc)
		done <- result{k, err}
	}()
	ck, err := c.Handshake(ctx, cc)
	if err != nil {
		sc.Close()
		<-done
		return err
	}
	r := <-done
	if r.err != nil {
		return r.err
	}
	if !bytes.Equal(ck, r.key) {
		return errKeysDiffer
	}
	return nil
}

type benchError string

func (e benchError) Error() string { return string(e) }

const errKeysDiffer = benchError("bench: the two sides derived different keys")

func BenchmarkHandshake(b *testing.B) {
	b.Run("ffdhe2048", func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		withCPU(b, func() {
			for b.Loop() {
				if err := handshakeOnce(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func TestHandshakeAgrees(t *testing.T) {
	if err := handshakeOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}
