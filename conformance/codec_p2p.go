package conformance

// codecP2PCases returns the codec tier's p2p cases (being written).
func codecP2PCases() []Case { return nil }
