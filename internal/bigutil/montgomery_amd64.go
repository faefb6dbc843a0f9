//go:build amd64 && !purego

package bigutil

import "golang.org/x/sys/cpu"

// haveAsm reports whether the assembly kernels can run: they need MULX (BMI2)
// and ADCX/ADOX (ADX), which x86-64 CPUs have had since about 2014.
var haveAsm = cpu.X86.HasBMI2 && cpu.X86.HasADX

// fastKernels are the assembly kernels when the CPU has them.
var fastKernels = func() *kernels {
	if haveAsm {
		return asmKernels
	}
	return genericKernels
}()

var asmKernels = &kernels{montMulAsm, montSqrAsm, lookupAsm}

func montMulAsm(z, x, y []uint, mm *montModulus, t []uint) {
	_, _, _, _ = z[mm.n-1], x[mm.n-1], y[mm.n-1], t[2*mm.n-1]
	mulADX(&t[0], &x[0], &y[0], mm.n)
	redcADX(&z[0], &t[0], &mm.m[0], mm.n, mm.m0inv)
}

func montSqrAsm(z, x []uint, mm *montModulus, t []uint) {
	_, _, _ = z[mm.n-1], x[mm.n-1], t[4*mm.n-1]
	sqrADX(&t[0], &x[0], mm.n)
	redcADX(&z[0], &t[0], &mm.m[0], mm.n, mm.m0inv)
}

func lookupAsm(z, table []uint, n, count int, idx uint) {
	_, _ = z[n-1], table[count*n-1]
	lookupSSE2(&z[0], &table[0], n, count, idx)
}

// The assembly, in montgomery_amd64.s. n is a positive multiple of 8.

// mulADX sets t[0:2n] = x[0:n] * y[0:n].
//
//go:noescape
func mulADX(t, x, y *uint, n int)

// sqrADX sets t[0:2n] = x[0:n]^2, using t[2n:4n] as scratch.
//
//go:noescape
func sqrADX(t, x *uint, n int)

// redcADX sets z[0:n] = t[0:2n] / R mod m for t < m*R, overwriting t.
//
//go:noescape
func redcADX(z, t, m *uint, n int, m0inv uint)

// lookupSSE2 sets z[0:n] to entry idx of the count entries of table.
//
//go:noescape
func lookupSSE2(z, table *uint, n, count int, idx uint)
