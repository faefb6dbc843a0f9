package bigutil

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
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
