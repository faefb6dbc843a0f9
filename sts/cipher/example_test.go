package cipher_test

import (
	"bytes"
	"fmt"

	"github.com/gotickets/tickets/sts/cipher"
)

func ExampleDerive() {
	master := bytes.Repeat([]byte{0x42}, 32) // a key from sts.GenerateKey
	k, err := cipher.Derive(master)
	if err != nil {
		panic(err)
	}
	// The key ID is bytes 3 to 6 of every ticket made with
	// master: HKDF-SHA256 with the label "tickets/sts v1 key id".
	fmt.Printf("key ID %x, MAC subkey of %d bytes\n", k.ID(), len(k.MAC()))

	// A fresh random IV per message in real use; fixed here for the output.
	var iv [cipher.IVSize]byte
	msg := []byte("attack at dawn")
	ct := make([]byte, len(msg))
	k.XOR(ct, msg, &iv)
	pt := make([]byte, len(ct))
	k.XOR(pt, ct, &iv)
	fmt.Println(string(pt), bytes.Equal(ct, msg))
	// Output:
	// key ID 997ee7c5, MAC subkey of 32 bytes
	// attack at dawn false
}
