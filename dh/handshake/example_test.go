package handshake_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/dh/handshake"
)

// The message API: the application carries the three messages.
func Example() {
	client, err := handshake.NewClient(nil) // ffdhe2048, 32-byte key
	if err != nil {
		panic(err)
	}
	server, err := handshake.NewServer(nil) // FFDHE2048..8192, MODP2048..8192
	if err != nil {
		panic(err)
	}

	hello, _ := client.Hello()     // client -> server
	sh, err := server.Hello(hello) // server -> client
	if err != nil {
		panic(err)
	}
	cv, err := client.Verify(sh) // client -> server; the client has its key
	if err != nil {
		panic(err)
	}
	if err := server.Verify(cv); err != nil { // the server has its key
		panic(err)
	}

	fmt.Println("message sizes:", len(hello), len(sh), len(cv))
	fmt.Println("same key:", bytes.Equal(client.Key(), server.Key()), len(client.Key()), "bytes")
	// Output:
	// message sizes: 294 322 34
	// same key: true 32 bytes
}

// The stream API over a connection, with a pre-shared key that defeats a man
// in the middle and a deadline that defeats a silent peer.
func ExampleClient_Handshake() {
	// In real use: 32 random bytes shared out of band, never a password.
	psk := bytes.Repeat([]byte{0x42}, 32)
	cfg := &handshake.Config{PSK: psk}

	clientConn, serverConn := net.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	serverKey := make(chan []byte, 1)
	go func() {
		defer serverConn.Close()
		server, err := handshake.NewServer(cfg)
		if err != nil {
			panic(err)
		}
		key, err := server.Handshake(ctx, serverConn)
		if err != nil {
			fmt.Println("server:", err)
		}
		serverKey <- key
	}()

	client, err := handshake.NewClient(cfg)
	if err != nil {
		panic(err)
	}
	key, err := client.Handshake(ctx, clientConn)
	clientConn.Close()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	fmt.Println("same key:", bytes.Equal(key, <-serverKey))
	// Output: same key: true
}

// The server accepts only the groups of its allow-list.
func ExampleNewServer() {
	server, err := handshake.NewServer(&handshake.Config{
		Groups: []*groups.Group{groups.FFDHE3072, groups.FFDHE4096},
	})
	if err != nil {
		panic(err)
	}
	client, err := handshake.NewClient(&handshake.Config{Group: groups.FFDHE2048})
	if err != nil {
		panic(err)
	}
	hello, _ := client.Hello()
	_, err = server.Hello(hello)
	fmt.Println(errors.Is(err, handshake.ErrUnsupportedGroup))
	fmt.Println(err)
	// Output:
	// true
	// handshake: unsupported group: identifier 256
}
