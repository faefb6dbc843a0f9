package groups_test

import (
	"fmt"

	"github.com/gotickets/tickets/dh/groups"
)

func Example() {
	for _, g := range groups.All() {
		fmt.Printf("%-9s %4d bits, strength %3d, q has %d bits\n", g.Name(), g.Bits(), g.Strength(), g.Q().BitLen())
	}
	// Output:
	// modp1536  1536 bits, strength  90, q has 1535 bits
	// modp2048  2048 bits, strength 112, q has 2047 bits
	// modp3072  3072 bits, strength 128, q has 3071 bits
	// modp4096  4096 bits, strength 152, q has 4095 bits
	// modp6144  6144 bits, strength 176, q has 6143 bits
	// modp8192  8192 bits, strength 200, q has 8191 bits
	// ffdhe2048 2048 bits, strength 112, q has 2047 bits
	// ffdhe3072 3072 bits, strength 128, q has 3071 bits
	// ffdhe4096 4096 bits, strength 152, q has 4095 bits
	// ffdhe6144 6144 bits, strength 176, q has 6143 bits
	// ffdhe8192 8192 bits, strength 200, q has 8191 bits
}

// ByBits picks an RFC 3526 group by size, as pyTickets' psize did; ByName
// finds any group by its name.
func ExampleByBits() {
	g, ok := groups.ByBits(1536)
	fmt.Println(g, ok)
	g, ok = groups.ByName("ffdhe3072")
	fmt.Println(g, ok)
	_, ok = groups.ByBits(1024)
	fmt.Println(ok)
	// Output:
	// modp1536 true
	// ffdhe3072 true
	// false
}
