package groups

import (
	"bytes"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"os/exec"
	"testing"
)

// rfcGroups is the external truth: each group's closed form as its RFC
// states it. RFC 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + k).
// RFC 7919: p = 2^n - 2^(n-64) + ([2^(n-130) e] + X) * 2^64 - 1, the same
// shape with e for pi. OpenSSL names the MODP groups modp_NNNN.
var rfcGroups = []struct {
	g        *Group
	name     string
	bits     uint
	useE     bool  // e (RFC 7919) instead of pi (RFC 3526)
	offset   int64 // k or X
	strength int
	openssl  string
}{
	{MODP1536, "modp1536", 1536, false, 741804, 90, "modp_1536"},
	{MODP2048, "modp2048", 2048, false, 124476, 112, "modp_2048"},
	{MODP3072, "modp3072", 3072, false, 1690314, 128, "modp_3072"},
	{MODP4096, "modp4096", 4096, false, 240904, 152, "modp_4096"},
	{MODP6144, "modp6144", 6144, false, 929484, 176, "modp_6144"},
	{MODP8192, "modp8192", 8192, false, 4743158, 200, "modp_8192"},
	{FFDHE2048, "ffdhe2048", 2048, true, 560316, 112, "ffdhe2048"},
	{FFDHE3072, "ffdhe3072", 3072, true, 2625351, 128, "ffdhe3072"},
	{FFDHE4096, "ffdhe4096", 4096, true, 5736041, 152, "ffdhe4096"},
	{FFDHE6144, "ffdhe6144", 6144, true, 15705020, 176, "ffdhe6144"},
	{FFDHE8192, "ffdhe8192", 8192, true, 10965728, 200, "ffdhe8192"},
}

// arctanInv returns floor(2^prec * atan(1/x)), up to a few units of error.
func arctanInv(x int64, prec uint) *big.Int {
	sum := new(big.Int)
	term := new(big.Int).Lsh(big.NewInt(1), prec)
	term.Quo(term, big.NewInt(x))
	x2 := big.NewInt(x * x)
	for k := int64(0); term.Sign() != 0; k++ {
		t := new(big.Int).Quo(term, big.NewInt(2*k+1))
		if k%2 == 0 {
			sum.Add(sum, t)
		} else {
			sum.Sub(sum, t)
		}
		term.Quo(term, x2)
	}
	return sum
}

// piBits returns floor(2^bits * pi) by Machin's formula, computed with 64
// guard bits.
func piBits(bits uint) *big.Int {
	a := arctanInv(5, bits+64)
	a.Mul(a, big.NewInt(16))
	b := arctanInv(239, bits+64)
	a.Sub(a, b.Mul(b, big.NewInt(4)))
	return a.Rsh(a, 64)
}

// eBits returns floor(2^bits * e) from the series sum of 1/k!, with 64
// guard bits.
func eBits(bits uint) *big.Int {
	sum := new(big.Int)
	term := new(big.Int).Lsh(big.NewInt(1), bits+64)
	for k := int64(1); term.Sign() != 0; k++ {
		sum.Add(sum, term)
		term.Quo(term, big.NewInt(k))
	}
	return sum.Rsh(sum, 64)
}

// TestClosedForm rebuilds every prime from its RFC formula, independently
// of the hex constants, and checks the metadata.
func TestClosedForm(t *testing.T) {
	for _, tc := range rfcGroups {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.bits
			c := piBits(n - 130)
			if tc.useE {
				c = eBits(n - 130)
			}
			p := new(big.Int).Lsh(big.NewInt(1), n)
			p.Sub(p, new(big.Int).Lsh(big.NewInt(1), n-64))
			c.Add(c, big.NewInt(tc.offset))
			p.Add(p, c.Lsh(c, 64))
			p.Sub(p, big.NewInt(1))
			if tc.g.P().Cmp(p) != 0 {
				t.Fatalf("P differs from the RFC closed form:\n got %x\nwant %x", tc.g.P(), p)
			}
			if tc.g.Name() != tc.name || tc.g.String() != tc.name || tc.g.Bits() != int(n) ||
				tc.g.Strength() != tc.strength || tc.g.G().Cmp(big.NewInt(2)) != 0 {
				t.Fatalf("metadata: %s %d bits strength %d g %v", tc.g.Name(), tc.g.Bits(), tc.g.Strength(), tc.g.G())
			}
			q := new(big.Int).Rsh(new(big.Int).Sub(p, big.NewInt(1)), 1)
			if tc.g.Q().Cmp(q) != 0 {
				t.Fatalf("Q != (P-1)/2")
			}
		})
	}
}

// TestSafePrimes checks that Q is prime (Baillie-PSW, which has no known
// counterexample), that P = 2Q+1 is then prime by Pocklington's criterion
// (Q > sqrt(P), 2^(P-1) = 1 mod P and gcd(2^2-1, P) = 1: a proof, and one
// exponentiation instead of a second probabilistic test), and that G = 2
// generates the subgroup of order Q (2 is a quadratic residue mod P).
func TestSafePrimes(t *testing.T) {
	one := big.NewInt(1)
	for _, tc := range rfcGroups {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, q := tc.g.P(), tc.g.Q()
			if !q.ProbablyPrime(0) {
				t.Fatal("Q is not prime")
			}
			pMinus1 := new(big.Int).Sub(p, one)
			if new(big.Int).Exp(big.NewInt(2), pMinus1, p).Cmp(one) != 0 ||
				new(big.Int).GCD(nil, nil, big.NewInt(3), p).Cmp(one) != 0 {
				t.Fatal("P fails Pocklington's criterion: not prime")
			}
			if big.Jacobi(tc.g.G(), p) != 1 {
				t.Fatal("G is not in the subgroup of order Q")
			}
		})
	}
}

// TestOpenSSL compares every group with the copy built into OpenSSL.
func TestOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("SKIPPING: openssl not found in PATH; the groups are not compared with OpenSSL's copies")
	}
	for _, tc := range rfcGroups {
		out, err := exec.Command("openssl", "genpkey", "-genparam", "-algorithm", "DH",
			"-pkeyopt", "group:"+tc.openssl).Output()
		if err != nil {
			// OpenSSL before 3.0 has no named DH groups.
			version, _ := exec.Command("openssl", "version").Output()
			t.Skipf("SKIPPING: %s cannot print the named group %s (%v); the groups are not compared with OpenSSL's copies",
				bytes.TrimSpace(version), tc.openssl, err)
		}
		block, _ := pem.Decode(out)
		if block == nil || block.Type != "DH PARAMETERS" {
			t.Fatalf("openssl output for %s is not DH PARAMETERS PEM:\n%s", tc.openssl, out)
		}
		var params struct{ P, G *big.Int }
		if rest, err := asn1.Unmarshal(block.Bytes, &params); err != nil || len(rest) != 0 {
			t.Fatalf("parsing OpenSSL's %s: %v", tc.openssl, err)
		}
		if params.P.Cmp(tc.g.P()) != 0 || params.G.Cmp(tc.g.G()) != 0 {
			t.Errorf("%s differs from OpenSSL's %s", tc.name, tc.openssl)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range rfcGroups {
		if g, ok := ByName(tc.name); !ok || g != tc.g {
			t.Errorf("ByName(%q) = %v, %v", tc.name, g, ok)
		}
	}
	for _, bits := range []int{1536, 2048, 3072, 4096, 6144, 8192} {
		g, ok := ByBits(bits)
		if !ok || g.Bits() != bits || g.Name()[:4] != "modp" {
			t.Errorf("ByBits(%d) = %v, %v; want the MODP group", bits, g, ok)
		}
	}
	for _, name := range []string{"", "FFDHE2048", "modp_2048", "ffdhe1024", "modp2048 "} {
		if g, ok := ByName(name); ok || g != nil {
			t.Errorf("ByName(%q) = %v, %v; want nothing", name, g, ok)
		}
	}
	for _, bits := range []int{0, -1, 1024, 2047, 2049, 16384} {
		if g, ok := ByBits(bits); ok || g != nil {
			t.Errorf("ByBits(%d) = %v, %v; want nothing", bits, g, ok)
		}
	}
	if got := All(); len(got) != len(rfcGroups) {
		t.Fatalf("All() has %d groups, want %d", len(got), len(rfcGroups))
	}
	All()[0] = nil
	if All()[0] != MODP1536 {
		t.Fatal("All() exposes the package's own slice")
	}
}

// TestImmutable checks that the accessors hand out copies.
func TestImmutable(t *testing.T) {
	FFDHE2048.P().SetInt64(5)
	FFDHE2048.Q().SetInt64(5)
	FFDHE2048.G().SetInt64(5)
	if FFDHE2048.P().BitLen() != 2048 || FFDHE2048.Q().BitLen() != 2047 || FFDHE2048.G().Int64() != 2 {
		t.Fatal("an accessor returned the group's own value")
	}
}

func TestNilAndZeroGroup(t *testing.T) {
	for _, g := range []*Group{nil, {}} {
		if g.Name() != "" || g.Bits() != 0 || g.Strength() != 0 || g.P() != nil || g.Q() != nil || g.G() != nil {
			t.Errorf("%#v: accessors returned non-zero values", g)
		}
	}
}
