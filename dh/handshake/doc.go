// Package handshake establishes a shared key between a client and a server
// with a three-message ephemeral Diffie-Hellman handshake: pyTickets'
// DiffieHellmanClient and DiffieHellmanServer, rebuilt without their flaws.
//
// The handshake is a state machine over byte slices, with a thin driver for
// streams:
//
//	c, _ := handshake.NewClient(&handshake.Config{Group: groups.FFDHE2048})
//	s, _ := handshake.NewServer(nil)     // allows FFDHE2048..8192, MODP2048..8192
//	hello, _ := c.Hello()                // client_hello
//	sh, _ := s.Hello(hello)              // server_hello
//	cv, _ := c.Verify(sh)                // client_verify
//	err := s.Verify(cv)                  // server_verify
//	c.Key(), s.Key()                     // negotiated_key: equal
//
//	key, err := c.Handshake(ctx, conn)   // the same over any io.ReadWriter
//
// A Client or Server serves one handshake; a Config serves any number.
//
// # Protocol
//
// PROTOCOL.md in this directory specifies the messages byte by byte, with the
// key schedule. In short: every message starts with a version byte and a
// type. The client hello carries a group identifier, the size of the
// client's exponent, a 32-byte nonce and the public value; the server hello
// its nonce, its public value and a confirmation MAC; the client verify the
// client's confirmation MAC. Keys come from HKDF-SHA256 over ZZ (full
// width), the pre-shared key when there is one, and a hash of the whole
// transcript, with distinct labels for the session key and each direction's
// confirmation key. Both MACs cover the transcript so far and are compared
// in constant time.
//
// What pyTickets got wrong, and this package does instead:
//   - The server took p and g from the client. Here the client sends a group
//     identifier, which the server looks up in its own allow-list
//     (Config.Groups); a prime never travels.
//   - Public values were not checked. Here both sides check the peer's value
//     (package dh: 2 <= y <= p-2, in the subgroup of order q) before using it.
//   - The key was the raw ZZ, and only the server hello was authenticated.
//     Here the key comes from HKDF, and the MACs cover every message.
//   - Failures were asserts, and calls could come in any order. Here every
//     failure is an error, any failure ends the handshake, and calls out of
//     order fail with ErrState.
//   - Padded and unpadded values were mixed, so one honest handshake in 2^32
//     failed. Here every value has a fixed width.
//
// # Security
//
// Without a pre-shared key the handshake resists passive attackers only: a
// man in the middle can run one handshake with each side. Set Config.PSK on
// both sides to defeat him: without the PSK he fails with ErrAuthFailed.
// The PSK must be a random key of at least MinPSKSize bytes, never a
// password, since an active attacker can test guesses offline. Keys are
// forward secret. The client holds its key one message before the server
// does. PROTOCOL.md states the properties in full, and the non-goals: no
// identities, no protection against denial of service, no record layer.
// Without identities, the PSK proves only that the peer holds it: a node
// that runs both a client and a server with the same PSK can be led to
// complete a handshake with itself (a reflection). Give each direction its
// own PSK when that matters.
//
// A client hello costs the server two exponentiations before anything is
// authenticated. The server bounds that work: it follows a client that
// announces a larger exponent only up to twice its own exponent size, and
// it accepts only the groups of Config.Groups (restrict them, and rate
// limit connections, where denial of service matters).
//
// # Errors
//
// Every failure can be tested with errors.Is: ErrMalformed, ErrTooLarge,
// ErrUnsupportedGroup, dh.ErrInvalidPublicKey (a bad peer value),
// ErrAuthFailed (a MAC that does not verify: a tampered or replayed message,
// or a different PSK or KeySize), ErrState, and ErrConfig from NewClient
// and NewServer. A failing Config.Rand is reported with the reader's error,
// wrapped (with dh.ErrInvalidPrivateKey when it failed drawing the
// exponent). Handshake also returns the context's error when ctx ends
// first, and I/O errors from the stream.
package handshake
