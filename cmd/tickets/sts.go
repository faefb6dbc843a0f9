package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gotickets/tickets/sts"
	"github.com/gotickets/tickets/sts/cipher"
)

const keyEnv = "TICKETS_KEY"

// serviceFlags are the flags every sts command shares: where the key comes
// from, and what the ticket is bound to.
type serviceFlags struct {
	keyFile     string
	oldKeyFiles stringList
	session     string
	entropy     string
	maxLifetime time.Duration
}

func (sf *serviceFlags) declare(fs *flag.FlagSet, validating bool) {
	fs.Func("key-file", "read the key from `FILE` (base64url, as keygen writes it; default: $"+keyEnv+")", func(path string) error {
		if path == "" {
			return errors.New("needs a FILE") // not a silent fallback to $TICKETS_KEY
		}
		sf.keyFile = path
		return nil
	})
	if !validating {
		fs.StringVar(&sf.session, "session", "", "bind the ticket to this session `VALUE` (never stored in the ticket; needed again to validate)")
		fs.StringVar(&sf.entropy, "entropy", "", "bind the ticket to this entropy `VALUE`, such as a client fingerprint (never stored; needed again to validate)")
		return
	}
	fs.StringVar(&sf.session, "session", "", "the session `VALUE` the ticket was bound to")
	fs.StringVar(&sf.entropy, "entropy", "", "the entropy `VALUE` the ticket was bound to")
	fs.Var(&sf.oldKeyFiles, "old-key-file", "also accept tickets made with the key in `FILE` (repeatable; key rotation)")
	fs.DurationVar(&sf.maxLifetime, "max-lifetime", sts.DefaultMaxLifetime, "refuse tickets whose lifetime is longer than this `duration` (0: the default)")
}

// keys returns the key ring the flags name: the key from --key-file or
// $TICKETS_KEY, then each --old-key-file. It returns nil and no error when
// no key is given.
func (sf *serviceFlags) keys(e *env) ([][]byte, error) {
	if sf.maxLifetime < 0 || sf.maxLifetime > 0 && sf.maxLifetime < time.Second {
		return nil, usagef("--max-lifetime must be 0 (the default) or at least 1s")
	}
	key, err := loadKey(e, sf.keyFile, keyEnv)
	if err != nil || key == nil {
		if key == nil && err == nil && len(sf.oldKeyFiles) > 0 {
			return nil, usagef("--old-key-file needs the current key too (--key-file or %s)", keyEnv)
		}
		return nil, err
	}
	ring := [][]byte{key}
	for _, path := range sf.oldKeyFiles {
		if path == "" {
			return nil, usagef("--old-key-file needs a FILE")
		}
		old, err := loadKey(e, path, "")
		if err != nil {
			return nil, err
		}
		ring = append(ring, old)
	}
	return ring, nil
}

// newService returns an sts.Service for key with cfg, completed by the
// binding and limit flags.
func (sf *serviceFlags) newService(key []byte, cfg sts.Config) (*sts.Service, error) {
	cfg.Session = []byte(sf.session)
	if sf.maxLifetime > 0 {
		cfg.MaxLifetime = max(sf.maxLifetime, cfg.Lifetime)
		if cfg.Lifetime == 0 {
			// Validating: the lifetime new tickets would get must not
			// exceed the limit, or New refuses a limit below its default.
			cfg.Lifetime = min(sts.DefaultLifetime, cfg.MaxLifetime)
		}
	}
	return sts.New(key, &cfg)
}

// service builds the sts.Service the flags describe, with the other
// settings from cfg.
func (sf *serviceFlags) service(e *env, cfg sts.Config) (*sts.Service, error) {
	ring, err := sf.keys(e)
	if err != nil {
		return nil, err
	}
	if ring == nil {
		return nil, usagef("no key: use --key-file FILE or set %s (make a key with 'tickets keygen')", keyEnv)
	}
	cfg.OldKeys = ring[1:]
	return sf.newService(ring[0], cfg)
}

func (sf *serviceFlags) entropyBytes() []byte {
	if sf.entropy == "" {
		return nil
	}
	return []byte(sf.entropy)
}

// maxInput bounds the data and tickets read from stdin: one byte more than
// sts.DefaultMaxDataSize, so that the library, not the reader, reports a
// payload that is too large.
const maxInput = sts.DefaultMaxDataSize + 1

// readTicket reads a ticket as readInput does; one too long to read is too
// large a ticket (exit status 5), as the library says of shorter ones.
func readTicket(e *env, args []string) ([]byte, error) {
	in, err := readInput(e, args, maxInput)
	if errors.Is(err, errTooMuchInput) {
		return nil, fmt.Errorf("%w: %v", sts.ErrTooLarge, err)
	}
	return in, err
}

func createCommand() *command {
	c := &command{
		name:    "create",
		summary: "make an sts ticket holding DATA (an argument, or stdin) and print it",
		args:    "[DATA]",
		detail: `Without --json, DATA is stored as bytes. With --json, DATA is a JSON
document, stored serialized (msgpack) so that validate prints it back as JSON.
The key comes from --key-file or $TICKETS_KEY, never from a flag. The ticket
is base64url, safe in URLs and cookies; it is valid for --ttl.`,
		example: "tickets create --key-file ticket.key --encrypt --entropy \"$CLIENT_ID\" --json '{\"user\":\"alice\"}'",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var sf serviceFlags
		sf.declare(fs, false)
		encrypt := fs.Bool("encrypt", false, "encrypt the ticket (AES-256-CTR): its data and times are hidden")
		compress := fs.Bool("compress", false, "compress the data (zlib); with --encrypt this leaks the data's compressibility, see the README")
		asJSON := fs.Bool("json", false, "DATA is JSON; store it serialized (msgpack)")
		ttl := fs.Duration("ttl", sts.DefaultLifetime, "lifetime of the ticket (whole seconds); validating one longer than 24h takes --max-lifetime")
		return func(_ context.Context, e *env, args []string) error {
			in, err := readInput(e, args, maxInput)
			if err != nil {
				return err
			}
			if *ttl < time.Second || *ttl%time.Second != 0 {
				return usagef("--ttl must be a whole number of seconds, at least 1s")
			}
			svc, err := sf.service(e, sts.Config{
				Serialize: *asJSON,
				Compress:  *compress,
				Encrypt:   *encrypt,
				Lifetime:  *ttl,
			})
			if err != nil {
				return err
			}
			var data any = in
			if *asJSON {
				if data, err = parseJSON(in); err != nil {
					return err
				}
			}
			ticket, err := svc.CreateTicket(data, sf.entropyBytes())
			if errors.Is(err, sts.ErrTooLarge) {
				// Data a ticket cannot carry, not a malformed ticket.
				return &exitErr{code: exitError, err: err}
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, ticket)
			return err
		}
	}
	return c
}

// errJSON reports data that create --json cannot read or validate cannot
// print as JSON.
var errJSON = errors.New("not JSON")

// parseJSON reads exactly one JSON value, and refuses what it could not
// keep exactly: text that is not UTF-8 (encoding/json would replace it),
// an object with a key twice (it would keep one), and integers beyond
// 64 bits (they would lose digits as floats). Integers become int64 or
// uint64 (msgpack integers), other numbers float64.
func parseJSON(b []byte) (any, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("DATA is %w: not UTF-8", errJSON)
	}
	if err := pairedSurrogates(b); err != nil {
		return nil, err
	}
	if err := uniqueKeys(b); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("DATA is %w: %v", errJSON, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("DATA is %w: more than one value", errJSON)
	}
	return numbers(v)
}

// pairedSurrogates fails on a \u escape in the JSON text b of a UTF-16
// surrogate that is not a high one followed at once by a low one:
// encoding/json would replace it with U+FFFD. Errors of syntax are left to
// the decoder.
func pairedSurrogates(b []byte) error {
	code := func(i int) rune { // the escape \uXXXX at b[i], or -1
		if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return -1
		}
		v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(v)
	}
	inString := false
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '"':
			inString = !inString
		case b[i] == '\\' && inString:
			r := code(i)
			switch {
			case r >= 0xd800 && r < 0xdc00:
				if lo := code(i + 6); lo < 0xdc00 || lo > 0xdfff {
					return fmt.Errorf("DATA is %w: an unpaired surrogate escape", errJSON)
				}
				i += 11 // both escapes
			case r >= 0xdc00 && r <= 0xdfff:
				return fmt.Errorf("DATA is %w: an unpaired surrogate escape", errJSON)
			default:
				i++ // the escaped character (for \u, the rest are hex digits)
			}
		}
	}
	return nil
}

// uniqueKeys fails on an object in the JSON text b that has a key twice.
// Errors of syntax are left to the decoder.
func uniqueKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	type object struct {
		keys   map[string]bool
		expect bool // the next string token is a key
	}
	var stack []*object
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		var top *object
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				if top != nil {
					top.expect = true
				}
				stack = append(stack, &object{keys: map[string]bool{}, expect: true})
				continue
			case '[':
				stack = append(stack, nil)
				continue
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if top != nil && top.expect {
				if top.keys[t] {
					return fmt.Errorf("DATA is %w: the key %q twice in an object", errJSON, t)
				}
				top.keys[t] = true
				top.expect = false
				continue
			}
		}
		if len(stack) > 0 && stack[len(stack)-1] != nil {
			stack[len(stack)-1].expect = true // a value ended: a key comes next
		}
	}
}

// numbers replaces the json.Numbers in v by int64, uint64 or float64.
func numbers(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		if n, ok := new(big.Int).SetString(string(x), 10); ok {
			if n.IsUint64() {
				return n.Uint64(), nil
			}
			return nil, fmt.Errorf("DATA is %w: the integer %s does not fit in 64 bits", errJSON, x)
		}
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("DATA: number %s: %v", x, err)
		}
		return f, nil
	case []any:
		for i := range x {
			var err error
			if x[i], err = numbers(x[i]); err != nil {
				return nil, err
			}
		}
	case map[string]any:
		for k := range x {
			var err error
			if x[k], err = numbers(x[k]); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

func validateCommand() *command {
	c := &command{
		name:    "validate",
		summary: "check an sts ticket (an argument, or stdin) and print its data",
		args:    "[TICKET]",
		detail: `validate prints the data of a valid ticket: as JSON when it was made with
--json, else the bytes as stored. Give the same --session and --entropy as at
creation. Exit status: 0 valid, 3 invalid (wrong key, session or entropy, or
tampered: one status on purpose), 4 expired, 5 malformed (also too large, or
an unsupported version), 6 not yet valid.`,
		example: "tickets validate --key-file ticket.key --entropy \"$CLIENT_ID\" \"$TICKET\"",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var sf serviceFlags
		sf.declare(fs, true)
		quiet := fs.Bool("q", false, "print nothing; the exit status tells")
		return func(_ context.Context, e *env, args []string) error {
			in, err := readTicket(e, args)
			if err != nil {
				return err
			}
			svc, err := sf.service(e, sts.Config{})
			if err != nil {
				return err
			}
			t, err := svc.ValidateTicket(strings.TrimSpace(string(in)), sf.entropyBytes())
			if err != nil {
				return err
			}
			if *quiet {
				return nil
			}
			return writeData(e.stdout, t)
		}
	}
	return c
}

// writeData prints a validated ticket's data: JSON for a serialized ticket
// (with a newline), the stored bytes otherwise.
func writeData(w io.Writer, t *sts.Ticket) error {
	if !t.Serialized {
		var b []byte
		if err := t.Decode(&b); err != nil {
			return err
		}
		_, err := w.Write(b)
		return err
	}
	var v any
	if err := t.Decode(&v); err != nil {
		return err
	}
	if err := jsonExact(v); err != nil {
		return fmt.Errorf("the ticket's data is valid but %w: %v", errJSON, err)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("the ticket's data is valid but %w: %v", errJSON, err)
	}
	return nil
}

// jsonExact fails when JSON cannot carry the decoded msgpack value v as it
// is: binary data (it would print as base64 text, like a string), and
// strings or map keys that are not UTF-8 (they would print with U+FFFD).
func jsonExact(v any) error {
	switch x := v.(type) {
	case []byte:
		return errors.New("it holds binary data")
	case string:
		if !utf8.ValidString(x) {
			return errors.New("it holds text that is not UTF-8")
		}
	case []any:
		for _, e := range x {
			if err := jsonExact(e); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, e := range x {
			if err := jsonExact(k); err != nil {
				return err
			}
			if err := jsonExact(e); err != nil {
				return err
			}
		}
	case map[any]any:
		return errors.New("it holds a map whose keys are not all strings")
	}
	return nil
}

func inspectCommand() *command {
	c := &command{
		name:    "inspect",
		summary: "show an sts ticket's version, flags, key ID and times; validate it when a key is given",
		args:    "[TICKET]",
		detail: `Without a key, inspect shows what the envelope shows to anyone: the
version, the encrypted flag and the key ID, and for a ticket that is not
encrypted its times, inner flags and payload size. None of that is verified,
and inspect says so. With a key (--key-file or $TICKETS_KEY, and any
--old-key-file) it also validates the ticket like validate, names the key that
made it, and shows the times and flags an encrypted ticket hides. Exit status:
0 when the ticket is well formed and, with a key, valid; else the status
validate gives.`,
		example: "tickets inspect --key-file ticket.key --old-key-file old.key --entropy \"$CLIENT_ID\" \"$TICKET\"",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var sf serviceFlags
		sf.declare(fs, true)
		asJSON := fs.Bool("json", false, "print a JSON object")
		return func(_ context.Context, e *env, args []string) error {
			in, err := readTicket(e, args)
			if err != nil {
				return err
			}
			ticket := strings.TrimSpace(string(in))
			h, err := sts.Inspect(ticket)
			if err != nil {
				return err
			}
			r := newInspection(h)
			ring, err := sf.keys(e)
			if err != nil {
				return err
			}
			if ring == nil {
				// No key: the header as anyone sees it, verified by nobody.
				return r.print(e.stdout, *asJSON)
			}
			if err := r.nameKey(ring, sf.sources()); err != nil {
				return err
			}
			cfg := sts.Config{OldKeys: ring[1:]}
			svc, err := sf.newService(ring[0], cfg)
			if err != nil {
				return err
			}
			t, verr := svc.ValidateTicket(ticket, sf.entropyBytes())
			r.validated(t, verr)
			if err := r.print(e.stdout, *asJSON); err != nil {
				return err
			}
			return verr
		}
	}
	return c
}

// sources names where each key of the ring came from, in ring order.
func (sf *serviceFlags) sources() []string {
	first := "$" + keyEnv
	if sf.keyFile != "" {
		first = sf.keyFile
	}
	return append([]string{first}, sf.oldKeyFiles...)
}

// inspection is what inspect reports: the header as sts.Inspect reads it,
// and, when a key was given, the outcome of validation and what it
// revealed. Pointers are nil for what is not known.
type inspection struct {
	Verified    bool   `json:"verified"` // what follows comes from a ticket that validated
	Valid       *bool  `json:"valid"`    // nil: not checked, no key given
	Error       string `json:"error,omitempty"`
	Version     int    `json:"version"`
	KeyID       string `json:"key_id"`
	Key         string `json:"key,omitempty"` // the given key with that ID
	OldKey      bool   `json:"old_key"`
	Encrypted   bool   `json:"encrypted"`
	Compressed  *bool  `json:"compressed"`
	Serialized  *bool  `json:"serialized"`
	IssuedAt    *stamp `json:"issued_at"`
	ExpiresAt   *stamp `json:"expires_at"`
	PayloadSize *int   `json:"payload_size"`
}

// stamp is a time that JSON carries as RFC 3339 text whatever its year:
// time.Time's MarshalJSON refuses years outside 0-9999, which an
// unverified header can hold.
type stamp struct{ time.Time }

// MarshalJSON implements json.Marshaler.
func (s stamp) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, s.UTC().Format(time.RFC3339)), nil
}

func newInspection(h *sts.Header) *inspection {
	r := &inspection{Version: h.Version, KeyID: hex.EncodeToString(h.KeyID[:]), Encrypted: h.Encrypted}
	if !h.Encrypted {
		r.Compressed, r.Serialized = &h.Compressed, &h.Serialized
		r.IssuedAt, r.ExpiresAt = &stamp{h.IssuedAt}, &stamp{h.ExpiresAt}
		r.PayloadSize = &h.PayloadSize
	}
	return r
}

// nameKey finds the given key whose ID the ticket carries.
func (r *inspection) nameKey(ring [][]byte, sources []string) error {
	for i, k := range ring {
		keys, err := cipher.Derive(k)
		if err != nil {
			return err
		}
		if id := keys.ID(); hex.EncodeToString(id[:]) == r.KeyID {
			r.Key, r.OldKey = sources[i], i > 0
			return nil
		}
	}
	return nil
}

// validated records the outcome of ValidateTicket: a valid ticket's
// decrypted metadata, or the error.
func (r *inspection) validated(t *sts.Ticket, err error) {
	valid := err == nil
	r.Valid, r.Verified = &valid, valid
	if err != nil {
		r.Error = err.Error()
		return
	}
	r.IssuedAt, r.ExpiresAt = &stamp{t.IssuedAt.UTC()}, &stamp{t.ExpiresAt.UTC()}
	r.Compressed, r.Serialized = &t.Compressed, &t.Serialized
	r.OldKey = t.OldKey
}

func (r *inspection) print(w io.Writer, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(r)
	}
	hidden := "hidden (encrypted)"
	flag := func(b *bool) string {
		switch {
		case b == nil:
			return hidden
		case *b:
			return "yes"
		}
		return "no"
	}
	when := func(t *stamp) string {
		if t == nil {
			return hidden
		}
		return t.UTC().Format(time.RFC3339)
	}
	var valid, key, payload string
	switch {
	case r.Valid == nil:
		valid = "not checked: no key given, nothing below is verified"
	case *r.Valid:
		valid = "yes"
	default:
		valid = "no: " + oneLine(r.Error) + " (nothing below is verified)"
	}
	switch {
	case r.Key != "" && r.OldKey:
		key = fmt.Sprintf(" (an old key, from %s: re-issue the ticket)", r.Key)
	case r.Key != "":
		key = fmt.Sprintf(" (the current key, from %s)", r.Key)
	case r.Valid != nil:
		key = " (none of the given keys)"
	}
	payload = hidden
	if r.PayloadSize != nil {
		payload = fmt.Sprintf("%d bytes as stored", *r.PayloadSize)
	}
	_, err := fmt.Fprintf(w, `valid:       %s
version:     %d
key id:      %s%s
encrypted:   %s
compressed:  %s
serialized:  %s
issued at:   %s
expires at:  %s
payload:     %s
`, valid, r.Version, r.KeyID, key, flag(&r.Encrypted), flag(r.Compressed), flag(r.Serialized),
		when(r.IssuedAt), when(r.ExpiresAt), payload)
	return err
}
