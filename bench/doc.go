// Package bench measures tickets against the floors (the least work any
// implementation of the same job must do) and against the peers people would
// otherwise pick: gorilla/securecookie, fernet-go, PASETO v4.local and
// golang-jwt HS256. It is a separate module so that the peers never enter the
// main module's go.mod.
//
// Everything lives in the _test.go files; run.sh runs them all, feeds the
// results through benchstat and writes BENCHMARKS.md at the repository root
// and bench/chart.svg with ./cmd/report. Every figure there is a ratio of two
// benchmarks from the same run, because absolute times on shared machines are
// noise.
package bench
