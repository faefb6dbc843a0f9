// Package sts is the SecureTicketService: self-contained, tamper-proof,
// optionally encrypted tickets with a lifetime, bound to a session and to
// per-ticket entropy, under a ring of keys. It re-implements pyTickets'
// SecureTicketService and fixes its weaknesses: nothing is deserialized,
// inflated or decrypted before the MAC is verified, MAC and encryption use
// separate derived subkeys, integers have one byte order, comparisons are
// constant time, and randomness comes from crypto/rand.
//
//	key, _ := sts.GenerateKey()
//	svc, _ := sts.New(key, &sts.Config{Session: []byte("app1"), Encrypt: true})
//	ticket, _ := svc.CreateTicket([]byte("alice"), entropy)
//	t, err := svc.ValidateTicket(ticket, entropy)   // t.Decode(&b)
//
// # Envelope, version 1
//
// A ticket is base64url without padding (RFC 4648 section 5) of
//
//	version(1) | flags(1) | keyID(4) | [IV(16)] | body | tag(32)
//	body = issuedAt(8) | expiresAt(8) | inner(1) | payload
//
// version is 1 and fixes the whole suite; flags bit 0 says encrypted (and
// an IV follows); keyID names the key of the ring (a keyed hash, see
// package sts/cipher); issuedAt and expiresAt are unix seconds, big-endian;
// inner bit 0 says serialized (msgpack), bit 1 compressed (zlib). Unknown
// bits are errors. When encrypted, the whole body is AES-256-CTR
// ciphertext, so the times, the inner flags and the data are all hidden.
//
// The tag is HMAC-SHA256 under the MAC subkey of
//
//	"tickets/sts v1" | u32(len(Session)) | Session | header | e | zeros to a 64-byte boundary |
//	[u32(len(entropy)) | entropy] | every byte of the ticket after the header, before the tag
//
// (u32 big-endian; header is version, flags and keyID; e is 1 when there is
// entropy and the bracketed part present, 0 when there is none), so neither
// Session nor entropy can shift into the other or into the ticket, every
// ticket byte is covered, and neither Session nor entropy is ever stored.
// The zero padding puts the prefix in whole SHA-256 blocks, whose hash
// states each key precomputes: per ticket, only the body (and IV) is
// hashed: one SHA-256 block for a signed ticket of up to 38 payload bytes
// without entropy, as for a bare HMAC of two times and the payload. The
// prefix carries the header the key's state was made for, so a header the
// parser does not accept has no state and no tag. The MAC
// and AES subkeys and the key ID come from the key by HKDF-SHA256 with
// distinct labels (package sts/cipher). A key may have any non-zero length:
// it is HKDF's input keying material, which needs no stretching (HKDF-Extract
// takes it as an HMAC message, so no two keys alias, unlike the SHA-256
// stretch pyTickets used for its AES key).
//
// Decoding is strict: one ticket has exactly one spelling. Padding, line
// breaks, characters outside the base64url alphabet and non-zero trailing
// bits are all ErrMalformed.
//
// # Validation order
//
// ValidateTicket stops at the first failure:
//
//  1. length cap: more than Config.MaxTicketSize characters is ErrTooLarge;
//  2. base64url decoding, strict: ErrMalformed;
//  3. header: version (ErrUnsupportedVersion), flags and lengths
//     (ErrMalformed);
//  4. key lookup by key ID: an unknown key is ErrInvalid;
//  5. the tag, compared in constant time: ErrInvalid;
//  6. decryption, when the ticket is encrypted;
//  7. body: inner flags, expiresAt after issuedAt (ErrMalformed);
//  8. time: now >= ExpiresAt, or a lifetime above Config.MaxLifetime, is
//     ErrExpired; IssuedAt beyond now+ClockSkew is ErrNotYetValid;
//  9. size: bounded inflation, when compressed, or the payload itself:
//     more than Config.MaxDataSize bytes is ErrTooLarge, whatever the
//     ticket claims.
//
// msgpack decoding happens only in Ticket.Decode (and Service.Data), on an
// authentic ticket, after a check that no length in it exceeds the data,
// and never reads an extension's data as a map out of step with that check
// (see package sts/codec).
// So a time error is only ever reported for an authentic ticket, and an
// attacker without the key reaches nothing past step 5.
//
// [Inspect] is the one exception, for tools: it stops after step 3 and shows
// the header (and a plaintext body's times and flags) without any key. Nothing
// it returns is authenticated.
//
// # Security properties
//
//   - Integrity and authenticity: HMAC-SHA256 (128-bit or better forgery
//     resistance) over the whole ticket, the Session and the entropy.
//     Wrong key, session, entropy or any tampering are one error,
//     ErrInvalid.
//   - Confidentiality with Encrypt: AES-256-CTR under a random 16-byte IV
//     per ticket, encrypt-then-MAC. Data and metadata are hidden; see the
//     non-goals for the length.
//   - Key rotation: Config.OldKeys validate, only the current key creates,
//     and Ticket.OldKey tells the caller to re-issue.
//   - Bounded work: until the tag is checked, the only memory used is
//     scratch for the ticket's own bytes, on the stack or pooled, after the
//     MaxTicketSize cap; after it, nothing larger than the ticket (the
//     decrypted body) or MaxDataSize (inflation): a zip bomb ends in
//     ErrTooLarge with memory bounded by MaxDataSize.
//   - No panics, whatever the input.
//
// # Non-goals
//
//   - Replay: a ticket is a bearer token, valid any number of times until
//     it expires. Bind it with entropy (say a session cookie or a client
//     key) or keep a server-side record of used tickets if that matters.
//   - Revocation before expiry, except by retiring a key.
//   - Length hiding: the ticket's length reveals the payload's length.
//   - Forward secrecy: whoever learns a key can read and forge every ticket
//     made with it.
//
// # Compression and encryption
//
// Compression makes the length depend on the content. When a ticket is
// encrypted and its payload mixes attacker-chosen data with a secret, an
// attacker who sees ticket lengths can recover the secret byte by byte (the
// CRIME and BREACH attacks). Never compress such payloads under
// encryption. Compression is off by default; turn it on only for data that
// is not secret or not attacker-influenced.
//
// # Migrating from pyTickets
//
// SecureTicketService(key, session, encrypt=, serialize=, compress=) is New
// with a Config; create_random_key is GenerateKey; create_ticket(data,
// entropy, **options) is CreateTicket or CreateTicketWith; validate_ticket
// is ValidateTicket, returning an error instead of False; get_data is Data;
// ticket_lifespan is Config.Lifetime (same 1200 s default). pyTickets
// tickets are not accepted: their format cannot be validated safely.
package sts
