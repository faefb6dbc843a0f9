package bench

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/gotickets/tickets/sts"
)

// BenchmarkValidateGoroutines measures validation throughput with one and
// with two goroutines. ns/op is wall time per validation, all goroutines
// together, so ns/op(g=1) / ns/op(g=2) is the throughput ratio. For ours the
// goroutines share one sts.Service, as a server's handlers do; each floor
// goroutine has its own floor, so the floor's ratio is what the machine
// itself allows. cpu-ns/op is CPU time per validation, all goroutines
// together: when it does not grow with the second goroutine, nothing is
// contended, and the throughput ratio is up to the cores the machine has
// free.
func BenchmarkValidateGoroutines(b *testing.B) {
	impls := []struct {
		name string
		// validator returns a function that validates one ticket, for one
		// goroutine; results stay in that goroutine so that no shared sink
		// bounces a cache line between the cores.
		validator func() func() error
	}{
		{"floor", func() func() error {
			f := newFloorSigned(key32("floor-mac"))
			ticket := f.create(small)
			var last floorTicket
			return func() error {
				t, err := f.validate(ticket)
				last = t
				runtime.KeepAlive(last)
				return err
			}
		}},
		{"ours", oursValidators(b)},
	}
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs GOMAXPROCS >= 2")
	}
	for _, impl := range impls {
		for _, g := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/g=%d", impl.name, g), func(b *testing.B) {
				validators := make([]func() error, g)
				for i := range validators {
					validators[i] = impl.validator()
				}
				runGoroutines(b, validators)
			})
		}
	}
}

// oursValidators makes one sts.Service and returns a maker of validators
// that all share it.
func oursValidators(b *testing.B) func() func() error {
	svc, err := sts.New(key32("sts"), &sts.Config{Lifetime: lifetime})
	if err != nil {
		b.Fatal(err)
	}
	ticket, err := svc.CreateTicket(small, nil)
	if err != nil {
		b.Fatal(err)
	}
	return func() func() error {
		var last *sts.Ticket
		return func() error {
			t, err := svc.ValidateTicket(ticket, nil)
			last = t
			runtime.KeepAlive(last)
			return err
		}
	}
}

// runGoroutines splits b.N validations over one goroutine per validator.
func runGoroutines(b *testing.B, validators []func() error) {
	b.ReportAllocs()
	errs := make([]error, len(validators))
	var wg sync.WaitGroup
	b.ResetTimer()
	withCPU(b, func() {
		for i, v := range validators {
			n := b.N / len(validators)
			if i < b.N%len(validators) {
				n++
			}
			wg.Go(func() {
				for range n {
					if err := v(); err != nil {
						errs[i] = err
						return
					}
				}
			})
		}
		wg.Wait()
	})
	b.StopTimer()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}
