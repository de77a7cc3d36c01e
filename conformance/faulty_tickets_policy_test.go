package conformance

// kindsIgnored verifies as the reference does but never applies the policy's kinds.
type kindsIgnored struct{ Reference }

func (kindsIgnored) Name() string { return "faulty-tickets-policy-kinds-ignored" }
func (k kindsIgnored) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	p.Kinds = nil
	return k.Reference.VerifyTicket(p, prior, ticket)
}

// replayGrows keeps one-time tickets in a store that grows (or evicts) when full, so a full
// store never refuses: as if the capacity were unbounded.
type replayGrows struct{ Reference }

func (replayGrows) Name() string { return "faulty-tickets-replay-store-grows" }
func (r replayGrows) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	p.ReplayCapacity = 0
	return r.Reference.VerifyTicket(p, prior, ticket)
}

func init() {
	faultyShims = append(faultyShims,
		faultyShim{kindsIgnored{}, "the policy's list of accepted kinds is read but never applied",
			[]string{"codec/tickets/kind/policy-kinds"}},
		faultyShim{replayGrows{}, "a full replay store makes room (grows, or drops its oldest entry) instead of refusing new one-time tickets",
			[]string{"codec/tickets/replay/full-store-refuses"}},
	)
}
