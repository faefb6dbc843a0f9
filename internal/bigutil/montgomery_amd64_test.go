//go:build amd64 && !purego

package bigutil

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestRawProductsMatchMathBig checks the assembly's double-width products,
// before any reduction, against math/big, for every limb count the kernels
// take up to 8192 bits, on operands built to stress the carry chains: all
// ones (every column sum at its maximum), single set limbs at block edges,
// alternating patterns, and random limbs. Scratch beyond the product is
// filled with garbage first, so a kernel that reads it before writing fails.
func TestRawProductsMatchMathBig(t *testing.T) {
	if !haveAsm {
		t.Skip("the CPU lacks BMI2 or ADX: the assembly kernels are not used here")
	}
	r := rand.New(rand.NewPCG(7, 8))
	patterns := []func(i, n int) uint{
		func(int, int) uint { return ^uint(0) },
		func(i, n int) uint {
			if i == n-1 || i%8 == 7 {
				return ^uint(0)
			}
			return 0
		},
		func(i, _ int) uint { return 0xAAAAAAAAAAAAAAAA >> (i % 2) },
		func(i, _ int) uint { return ^uint(0) - uint(i%3) },
		func(int, int) uint { return uint(r.Uint64()) },
		func(i, n int) uint {
			if i == 0 || i == n-1 {
				return 1
			}
			return 0
		},
	}
	for n := 8; n <= 128; n += 8 {
		for pi, px := range patterns {
			for qi, py := range patterns {
				x, y := make([]uint, n), make([]uint, n)
				for i := range n {
					x[i], y[i] = px(i, n), py(i, n)
				}
				tt := make([]uint, scratchWords(n))
				for i := range tt {
					tt[i] = uint(r.Uint64())
				}
				xb, yb := fromLimbs(x), fromLimbs(y)

				sqrADX(&tt[0], &x[0], n)
				if got, want := fromLimbs(tt[:2*n]), new(big.Int).Mul(xb, xb); got.Cmp(want) != 0 {
					t.Fatalf("n=%d pattern %d: sqrADX differs from math/big", n, pi)
				}
				for i := range tt {
					tt[i] = uint(r.Uint64())
				}
				mulADX(&tt[0], &x[0], &y[0], n)
				if got, want := fromLimbs(tt[:2*n]), new(big.Int).Mul(xb, yb); got.Cmp(want) != 0 {
					t.Fatalf("n=%d patterns %d, %d: mulADX differs from math/big", n, pi, qi)
				}
			}
		}
	}
}
