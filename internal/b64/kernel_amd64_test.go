//go:build amd64 && !purego

package b64

import "golang.org/x/sys/cpu"

// kernels names the decoding paths this CPU can run.
func kernels() []string {
	if cpu.X86.HasAVX2 {
		return []string{"tables", "avx2"}
	}
	return []string{"tables"}
}

// useKernel selects a path and returns a function that restores the default.
func useKernel(k string) (restore func()) {
	old := useAVX2
	useAVX2 = k == "avx2"
	return func() { useAVX2 = old }
}
