package httpauth

import (
	"context"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/sts"
)

// Distinct unexported key types: no other package can read or replace
// the values.
type (
	ticketInfoKey struct{}
	stsTicketKey  struct{}
)

// FromContext returns the authtkt ticket a Middleware validated for the
// request whose context is ctx, and whether there is one.
func FromContext(ctx context.Context) (*authtkt.TicketInfo, bool) {
	info, ok := ctx.Value(ticketInfoKey{}).(*authtkt.TicketInfo)
	return info, ok && info != nil
}

// NewContext returns a copy of ctx that carries info, as the Middleware
// passes it to the next handler. It serves tests of handlers that read
// FromContext.
func NewContext(ctx context.Context, info *authtkt.TicketInfo) context.Context {
	return context.WithValue(ctx, ticketInfoKey{}, info)
}

// STSFromContext returns the sts ticket an STSMiddleware validated for the
// request whose context is ctx, and whether there is one. Its data is read
// with (*sts.Ticket).Decode.
func STSFromContext(ctx context.Context) (*sts.Ticket, bool) {
	t, ok := ctx.Value(stsTicketKey{}).(*sts.Ticket)
	return t, ok && t != nil
}

// NewSTSContext returns a copy of ctx that carries t, as the STSMiddleware
// passes it to the next handler.
func NewSTSContext(ctx context.Context, t *sts.Ticket) context.Context {
	return context.WithValue(ctx, stsTicketKey{}, t)
}
