package bench

import "bytes"

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
	return bytes.Clone(t.Data), nil
}

type floorEncryptedCodec struct {
	f      *floorEncrypted
	data   []byte
	ticket string
}

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
	return bytes.Clone(t.Data), nil
}
