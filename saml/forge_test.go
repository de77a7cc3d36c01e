package saml

import (
	"testing"

	"github.com/livemesh-spec/livemesh/internal/ticketforge"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The attack suite's test signer is package internal/ticketforge, shared with the ticket
// vector generator; these names keep the cases short.

type sigSpec = ticketforge.Spec

const (
	algRSASHA1      = ticketforge.AlgRSASHA1
	algHMACSHA256   = ticketforge.AlgHMACSHA256
	algDigestSHA1   = ticketforge.AlgDigestSHA1
	algC14N10       = ticketforge.AlgC14N10
	algC14N11       = ticketforge.AlgC14N11
	algExcC14NCmt   = ticketforge.AlgExcC14NCmt
	algXPath        = ticketforge.AlgXPath
	transformExcPNs = ticketforge.TransformExcPNs
)

func afterIssuer(unsigned, sig string) string { return ticketforge.AfterIssuer(unsigned, sig) }

// forge signs the unsigned Assertion under spec, failing the test on a forge error.
func forge(tb testing.TB, unsignedXML string, spec sigSpec) []byte {
	tb.Helper()
	out, err := ticketforge.Forge(unsignedXML, spec)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestForge checks the test signer: with the profile's spec its tickets verify, so the
// cases that change one thing fail on that thing.
func TestForge(t *testing.T) {
	f := newFixture(t)
	base, want := f.issue(t, f.userClaims())
	for _, spec := range []sigSpec{{}, {Certs: []string{vectors.KeyCloudA}}} {
		got, err := f.verifier(t, nil).Verify(forge(t, unsigned(base), spec))
		if err != nil {
			t.Fatal(err)
		}
		sameClaims(t, got, want)
	}
	if string(forge(t, unsigned(base), sigSpec{})) != string(base) {
		t.Errorf("forge and Issue write different tickets:\n%s\n%s", forge(t, unsigned(base), sigSpec{}), base)
	}
}
