package sts

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestInspect(t *testing.T) {
	now := time.Unix(1_700_000_000, 0).UTC()
	key := make([]byte, KeySize)
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"signed", Config{}},
		{"serialized+compressed", Config{Serialize: true, Compress: true}},
		{"encrypted", Config{Encrypt: true, Serialize: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Now = func() time.Time { return now }
			svc, err := New(key, &cfg)
			if err != nil {
				t.Fatal(err)
			}
			ticket, err := svc.CreateTicket("some data", []byte("entropy"))
			if err != nil {
				t.Fatal(err)
			}
			h, err := Inspect(ticket)
			if err != nil {
				t.Fatal(err)
			}
			v, err := svc.ValidateTicket(ticket, []byte("entropy"))
			if err != nil {
				t.Fatal(err)
			}
			id := svc.keys[0].keys.ID()
			if h.Version != 1 || h.KeyID != id || h.Encrypted != cfg.Encrypt {
				t.Errorf("header %+v, want version 1, key ID %x, encrypted %v", h, id, cfg.Encrypt)
			}
			if cfg.Encrypt {
				if !h.IssuedAt.IsZero() || !h.ExpiresAt.IsZero() || h.Serialized || h.Compressed || h.PayloadSize != 0 {
					t.Errorf("encrypted ticket shows its body: %+v", h)
				}
				return
			}
			if !h.IssuedAt.Equal(v.IssuedAt) || !h.ExpiresAt.Equal(v.ExpiresAt) ||
				h.Serialized != v.Serialized || h.Compressed != v.Compressed || h.PayloadSize == 0 {
				t.Errorf("header %+v disagrees with the validated ticket %+v", h, v)
			}
		})
	}
}

func TestInspectErrors(t *testing.T) {
	svc, err := New(make([]byte, KeySize), nil)
	if err != nil {
		t.Fatal(err)
	}
	good, err := svc.CreateTicket("x", nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	reencode := func(f func([]byte) []byte) string {
		return base64.RawURLEncoding.EncodeToString(f(append([]byte(nil), raw...)))
	}
	for _, tc := range []struct {
		name   string
		ticket string
		want   error
	}{
		{"empty", "", ErrMalformed},
		{"padding", good + "=", ErrMalformed},
		{"not base64url", strings.Replace(good, good[:1], "+", 1), ErrMalformed},
		{"too long", strings.Repeat("A", DefaultMaxTicketSize+1), ErrTooLarge},
		{"truncated", reencode(func(b []byte) []byte { return b[:20] }), ErrMalformed},
		{"version 2", reencode(func(b []byte) []byte { b[0] = 2; return b }), ErrUnsupportedVersion},
		{"unknown flag", reencode(func(b []byte) []byte { b[1] |= 0x80; return b }), ErrMalformed},
		{"unknown inner flag", reencode(func(b []byte) []byte { b[headerSize+16] |= 0x80; return b }), ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if h, err := Inspect(tc.ticket); !errors.Is(err, tc.want) {
				t.Errorf("Inspect = %+v, %v; want %v", h, err, tc.want)
			}
		})
	}
}
