package sts

import (
	"crypto/sha256"

	"github.com/gotickets/tickets/sts/cipher"
)

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

// state is per-call scratch, pooled by the Service so that no hot path
// allocates a hash or a buffer and no lock is shared between goroutines.
// Its digests serve every ring key: each tag restores the key's states.
type state struct {
	in, out digest
	sum     [sha256.Size]byte
	buf     []byte // the ticket's bytes
	aux     []byte // the payload before compression or after inflation; base64 output
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
	return &state{in: sha256.New().(digest), out: sha256.New().(digest)}
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
