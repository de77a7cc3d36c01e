package conformance

// codecFeedsyncCases returns the codec tier's feedsync cases (being written).
func codecFeedsyncCases() []Case { return nil }
