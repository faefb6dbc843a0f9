package handshake

import (
	"errors"
	"fmt"
	"sync"
)

// state is the progress of one side of a handshake. It only moves forward,
// and any failure moves it to failed, which is final.
type state uint8

const (
	stateStart     state = iota
	stateHelloDone       // the client sent, or the server answered, a hello
	stateDone            // the key is established
	stateFailed
)

// side is what a Client and a Server share: the validated Config, and the
// progress and key of the one handshake each serves.
type side struct {
	set *settings

	mu     sync.Mutex
	state  state
	key    []byte // set when state becomes stateDone
	driven bool   // a Handshake call runs the steps: Hello and Verify refuse
}

// drive reserves a fresh handshake for a Handshake call, so that a
// concurrent Hello or Verify cannot take a step (and the peer's message)
// from under it. It fails with ErrState, changing nothing, when the
// handshake has begun (another Handshake call, or the message API) or the
// side was not made by its constructor.
func (s *side) drive(who string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.driven || s.state != stateStart || s.set == nil {
		return fmt.Errorf("%w: %s.Handshake after Hello, called twice, or on a %s not made by New%s", ErrState, who, who, who)
	}
	s.driven = true
	return nil
}

// byDriver reports, with mu held, whether a step called by the driver
// (driver set) or directly may run: direct calls refuse while Handshake
// has the handshake.
func (s *side) byDriver(driver bool, step string) error {
	if s.driven && !driver {
		return fmt.Errorf("%w: %s called during Handshake", ErrState, step)
	}
	return nil
}

// established returns a copy of the key once the handshake has succeeded,
// and nil before that or after a failure. The caller holds mu.
func (s *side) established() []byte {
	if s.state != stateDone {
		return nil
	}
	return append([]byte(nil), s.key...)
}

// end makes the failure final and wipes the key. The caller holds mu and
// wipes the secrets of its own side.
func (s *side) end() {
	s.state = stateFailed
	clear(s.key)
	s.key = nil
}

// finish returns the result of a stream handshake. Any error but ErrState (a
// call out of order, which changed nothing) ends the handshake through
// fail, as the failing step would have: a connection that breaks after a
// successful step leaves no half-finished handshake behind.
func finish(key []byte, err error, fail func()) ([]byte, error) {
	if err != nil {
		if !errors.Is(err, ErrState) {
			fail()
		}
		return nil, err
	}
	return key, nil
}
