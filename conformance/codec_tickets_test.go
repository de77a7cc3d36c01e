package conformance

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/saml"
)

// TestCodecTicketsAgainstReference runs every ticket case against the reference with the
// run's default number of property checks: each passes, and none takes pathologically long.
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
		// Wall time on a loaded machine says little; this bound only catches a case gone
		// pathological (the budget is well under 1 s each, measured on an idle machine).
		if d > 5*time.Second {
			t.Errorf("%s takes %s against the reference", c.ID, d)
		}
	}
}

// TestCtkSignMatchesIssuer: the harness's signer, given an issued ticket without its
// Signature, writes the issued ticket octet for octet (RSA PKCS #1 v1.5 is deterministic),
// so that a re-signed variant differs from an issued ticket only by its edits.
func TestCtkSignMatchesIssuer(t *testing.T) {
	f, err := ctkFixtureGet()
	if err != nil {
		t.Fatal(err)
	}
	for name, tk := range map[string][]byte{"user": f.user, "resource": f.resource, "peer": f.peer, "auth": f.auth} {
		got, err := ctkSign(ctkUnsigned(tk), ctkSigning{})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(tk) {
			t.Errorf("%s: re-signed\n%s\nissued\n%s", name, got, tk)
		}
	}
}

// TestCtkSignKeepsDeclarations: a namespace declaration the canonical form drops stays in
// the re-signed ticket (goxmldsig's canonicalizer rewrites the element it digests).
func TestCtkSignKeepsDeclarations(t *testing.T) {
	f, err := ctkFixtureGet()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ctkResign(f.user, ctkSigning{}, ctkSubject, `<saml:Subject xmlns:p="">`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `<saml:Subject xmlns:p="">`) {
		t.Errorf("the declaration is gone: %s", got)
	}
}

// TestCtkGenerators: every user name the generators draw parses, and every odd rune is a
// claim character.
func TestCtkGenerators(t *testing.T) {
	for _, s := range ctkUserNames {
		if _, err := ident.ParseUserName(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, r := range ctkOddRunes {
		if !saml.ValidClaimRune(r) {
			t.Errorf("%U is not a claim character", r)
		}
	}
}

// TestCtkFaultedOracle: with no fault the user ticket is accepted; each fault alone is
// refused by the reference with its own rule (the oracle of the check-order cases).
func TestCtkFaultedOracle(t *testing.T) {
	f, err := ctkFixtureGet()
	if err != nil {
		t.Fatal(err)
	}
	ticket, pol, want, _ := ctkFaulted(f, nil)
	if got, err := ctkAsk(Reference{}, pol, nil, []byte(ticket)); err != nil || !got.Accepted || want.Class != "" {
		t.Errorf("no fault: %v %v, oracle %v", got, err, want)
	}
	for _, fl := range ctkFaults {
		ticket, pol, want, _ := ctkFaulted(f, map[string]bool{fl.req: true})
		got, err := ctkAsk(Reference{}, pol, nil, []byte(ticket))
		if err != nil || got.Accepted || got.Req != fl.req || !got.same(want) {
			t.Errorf("%s: reference %v %v, oracle %v", fl.name, got, err, want)
		}
	}
}

// TestCtkAskSurvivesOddAnswers: answers that are neither claims nor refusals end in an
// error, never a panic.
func TestCtkAskSurvivesOddAnswers(t *testing.T) {
	for _, impl := range []TicketsImpl{oddTickets{nil, nil}, oddTickets{(*saml.Claims)(nil), nil}, oddTickets{"claims", nil},
		oddTickets{[]int{1}, nil}, oddTickets{nil, (*Refusal)(nil)}, oddTickets{nil, &Refusal{}}, oddTickets{nil, errors.New("boom")},
		oddTickets{map[string]any{"x": func() {}}, nil}} {
		if o, err := ctkAsk(impl, ctkPolicy(), nil, nil); err == nil {
			t.Errorf("%#v: no error, outcome %v", impl, o)
		}
	}
}

type oddTickets struct {
	v   any
	err error
}

func (o oddTickets) VerifyTicket(TicketPolicy, [][]byte, []byte) (any, error) { return o.v, o.err }
