package bigutil

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/gotickets/tickets/dh/groups"
)

// TestJacobiMatchesMathBig compares Jacobi with math/big's Jacobi, the
// independent implementation, for prime and composite odd moduli of many
// sizes, on random values and on the edges of the range.
func TestJacobiMatchesMathBig(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	moduli := []*big.Int{big.NewInt(3), big.NewInt(15), big.NewInt(0xfffffffb), testModulus}
	for _, bitLen := range []int{63, 64, 65, 127, 128, 129, 200, 1000, 1536, 3072, 4096, 8192} {
		n := new(big.Int).SetBytes(randBytes(r, (bitLen+7)/8))
		n.SetBit(n, bitLen-1, 1)
		n.Rsh(n, uint(n.BitLen()-bitLen))
		moduli = append(moduli, n.SetBit(n, 0, 1))
	}
	// A composite with a known factor, to reach the 0 result.
	composite := new(big.Int).Mul(testModulus, big.NewInt(3*5*7))
	moduli = append(moduli, composite)

	for _, n := range moduli {
		size := (n.BitLen() + 7) / 8
		nb, _ := FixedBytes(n, size)
		m, err := NewModulus(nb)
		if err != nil {
			t.Fatal(err)
		}
		one := big.NewInt(1)
		values := []*big.Int{
			big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3), big.NewInt(4),
			new(big.Int).Sub(n, one), new(big.Int).Sub(n, big.NewInt(2)), n,
			new(big.Int).Sub(new(big.Int).Lsh(one, uint(8*size)), one), // above n
			big.NewInt(105),
		}
		for i := range n.BitLen() / 64 {
			values = append(values, new(big.Int).Lsh(one, uint(64*i+63)))
		}
		count := 40
		if n.BitLen() > 2048 {
			count = 8
		}
		for range count {
			values = append(values, new(big.Int).SetBytes(randBytes(r, 1+r.IntN(size))))
		}
		for _, x := range values {
			if x.Cmp(n) > 0 && x.BitLen() > 8*size {
				continue
			}
			xb, _ := FixedBytes(x, size)
			got, err := m.Jacobi(xb)
			if err != nil {
				t.Fatal(err)
			}
			if want := big.Jacobi(x, n); got != want {
				t.Fatalf("Jacobi(%x / %x) = %d, want %d", x, n, got, want)
			}
			// Shorter encodings give the same answer.
			if got2, _ := m.Jacobi(x.Bytes()); got2 != got {
				t.Fatalf("Jacobi of the unpadded %x = %d, want %d", x, got2, got)
			}
		}
	}
}

// TestJacobiSubgroup checks, on the 2048-bit MODP prime, that Jacobi = 1
// exactly when x^((p-1)/2) = 1: the check package dh relies on.
func TestJacobiSubgroup(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	m, _ := NewModulus(testModulus.Bytes())
	q := new(big.Int).Rsh(testModulus, 1)
	seen := map[int]bool{}
	for range 16 {
		x := new(big.Int).SetBytes(randBytes(r, 255))
		got, _ := m.Jacobi(x.Bytes())
		euler := new(big.Int).Exp(x, q, testModulus).Cmp(big.NewInt(1)) == 0
		if (got == 1) != euler {
			t.Fatalf("Jacobi(%x) = %d, but x^q == 1 is %v", x, got, euler)
		}
		seen[got] = true
	}
	if !seen[1] || !seen[-1] {
		t.Fatal("16 random values were all residues or all non-residues")
	}
}

// checkJacobi compares m.Jacobi(x), x given in exactly m.Size() bytes, with
// math/big's Jacobi.
func checkJacobi(t *testing.T, m *Modulus, n, x *big.Int) {
	t.Helper()
	xb, err := FixedBytes(x, m.Size())
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Jacobi(xb)
	if err != nil {
		t.Fatal(err)
	}
	if want := big.Jacobi(x, n); got != want {
		t.Fatalf("Jacobi(%x / %x) = %d, want %d", x, n, got, want)
	}
}

// TestJacobiSmallModuli runs every value of one byte against every odd
// one-byte modulus, and random values against odd two-byte moduli.
func TestJacobiSmallModuli(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for n := int64(3); n < 256; n += 2 {
		m, err := NewModulus([]byte{byte(n)})
		if err != nil {
			t.Fatal(err)
		}
		for x := range int64(256) {
			checkJacobi(t, m, big.NewInt(n), big.NewInt(x))
		}
	}
	for range 2000 {
		n := big.NewInt(int64(r.IntN(1<<16) | 1))
		if n.Int64() == 1 {
			continue
		}
		m, _ := NewModulus(n.Bytes())
		checkJacobi(t, m, n, big.NewInt(int64(r.IntN(1<<(8*m.Size())))))
	}
}

// TestJacobiWordBoundaries tries moduli of every bit length around the word
// boundaries up to 640 bits, where the batches hand over to the one-word
// finish and the active word count drops, with values of every length up to
// the width (so also above the modulus) and with edge values.
func TestJacobiWordBoundaries(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	one := big.NewInt(1)
	for wordBits := 64; wordBits <= 640; wordBits += 64 {
		for _, bitLen := range []int{wordBits - 1, wordBits, wordBits + 1} {
			for _, n := range []*big.Int{
				randOdd(r, bitLen),
				new(big.Int).Sub(new(big.Int).Lsh(one, uint(bitLen)), one),   // all ones
				new(big.Int).Add(new(big.Int).Lsh(one, uint(bitLen-1)), one), // 2^(b-1) + 1
			} {
				m, err := NewModulus(n.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				width := 8 * m.Size()
				values := []*big.Int{
					big.NewInt(0), one, big.NewInt(2),
					new(big.Int).Sub(n, one), n, new(big.Int).Add(n, one),
					new(big.Int).Sub(new(big.Int).Lsh(one, uint(width)), one),
				}
				for xBits := 1; xBits <= width; xBits++ {
					x := new(big.Int).SetBytes(randBytes(r, (xBits+7)/8))
					x.Rsh(x, uint(8*((xBits+7)/8)-xBits))
					values = append(values, x.SetBit(x, xBits-1, 1))
				}
				for _, x := range values {
					if x.BitLen() <= width {
						checkJacobi(t, m, n, x)
					}
				}
			}
		}
	}
}

// TestJacobiSharedFactors checks the 0 result for values that share a
// factor with a composite modulus, small or as large as the modulus, and
// the symbols of their neighbours.
func TestJacobiSharedFactors(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, sizes := range [][2]int{{3, 2045}, {61, 1000}, {64, 64}, {65, 700}, {1024, 1024}, {1500, 548}} {
		p, q := randOdd(r, sizes[0]), randOdd(r, sizes[1])
		n := new(big.Int).Mul(p, q)
		m, err := NewModulus(n.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			k := new(big.Int).Mod(new(big.Int).SetBytes(randBytes(r, m.Size())), q)
			for _, x := range []*big.Int{
				new(big.Int).Mul(k, p),
				new(big.Int).Mul(k.Add(k, big.NewInt(1)), p),
				new(big.Int).Mul(p, p),
				new(big.Int).Mul(new(big.Int).Mod(k, p), q),
				new(big.Int).Add(new(big.Int).Mul(k, p), big.NewInt(1)),
			} {
				x.Mod(x, new(big.Int).Lsh(big.NewInt(1), uint(8*m.Size())))
				checkJacobi(t, m, n, x)
			}
		}
	}
}

// TestJacobiFFDHE runs random and structured values modulo the FFDHE primes,
// the moduli package dh uses. The structured values start with long runs of
// the modulus's bits, so that the 64-bit approximations of a and b agree in
// their top bits, where a batch can overshoot and leave a negative result.
func TestJacobiFFDHE(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, g := range []*groups.Group{groups.FFDHE2048, groups.FFDHE3072, groups.FFDHE4096, groups.MODP1536} {
		p := g.P()
		m, err := NewModulus(p.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for range 64 {
			checkJacobi(t, m, p, randBelow(r, p))
		}
		for j := 0; j < p.BitLen(); j += 1 + r.IntN(24) {
			low := new(big.Int).SetBytes(randBytes(r, (j+7)/8+1))
			low.Rsh(low, uint(8*((j+7)/8+1)-j))
			checkJacobi(t, m, p, new(big.Int).Sub(p, low)) // p - x
			half := new(big.Int).Rsh(p, 1)
			checkJacobi(t, m, p, half.Add(half, low))                           // about p/2
			checkJacobi(t, m, p, new(big.Int).Xor(p, new(big.Int).Lsh(low, 1))) // shares p's top bits
		}
	}
}

func TestJacobiTooLong(t *testing.T) {
	m, _ := NewModulus([]byte{0x01, 0x01})
	if _, err := m.Jacobi([]byte{0, 0, 1}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func BenchmarkJacobi(b *testing.B) {
	m, _ := NewModulus(testModulus.Bytes())
	x := randBytes(rand.New(rand.NewPCG(1, 1)), 256)
	x[0] &= 0x7f
	b.ReportAllocs()
	for b.Loop() {
		m.Jacobi(x)
	}
}

func BenchmarkJacobiMathBig(b *testing.B) {
	x := new(big.Int).SetBytes(randBytes(rand.New(rand.NewPCG(1, 1)), 255))
	b.ReportAllocs()
	for b.Loop() {
		big.Jacobi(x, testModulus)
	}
}
