package bigutil

import (
	"bytes"
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// engine is one implementation behind Exp.
type engine struct {
	name        string
	k           *kernels
	allowBigmod bool
}

// engines are the implementations behind Exp that this machine can run: the
// pure-Go kernels always, the assembly when the CPU has it, and bigmod where
// it has a size-specialized path.
func engines() []engine {
	e := []engine{{"generic", genericKernels, false}, {"bigmod", genericKernels, true}}
	if haveAsm {
		e = append(e, engine{"asm", fastKernels, false})
	}
	return e
}

// randOdd returns a random odd number of exactly nbits bits.
func randOdd(r *rand.Rand, nbits int) *big.Int {
	x := new(big.Int).SetBytes(randBytes(r, (nbits+7)/8))
	x.Rsh(x, uint(8*((nbits+7)/8)-nbits))
	x.SetBit(x, nbits-1, 1)
	return x.SetBit(x, 0, 1)
}

// randBelow returns a random number in [0, m) with a skewed distribution that
// also hits the edges: 0, 1, m-1, and values full of ones or zeros.
func randBelow(r *rand.Rand, m *big.Int) *big.Int {
	switch r.IntN(8) {
	case 0:
		return big.NewInt(0)
	case 1:
		return big.NewInt(1)
	case 2:
		return new(big.Int).Sub(m, big.NewInt(1))
	case 3: // 2^k - 1 for some k < bitlen: long runs of carries
		x := new(big.Int).Lsh(big.NewInt(1), uint(r.IntN(m.BitLen())))
		return x.Sub(x, big.NewInt(1))
	}
	return new(big.Int).Mod(new(big.Int).SetBytes(randBytes(r, (m.BitLen()+7)/8+1)), m)
}

// testModuli returns odd moduli of the given bit sizes, with extremes among
// them: all ones (2^b - 1), 2^(b-1) + 1 (m0inv = -1, tiny limbs), and random.
func testModuli(r *rand.Rand, sizes []int, random int) []*big.Int {
	var ms []*big.Int
	for _, b := range sizes {
		allOnes := new(big.Int).Lsh(big.NewInt(1), uint(b))
		ms = append(ms, allOnes.Sub(allOnes, big.NewInt(1)))
		if b > 2 {
			low := new(big.Int).Lsh(big.NewInt(1), uint(b-1))
			ms = append(ms, low.Add(low, big.NewInt(1)))
		}
		for range random {
			ms = append(ms, randOdd(r, b))
		}
	}
	return ms
}

// TestKernelsMatchMathBig checks the Montgomery multiplication and squaring of
// every implementation against math/big: z = x*y/R mod m, on moduli whose limb
// counts cover the padding cases (a top limb of one bit, a full top limb,
// limb counts just below and above a multiple of 8) and the sizes used.
func TestKernelsMatchMathBig(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	sizes := []int{2, 63, 64, 65, 200, 511, 512, 513, 1000, 1024, 1088, 2048, 2049, 3072, 4096, 8192}
	for _, m := range testModuli(r, sizes, 6) {
		for _, e := range engines() {
			if e.allowBigmod {
				continue
			}
			mm := newMontModulus(m, e.k)
			n := mm.n
			R := new(big.Int).Lsh(big.NewInt(1), uint(n*bits.UintSize))
			rInv := new(big.Int).ModInverse(R, m)
			tt := make([]uint, scratchWords(n))
			for range 20 {
				x, y := randBelow(r, m), randBelow(r, m)
				xl, yl := limbsOf(x, n), limbsOf(y, n)
				z := make([]uint, n)
				e.k.mul(z, xl, yl, mm, tt)
				want := new(big.Int).Mul(x, y)
				want.Mul(want, rInv).Mod(want, m)
				if got := fromLimbs(z); got.Cmp(want) != 0 {
					t.Fatalf("%s mul mod %x (%d bits):\n x %x\n y %x\n got  %x\n want %x", e.name, m, m.BitLen(), x, y, got, want)
				}
				e.k.sqr(z, xl, mm, tt)
				want.Mul(x, x).Mul(want, rInv).Mod(want, m)
				if got := fromLimbs(z); got.Cmp(want) != 0 {
					t.Fatalf("%s sqr mod %x (%d bits):\n x %x\n got  %x\n want %x", e.name, m, m.BitLen(), x, got, want)
				}
				// In place, as exp uses them.
				e.k.mul(xl, xl, yl, mm, tt)
				e.k.sqr(yl, yl, mm, tt)
				if fromLimbs(xl).Cmp(new(big.Int).Mod(new(big.Int).Mul(new(big.Int).Mul(x, y), rInv), m)) != 0 ||
					fromLimbs(yl).Cmp(new(big.Int).Mod(new(big.Int).Mul(new(big.Int).Mul(y, y), rInv), m)) != 0 {
					t.Fatalf("%s: in-place mul or sqr differs mod %x", e.name, m)
				}
			}
		}
	}
}

func fromLimbs(x []uint) *big.Int {
	w := make([]big.Word, len(x))
	for i := range x {
		w[i] = big.Word(x[i])
	}
	return new(big.Int).SetBits(w)
}

// TestExpEnginesMatchMathBig checks Exp, in every implementation, against
// math/big's Exp on thousands of random moduli, bases and exponents: bases
// 0, 1 and m-1 among them, exponents of every length from 1 to 70 bytes,
// with leading zero bytes, all zero, all ones, and bases with leading zeros.
func TestExpEnginesMatchMathBig(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	cases := []struct {
		sizes  []int
		random int // random moduli per size
		exps   int // exponents per modulus
	}{
		{[]int{2, 3, 17, 64, 65, 127, 128, 129, 192, 255, 256, 257, 384, 520}, 12, 12},
		{[]int{1024, 1536, 2048}, 2, 8},
		{[]int{3072, 4096}, 1, 4},
	}
	if testing.Short() {
		cases = cases[:2]
	}
	total := 0
	for _, c := range cases {
		for _, m := range testModuli(r, c.sizes, c.random) {
			size := (m.BitLen() + 7) / 8
			for _, e := range engines() {
				mod, err := newModulus(m.Bytes(), e.k, e.allowBigmod)
				if err != nil {
					t.Fatal(err)
				}
				if e.allowBigmod && mod.big == nil {
					continue // the generic kernels, tested already
				}
				for range c.exps {
					base := randBelow(r, m)
					exp := expCase(r)
					baseBytes := base.Bytes()
					if r.IntN(4) == 0 { // leading zeros, as many as Size() allows
						baseBytes, _ = FixedBytes(base, size)
					}
					got, err := mod.Exp(baseBytes, exp)
					if err != nil {
						t.Fatalf("%s: Exp(%x, %x) mod %x: %v", e.name, base, exp, m, err)
					}
					want, _ := FixedBytes(new(big.Int).Exp(base, new(big.Int).SetBytes(exp), m), size)
					if !bytes.Equal(got, want) {
						t.Fatalf("%s: %x^%x mod %x\n got  %x\n want %x", e.name, base, exp, m, got, want)
					}
					total++
				}
			}
		}
	}
	t.Logf("%d exponentiations checked", total)
}

// expCase returns an exponent of 1 to 70 bytes: random, all ones, all zero,
// or with leading zero bytes.
func expCase(r *rand.Rand) []byte {
	e := randBytes(r, 1+r.IntN(70))
	switch r.IntN(6) {
	case 0:
		for i := range e {
			e[i] = 0xff
		}
	case 1:
		clear(e)
	case 2:
		clear(e[:r.IntN(len(e))])
	}
	return e
}

// TestExpRejectsOutOfRangeBase checks that every implementation refuses
// bases of m, m+1, Size() bytes of ones and Size()+1 bytes of zeros, and
// accepts m-1.
func TestExpRejectsOutOfRangeBase(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, m := range testModuli(r, []int{64, 1000, 2048, 3072}, 1) {
		for _, e := range engines() {
			mod, err := newModulus(m.Bytes(), e.k, e.allowBigmod)
			if err != nil {
				t.Fatal(err)
			}
			ones := bytes.Repeat([]byte{0xff}, mod.Size())
			mPlus1 := new(big.Int).Add(m, big.NewInt(1))
			for _, b := range [][]byte{m.Bytes(), mPlus1.Bytes(), ones, make([]byte, mod.Size()+1)} {
				if _, err := mod.Exp(b, []byte{3}); err != ErrRange {
					t.Errorf("%s: Exp(%x) mod %x: %v, want ErrRange", e.name, b, m, err)
				}
			}
			mMinus1, _ := FixedBytes(new(big.Int).Sub(m, big.NewInt(1)), mod.Size())
			got, err := mod.Exp(mMinus1, []byte{1})
			if err != nil || !bytes.Equal(got, mMinus1) {
				t.Errorf("%s: (m-1)^1 = %x, %v; want %x", e.name, got, err, mMinus1)
			}
		}
	}
}

// traceKernels wraps k and records every call: the operation, and for a
// lookup the table size and count, everything but the secret index.
func traceKernels(k *kernels, trace *[]string) *kernels {
	return &kernels{
		mul: func(z, x, y []uint, mm *montModulus, t []uint) {
			*trace = append(*trace, "mul")
			k.mul(z, x, y, mm, t)
		},
		sqr: func(z, x []uint, mm *montModulus, t []uint) {
			*trace = append(*trace, "sqr")
			k.sqr(z, x, mm, t)
		},
		lookup: func(z, table []uint, n, count int, idx uint) {
			*trace = append(*trace, fmt.Sprintf("lookup %d of %d entries, %d words", n, count, len(table)))
			k.lookup(z, table, n, count, idx)
		},
	}
}

// TestExpOperationsIndependentOfValues proves the structural half of the
// constant-time argument: for a given modulus and exponent length, Exp makes
// the same kernel calls in the same order, with the same sizes, whatever the
// exponent's and the base's values (all zero, all ones, one bit, random), and
// every lookup reads the whole table. The kernels themselves are branch-free
// and index-free on values by construction.
func TestExpOperationsIndependentOfValues(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	m := randOdd(r, 1024)
	for _, elen := range []int{1, 2, 3, 20, 32, 48, 129} {
		exps := [][]byte{make([]byte, elen), bytes.Repeat([]byte{0xff}, elen), randBytes(r, elen), randBytes(r, elen)}
		exps[0][elen-1] = 1
		var first []string
		for i, exp := range exps {
			var trace []string
			mm := newMontModulus(m, traceKernels(fastKernels, &trace))
			base := randBelow(r, m).Bytes()
			got, err := mm.exp(base, exp)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := FixedBytes(new(big.Int).Exp(new(big.Int).SetBytes(base), new(big.Int).SetBytes(exp), m), mm.size)
			if !bytes.Equal(got, want) {
				t.Fatalf("traced exp differs from math/big")
			}
			count := 1 << windowBits(8*elen)
			for _, op := range trace {
				if op != "mul" && op != "sqr" && op != fmt.Sprintf("lookup %d of %d entries, %d words", mm.n, count, count*mm.n) {
					t.Fatalf("exponent length %d: unexpected operation %q", elen, op)
				}
			}
			if i == 0 {
				first = trace
			} else if !slices.Equal(trace, first) {
				t.Fatalf("exponent length %d: the operations for %x differ from those for %x", elen, exp, exps[0])
			}
		}
	}
}

// TestLookupReadsOnlyByMask checks every lookup implementation on every index
// of tables of 2 to 64 entries: it returns the wanted entry, and returns zero
// for an index past the end, which shows that it combines entries with masks
// rather than indexing the table with idx.
func TestLookupReadsOnlyByMask(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	impls := map[string]func(z, table []uint, n, count int, idx uint){"generic": lookupGeneric}
	if haveAsm {
		impls["asm"] = fastKernels.lookup
	}
	for name, lookup := range impls {
		for _, n := range []int{8, 16, 48, 128} {
			for _, count := range []int{2, 16, 32, 64} {
				table := make([]uint, count*n)
				for i := range table {
					table[i] = uint(r.Uint64())
				}
				z := make([]uint, n)
				for idx := range count + 1 {
					lookup(z, table, n, count, uint(idx))
					want := make([]uint, n)
					if idx < count {
						want = table[idx*n : (idx+1)*n]
					}
					if !slices.Equal(z, want) {
						t.Fatalf("%s: lookup(n=%d, count=%d, idx=%d) returned the wrong words", name, n, count, idx)
					}
				}
			}
		}
	}
}

// TestExpConcurrent runs Exp from several goroutines on one Modulus: the
// pooled scratch buffers must not be shared (run with -race).
func TestExpConcurrent(t *testing.T) {
	mod, err := NewModulus(testModulus.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for g := range 4 {
		go func() {
			r := rand.New(rand.NewPCG(uint64(g), 15))
			for range 5 {
				base := randBelow(r, testModulus)
				exp := randBytes(r, 32)
				got, err := mod.Exp(base.Bytes(), exp)
				want, _ := FixedBytes(new(big.Int).Exp(base, new(big.Int).SetBytes(exp), testModulus), mod.Size())
				if err == nil && !bytes.Equal(got, want) {
					err = fmt.Errorf("goroutine %d: wrong result", g)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
