package conformance

// codecIdentCases returns the codec tier's ident cases (being written).
func codecIdentCases() []Case { return nil }
