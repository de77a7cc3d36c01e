package conformance

import (
	"strings"
	"testing"
	"time"
)

// TestCodecTicketsAgainstReference runs every ticket case against the reference with the
// run's default number of property checks: each passes, and each property case stays well
// under a second.
func TestCodecTicketsAgainstReference(t *testing.T) {
	if _, err := ctkFixtureGet(); err != nil {
		t.Fatal(err)
	}
	for _, c := range codecTicketCases() {
		start := time.Now()
		v, msgs := run(c, Reference{}, Options{Property: PropertyConfig{Seed: 7}})
		d := time.Since(start)
		t.Logf("%s: %s in %s", c.ID, v, d.Round(time.Millisecond))
		if v != Pass {
			t.Errorf("%s: %s %s", c.ID, v, strings.Join(msgs, "\n"))
		}
		if d > time.Second && !testing.Short() {
			t.Errorf("%s takes %s against the reference", c.ID, d)
		}
	}
}
