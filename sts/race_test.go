//go:build race

package sts

// raceEnabled makes the slowest tests sample less under the race detector,
// and skips the allocation-accounting ones: the detector allocates on its
// own and slows the compressor tenfold.
const raceEnabled = true
