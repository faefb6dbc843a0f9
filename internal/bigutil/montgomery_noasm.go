//go:build !amd64 || purego

package bigutil

// haveAsm reports whether assembly kernels exist for this build: only for
// amd64, and not with the purego tag.
const haveAsm = false

// fastKernels are the best kernels for this build: the pure-Go ones.
var fastKernels = genericKernels
