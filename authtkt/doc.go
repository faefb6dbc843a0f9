// Package authtkt makes and validates hashed auth tickets compatible with
// Python's ticket_auth 0.1.4 (Format TicketAuth) and Apache's mod_auth_tkt
// 2.3.99 (Format ModAuthTkt), so that a Go service can read the auth_tkt
// cookie an Apache server or a Python application issued, and issue tickets
// they accept.
//
// # Formats
//
// A ticket_auth ticket is
//
//	hex(digest) || %08x(valid_until) || quote(uid) "!" tokens "!" quote(data)
//
// with tokens the comma-joined quote of each token and quote Python's
// urllib.parse.quote (safe '/': A-Z a-z 0-9 _ . - ~ / are kept, every other
// UTF-8 byte becomes uppercase %XX). The digest is
// H(H(data0 || secret || data1) || secret), data0 being the IP version byte,
// the packed address (0.0.0.0 when none) and the u32 expiry, and data1 the
// escaped uid, tokens and data joined by NUL. A ticket is valid while
// now < valid_until, compared at full clock precision as ticket_auth does.
// The cookie value is the ticket itself.
//
// A mod_auth_tkt ticket is
//
//	hex(digest) || %08x(ts) || uid "!" [tokens "!"] data
//
// with ts the issue time, the digest H(hex(H(iptstamp || secret || uid NUL
// tokens NUL data)) || secret) and iptstamp the IPv4 address (0.0.0.0 when
// none, as with TKTAuthIgnoreIP on) and ts. Nothing is escaped, so NewTicket
// refuses what the module cannot split back: '!' in the uid or a token, ','
// in a token, '!' in the data of a ticket without tokens, and NUL. The
// validator's Config.Timeout (TKTAuthTimeout) decides expiry: valid while
// ts + timeout >= now, in whole seconds and unsigned 32-bit arithmetic as the
// module computes it (a ts close to 2^32 wraps and is expired; all 32-bit
// times run out in February 2106). Cookies are standard base64 of the ticket
// (EncodeCookie); DecodeCookie reads every form the module reads.
//
// # Strict and lenient parsing
//
// By default Validate accepts the spelling NewTicket produces and no other:
// the time field is exactly eight lowercase hex digits, the digest is
// lowercase hex, ticket_auth fields are escaped canonically (re-escaping
// the unescaped field gives the field back: no "%75ser" for "user", no
// lowercase %xx, no needless escapes), and a mod_auth_tkt ticket has no
// empty token. One exception: a mod_auth_tkt ticket without tokens may
// also have an empty tokens section ("uid!!data" for NewTicket's
// "uid!data"), because the module writes that when it refreshes such a
// ticket; both have the same digest, so caches and deny lists should key
// on TicketInfo.Digest. Config.Lenient accepts what the originals accept as
// well:
//
//   - ticket_auth: the time field as int(field, 16) reads it (uppercase,
//     0x, a sign, '_' between digits, surrounding whitespace; not the
//     Unicode digits Python also takes), and any escaping that unescapes to
//     the same fields (the digest covers the canonical re-escaping, as in
//     ticket_auth);
//   - mod_auth_tkt: the time field as sscanf("%8x") reads it (skipping
//     whitespace, with a sign or 0x, reading on into the uid when the field
//     is short), and empty tokens ("a,,b").
//
// Neither mode accepts an uppercase digest: the originals do not either.
//
// # Validation order
//
// Validate checks the length (at most MaxTicketLen), then the syntax
// (ErrParse), then the digest (ErrDigest), comparing in constant time, then
// the expiry (ErrExpired, as an *ExpiredError with the times). An expiry is
// only reported for an authentic ticket. With ModAuthTkt an IPv6 client
// address gives ErrUnsupported, as the module rejects IPv6 clients when the
// address is checked.
//
// # Security properties and non-goals
//
// Both digests are ad-hoc double hashes of the secret and the fields, not
// HMAC; they are kept for compatibility only. New designs should use the sts
// package. In particular:
//
//   - MD5 and SHA-1 are accepted because the originals accept them;
//     prefer sha512 (the ticket_auth default) or sha256.
//   - The fields are plaintext: anyone holding the cookie reads the uid,
//     tokens and data.
//   - A ticket can be replayed until it expires; binding it to a client
//     address helps only when that address is the real client's.
//   - mod_auth_tkt tickets carry no expiry: a validator with NoTimeout
//     accepts them forever, and a future timestamp is accepted (as by the
//     module) and lives longer.
//   - There is no key identifier or versioning; rotating the secret
//     invalidates every ticket.
//
// This package never logs. Error messages never contain a digest, the
// secret or ticket contents (mod_auth_tkt logs the expected digest at its
// default log level, which lets anyone who reads the log forge tickets).
//
// # Refreshing tickets
//
// Middleware that reissues tickets, as mod_auth_tkt's TKTAuthTimeoutRefresh
// does, has what it needs in TicketInfo and the Factory: for ModAuthTkt the
// time left is TicketInfo.ValidUntil minus now, Factory.Timeout the window,
// and a new ticket is NewTicket with the same UserID, Tokens and UserData,
// the same client address and a zero IssuedAt (now). For TicketAuth the
// caller picks the new ValidUntil.
package authtkt
