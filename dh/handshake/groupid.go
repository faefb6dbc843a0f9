package handshake

import "github.com/gotickets/tickets/dh/groups"

// groupIDs gives every group its identifier on the wire, so that a prime or
// a generator never travels: the server looks the identifier up in its own
// allow-list. The FFDHE groups use their IANA TLS Supported Groups codes
// (RFC 7919, section 8), the MODP groups their IANA IKEv2 Diffie-Hellman
// group numbers (RFC 3526). The two ranges do not overlap.
var groupIDs = [...]struct {
	id   uint16
	name string
}{
	{5, "modp1536"},
	{14, "modp2048"},
	{15, "modp3072"},
	{16, "modp4096"},
	{17, "modp6144"},
	{18, "modp8192"},
	{256, "ffdhe2048"},
	{257, "ffdhe3072"},
	{258, "ffdhe4096"},
	{259, "ffdhe6144"},
	{260, "ffdhe8192"},
}

// groupID returns the wire identifier of g.
func groupID(g *groups.Group) (uint16, bool) {
	if g == nil {
		return 0, false
	}
	name := g.Name()
	for _, e := range groupIDs {
		if e.name == name {
			return e.id, true
		}
	}
	return 0, false
}
