package dh

import (
	"errors"
	"testing"

	"github.com/gotickets/tickets/dh/groups"
)

// TestDegenerateSharedSecret bypasses NewPublicKey to reach SharedSecret's
// last line of defence: peer values whose ZZ is 0, 1 or p-1 for any x.
func TestDegenerateSharedSecret(t *testing.T) {
	pr, err := lookup(groups.FFDHE2048)
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewPrivateKey(groups.FFDHE2048, []byte{4}) // even: (p-1)^x = 1
	if err != nil {
		t.Fatal(err)
	}
	for name, y := range map[string][]byte{"0": pr.zero, "1": pr.one, "p-1": pr.pMinus1} {
		if _, err := k.SharedSecret(&PublicKey{params: pr, y: y}); !errors.Is(err, ErrInvalidPublicKey) {
			t.Errorf("y = %s: got %v, want ErrInvalidPublicKey", name, err)
		}
	}
	odd, _ := NewPrivateKey(groups.FFDHE2048, []byte{5}) // (p-1)^x = p-1
	if _, err := odd.SharedSecret(&PublicKey{params: pr, y: pr.pMinus1}); !errors.Is(err, ErrInvalidPublicKey) {
		t.Errorf("y = p-1, odd x: got %v, want ErrInvalidPublicKey", err)
	}
}
