package sts

import (
	"bytes"
	"testing"
)

// TestAllocs pins down what the hot paths allocate: a signed ticket whose
// payload fits the stack buffers is made with one allocation (the string)
// and validated with one (the *Ticket), with and without entropy and on
// either side of the stack limit's payload sizes. The hash states and the
// decoded bytes live on the stack; an escape-analysis regression (in this
// package or in crypto/sha256's inlining) shows up here first.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; go test without -race runs this")
	}
	s := newTestService(t, &Config{Session: []byte("session")})
	for _, tc := range []struct {
		name    string
		payload []byte
		entropy []byte
	}{
		{"empty", nil, nil},
		{"38 B", bytes.Repeat([]byte("a"), 38), nil},
		{"38 B with entropy", bytes.Repeat([]byte("a"), 38), []byte("entropy")},
		{"largest on the stack", bytes.Repeat([]byte("a"), maxStackPayload), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ticket string
			var err error
			var data any = tc.payload // converting a slice to any allocates, in the caller
			if n := testing.AllocsPerRun(100, func() { ticket, err = s.CreateTicket(data, tc.entropy) }); n != 1 || err != nil {
				t.Errorf("CreateTicket: %v allocations, error %v; want 1, nil", n, err)
			}
			if n := testing.AllocsPerRun(100, func() { _, err = s.ValidateTicket(ticket, tc.entropy) }); n != 1 || err != nil {
				t.Errorf("ValidateTicket: %v allocations, error %v; want 1, nil", n, err)
			}
		})
	}
}

// TestSealPathsAgree makes the same signed tickets through sealSmall (stack
// buffers) and seal (pooled buffers), which must agree byte for byte, for
// payloads up to and past the stack limit, with and without entropy, and
// checks that each validates to its payload.
func TestSealPathsAgree(t *testing.T) {
	s := newTestService(t, &Config{Session: []byte("session")})
	for _, n := range []int{0, 1, 38, maxStackPayload - 1, maxStackPayload, maxStackPayload + 1, 2000} {
		for _, entropy := range [][]byte{nil, []byte("entropy")} {
			payload := pattern(n, 7)
			st := s.getState()
			want, err := s.seal(st, payload, entropy, s.opts)
			s.putState(st)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.CreateTicket(payload, entropy)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%d bytes, entropy %q: CreateTicket %s, seal %s", n, entropy, got, want)
			}
			if n <= maxStackPayload {
				if small, err := sealSmall(s, string(payload), entropy, s.opts.Lifetime); err != nil || small != want {
					t.Errorf("%d bytes, entropy %q: sealSmall(string) %s, %v; want %s", n, entropy, small, err, want)
				}
			}
			var data []byte
			if err := s.Data(got, entropy, &data); err != nil || !bytes.Equal(data, payload) {
				t.Errorf("%d bytes, entropy %q: Data %x, %v", n, entropy, data, err)
			}
		}
	}
}
