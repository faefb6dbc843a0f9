//go:build race

package codec

// raceEnabled skips the allocation-accounting tests under the race
// detector, which allocates on its own and slows the compressor tenfold.
const raceEnabled = true
