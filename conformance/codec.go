package conformance

import "maps"

// CodecCases returns the codec tier's cases (spec/conformance.md §5.2): fixed cases and
// differential property cases, area by area, each driving the implementation through the
// shim operations its Ops name. Their IDs are "codec/<area>/<topic>/<check>".
func CodecCases() []Case {
	var cases []Case
	for _, area := range [][]Case{
		codecIdentCases(),
		codecIdentKeyCases(),
		codecFeedsyncCases(),
		codecMergeCases(),
		codecTicketCases(),
		codecTicketPolicyCases(),
		codecP2PCases(),
		codecP2PScheduleCases(),
	} {
		cases = append(cases, area...)
	}
	return cases
}

// codecUnshowable lists the MUST requirements of the codec tier's specifications that no
// operation of the shim protocol can show, each with the reason ([CONF-CODEC-1]).
func codecUnshowable() map[string]string {
	all := map[string]string{}
	for _, m := range []map[string]string{
		codecIdentUnshowable,
		codecFeedsyncUnshowable,
		codecMergeUnshowable,
		codecTicketUnshowable,
		codecP2PUnshowable,
	} {
		maps.Copy(all, m)
	}
	return all
}
