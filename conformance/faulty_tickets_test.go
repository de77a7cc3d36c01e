package conformance

import (
	"bytes"
	"crypto/x509"
	"errors"
	"regexp"
	"slices"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/saml"
)

// Faulty ticket verifiers: the reference with one realistic bug each (spec/conformance.md §9).

func init() {
	faultyShims = append(faultyShims,
		faultyShim{faultyTicketsGoxmldsigAlone{}, "the signature is checked by goxmldsig's validation alone, without the profile's algorithm checks, so RSA-SHA1 (and SHA-384/512) tickets are accepted",
			[]string{"codec/tickets/sig/algorithm-downgrade"}},
		faultyShim{faultyTicketsExpiryIgnored{}, "NotOnOrAfter is not checked: an expired ticket is accepted",
			[]string{"codec/tickets/time/skew-bound", "codec/tickets/time/random-clocks", "codec/tickets/order/fault-pairs"}},
		faultyShim{faultyTicketsAudienceIgnored{}, "the audience is never checked",
			[]string{"codec/tickets/order/fault-pairs"}},
		faultyShim{faultyTicketsIssuerIgnored{}, "the Issuer is never compared with the policy's",
			[]string{"codec/tickets/order/fault-pairs"}},
		faultyShim{faultyTicketsNoReplayStore{}, "each verification starts with an empty replay store, so a one-time ticket presented again is accepted",
			[]string{"codec/tickets/cache/one-time-not-cached", "codec/tickets/replay/random-presentations"}},
		faultyShim{faultyTicketsSystemClock{}, "the verifier reads the system clock instead of the clock it is given",
			[]string{"codec/tickets/time/given-clock"}},
		faultyShim{faultyTicketsSkewClamped{}, "a skew above 5 minutes is silently reduced to 5 minutes instead of refusing the policy",
			[]string{"codec/tickets/time/skew-bound"}},
		faultyShim{faultyTicketsEmptyPolicySkips{}, "an empty issuer or audience in the policy means \"skip the check\"",
			[]string{"codec/tickets/verifier/policy-names-issuer-and-audience"}},
		faultyShim{faultyTicketsIDCache{}, "verified tickets are cached by their ID, not by the SHA-256 of their octets",
			[]string{"codec/tickets/cache/identical-octets-only"}},
		faultyShim{faultyTicketsOneTimeAuthOnly{}, "only auth tokens are treated as one-time; OneTimeUse on other kinds is ignored",
			[]string{"codec/tickets/cache/one-time-not-cached"}},
		faultyShim{faultyTicketsSAMLPrefix{}, "the parser matches the literal prefix saml: instead of resolving namespaces",
			[]string{"codec/tickets/form/any-prefixes", "codec/tickets/mutation/single-change"}},
		faultyShim{faultyTicketsDecisionIgnored{}, "a resource ticket's Decision is not read, so Deny grants the actions",
			[]string{"codec/tickets/kind/decision-permit-only"}},
		faultyShim{faultyTicketsLaxNamespaces{}, "namespace declarations are not checked: xml and xmlns rebound, prefixes undeclared and repeated declarations pass, and the ticket verifies without them",
			[]string{"codec/tickets/form/namespace-declarations"}},
		faultyShim{faultyTicketsClaimCharsUnchecked{}, "the characters of text values are not checked, so control characters reach the claims",
			[]string{"codec/tickets/claim/text-characters"}},
		faultyShim{faultyTicketsLaxBase64{}, "SignatureValue is decoded by a base64 reader that skips all white space and accepts missing padding",
			[]string{"codec/tickets/sig/signature-value-white-space"}},
	)
}

// refusalOf returns err's Refusal, or nil.
func refusalOf(err error) *Refusal {
	var r *Refusal
	if errors.As(err, &r) {
		return r
	}
	return nil
}

// faultyTicketsGoxmldsigAlone falls back to goxmldsig's own validation when the profile
// refuses the signature's algorithms, and reads a few claims from what it validated.
type faultyTicketsGoxmldsigAlone struct{ Reference }

func (faultyTicketsGoxmldsigAlone) Name() string { return "faulty-tickets-goxmldsig-alone" }

func (f faultyTicketsGoxmldsigAlone) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := f.Reference.VerifyTicket(p, prior, ticket)
	r := refusalOf(err)
	if r == nil || r.Class != "signature" || !slices.Contains([]string{"TKT-SIG-3", "TKT-SIG-4", "TKT-SIG-6", "TKT-SIG-7"}, r.Req) {
		return c, err
	}
	doc := etree.NewDocument()
	if doc.ReadFromBytes(ticket) != nil || doc.Root() == nil {
		return c, err
	}
	for _, cert := range p.Pinned {
		ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
		ctx.Clock = dsig.NewFakeClockAt(p.Now)
		el, verr := ctx.Validate(doc.Root().Copy())
		if verr != nil {
			continue
		}
		claims := map[string]any{"id": el.SelectAttrValue("ID", "")}
		if is := el.FindElement("./Issuer"); is != nil {
			claims["issuer"] = is.Text()
		}
		if v := el.FindElement(".//AttributeValue"); v != nil {
			claims["kind"] = v.Text()
		}
		return claims, nil
	}
	return c, err
}

var notOnOrAfterRE = regexp.MustCompile(`NotOnOrAfter="([^"]+)"`)

// faultyTicketsExpiryIgnored verifies an expired ticket again at an instant inside its window.
type faultyTicketsExpiryIgnored struct{ Reference }

func (faultyTicketsExpiryIgnored) Name() string { return "faulty-tickets-expiry-ignored" }

func (f faultyTicketsExpiryIgnored) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := f.Reference.VerifyTicket(p, prior, ticket)
	if r := refusalOf(err); r != nil && r.Req == "TKT-TIME-4" {
		if m := notOnOrAfterRE.FindSubmatch(ticket); m != nil {
			if noa, perr := time.Parse(time.RFC3339, string(m[1])); perr == nil {
				p.Now = noa.Add(-time.Second)
				return f.Reference.VerifyTicket(p, prior, ticket)
			}
		}
	}
	return c, err
}

type faultyTicketsAudienceIgnored struct{ Reference }

func (faultyTicketsAudienceIgnored) Name() string { return "faulty-tickets-audience-ignored" }

func (f faultyTicketsAudienceIgnored) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	if p.Audience != "" {
		p.Audience = saml.SkipAudience
	}
	return f.Reference.VerifyTicket(p, prior, ticket)
}

type faultyTicketsIssuerIgnored struct{ Reference }

func (faultyTicketsIssuerIgnored) Name() string { return "faulty-tickets-issuer-ignored" }

func (f faultyTicketsIssuerIgnored) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	if p.Issuer != "" {
		p.Issuer = saml.SkipIssuer
	}
	return f.Reference.VerifyTicket(p, prior, ticket)
}

// faultyTicketsNoReplayStore verifies each ticket with a verifier of its own.
type faultyTicketsNoReplayStore struct{ Reference }

func (faultyTicketsNoReplayStore) Name() string { return "faulty-tickets-no-replay-store" }

func (f faultyTicketsNoReplayStore) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	for _, t := range prior {
		if _, err := f.Reference.VerifyTicket(p, nil, t); err != nil {
			return nil, err
		}
	}
	return f.Reference.VerifyTicket(p, nil, ticket)
}

type faultyTicketsSystemClock struct{ Reference }

func (faultyTicketsSystemClock) Name() string { return "faulty-tickets-system-clock" }

func (f faultyTicketsSystemClock) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	p.Now = time.Now().UTC().Truncate(time.Second)
	return f.Reference.VerifyTicket(p, prior, ticket)
}

type faultyTicketsSkewClamped struct{ Reference }

func (faultyTicketsSkewClamped) Name() string { return "faulty-tickets-skew-clamped" }

func (f faultyTicketsSkewClamped) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	p.Skew = min(p.Skew, saml.MaxSkew)
	return f.Reference.VerifyTicket(p, prior, ticket)
}

type faultyTicketsEmptyPolicySkips struct{ Reference }

func (faultyTicketsEmptyPolicySkips) Name() string { return "faulty-tickets-empty-policy-skips" }

func (f faultyTicketsEmptyPolicySkips) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	if p.Issuer == "" {
		p.Issuer = saml.SkipIssuer
	}
	if p.Audience == "" {
		p.Audience = saml.SkipAudience
	}
	return f.Reference.VerifyTicket(p, prior, ticket)
}

var ticketIDRE = regexp.MustCompile(`ID="(_[0-9a-f]{32})"`)

// faultyTicketsIDCache answers a ticket whose ID it verified before from its cache.
type faultyTicketsIDCache struct{ Reference }

func (faultyTicketsIDCache) Name() string { return "faulty-tickets-id-cache" }

func (f faultyTicketsIDCache) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	cache := map[string]any{}
	for i := range prior {
		c, err := f.Reference.VerifyTicket(p, prior[:i], prior[i])
		if err != nil {
			return nil, err
		}
		if m := ticketIDRE.FindSubmatch(prior[i]); m != nil && !bytes.Contains(prior[i], []byte("OneTimeUse")) {
			cache[string(m[1])] = c
		}
	}
	if m := ticketIDRE.FindSubmatch(ticket); m != nil {
		if c, ok := cache[string(m[1])]; ok {
			return c, nil
		}
	}
	return f.Reference.VerifyTicket(p, prior, ticket)
}

// faultyTicketsOneTimeAuthOnly ignores a replay of a one-time ticket that is not an auth token.
type faultyTicketsOneTimeAuthOnly struct{ Reference }

func (faultyTicketsOneTimeAuthOnly) Name() string { return "faulty-tickets-one-time-auth-only" }

func (f faultyTicketsOneTimeAuthOnly) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := f.Reference.VerifyTicket(p, prior, ticket)
	if r := refusalOf(err); r != nil && r.Class == "replay" && !bytes.Contains(ticket, []byte("AuthnStatement")) {
		return f.Reference.VerifyTicket(p, nil, ticket)
	}
	return c, err
}

// faultyTicketsSAMLPrefix refuses an Assertion not written with the prefix saml.
type faultyTicketsSAMLPrefix struct{ Reference }

func (faultyTicketsSAMLPrefix) Name() string { return "faulty-tickets-saml-prefix" }

func (f faultyTicketsSAMLPrefix) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	if !bytes.Contains(ticket, []byte("<saml:Assertion")) || !bytes.Contains(ticket, []byte("<saml:Subject>")) {
		return nil, &Refusal{Class: "malformed", Req: "TKT-FMT-3", Msg: "no saml:Assertion"}
	}
	return f.Reference.VerifyTicket(p, prior, ticket)
}

// faultyTicketsDecisionIgnored accepts a resource ticket whatever its Decision.
type faultyTicketsDecisionIgnored struct{ Reference }

func (faultyTicketsDecisionIgnored) Name() string { return "faulty-tickets-decision-ignored" }

func (f faultyTicketsDecisionIgnored) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := f.Reference.VerifyTicket(p, prior, ticket)
	if r := refusalOf(err); r != nil && r.Req == "TKT-KIND-11" {
		return map[string]any{"kind": "resource"}, nil
	}
	return c, err
}

var sigValueRE = regexp.MustCompile(`(<ds:SignatureValue>)([^<]*)(</ds:SignatureValue>)`)

// faultyTicketsLaxBase64 strips every white space character from SignatureValue and restores
// the padding before verifying.
type faultyTicketsLaxBase64 struct{ Reference }

func (faultyTicketsLaxBase64) Name() string { return "faulty-tickets-lax-base64" }

func (f faultyTicketsLaxBase64) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	fixed := sigValueRE.ReplaceAllFunc(ticket, func(m []byte) []byte {
		sm := sigValueRE.FindSubmatch(m)
		v := bytes.Join(bytes.Fields(sm[2]), nil)
		for len(v)%4 != 0 {
			v = append(v, '=')
		}
		return append(append(append([]byte(nil), sm[1]...), v...), sm[3]...)
	})
	return f.Reference.VerifyTicket(p, prior, fixed)
}

var badDeclRE = regexp.MustCompile(`\s+xmlns(:xml|:xmlns|:[A-Za-z_][-.\w]*="")?(="[^"]*")?`)

// faultyTicketsLaxNamespaces drops the namespace declarations the profile forbids, as a
// parser that does not look at them would, and verifies what is left (the canonical form,
// and so the signature, does not depend on unused declarations).
type faultyTicketsLaxNamespaces struct{ Reference }

func (faultyTicketsLaxNamespaces) Name() string { return "faulty-tickets-lax-namespaces" }

func (f faultyTicketsLaxNamespaces) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := f.Reference.VerifyTicket(p, prior, ticket)
	if r := refusalOf(err); r != nil && r.Req == "TKT-FMT-2" {
		// Keep the first declaration of each element (the issuer's), drop the rest.
		out := regexp.MustCompile(`<[^>]*>`).ReplaceAllFunc(ticket, func(tag []byte) []byte {
			first := true
			return badDeclRE.ReplaceAllFunc(tag, func(d []byte) []byte {
				if first && !bytes.Contains(d, []byte(":xml")) && !bytes.HasSuffix(d, []byte(`=""`)) && !bytes.Contains(d, []byte("XML/1998")) {
					first = false
					return d
				}
				return nil
			})
		})
		return f.Reference.VerifyTicket(p, prior, out)
	}
	return c, err
}

// faultyTicketsClaimCharsUnchecked accepts a ticket refused only for the characters of a
// text value, answering the few claims it read.
type faultyTicketsClaimCharsUnchecked struct{ Reference }

func (faultyTicketsClaimCharsUnchecked) Name() string { return "faulty-tickets-claim-chars-unchecked" }

func (f faultyTicketsClaimCharsUnchecked) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := f.Reference.VerifyTicket(p, prior, ticket)
	if r := refusalOf(err); r != nil && r.Req == "TKT-CLAIM-3" {
		claims := map[string]any{}
		if m := ticketIDRE.FindSubmatch(ticket); m != nil {
			claims["id"] = string(m[1])
		}
		return claims, nil
	}
	return c, err
}
