package sts

import "github.com/gotickets/tickets/sts/cipher"

// maxPooledBuffer is the largest scratch buffer returned to the pool, so
// that one huge ticket does not pin memory forever.
const maxPooledBuffer = 64 << 10

// ringKey is one key of a Service's ring.
type ringKey struct {
	keys *cipher.Keys
	mac  macKey
	id   [cipher.IDSize]byte
	old  bool
}

// stackTicket is the largest decoded ticket (plus the base64 decoder's
// slack) that ValidateTicket keeps on the stack, and the largest signed
// ticket CreateTicket builds there: a payload of a few hundred bytes, what
// cookies and headers mostly carry. Larger ones use pooled buffers.
const stackTicket = 512

// state is per-call scratch for the tickets that do not fit the stack,
// pooled by the Service so that no lock is shared between goroutines.
type state struct {
	buf []byte // the ticket's bytes
	aux []byte // the payload before compression or after inflation; base64 output
}

func newRingKey(master, session []byte, old bool) (*ringKey, error) {
	keys, err := cipher.Derive(master)
	if err != nil {
		return nil, err
	}
	id := keys.ID()
	mac, err := newMACKey(keys.MAC(), session, id)
	if err != nil {
		return nil, err
	}
	return &ringKey{keys: keys, mac: mac, id: id, old: old}, nil
}

// lookup returns the ring key with the given ID, or nil.
func (s *Service) lookup(id [cipher.IDSize]byte) *ringKey {
	for _, k := range s.keys {
		if k.id == id {
			return k
		}
	}
	return nil
}

func (s *Service) getState() *state {
	if st, ok := s.states.Get().(*state); ok {
		return st
	}
	return new(state)
}

func (s *Service) putState(st *state) {
	if cap(st.buf) > maxPooledBuffer {
		st.buf = nil
	}
	if cap(st.aux) > maxPooledBuffer {
		st.aux = nil
	}
	s.states.Put(st)
}
