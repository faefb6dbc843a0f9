package dh

import (
	"math/big"
	"sync"

	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/internal/bigutil"
)

// params is what the key operations need from a group, prepared once: the
// modulus for bigutil and the fixed-width encodings of the bounds.
type params struct {
	group   *groups.Group
	mod     *bigutil.Modulus
	size    int    // len(p) in bytes
	gen     []byte // g, size bytes
	zero    []byte // 0, size bytes
	one     []byte // 1, size bytes
	pMinus1 []byte // p-1, size bytes
	qMinus1 []byte // q-1, size bytes: private exponents are < q-1
	two     []byte // 2, size bytes
	expBits int    // GenerateKey's exponent size
}

// entry prepares the params of one group on first use, so that programs
// pay only for the groups they use (preparing an 8192-bit modulus is not
// free).
type entry struct {
	group *groups.Group
	once  sync.Once
	p     *params
	err   error
}

var table = func() []*entry {
	var t []*entry
	for _, g := range groups.All() {
		t = append(t, &entry{group: g})
	}
	return t
}()

// lookup returns the prepared params of g. It accepts the exported groups
// and copies of them, and refuses nil and the zero Group.
func lookup(g *groups.Group) (*params, error) {
	if g == nil {
		return nil, ErrUnsupportedGroup
	}
	for _, e := range table {
		if e.group == g {
			return e.get()
		}
	}
	// A copy of an exported group (*g dereferenced and re-addressed) has the
	// same name and prime.
	for _, e := range table {
		if e.group.Name() == g.Name() && e.group.Bits() == g.Bits() && e.group.P().Cmp(g.P()) == 0 {
			return e.get()
		}
	}
	return nil, ErrUnsupportedGroup
}

func (e *entry) get() (*params, error) {
	e.once.Do(func() { e.p, e.err = newParams(e.group) })
	return e.p, e.err
}

func newParams(g *groups.Group) (*params, error) {
	p := g.P()
	one := big.NewInt(1)
	pr := &params{group: g, size: (p.BitLen() + 7) / 8, expBits: max(256, 2*g.Strength())}
	for _, f := range []struct {
		dst *[]byte
		x   *big.Int
	}{
		{&pr.gen, g.G()},
		{&pr.zero, new(big.Int)},
		{&pr.one, one},
		{&pr.two, big.NewInt(2)},
		{&pr.pMinus1, new(big.Int).Sub(p, one)},
		{&pr.qMinus1, new(big.Int).Sub(g.Q(), one)},
	} {
		b, err := bigutil.FixedBytes(f.x, pr.size)
		if err != nil {
			return nil, err
		}
		*f.dst = b
	}
	pBytes, err := bigutil.FixedBytes(p, pr.size)
	if err != nil {
		return nil, err
	}
	if pr.mod, err = bigutil.NewModulus(pBytes); err != nil {
		return nil, err
	}
	return pr, nil
}
