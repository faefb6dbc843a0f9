//go:build !amd64 || purego

package b64

func kernels() []string { return []string{"tables"} }

func useKernel(string) (restore func()) { return func() {} }
