package bigutil

import (
	"bytes"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
)

// testModulus is the 2048-bit MODP prime of RFC 3526 section 3, the size the
// project uses most.
var testModulus, _ = new(big.Int).SetString(""+
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"+
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"+
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"+
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"+
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"+
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"+
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"+
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF", 16)

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// TestExpMatchesMathBig checks Exp against math/big's Exp, the independent
// implementation, on moduli of several sizes and exponents of several
// lengths, including zero and leading-zero exponents.
func TestExpMatchesMathBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	moduli := []*big.Int{
		big.NewInt(3),
		big.NewInt(0xfffffffb),                  // one word
		new(big.Int).SetBytes(randBytes(r, 65)), // odd-sized, made odd below
		new(big.Int).Lsh(big.NewInt(1), 521),    // 2^521-1 below
		testModulus,
	}
	moduli[2].SetBit(moduli[2], 0, 1)
	moduli[3].Sub(moduli[3], big.NewInt(1))
	for _, n := range moduli {
		size := (n.BitLen() + 7) / 8
		nb, err := FixedBytes(n, size)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewModulus(nb)
		if err != nil {
			t.Fatalf("NewModulus(%x): %v", nb, err)
		}
		if m.Size() != size {
			t.Fatalf("Size = %d, want %d", m.Size(), size)
		}
		for _, elen := range []int{1, 2, 8, 32, size} {
			for range 4 {
				base := new(big.Int).Mod(new(big.Int).SetBytes(randBytes(r, size)), n)
				exp := randBytes(r, elen)
				if elen > 1 && r.IntN(2) == 0 {
					exp[0] = 0
				}
				got, err := m.Exp(base.Bytes(), exp)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := FixedBytes(new(big.Int).Exp(base, new(big.Int).SetBytes(exp), n), size)
				if !bytes.Equal(got, want) {
					t.Fatalf("%x^%x mod %x = %x, want %x", base, exp, n, got, want)
				}
			}
		}
		zero, err := m.Exp([]byte{2}, []byte{0, 0})
		if err != nil || new(big.Int).SetBytes(zero).Cmp(big.NewInt(1)) != 0 || len(zero) != size {
			t.Fatalf("b^0 = %x, %v; want 1 in %d bytes", zero, err, size)
		}
	}
}

func TestExpErrors(t *testing.T) {
	nb := testModulus.Bytes()
	m, err := NewModulus(nb)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		base, exp []byte
		want      error
	}{
		{"empty exponent", []byte{2}, nil, ErrExponent},
		{"base equals modulus", nb, []byte{3}, ErrRange},
		{"base above modulus", append([]byte{1}, nb...), []byte{3}, ErrRange},
		{"base longer than the modulus by a zero byte", append([]byte{0}, bytes.Repeat([]byte{1}, len(nb))...), []byte{3}, ErrRange},
		{"base far too long", make([]byte, 4096), []byte{3}, ErrRange},
	} {
		if _, err := m.Exp(tc.base, tc.exp); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestNewModulusRejects(t *testing.T) {
	for _, n := range [][]byte{nil, {}, {0}, {1}, {0, 1}, {4}, {0xff, 0xfe}} {
		if _, err := NewModulus(n); !errors.Is(err, ErrModulus) {
			t.Errorf("NewModulus(%x) = %v, want ErrModulus", n, err)
		}
	}
}

func TestFixedBytes(t *testing.T) {
	for _, tc := range []struct {
		x    *big.Int
		size int
		want []byte
		err  error
	}{
		{big.NewInt(0), 0, []byte{}, nil},
		{big.NewInt(0), 3, []byte{0, 0, 0}, nil},
		{big.NewInt(0x0102), 2, []byte{1, 2}, nil},
		{big.NewInt(0x0102), 5, []byte{0, 0, 0, 1, 2}, nil},
		{big.NewInt(0x010203), 2, nil, ErrTooLarge},
		{big.NewInt(1), -1, nil, ErrTooLarge},
		{big.NewInt(-1), 4, nil, ErrNegative},
		{nil, 4, nil, errNilNumber},
	} {
		got, err := FixedBytes(tc.x, tc.size)
		if !errors.Is(err, tc.err) || !bytes.Equal(got, tc.want) {
			t.Errorf("FixedBytes(%v, %d) = %x, %v; want %x, %v", tc.x, tc.size, got, err, tc.want, tc.err)
		}
	}
}

func TestPadLeft(t *testing.T) {
	in := []byte{0, 7}
	got, err := PadLeft(in, 4)
	if err != nil || !bytes.Equal(got, []byte{0, 0, 0, 7}) {
		t.Fatalf("PadLeft = %x, %v", got, err)
	}
	got[3] = 9
	if in[1] != 7 {
		t.Fatal("PadLeft aliases its input")
	}
	if _, err := PadLeft([]byte{0, 0, 1}, 2); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("PadLeft of a longer input: %v, want ErrTooLarge", err)
	}
	if got, err := PadLeft(nil, 0); err != nil || len(got) != 0 {
		t.Fatalf("PadLeft(nil, 0) = %x, %v", got, err)
	}
}

// TestConstantTimeLess compares with math/big on random numbers of mixed
// lengths, and on neighbours (equal, one apart, differing in one byte).
func TestConstantTimeLess(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(x, y []byte) {
		t.Helper()
		want := 0
		if new(big.Int).SetBytes(x).Cmp(new(big.Int).SetBytes(y)) < 0 {
			want = 1
		}
		if got := ConstantTimeLess(x, y); got != want {
			t.Fatalf("ConstantTimeLess(%x, %x) = %d, want %d", x, y, got, want)
		}
	}
	check(nil, nil)
	check(nil, []byte{0})
	check(nil, []byte{1})
	check([]byte{1}, nil)
	check([]byte{0, 0, 5}, []byte{5})
	check([]byte{0, 0, 5}, []byte{6})
	check([]byte{0xff, 0x00}, []byte{0xfe, 0xff})
	check([]byte{0xfe, 0xff}, []byte{0xff, 0x00})
	for range 2000 {
		x := randBytes(r, r.IntN(40))
		y := randBytes(r, r.IntN(40))
		if r.IntN(3) == 0 && len(x) > 0 {
			y = bytes.Clone(x)
			y[r.IntN(len(y))] ^= byte(1 << r.IntN(8))
		}
		check(x, y)
		check(y, x)
		check(x, x)
	}
}
