package sts

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/gotickets/tickets/sts/cipher"
)

// maxPooledBuffer is the largest scratch buffer returned to a pool, so that
// one huge ticket does not pin memory forever.
const maxPooledBuffer = 64 << 10

// ringKey is one key of a Service's ring with a pool of scratch states
// holding its HMAC, so that no hot path allocates a hash or a buffer and no
// lock is shared between goroutines.
type ringKey struct {
	keys   *cipher.Keys
	id     [cipher.IDSize]byte
	old    bool
	states sync.Pool // *state
}

// state is per-call scratch: an HMAC-SHA256 under one ring key, its output,
// and buffers.
type state struct {
	mac hash.Hash
	sum [sha256.Size]byte
	buf []byte // the MAC input: macPrefix | len(entropy) | entropy | ticket
	aux []byte // CreateTicket: the serialized payload, then the base64 output
}

func newRingKey(master []byte, old bool) (*ringKey, error) {
	keys, err := cipher.Derive(master)
	if err != nil {
		return nil, err
	}
	k := &ringKey{keys: keys, id: keys.ID(), old: old}
	k.states.New = func() any {
		return &state{mac: hmac.New(sha256.New, keys.MAC())}
	}
	return k, nil
}

func (k *ringKey) get() *state { return k.states.Get().(*state) }

func (k *ringKey) put(st *state) {
	if cap(st.buf) > maxPooledBuffer {
		st.buf = nil
	}
	if cap(st.aux) > maxPooledBuffer {
		st.aux = nil
	}
	k.states.Put(st)
}
