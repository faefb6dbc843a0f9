package sts

import (
	"encoding/base64"
	"errors"
	"testing"
)

// mustReject fails the test unless ticket is refused, and requires that no
// refusal of a tampered ticket be a time error (those are only for
// authentic tickets).
func mustReject(t *testing.T, s *Service, ticket string, entropy []byte, what string) {
	t.Helper()
	tk, err := s.ValidateTicket(ticket, entropy)
	if err == nil {
		t.Fatalf("%s: tampered ticket validated: %+v", what, tk)
	}
	if errors.Is(err, ErrExpired) || errors.Is(err, ErrNotYetValid) {
		t.Fatalf("%s: tampered ticket refused with a time error: %v", what, err)
	}
}

// flipBits flips each chosen bit of the decoded ticket, checks that the
// result is rejected, flips it back, and checks that the original validates
// again after each byte.
func flipBits(t *testing.T, s *Service, ticket string, entropy []byte, bits func(nbits int) []int) {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(ticket)
	if err != nil {
		t.Fatal(err)
	}
	lastByte := -1
	for _, bit := range bits(8 * len(raw)) {
		i, mask := bit/8, byte(1)<<(bit%8)
		raw[i] ^= mask
		mustReject(t, s, base64.RawURLEncoding.EncodeToString(raw), entropy, "bit flip")
		raw[i] ^= mask
		if i != lastByte {
			lastByte = i
			if _, err := s.ValidateTicket(base64.RawURLEncoding.EncodeToString(raw), entropy); err != nil {
				t.Fatalf("flipped back at byte %d: %v", i, err)
			}
		}
	}
}

const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// flipChars replaces each chosen character of the encoded ticket with the
// next one of the alphabet, and with a character outside it, checks that
// both are rejected, and that the original still validates.
func flipChars(t *testing.T, s *Service, ticket string, entropy []byte, chars []int) {
	t.Helper()
	b := []byte(ticket)
	for _, i := range chars {
		orig := b[i]
		b[i] = b64Alphabet[(indexByte(b64Alphabet, orig)+1)%64]
		mustReject(t, s, string(b), entropy, "character change")
		b[i] = '='
		mustReject(t, s, string(b), entropy, "character change")
		b[i] = orig
	}
	if _, err := s.ValidateTicket(string(b), entropy); err != nil {
		t.Fatalf("restored ticket: %v", err)
	}
}

func indexByte(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func every(n int) []int {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	return all
}

// TestTamperSmall is pyTickets' own test: for each of the 8 option
// combinations and each pair of entropy and data lengths 0, 1, 15, 16, 17,
// every bit of the decoded ticket and every character of the encoded one is
// flipped; each flip is rejected and the restored ticket validates.
func TestTamperSmall(t *testing.T) {
	lengths := []int{0, 1, 15, 16, 17}
	s := newTestService(t, &Config{Session: []byte("sess")})
	for _, o := range allOptions() {
		t.Run(o.String(), func(t *testing.T) {
			t.Parallel()
			for _, dl := range lengths {
				for _, el := range lengths {
					entropy := pattern(el, 3)
					ticket, err := s.CreateTicketWith(pattern(dl, 4), entropy, o)
					if err != nil {
						t.Fatal(err)
					}
					flipBits(t, s, ticket, entropy, every)
					flipChars(t, s, ticket, entropy, every(len(ticket)))
				}
			}
		})
	}
}

// TestTamperLarge does the same for a 1 MB payload with each option
// combination. Each check hashes a megabyte, so flipping all 8M bits would
// take hours: it flips one bit of every byte of the fixed fields (header,
// IV, times, inner flags) and of the tag, every bit of the version and flags
// bytes, and bits spread evenly over the payload; these checks go straight
// to the decoded ticket. Characters of the encoded ticket are sampled the
// same way, fewer under the race detector.
func TestTamperLarge(t *testing.T) {
	const size = 1 << 20
	chars := 16
	if raceEnabled {
		chars = 0
	}
	s := newTestService(t, &Config{MaxTicketSize: 2 << 20, MaxDataSize: size + 64})
	entropy := []byte("entropy")
	data := pattern(size, 5)
	for _, o := range allOptions() {
		t.Run(o.String(), func(t *testing.T) {
			t.Parallel()
			ticket, err := s.CreateTicketWith(data, entropy, o)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := base64.RawURLEncoding.DecodeString(ticket)
			if err != nil {
				t.Fatal(err)
			}
			var bits []int
			for i := range 16 {
				bits = append(bits, i) // version and flags
			}
			for _, i := range sample(len(raw), headerSize+ivSize+bodyFixed, tagSize, 32) {
				bits = append(bits, 8*i+i%8)
			}
			for _, bit := range bits {
				i, mask := bit/8, byte(1)<<(bit%8)
				raw[i] ^= mask
				if tk, err := validateRaw(s, raw, entropy); err == nil {
					t.Fatalf("bit %d flipped: validated %+v", bit, tk)
				}
				raw[i] ^= mask
			}
			if _, err := validateRaw(s, raw, entropy); err != nil {
				t.Fatalf("restored: %v", err)
			}
			flipChars(t, s, ticket, entropy, sample(len(ticket), 2, 2, chars))
		})
	}
}

// validateRaw is ValidateTicket after base64 decoding.
func validateRaw(s *Service, raw, entropy []byte) (*Ticket, error) {
	return s.verify(raw, entropy, "")
}

// sample returns the indexes [0, head), the last tail ones of [0, n), and
// count more spread evenly between them, in increasing order.
func sample(n, head, tail, count int) []int {
	var idx []int
	for i := range min(head, n) {
		idx = append(idx, i)
	}
	for j := 1; j <= count; j++ {
		if i := head + j*(n-head-tail)/(count+1); i > idx[len(idx)-1] && i < n-tail {
			idx = append(idx, i)
		}
	}
	for i := max(n-tail, head); i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}
