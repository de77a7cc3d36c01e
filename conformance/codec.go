package conformance

// CodecCases returns the codec tier's cases (spec/conformance.md §5.2): fixed cases and
// differential property cases, area by area, each driving the implementation through the
// shim operations its Ops name. Their IDs are "codec/<area>/<topic>/<check>".
func CodecCases() []Case {
	var cases []Case
	for _, area := range [][]Case{
		codecIdentCases(),
		codecFeedsyncCases(),
		codecMergeCases(),
		codecTicketCases(),
		codecP2PCases(),
	} {
		cases = append(cases, area...)
	}
	return cases
}
