package handshake

import (
	"errors"
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

	mu    sync.Mutex
	state state
	key   []byte // set when state becomes stateDone
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
