package conformance

// Cases of the verifier's policy options that tickets.verify carries beyond the vectors':
// the accepted kinds ([TKT-KIND-12]) and the replay store's capacity ([TKT-REPLAY-4]).

func ticketBytes(b func(*ctkFixture) []byte) func(*ctkFixture) ([]byte, error) {
	return func(f *ctkFixture) ([]byte, error) { return b(f), nil }
}

// withKinds is a variant under a policy that accepts only kinds.
func withKinds(v ctkVariant, kinds ...string) ctkVariant {
	v.policy = func(_ *ctkFixture, p *TicketPolicy) { p.Kinds = kinds }
	v.what += " (policy kinds " + joinOr(kinds) + ")"
	return v
}

// withReplay is a variant under a replay store of capacity n, after the prior tickets.
func withReplay(v ctkVariant, n int, prior ...func(*ctkFixture) []byte) ctkVariant {
	v.policy = func(_ *ctkFixture, p *TicketPolicy) { p.ReplayCapacity = n }
	v.prior = func(f *ctkFixture) ([][]byte, error) {
		var out [][]byte
		for _, b := range prior {
			out = append(out, b(f))
		}
		return out, nil
	}
	return v
}

func joinOr(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

func codecTicketPolicyCases() []Case {
	return []Case{
		ctkFixed("codec/tickets/kind/policy-kinds", Must, []string{"TKT-KIND-12", "TKT-KIND-1"}, []string{"policy", "kind-filter"},
			"a verifier whose policy names the kinds it accepts refuses a ticket of another kind (class policy), after refusing an unknown kind under TKT-KIND-1",
			withKinds(ctkAccept("a user ticket", ticketBytes(ctkUser), nil), "user"),
			withKinds(ctkRefuse("a resource ticket", "policy", "TKT-KIND-12", ticketBytes(ctkResource)), "user"),
			withKinds(ctkRefuse("a device ticket", "policy", "TKT-KIND-12", ticketBytes(ctkDevice)), "user", "resource"),
			withKinds(ctkAccept("a resource ticket", ticketBytes(ctkResource), nil), "user", "resource"),
			withKinds(ctkAccept("a device-claim ticket", ticketBytes(ctkClaim), nil), "device-claim"),
			withKinds(ctkRefuse("a device ticket", "policy", "TKT-KIND-12", ticketBytes(ctkDevice)), "device-claim"),
			withKinds(ctkRefuse("a ticket of the unknown kind admin", "malformed", "TKT-KIND-1", func(f *ctkFixture) ([]byte, error) { return f.badKind, nil }), "user"),
		),
		ctkFixed("codec/tickets/replay/full-store-refuses", Must, []string{"TKT-REPLAY-4", "TKT-REPLAY-1"}, []string{"replay", "eviction"},
			"a replay store full of unexpired one-time tickets refuses every new one (class replay) rather than drop an entry to make room",
			withReplay(ctkAccept("a one-time device ticket into an empty store of 1", ticketBytes(ctkOTDevice), nil), 1),
			withReplay(ctkRefuse("a one-time device ticket into a store of 1 holding a one-time resource ticket", "replay", "TKT-REPLAY-4", ticketBytes(ctkOTDevice)), 1, ctkOTResource),
			withReplay(ctkAccept("a one-time device ticket into a store of 2 holding a one-time resource ticket", ticketBytes(ctkOTDevice), nil), 2, ctkOTResource),
			withReplay(ctkAccept("a user ticket (not one-time) into a full store of 1", ticketBytes(ctkUser), nil), 1, ctkOTResource),
		),
	}
}
