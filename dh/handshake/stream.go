package handshake

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Handshake runs the client side over rw: it writes the client hello, reads
// the server hello, writes the client verify, and returns the key (as Key
// does). Each message travels in a frame: its length as a 16-bit big-endian
// number, then the message. A frame longer than Config.MaxMessageSize fails
// with ErrTooLarge before its body is read.
//
// The handshake ends when ctx does. When ctx can end and rw has a working
// SetDeadline method (a net.Conn), Handshake replaces rw's deadline with
// ctx's, interrupts blocked I/O when ctx is canceled, and clears the
// deadline before it returns; a timeout of rw's own (a wrapper's read
// deadline, say) is returned as rw's error. When ctx can end and rw has no
// deadlines, each read and write runs in its own goroutine and Handshake
// returns ctx's error without waiting for it; that goroutine ends when the
// blocked Read or Write returns, which the caller makes happen by closing
// rw, and until then a Write it started may still reach the peer, so close
// rw after a failed Handshake. Any error ends the handshake; rw is never
// closed by Handshake.
func (c *Client) Handshake(ctx context.Context, rw io.ReadWriter) ([]byte, error) {
	key, err := c.handshake(ctx, rw)
	return finish(key, err, c.fail)
}

func (c *Client) handshake(ctx context.Context, rw io.ReadWriter) ([]byte, error) {
	if err := c.drive("Client"); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	hello, err := c.helloStep(true)
	if err != nil {
		return nil, err
	}
	st := newStream(ctx, rw, c.set.maxMessage)
	defer st.close()
	if err := st.write(hello); err != nil {
		return nil, err
	}
	sh, err := st.read()
	if err != nil {
		return nil, err
	}
	cv, err := c.verifyStep(sh, true)
	if err != nil {
		return nil, err
	}
	if err := st.write(cv); err != nil {
		return nil, err
	}
	return c.Key(), nil
}

// Handshake runs the server side over rw: it reads the client hello, writes
// the server hello, reads the client verify, and returns the key (as Key
// does). Framing, limits and ctx are handled as in Client.Handshake.
func (s *Server) Handshake(ctx context.Context, rw io.ReadWriter) ([]byte, error) {
	key, err := s.handshake(ctx, rw)
	return finish(key, err, s.fail)
}

func (s *Server) handshake(ctx context.Context, rw io.ReadWriter) ([]byte, error) {
	// Reserved before reading, so that a used Server does not consume the
	// peer's first frame, and no concurrent Hello can take it.
	if err := s.drive("Server"); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	st := newStream(ctx, rw, s.set.maxMessage)
	defer st.close()
	ch, err := st.read()
	if err != nil {
		return nil, err
	}
	sh, err := s.helloStep(ch, true)
	if err != nil {
		return nil, err
	}
	if err := st.write(sh); err != nil {
		return nil, err
	}
	cv, err := st.read()
	if err != nil {
		return nil, err
	}
	if err := s.verifyStep(cv, true); err != nil {
		return nil, err
	}
	return s.Key(), nil
}

// deadliner is the part of net.Conn that lets a handshake bound its I/O.
type deadliner interface {
	SetDeadline(t time.Time) error
}

// stream frames messages over an io.ReadWriter and ends blocked I/O when
// its context ends.
type stream struct {
	ctx context.Context
	rw  io.ReadWriter
	max int

	conn        deadliner     // rw, when it has deadlines
	ctxDeadline bool          // the deadline on conn is ctx's
	stop        func() bool   // unregisters the cancellation callback
	stopped     chan struct{} // closed when that callback has run
	async       bool          // no deadlines, but ctx can end: I/O in goroutines
}

// longAgo is a deadline in the past, which wakes blocked I/O at once.
var longAgo = time.Unix(1, 0)

func newStream(ctx context.Context, rw io.ReadWriter, max int) *stream {
	st := &stream{ctx: ctx, rw: rw, max: max}
	if ctx.Done() == nil {
		return st // ctx never ends
	}
	conn, ok := rw.(deadliner)
	deadline, hasDeadline := ctx.Deadline() // the zero Time when it has none
	if !ok || conn.SetDeadline(deadline) != nil {
		st.async = true // no deadlines, or deadlines this rw does not support
		return st
	}
	st.conn, st.ctxDeadline = conn, hasDeadline
	st.stopped = make(chan struct{})
	st.stop = context.AfterFunc(ctx, func() {
		defer close(st.stopped)
		conn.SetDeadline(longAgo)
	})
	return st
}

// close clears the deadline it set on the connection, once the cancellation
// callback can no longer run or has finished.
func (st *stream) close() {
	if st.conn == nil {
		return
	}
	if !st.stop() {
		<-st.stopped
	}
	st.conn.SetDeadline(time.Time{})
}

// read reads one frame and returns its message.
func (st *stream) read() ([]byte, error) {
	var msg []byte
	err := st.do(func() error {
		var n [2]byte
		if _, err := io.ReadFull(st.rw, n[:]); err != nil {
			if err == io.ErrUnexpectedEOF {
				return fmt.Errorf("%w: truncated frame: %w", ErrMalformed, err)
			}
			return err // io.EOF: the peer closed between frames
		}
		size := int(binary.BigEndian.Uint16(n[:]))
		if size > st.max {
			return fmt.Errorf("%w: frame of %d bytes", ErrTooLarge, size)
		}
		buf := make([]byte, size)
		if _, err := io.ReadFull(st.rw, buf); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return fmt.Errorf("%w: truncated frame: %w", ErrMalformed, io.ErrUnexpectedEOF)
			}
			return err
		}
		msg = buf
		return nil
	})
	if err != nil {
		return nil, st.wrap("reading", err)
	}
	return msg, nil
}

// write writes msg in one frame, with one call to Write.
func (st *stream) write(msg []byte) error {
	frame := make([]byte, 2+len(msg))
	binary.BigEndian.PutUint16(frame, uint16(len(msg)))
	copy(frame[2:], msg)
	err := st.do(func() error {
		_, err := st.rw.Write(frame)
		return err
	})
	if err != nil {
		return st.wrap("writing", err)
	}
	return nil
}

// do runs f, in a goroutine when rw cannot be interrupted, and returns
// early when ctx ends. The goroutine owns everything f touches.
func (st *stream) do(f func() error) error {
	if !st.async {
		return f()
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-st.ctx.Done():
		return st.ctx.Err()
	}
}

// wrap turns an I/O error into the handshake's error: ctx's error when ctx
// ended the I/O, the error itself otherwise.
func (st *stream) wrap(op string, err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformed) {
		return err
	}
	if st.ctxDeadline && errors.Is(err, os.ErrDeadlineExceeded) {
		// Once ctx's deadline has passed, the timeout is ctx's, whose timer
		// fires at the same instant or just after. Before, it is rw's own.
		if d, _ := st.ctx.Deadline(); !time.Now().Before(d) {
			<-st.ctx.Done()
		}
	}
	if ctxErr := st.ctx.Err(); ctxErr != nil {
		return fmt.Errorf("handshake: %s: %w", op, ctxErr)
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("handshake: %s: %w", op, err)
}
