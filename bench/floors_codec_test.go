package bench

import (
	"crypto/cipher"
	"encoding/binary"
	"testing"
	"time"
)

func floors() []implementation {
	return []implementation{
		{name: "floor", kind: "signed", new: func(p []byte) (codec, error) {
			f := newFloorSigned(key32("floor-mac"))
			return &floorSignedCodec{f: f, data: p, ticket: f.create(p)}, nil
		}},
		{name: "floor-aes", kind: "encrypted", new: func(p []byte) (codec, error) {
			f := newFloorEncrypted(key32("floor-aes-mac"), key32("floor-aes-enc"))
			t, err := f.create(p)
			return &floorEncryptedCodec{f: f, data: p, ticket: t}, err
		}},
	}
}

type floorSignedCodec struct {
	f      *floorSigned
	data   []byte
	ticket string
}

func (c *floorSignedCodec) text() string { return c.ticket }

func (c *floorSignedCodec) create() error {
	sinkString = c.f.create(c.data)
	return nil
}

func (c *floorSignedCodec) validate() error {
	t, err := c.f.validate(c.ticket)
	sinkFloor = t
	return err
}

func (c *floorSignedCodec) payload() ([]byte, error) {
	t, err := c.f.validate(c.ticket)
	if err != nil {
		return nil, err
	}
	return t.Data, nil
}

type floorEncryptedCodec struct {
	f      *floorEncrypted
	data   []byte
	ticket string
}

func (c *floorEncryptedCodec) text() string { return c.ticket }

func (c *floorEncryptedCodec) create() error {
	t, err := c.f.create(c.data)
	sinkString = t
	return err
}

func (c *floorEncryptedCodec) validate() error {
	t, err := c.f.validate(c.ticket)
	sinkFloor = t
	return err
}

func (c *floorEncryptedCodec) payload() ([]byte, error) {
	t, err := c.f.validate(c.ticket)
	if err != nil {
		return nil, err
	}
	return t.Data, nil
}

// The floors must do the whole job: a tampered ticket, another key's ticket
// and a ticket past its expiry are refused.
func TestFloorsReject(t *testing.T) {
	signed := newFloorSigned(key32("floor-mac"))
	encrypted := newFloorEncrypted(key32("floor-aes-mac"), key32("floor-aes-enc"))
	sealed, err := encrypted.create(small)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		ticket   string
		validate func(string) (floorTicket, error)
	}{
		{"signed", signed.create(small), signed.validate},
		{"encrypted", sealed, encrypted.validate},
	} {
		if _, err := tc.validate(tc.ticket); err != nil {
			t.Fatalf("%s: a fresh ticket was refused: %v", tc.name, err)
		}
		for i := range len(tc.ticket) {
			c := byte('A')
			if tc.ticket[i] == 'A' {
				c = 'B'
			}
			tampered := tc.ticket[:i] + string(c) + tc.ticket[i+1:]
			if _, err := tc.validate(tampered); err == nil {
				t.Errorf("%s: accepted the ticket with character %d changed", tc.name, i)
			}
		}
		if _, err := tc.validate(tc.ticket[:len(tc.ticket)-1]); err == nil {
			t.Errorf("%s: accepted a truncated ticket", tc.name)
		}
	}
	other := newFloorSigned(key32("another key"))
	if _, err := other.validate(signed.create(small)); err == nil {
		t.Error("signed: accepted a ticket made under another key")
	}
	expired := newFloorSigned(key32("floor-mac"))
	body := make([]byte, timesLen, timesLen+len(small)+tagLen)
	binary.BigEndian.PutUint64(body, uint64(time.Now().Add(-2*lifetime).Unix()))
	binary.BigEndian.PutUint64(body[8:], uint64(time.Now().Add(-lifetime).Unix()))
	body = append(body, small...)
	expired.mac.Write(body)
	if _, err := expired.validate(b64.EncodeToString(expired.mac.Sum(body))); err == nil {
		t.Error("signed: accepted an expired ticket")
	}

	for name, f := range map[string]*floorEncrypted{
		"another MAC key":        newFloorEncrypted(key32("another key"), key32("floor-aes-enc")),
		"another encryption key": newFloorEncrypted(key32("floor-aes-mac"), key32("another key")),
	} {
		tk, err := f.create(small)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encrypted.validate(tk)
		if err == nil && string(got.Data) == string(small) {
			t.Errorf("encrypted: accepted a ticket made under %s", name)
		}
	}
	// An expired ticket, sealed as create seals a fresh one.
	old := make([]byte, ivLen, ivLen+timesLen+len(small)+tagLen)
	old = binary.BigEndian.AppendUint64(old, uint64(time.Now().Add(-2*lifetime).Unix()))
	old = binary.BigEndian.AppendUint64(old, uint64(time.Now().Add(-lifetime).Unix()))
	old = append(old, small...)
	cipher.NewCTR(encrypted.block, old[:ivLen]).XORKeyStream(old[ivLen:], old[ivLen:])
	encrypted.mac.Reset()
	encrypted.mac.Write(old)
	if _, err := encrypted.validate(b64.EncodeToString(encrypted.mac.Sum(old))); err == nil {
		t.Error("encrypted: accepted an expired ticket")
	}
}
