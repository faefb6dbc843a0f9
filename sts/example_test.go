package sts_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/gotickets/tickets/sts"
)

// clock is the fixed time of the examples, so that their output is stable;
// real services leave Config.Now nil.
func clock() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }

// exampleKey stands for a key from GenerateKey, kept fixed so that the
// output is stable.
var exampleKey = bytes.Repeat([]byte{0x42}, sts.KeySize)

func ExampleGenerateKey() {
	key, err := sts.GenerateKey()
	if err != nil {
		panic(err)
	}
	fmt.Println(len(key))
	// Output: 32
}

func Example() {
	svc, err := sts.New(exampleKey, &sts.Config{Session: []byte("app-1"), Now: clock})
	if err != nil {
		panic(err)
	}
	entropy := []byte("198.51.100.7") // say, the client's address
	ticket, err := svc.CreateTicket([]byte("user=alice"), entropy)
	if err != nil {
		panic(err)
	}
	fmt.Println(ticket)

	t, err := svc.ValidateTicket(ticket, entropy)
	if err != nil {
		panic(err)
	}
	var data string
	if err := t.Decode(&data); err != nil {
		panic(err)
	}
	fmt.Println(data, t.IssuedAt, t.ExpiresAt)

	_, err = svc.ValidateTicket(ticket, []byte("203.0.113.9"))
	fmt.Println(errors.Is(err, sts.ErrInvalid))
	// Output:
	// AQCZfufFAAAAAGWTfSUAAAAAZZOB1QB1c2VyPWFsaWNlpooX3egGlrpg6bEp_xuuG-P8GKRkm-ODiy4YWh5Deyk
	// user=alice 2024-01-02 03:04:05 +0000 UTC 2024-01-02 03:24:05 +0000 UTC
	// true
}

func ExampleService_Data() {
	type session struct {
		User  string
		Roles []string
	}
	svc, err := sts.New(exampleKey, &sts.Config{Serialize: true, Encrypt: true, Now: clock})
	if err != nil {
		panic(err)
	}
	ticket, err := svc.CreateTicket(session{User: "alice", Roles: []string{"admin"}}, nil)
	if err != nil {
		panic(err)
	}
	var s session
	if err := svc.Data(ticket, nil, &s); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", s)
	// Output: {User:alice Roles:[admin]}
}

func ExampleService_CreateTicketWith() {
	svc, err := sts.New(exampleKey, &sts.Config{Now: clock})
	if err != nil {
		panic(err)
	}
	o := svc.Options()
	o.Encrypt, o.Lifetime = true, 5*time.Minute
	ticket, err := svc.CreateTicketWith("one-time code 123456", nil, o)
	if err != nil {
		panic(err)
	}
	t, err := svc.ValidateTicket(ticket, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Encrypted, t.ExpiresAt.Sub(t.IssuedAt))
	// Output: true 5m0s
}

// Rotation: the new service makes tickets with the new key and still
// accepts the old key's, telling the caller to re-issue them.
func Example_rotation() {
	oldKey := bytes.Repeat([]byte{0x01}, sts.KeySize)
	newKey := bytes.Repeat([]byte{0x02}, sts.KeySize)

	before, err := sts.New(oldKey, &sts.Config{Now: clock})
	if err != nil {
		panic(err)
	}
	ticket, err := before.CreateTicket([]byte("alice"), nil)
	if err != nil {
		panic(err)
	}

	after, err := sts.New(newKey, &sts.Config{OldKeys: [][]byte{oldKey}, Now: clock})
	if err != nil {
		panic(err)
	}
	t, err := after.ValidateTicket(ticket, nil)
	if err != nil {
		panic(err)
	}
	if t.OldKey {
		var user []byte
		if err := t.Decode(&user); err != nil {
			panic(err)
		}
		ticket, err = after.CreateTicket(user, nil)
		if err != nil {
			panic(err)
		}
	}
	t, err = after.ValidateTicket(ticket, nil)
	fmt.Println(t.OldKey, err)

	_, err = before.ValidateTicket(ticket, nil)
	fmt.Println(err)
	// Output:
	// false <nil>
	// sts: invalid ticket
}

func ExampleKeyFromPassword() {
	salt := []byte("a 16+ byte salt, stored with the service's settings")
	key := sts.KeyFromPassword([]byte("correct horse battery staple"), salt)
	svc, err := sts.New(key, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(key), svc != nil)
	// Output: 32 true
}

func ExampleInspect() {
	svc, err := sts.New(exampleKey, &sts.Config{Now: clock})
	if err != nil {
		panic(err)
	}
	ticket, err := svc.CreateTicket("user=alice", nil)
	if err != nil {
		panic(err)
	}
	// Nothing Inspect returns is verified: it is for tools and debugging.
	h, err := sts.Inspect(ticket)
	if err != nil {
		panic(err)
	}
	fmt.Printf("v%d key %x encrypted=%v payload=%d bytes\n", h.Version, h.KeyID, h.Encrypted, h.PayloadSize)
	fmt.Println(h.IssuedAt, "to", h.ExpiresAt)
	// Output:
	// v1 key 997ee7c5 encrypted=false payload=10 bytes
	// 2024-01-02 03:04:05 +0000 UTC to 2024-01-02 03:24:05 +0000 UTC
}
