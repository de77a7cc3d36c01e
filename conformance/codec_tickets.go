package conformance

// codecTicketCases returns the codec tier's tickets cases (being written).
func codecTicketCases() []Case { return nil }
