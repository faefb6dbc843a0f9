//go:build race

package sts

// raceEnabled makes the slowest tests sample less under the race detector.
const raceEnabled = true
