package sts

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts/codec"
	"github.com/gotickets/tickets/testvectors"
	"github.com/vmihailenco/msgpack/v5"
)

var update = flag.Bool("update", false, "regenerate testvectors/sts_v1.json")

const vectorFile = "sts_v1.json"

var vectorErrors = map[string]error{
	"ErrMalformed":          ErrMalformed,
	"ErrInvalid":            ErrInvalid,
	"ErrExpired":            ErrExpired,
	"ErrNotYetValid":        ErrNotYetValid,
	"ErrTooLarge":           ErrTooLarge,
	"ErrUnsupportedVersion": ErrUnsupportedVersion,
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vectorKeys are the keys by madeWith; "other" is in no ring.
func vectorKeys(v *testvectors.STSFile) map[string]string {
	return map[string]string{"key": v.Key, "oldKey": v.OldKey, "other": hex.EncodeToString(testKey(0x70))}
}

// createVector makes tv's ticket with its recorded key, clock, IV and
// options.
func createVector(t testing.TB, all *testvectors.STSFile, tv *testvectors.STSVector) string {
	t.Helper()
	s, err := New(unhex(t, vectorKeys(all)[tv.MadeWith]), &Config{
		Session: unhex(t, tv.Session),
		Now:     fixedClock(time.Unix(all.Now, 0)),
		Rand:    bytes.NewReader(unhex(t, tv.IV)),
	})
	if err != nil {
		t.Fatal(err)
	}
	var data any = unhex(t, tv.Data)
	if tv.Serialize {
		data = msgpack.RawMessage(unhex(t, tv.Data))
	}
	o := Options{Serialize: tv.Serialize, Compress: tv.Compress, Encrypt: tv.Encrypt, Lifetime: time.Duration(tv.Lifetime) * time.Second}
	ticket, err := s.CreateTicketWith(data, unhex(t, tv.Entropy), o)
	if err != nil {
		t.Fatal(err)
	}
	return ticket
}

// validator is the service the vectors are validated with: the key, with
// the old key in its ring.
func validator(t testing.TB, all *testvectors.STSFile, tv *testvectors.STSVector) *Service {
	at := all.Now
	if tv.ValidateAt != 0 {
		at = tv.ValidateAt
	}
	s, err := New(unhex(t, all.Key), &Config{
		Session: unhex(t, tv.Session),
		OldKeys: [][]byte{unhex(t, all.OldKey)},
		Now:     fixedClock(time.Unix(at, 0)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVectors(t *testing.T) {
	if *update {
		b, err := json.MarshalIndent(generateVectors(t), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "testvectors", vectorFile), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var all testvectors.STSFile
	if err := testvectors.Load(vectorFile, &all); err != nil && !*update {
		t.Fatal(err)
	}
	if *update {
		all = *generateVectors(t) // the embedded copy is the old file
	}
	if len(all.Tests) == 0 {
		t.Fatal("no vectors")
	}
	for _, tv := range all.Tests {
		t.Run(tv.Comment, func(t *testing.T) {
			t.Parallel()
			s := validator(t, &all, &tv)
			tk, err := s.ValidateTicket(tv.Ticket, unhex(t, tv.Entropy))
			if tv.Result == "invalid" {
				want := vectorErrors[tv.Error]
				if want == nil || !errors.Is(err, want) {
					t.Fatalf("tcId %d: %v, want %s", tv.TcID, err, tv.Error)
				}
				return
			}
			if err != nil {
				t.Fatalf("tcId %d: %v", tv.TcID, err)
			}
			if got := createVector(t, &all, &tv); got != tv.Ticket {
				t.Fatalf("tcId %d: recreated\n%s\nwant\n%s", tv.TcID, got, tv.Ticket)
			}
			if tk.Serialized != tv.Serialize || tk.Compressed != tv.Compress || tk.Encrypted != tv.Encrypt || tk.OldKey != (tv.MadeWith == "oldKey") {
				t.Errorf("tcId %d: flags %+v", tv.TcID, tk)
			}
			if tk.IssuedAt.Unix() != all.Now || tk.ExpiresAt.Unix() != all.Now+tv.Lifetime {
				t.Errorf("tcId %d: times %v %v", tv.TcID, tk.IssuedAt, tk.ExpiresAt)
			}
			var payload []byte
			if tv.Serialize {
				var raw msgpack.RawMessage
				err = tk.Decode(&raw)
				payload = raw
			} else {
				err = tk.Decode(&payload)
			}
			if err != nil || !bytes.Equal(payload, unhex(t, tv.Data)) {
				t.Errorf("tcId %d: data %x, %v", tv.TcID, payload, err)
			}
			if tv.Value != nil {
				var v any
				if err := json.Unmarshal(tv.Value, &v); err != nil {
					t.Fatal(err)
				}
				enc, err := codec.Marshal(nil, v)
				if err != nil || !bytes.Equal(enc, payload) {
					t.Errorf("tcId %d: msgpack of value %x, %v; want %x", tv.TcID, enc, err, payload)
				}
			}
		})
	}
	// The generator reproduces the file, so the format cannot drift.
	t.Run("generator", func(t *testing.T) {
		if *update {
			t.Skip("just regenerated")
		}
		want, err := testvectors.Raw(vectorFile)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.MarshalIndent(generateVectors(t), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(append(got, '\n'), want) {
			t.Fatal("testvectors/sts_v1.json differs from what the generator makes; run go test ./sts -run TestVectors -update and review the diff")
		}
	})
}

// generateVectors makes the vectors: valid tickets for every option
// combination, the old key, bindings and lifetimes, then invalid ones
// derived from them.
func generateVectors(t testing.TB) *testvectors.STSFile {
	all := &testvectors.STSFile{
		Algorithm: "tickets sts envelope v1",
		Notes: []string{
			"Keys, session, entropy, iv and data are hex. now and validateAt are unix seconds; validateAt 0 means now.",
			"madeWith names the key that created the ticket: key, oldKey or other (a key in no ring). Valid tickets validate with key, and oldKey as an old key, under session and entropy.",
			"iv is what Config.Rand returned. data is the payload, or its msgpack encoding when serialize is set; value, when present, is a JSON value whose msgpack encoding (map keys sorted) is data.",
			"Invalid vectors name the sts error (errors.Is) that validation must return.",
		},
		Key:    hex.EncodeToString(testKey(0x40)),
		OldKey: hex.EncodeToString(testKey(0x50)),
		Now:    testNow.Unix(),
	}
	iv := hex.EncodeToString(pattern(16, 0x60))
	add := func(tv testvectors.STSVector) *testvectors.STSVector {
		tv.TcID = len(all.Tests) + 1
		if tv.MadeWith == "" {
			tv.MadeWith = "key"
		}
		if tv.Lifetime == 0 {
			tv.Lifetime = int64(DefaultLifetime / time.Second)
		}
		if tv.Encrypt && tv.IV == "" {
			tv.IV = iv
		}
		if tv.Result == "" {
			tv.Result = "valid"
		}
		tv.Flags = []string{}
		for _, f := range []struct {
			on   bool
			name string
		}{{tv.Serialize, "Serialized"}, {tv.Compress, "Compressed"}, {tv.Encrypt, "Encrypted"}, {tv.MadeWith == "oldKey", "OldKey"}} {
			if f.on {
				tv.Flags = append(tv.Flags, f.name)
			}
		}
		if tv.Ticket == "" {
			tv.Ticket = createVector(t, all, &tv)
		}
		all.Tests = append(all.Tests, tv)
		return &all.Tests[len(all.Tests)-1]
	}
	hexs := func(s string) string { return hex.EncodeToString([]byte(s)) }
	msgpackOf := func(js string) (string, json.RawMessage) {
		var v any
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Fatal(err)
		}
		b, err := codec.Marshal(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(b), json.RawMessage(js)
	}

	add(testvectors.STSVector{Comment: "signed, empty payload, no session, no entropy"})
	add(testvectors.STSVector{Comment: "signed, text payload", Data: hexs("alice")})
	for i, o := range allOptions() {
		tv := testvectors.STSVector{
			Comment:   "option combination " + o.String() + ", session and entropy",
			Session:   hexs("session-1"),
			Entropy:   hexs("203.0.113.7"),
			Serialize: o.Serialize, Compress: o.Compress, Encrypt: o.Encrypt,
			IV:   hex.EncodeToString(pattern(16, byte(0x61+i))),
			Data: hexs("user=alice; roles=admin,editor; user=alice; roles=admin,editor"),
		}
		if o.Serialize {
			tv.Data, tv.Value = msgpackOf(`{"user":"alice","roles":["admin","editor"],"n":3}`)
		}
		add(tv)
	}
	add(testvectors.STSVector{Comment: "made with the old key", MadeWith: "oldKey", Data: hexs("rotated")})
	add(testvectors.STSVector{Comment: "encrypted, made with the old key", MadeWith: "oldKey", Encrypt: true, Data: hexs("rotated")})
	add(testvectors.STSVector{Comment: "per-ticket lifetime of one day", Lifetime: 86400, Data: hexs("long")})
	add(testvectors.STSVector{Comment: "one-second lifetime", Lifetime: 1, Data: hexs("short")})
	base := add(testvectors.STSVector{Comment: "reference for the invalid vectors", Session: hexs("s"), Entropy: hexs("e"), Data: hexs("a payload of 24 bytes...")})
	encBase := add(testvectors.STSVector{Comment: "encrypted reference for the invalid vectors", Session: hexs("s"), Entropy: hexs("e"), Encrypt: true, Data: hexs("payload")})

	raw, err := base64.RawURLEncoding.DecodeString(base.Ticket)
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(r []byte) []byte) string {
		return base64.RawURLEncoding.EncodeToString(f(bytes.Clone(raw)))
	}
	invalid := func(ticket *testvectors.STSVector, comment, errName string, edit func(tv *testvectors.STSVector)) {
		tv := *ticket
		tv.Comment, tv.Result, tv.Error = comment, "invalid", errName
		if edit != nil {
			edit(&tv)
		}
		add(tv)
	}
	setTicket := func(s string) func(*testvectors.STSVector) { return func(tv *testvectors.STSVector) { tv.Ticket = s } }
	invalid(base, "last tag bit flipped", "ErrInvalid", setTicket(mutate(func(r []byte) []byte { r[len(r)-1] ^= 1; return r })))
	invalid(base, "payload byte changed", "ErrInvalid", setTicket(mutate(func(r []byte) []byte { r[headerSize+bodyFixed] ^= 0x20; return r })))
	invalid(base, "expiresAt changed", "ErrInvalid", setTicket(mutate(func(r []byte) []byte { r[headerSize+15]++; return r })))
	invalid(base, "encrypted flag set on a signed ticket", "ErrInvalid", setTicket(mutate(func(r []byte) []byte { r[1] = flagEncrypted; return r })))
	invalid(encBase, "encrypted flag cleared", "ErrInvalid", func(tv *testvectors.STSVector) {
		r, _ := base64.RawURLEncoding.DecodeString(tv.Ticket)
		r[1] = 0
		tv.Ticket = base64.RawURLEncoding.EncodeToString(r)
	})
	invalid(encBase, "IV changed", "ErrInvalid", func(tv *testvectors.STSVector) {
		r, _ := base64.RawURLEncoding.DecodeString(tv.Ticket)
		r[headerSize] ^= 1
		tv.Ticket = base64.RawURLEncoding.EncodeToString(r)
	})
	invalid(base, "wrong entropy", "ErrInvalid", func(tv *testvectors.STSVector) { tv.Entropy = hexs("f") })
	invalid(base, "entropy moved into the session", "ErrInvalid", func(tv *testvectors.STSVector) { tv.Session, tv.Entropy = hexs("se"), "" })
	invalid(base, "wrong session", "ErrInvalid", func(tv *testvectors.STSVector) { tv.Session = hexs("t") })
	invalid(base, "made with a key in no ring", "ErrInvalid", func(tv *testvectors.STSVector) { tv.MadeWith = "other"; tv.Ticket = createVector(t, all, tv) })
	invalid(base, "truncated by one byte", "ErrInvalid", setTicket(mutate(func(r []byte) []byte { return r[:len(r)-1] })))
	invalid(base, "extended by one zero byte", "ErrInvalid", setTicket(mutate(func(r []byte) []byte { return append(r, 0) })))
	invalid(base, "version 2", "ErrUnsupportedVersion", setTicket(mutate(func(r []byte) []byte { r[0] = 2; return r })))
	invalid(base, "unknown flag bit", "ErrMalformed", setTicket(mutate(func(r []byte) []byte { r[1] = 0x80; return r })))
	invalid(base, "padded base64", "ErrMalformed", setTicket(base64.URLEncoding.EncodeToString(raw)))
	invalid(base, "line break inside", "ErrMalformed", setTicket(base.Ticket[:10]+"\n"+base.Ticket[10:]))
	invalid(base, "non-zero spare bits in the last character", "ErrMalformed", func(tv *testvectors.STSVector) {
		last := indexByte(b64Alphabet, tv.Ticket[len(tv.Ticket)-1])
		tv.Ticket = tv.Ticket[:len(tv.Ticket)-1] + string(b64Alphabet[last|1])
	})
	encRaw, err := base64.RawURLEncoding.DecodeString(encBase.Ticket)
	if err != nil {
		t.Fatal(err)
	}
	std := base64.RawStdEncoding.EncodeToString(encRaw)
	if std == encBase.Ticket {
		t.Fatal("the encrypted reference ticket has no - or _; pick another payload")
	}
	invalid(encBase, "standard base64 alphabet (+ and / for - and _)", "ErrMalformed", setTicket(std))
	invalid(base, "expired: validated at exactly expiresAt", "ErrExpired", func(tv *testvectors.STSVector) { tv.ValidateAt = all.Now + tv.Lifetime })
	invalid(base, "not yet valid: validated more than the default one-minute skew before issuedAt", "ErrNotYetValid", func(tv *testvectors.STSVector) { tv.ValidateAt = all.Now - 61 })
	invalid(base, "expired and wrong entropy: authentication comes first", "ErrInvalid", func(tv *testvectors.STSVector) {
		tv.ValidateAt, tv.Entropy = all.Now+tv.Lifetime, hexs("f")
	})
	return all
}
