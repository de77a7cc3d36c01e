package conformance

// codecMergeCases returns the codec tier's merge cases (being written).
func codecMergeCases() []Case { return nil }
