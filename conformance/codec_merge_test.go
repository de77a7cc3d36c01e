package conformance

import (
	"testing"
	"time"
)

// TestCodecMergeReference runs every merge case against the reference: each passes, and each
// property case stays well under a second with the default 100 checks.
func TestCodecMergeReference(t *testing.T) {
	cases := codecMergeCases()
	if err := CheckCases(cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		start := time.Now()
		rep := Run(Reference{}, []Case{c}, Options{Property: PropertyConfig{Seed: 3}}, nil)
		r := rep.Results[0]
		d := time.Since(start)
		if r.Verdict != Pass {
			t.Errorf("%s: %s %q", c.ID, r.Verdict, r.Messages)
		}
		t.Logf("%s: %s in %v", c.ID, r.Verdict, d.Round(time.Millisecond))
	}
}
