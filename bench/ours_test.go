package bench

import (
	"github.com/gotickets/tickets/sts"
)

// ours lists the sts configurations measured against the floors and peers:
// signed only (the default), encrypted, and serialized (msgpack, validated
// and decoded with Service.Data, as the peers' serializers are).
func ours() []implementation {
	return []implementation{
		{name: "ours", kind: "signed", new: func(p []byte) (codec, error) {
			return newSTS(&sts.Config{}, p)
		}},
		{name: "ours-encrypted", kind: "encrypted", new: func(p []byte) (codec, error) {
			return newSTS(&sts.Config{Encrypt: true}, p)
		}},
		{name: "ours-serialized", kind: "signed", new: func(p []byte) (codec, error) {
			return newSTS(&sts.Config{Serialize: true}, p)
		}},
	}
}

var sinkTicket *sts.Ticket

type stsCodec struct {
	svc    *sts.Service
	data   any
	ticket string
	serial bool
}

func newSTS(cfg *sts.Config, p []byte) (codec, error) {
	cfg.Lifetime = lifetime
	svc, err := sts.New(key32("sts"), cfg)
	if err != nil {
		return nil, err
	}
	c := &stsCodec{svc: svc, data: p, serial: cfg.Serialize}
	if cfg.Serialize {
		c.data = string(p)
	}
	c.ticket, err = svc.CreateTicket(c.data, nil)
	return c, err
}

func (c *stsCodec) text() string { return c.ticket }

func (c *stsCodec) create() error {
	t, err := c.svc.CreateTicket(c.data, nil)
	sinkString = t
	return err
}

func (c *stsCodec) validate() error {
	if c.serial {
		var s string
		err := c.svc.Data(c.ticket, nil, &s)
		sinkString = s
		return err
	}
	t, err := c.svc.ValidateTicket(c.ticket, nil)
	sinkTicket = t
	return err
}

func (c *stsCodec) payload() ([]byte, error) {
	if c.serial {
		var s string
		err := c.svc.Data(c.ticket, nil, &s)
		return []byte(s), err
	}
	t, err := c.svc.ValidateTicket(c.ticket, nil)
	if err != nil {
		return nil, err
	}
	var b []byte
	err = t.Decode(&b)
	return b, err
}
