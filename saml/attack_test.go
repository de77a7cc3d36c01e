package saml

import (
	"encoding/binary"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The attack suite: the catalogue of ../shared/research/saml.md §4 (groups A–N) adapted to a
// ticket, a bare signed Assertion. Every fixture is made here from a ticket the fixture's
// issuer signs with a published test key (cloud-2048-a), by string edits, by signXML or by
// forge (forge_test.go) when a malformed shape needs a valid signature over it. Every case
// names the requirement of the check it targets and asserts the class and requirement ID of
// the refusal; the cases that must verify assert the values consumed.
//
// TestAttackSuiteBites runs the suite again with one check of the verifier disabled at a
// time (the seam of seam.go) and requires each disabled check to change the outcome of at
// least one case.

// attack is one case of the suite.
type attack struct {
	group  string
	name   string   // "[REQ] what": REQ is the rule the case targets
	ticket []byte   // presented last
	prior  [][]byte // presented first to the same verifier; each must verify
	policy func(*Policy)
	at     time.Time // the verifier's clock; zero: t0
	class  Class
	req    string // "" for a ticket that verifies
	// subject is the subject the verifier must consume when it accepts the ticket, under
	// the full verifier or with a check disabled: the whole signed value.
	subject string
}

// attackEnv holds the signed tickets the cases are made from.
type attackEnv struct {
	f      *fixture
	user   string // a user ticket of alice@example.com, 05:06:07 to 06:06:07
	uxml   string // the same without its Signature
	sig    string // its Signature element
	id     string // its ID
	auth   []byte // a one-time auth token of alice@example.com
	auth2  []byte // another one
	long   string // a user ticket of alice@example.com.evil.com
	evilID string // another ticket ID
}

const (
	alice  = "alice@example.com"
	aliceL = "alice@example.com.evil.com"
	evil   = "mallory@example.com"
)

func newAttackEnv(tb testing.TB) *attackEnv {
	f := newFixture(tb)
	e := &attackEnv{f: f}
	u, c := f.issue(tb, f.userClaims())
	e.user, e.uxml, e.sig, e.id = string(u), unsigned(u), sigRE.FindString(string(u)), c.ID.String()
	e.auth, _ = f.issue(tb, Claims{Kind: KindAuth, User: mustUser(tb, alice), Audiences: []string{testAudience}})
	e.auth2, _ = f.issue(tb, Claims{Kind: KindAuth, User: mustUser(tb, alice), Audiences: []string{testAudience}})
	l, _ := f.issue(tb, Claims{Kind: KindUser, User: mustUser(tb, aliceL), Audiences: []string{testAudience}})
	e.long = string(l)
	e.evilID = mustTicketID(tb).String()
	return e
}

// evilXML is the unsigned user ticket with mallory as its subject and the evil ID.
func (e *attackEnv) evilXML(tb testing.TB) string {
	return edit(tb, e.uxml, pNameID, ">"+evil+"<", e.id, e.evilID)
}

// withSig puts sig right after the Issuer of an unsigned Assertion.
func withSig(xml, sig string) string { return afterIssuer(xml, sig) }

// beforeEnd puts s before the Assertion's end tag.
func beforeEnd(xml, s string) string {
	return strings.TrimSuffix(xml, "</saml:Assertion>") + s + "</saml:Assertion>"
}

func attacks(tb testing.TB, e *attackEnv) []attack {
	f := e.f
	ed := func(s string, pairs ...string) []byte { return []byte(edit(tb, s, pairs...)) }
	fg := func(spec sigSpec) []byte { return forge(tb, e.uxml, spec) }
	fgx := func(xml string, spec sigSpec) []byte { return forge(tb, xml, spec) }
	user := []byte(e.user)
	var out []attack
	add := func(group string, as ...attack) {
		for _, a := range as {
			a.group = group
			if a.subject == "" {
				a.subject = alice
			}
			out = append(out, a)
		}
	}
	tAt := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			tb.Fatal(err)
		}
		return t
	}
	times := func(issue, nb, noa string) string {
		return edit(tb, e.uxml, pIssue, `IssueInstant="`+issue+`"`, pNB, `NotBefore="`+nb+`"`, pNOA, `NotOnOrAfter="`+noa+`"`)
	}
	orig := e.user
	evilSigned := withSig(e.evilXML(tb), e.sig) // the evil Assertion carrying the original Signature
	origUnsigned := e.uxml

	add("valid",
		attack{name: "[TKT-SIG-12] the issued ticket verifies", ticket: user},
		attack{name: "[TKT-SIG-12] the forged profile shape verifies", ticket: fg(sigSpec{})},
		attack{name: "[TKT-SIG-11] a ticket of the rollover key verifies", ticket: fg(sigSpec{Key: vectors.KeyCloudB}),
			policy: func(p *Policy) { p.Certs = append(p.Certs, vectors.MustKey(vectors.KeyCloudB).Cert) }},
	)

	// A. Signature presence, coverage, shape.
	add("A",
		attack{name: "[TKT-SIG-1] A1 signature removed", ticket: []byte(e.uxml), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-SIG-5] A2 Reference to another element", ticket: fg(sigSpec{Refs: []string{"#" + e.evilID}}), class: ClassSignature, req: "TKT-SIG-5"},
		attack{name: "[TKT-SIG-5] A3 Reference to the whole document (URI=\"\")", ticket: fg(sigSpec{Refs: []string{""}}), class: ClassSignature, req: "TKT-SIG-5"},
		attack{name: "[TKT-SIG-5] A4 two References to the Assertion", ticket: fg(sigSpec{Refs: []string{"#" + e.id, "#" + e.id}}), class: ClassSignature, req: "TKT-SIG-5"},
		attack{name: "[TKT-SIG-5] A4 two References, the second elsewhere", ticket: fg(sigSpec{Refs: []string{"#" + e.id, "#" + e.evilID}}), class: ClassSignature, req: "TKT-SIG-5"},
		attack{name: "[TKT-SIG-2] A5 two SignedInfo", ticket: fg(sigSpec{Double: "SignedInfo"}), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-2] A5 two SignatureValue", ticket: fg(sigSpec{Double: "SignatureValue"}), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-2] A5 two KeyInfo", ticket: fg(sigSpec{Double: "KeyInfo"}), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-2] A7 an empty ds:Object in the Signature", ticket: fg(sigSpec{Extra: `<ds:Object/>`}), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-2] an Id on the Signature", ticket: fg(sigSpec{SigAttrs: ` Id="s"`}), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-2] no KeyInfo", ticket: fg(sigSpec{NoKeyInfo: true}), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-1] A9 the Signature twice", ticket: ed(orig, e.sig, e.sig+e.sig), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-SIG-12] A10 SignatureValue changed", ticket: flipIn(tb, orig, pSigVal), class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-SIG-12] A10 DigestValue changed", ticket: flipIn(tb, orig, pDigVal), class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-SIG-8] A10 SignatureValue not base64", ticket: ed(orig, pSigVal, pSigVal+"*"), class: ClassSignature, req: "TKT-SIG-8"},
		attack{name: "[TKT-SIG-8] A10 SignatureValue truncated", ticket: []byte(truncSigValue(tb, orig)), class: ClassSignature, req: "TKT-SIG-8"},
		attack{name: "[TKT-SIG-12] A11 NameID changed", ticket: ed(orig, pNameID, ">"+evil+"<"), class: ClassSignature, req: "TKT-SIG-12", subject: evil},
		attack{name: "[TKT-SIG-12] A11 Audience changed", ticket: ed(orig, pAudience, `<saml:Audience>https://evil.example/</saml:Audience>`),
			policy: func(p *Policy) { p.Audience = "https://evil.example/" }, class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-SIG-12] A11 NotOnOrAfter extended", ticket: ed(orig, pNOA, `NotOnOrAfter="2026-03-04T06:06:08Z"`), class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-FMT-4] A12 the Assertion's ID on another element", ticket: fgx(edit(tb, e.uxml, pSubject, `<saml:Subject ID="`+e.id+`">`), sigSpec{}), class: ClassMalformed, req: "TKT-FMT-4"},
		attack{name: "[TKT-SIG-1] A8 Signature inside Subject", ticket: fg(sigSpec{Place: func(u, s string) string { return strings.Replace(u, pSubject, pSubject+s, 1) }}), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-SIG-1] A8 Signature after the statements", ticket: fg(sigSpec{Place: beforeEnd}), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-FMT-3] A8 Signature before Issuer", ticket: fg(sigSpec{Place: func(u, s string) string { return strings.Replace(u, pIssuer, s+pIssuer, 1) }}), class: ClassMalformed, req: "TKT-FMT-3"},
	)

	// B. Signature wrapping, XSW1–XSW8 (SAMLRaider's numbering) adapted to a bare Assertion:
	// the evil Assertion names mallory.
	add("B",
		attack{name: "[TKT-SIG-2] XSW1 evil Assertion whose Signature holds the signed original", subject: evil,
			ticket: []byte(strings.Replace(evilSigned, pSigEnd, orig+pSigEnd, 1)), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-SIG-1] XSW2 the signed original before the evil Assertion's Signature", subject: evil,
			ticket: []byte(withSig(e.evilXML(tb), orig+e.sig)), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-FMT-1] XSW3 evil unsigned Assertion beside (before) the signed one", subject: evil,
			ticket: []byte(e.evilXML(tb) + orig), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-3] XSW4 evil Assertion wrapping the signed one", subject: evil,
			ticket: []byte(beforeEnd(evilSigned, orig)), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-SIG-1] XSW4 evil unsigned Assertion (same ID) wrapping the signed one", subject: evil,
			ticket: []byte(beforeEnd(edit(tb, e.evilXML(tb), e.evilID, e.id), orig)), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-FMT-3] XSW5 modified Assertion keeps the Signature, untouched copy appended", subject: evil,
			ticket: []byte(beforeEnd(edit(tb, orig, pNameID, ">"+evil+"<"), orig)), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-SIG-2] XSW6 modified Assertion, untouched copy inside the Signature", subject: evil,
			ticket: ed(edit(tb, orig, pNameID, ">"+evil+"<"), pSigEnd, orig+pSigEnd), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-FMT-3] XSW7 modified copy (same ID) in Extensions before the signed Assertion", subject: evil,
			ticket: []byte(`<samlp:Extensions xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">` + edit(tb, origUnsigned, pNameID, ">"+evil+"<") + `</samlp:Extensions>`),
			class:  ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-FMT-3] XSW7 modified copy (same ID) in an Extensions element of the signed Assertion", subject: evil,
			ticket: ed(orig, pSigEnd+pSubject, pSigEnd+`<saml:Extensions>`+edit(tb, origUnsigned, pNameID, ">"+evil+"<")+`</saml:Extensions>`+pSubject),
			class:  ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-SIG-2] XSW8 modified in place, untouched copy (same ID) in a ds:Object", subject: evil,
			ticket: ed(edit(tb, orig, pNameID, ">"+evil+"<"), pSigEnd, `<ds:Object>`+origUnsigned+`</ds:Object>`+pSigEnd), class: ClassSignature, req: "TKT-SIG-2"},
		attack{name: "[TKT-FMT-3] the signed Assertion inside the Advice of an evil one", subject: evil,
			ticket: ed(evilSigned, pCondEnd, pCondEnd+`<saml:Advice>`+orig+`</saml:Advice>`), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-FMT-3] the signed Assertion in an unknown wrapper inside an evil one", subject: evil,
			ticket: ed(evilSigned, pSigEnd, pSigEnd+`<x:Wrapper xmlns:x="urn:evil">`+orig+`</x:Wrapper>`), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-FMT-3] the signed Assertion in an unknown wrapper as the document element",
			ticket: []byte(`<x:Wrapper xmlns:x="urn:evil">` + orig + `</x:Wrapper>`), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-SIG-12] the original Signature on an evil Assertion with the original ID", subject: evil,
			ticket: ed(orig, pNameID, ">"+evil+"<"), class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-SIG-5] the original Signature on an evil Assertion with its own ID", subject: evil,
			ticket: []byte(evilSigned), class: ClassSignature, req: "TKT-SIG-5"},
	)

	// C. Several assertions.
	add("C",
		attack{name: "[TKT-FMT-3] C1 a second unsigned Assertion with the same ID after the statements",
			ticket: []byte(beforeEnd(orig, edit(tb, origUnsigned, pNameID, ">"+evil+"<"))), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-FMT-1] C2 a second unsigned Assertion after the signed one",
			ticket: []byte(orig + edit(tb, origUnsigned, pNameID, ">"+evil+"<")), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-3] C3 two Assertions in a Response",
			ticket: []byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">` + orig + e.long + `</samlp:Response>`), class: ClassMalformed, req: "TKT-FMT-3"},
	)

	// D. Comments, CDATA, character references: the value consumed is the whole signed value.
	add("D",
		attack{name: "[TKT-FMT-1] D1 a comment splits the signed NameID " + aliceL, subject: aliceL,
			ticket: ed(e.long, ">"+aliceL+"<", ">"+alice+"<!---->.evil.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] D2 a comment inside the NameID, text unchanged",
			ticket: ed(orig, pNameID, ">alice@<!--x-->example.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] D2 a comment inside an attribute value",
			ticket: ed(orig, pKindUser, `<saml:AttributeValue>us<!---->er</saml:AttributeValue>`), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] D3 a comment and text appended to the NameID", subject: aliceL,
			ticket: ed(orig, pNameID, ">"+alice+"<!---->.evil.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-SIG-12] D4 CDATA appends text to the NameID", subject: aliceL,
			ticket: ed(orig, pNameID, ">"+alice+"<![CDATA[.evil.com]]><"), class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-VER-2] D4 CDATA splits the NameID: the whole signed value is read", subject: aliceL,
			ticket: ed(e.long, ">"+aliceL+"<", ">"+alice+"<![CDATA[.evil]]>.com<")},
		attack{name: "[TKT-VER-2] D4 a character reference in the NameID: the whole signed value is read",
			ticket: ed(orig, pNameID, ">alice&#x40;example.com<")},
		attack{name: "[TKT-VER-2] D4 character references in the kind",
			ticket: ed(orig, pKindUser, `<saml:AttributeValue>&#117;s&#x65;r</saml:AttributeValue>`)},
		attack{name: "[TKT-CLAIM-3] D4 a character reference to a tab in the NameID", subject: "alice\t@example.com",
			ticket: fgx(edit(tb, e.uxml, pNameID, ">alice&#9;@example.com<"), sigSpec{}), class: ClassMalformed, req: "TKT-CLAIM-3"},
		attack{name: "[TKT-FMT-1] D6 a processing instruction inside the NameID",
			ticket: ed(orig, pNameID, ">alice@<?x?>example.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
	)

	// E. Algorithms and downgrades.
	add("E",
		attack{name: "[TKT-SIG-4] E1 RSA-SHA1 with a SHA-1 digest", ticket: fg(sigSpec{Method: algRSASHA1, Digest: algDigestSHA1}), class: ClassSignature, req: "TKT-SIG-4"},
		attack{name: "[TKT-SIG-4] E1 RSA-SHA1 with a SHA-256 digest", ticket: fg(sigSpec{Method: algRSASHA1}), class: ClassSignature, req: "TKT-SIG-4"},
		attack{name: "[TKT-SIG-7] E2 RSA-SHA256 with a SHA-1 digest", ticket: fg(sigSpec{Digest: algDigestSHA1}), class: ClassSignature, req: "TKT-SIG-7"},
		attack{name: "[TKT-SIG-4] E3 unknown SignatureMethod", ticket: fg(sigSpec{Method: "urn:none"}), class: ClassSignature, req: "TKT-SIG-4"},
		attack{name: "[TKT-SIG-4] E3 empty SignatureMethod", ticket: fg(sigSpec{Method: "-"}), class: ClassSignature, req: "TKT-SIG-4"},
		attack{name: "[TKT-SIG-4] E4 HMAC-SHA256 keyed with the certificate", ticket: fg(sigSpec{Method: algHMACSHA256, HMAC: true}), class: ClassSignature, req: "TKT-SIG-4"},
		attack{name: "[TKT-SIG-7] E3 unknown DigestMethod", ticket: fg(sigSpec{Digest: "urn:none"}), class: ClassSignature, req: "TKT-SIG-7"},
		attack{name: "[TKT-SIG-3] E5 inclusive c14n 1.0", ticket: fg(sigSpec{C14N: algC14N10, Transforms: []string{AlgEnveloped, algC14N10}}), class: ClassSignature, req: "TKT-SIG-3"},
		attack{name: "[TKT-SIG-3] E5 c14n 1.1 for SignedInfo", ticket: fg(sigSpec{C14N: algC14N11}), class: ClassSignature, req: "TKT-SIG-3"},
		attack{name: "[TKT-SIG-3] E5 exclusive c14n with comments for SignedInfo", ticket: fg(sigSpec{C14N: algExcC14NCmt}), class: ClassSignature, req: "TKT-SIG-3"},
		attack{name: "[TKT-SIG-3] E5 unknown CanonicalizationMethod", ticket: fg(sigSpec{C14N: "urn:none"}), class: ClassSignature, req: "TKT-SIG-3"},
		attack{name: "[TKT-SIG-6] A6 an extra transform", ticket: fg(sigSpec{Transforms: []string{AlgEnveloped, AlgExcC14N, AlgExcC14N}}), class: ClassSignature, req: "TKT-SIG-6"},
		attack{name: "[TKT-SIG-6] A6 the enveloped transform missing", ticket: fg(sigSpec{Transforms: []string{AlgExcC14N}}), class: ClassSignature, req: "TKT-SIG-6"},
		attack{name: "[TKT-SIG-6] A6 no transform", ticket: fg(sigSpec{Transforms: []string{}}), class: ClassSignature, req: "TKT-SIG-6"},
		attack{name: "[TKT-SIG-6] A6 the transforms in the other order", ticket: fg(sigSpec{Transforms: []string{AlgExcC14N, AlgEnveloped}}), class: ClassSignature, req: "TKT-SIG-6"},
		attack{name: "[TKT-SIG-6] A6 an inclusive c14n transform", ticket: fg(sigSpec{Transforms: []string{AlgEnveloped, algC14N10}}), class: ClassSignature, req: "TKT-SIG-6"},
		attack{name: "[TKT-SIG-6] A6 an XPath transform", ticket: fg(sigSpec{Transforms: []string{AlgEnveloped, algXPath, AlgExcC14N}}), class: ClassSignature, req: "TKT-SIG-6"},
		attack{name: "[TKT-SIG-6] A6 an InclusiveNamespaces PrefixList", ticket: fg(sigSpec{Transforms: []string{AlgEnveloped, transformExcPNs}}), class: ClassSignature, req: "TKT-SIG-6"},
	)

	// F. Keys and certificates.
	add("F",
		attack{name: "[TKT-SIG-11] F1 attacker key and certificate in KeyInfo", ticket: fg(sigSpec{Key: vectors.KeyAttacker}), class: ClassSignature, req: "TKT-SIG-11"},
		attack{name: "[TKT-SIG-9] F2 attacker certificate first, pinned second", ticket: fg(sigSpec{Key: vectors.KeyAttacker, Certs: []string{vectors.KeyAttacker, vectors.KeyCloudA}}), class: ClassSignature, req: "TKT-SIG-9"},
		attack{name: "[TKT-SIG-12] F1 the pinned certificate in KeyInfo, signed by the attacker", ticket: fg(sigSpec{Key: vectors.KeyAttacker, Certs: []string{vectors.KeyCloudA}}), class: ClassSignature, req: "TKT-SIG-12"},
		attack{name: "[TKT-SIG-11] F6 signed by another trusted party (the identity provider)", ticket: fg(sigSpec{Key: vectors.KeyIdP}), class: ClassSignature, req: "TKT-SIG-11"},
		attack{name: "[TKT-SIG-10] E6 a pinned key under 2048 bits", ticket: fg(sigSpec{Key: vectors.KeyWeak1024}),
			policy: func(p *Policy) { p.Certs = []*x509Cert{vectors.MustKey(vectors.KeyWeak1024).Cert} }, class: ClassConfig, req: "TKT-SIG-10"},
		attack{name: "[TKT-TIME-5] F5 the signing certificate has expired",
			ticket: fgx(times("2099-12-31T23:30:00Z", "2099-12-31T23:30:00Z", "2100-01-01T00:30:00Z"), sigSpec{}),
			at:     tAt("2100-01-01T00:00:01Z"), class: ClassExpired, req: "TKT-TIME-5"},
		attack{name: "[TKT-TIME-5] F5 the signing certificate is not yet valid",
			ticket: fgx(times("1999-12-31T23:30:00Z", "1999-12-31T23:30:00Z", "2000-01-01T00:30:00Z"), sigSpec{}),
			at:     tAt("1999-12-31T23:59:59Z"), class: ClassNotYetValid, req: "TKT-TIME-5"},
	)

	// G, H. Issuer, audience, times.
	later, _ := f.issue(tb, Claims{Kind: KindUser, User: mustUser(tb, alice), Audiences: []string{testAudience}, NotOnOrAfter: t0.Add(2 * time.Hour)})
	add("GH",
		attack{name: "[TKT-VER-3] H5 another issuer name under the pinned key", ticket: fgx(edit(tb, e.uxml, pIssuer, `<saml:Issuer>https://evil.example/</saml:Issuer>`), sigSpec{}), class: ClassIssuer, req: "TKT-VER-3"},
		attack{name: "[TKT-VER-4] H1 the verifier is not an audience", ticket: user, policy: func(p *Policy) { p.Audience = "https://other.example/" }, class: ClassAudience, req: "TKT-VER-4"},
		attack{name: "[TKT-TIME-4] G1 expired: now = NotOnOrAfter + skew", ticket: user, at: t0.Add(time.Hour + DefaultSkew), class: ClassExpired, req: "TKT-TIME-4"},
		attack{name: "[TKT-TIME-4] G1 one second before NotOnOrAfter + skew verifies", ticket: user, at: t0.Add(time.Hour + DefaultSkew - time.Second)},
		attack{name: "[TKT-TIME-3] G2 not yet valid: now one second before NotBefore − skew", ticket: user, at: t0.Add(-DefaultSkew - time.Second), class: ClassNotYetValid, req: "TKT-TIME-3"},
		attack{name: "[TKT-TIME-3] G2 now = NotBefore − skew verifies", ticket: user, at: t0.Add(-DefaultSkew)},
		attack{name: "[TKT-TIME-1] G5 NotBefore = NotOnOrAfter", ticket: fgx(times("2026-03-04T05:06:07Z", "2026-03-04T05:16:07Z", "2026-03-04T05:16:07Z"), sigSpec{}), class: ClassMalformed, req: "TKT-TIME-1"},
		attack{name: "[TKT-TIME-1] G5 NotBefore after NotOnOrAfter", ticket: fgx(times("2026-03-04T05:06:07Z", "2026-03-04T05:16:07Z", "2026-03-04T05:11:07Z"), sigSpec{}), class: ClassMalformed, req: "TKT-TIME-1"},
		attack{name: "[TKT-TIME-1] G6 NotBefore before IssueInstant", ticket: fgx(times("2026-03-04T05:06:07Z", "2026-03-04T04:06:07Z", "2026-03-04T05:56:07Z"), sigSpec{}), class: ClassMalformed, req: "TKT-TIME-1"},
		attack{name: "[TKT-TIME-2] G7 lifetime over the maximum", ticket: later, class: ClassPolicy, req: "TKT-TIME-2"},
	)

	// I. Replay.
	add("I",
		attack{name: "[TKT-REPLAY-1] I1 a one-time ticket presented twice", prior: [][]byte{e.auth}, ticket: e.auth, class: ClassReplay, req: "TKT-REPLAY-1"},
		attack{name: "[TKT-REPLAY-2] [TKT-REPLAY-1] I3 replayed after re-serialising OneTimeUse", prior: [][]byte{e.auth},
			ticket: ed(string(e.auth), "<saml:OneTimeUse/>", "<saml:OneTimeUse></saml:OneTimeUse>"), class: ClassReplay, req: "TKT-REPLAY-1"},
		attack{name: "[TKT-REPLAY-2] [TKT-REPLAY-1] I3 replayed with white space after it", prior: [][]byte{e.auth}, ticket: append(append([]byte(nil), e.auth...), "\r\n"...), class: ClassReplay, req: "TKT-REPLAY-1"},
		attack{name: "[TKT-REPLAY-2] [TKT-REPLAY-1] I3 replayed re-signed with other prefixes", prior: [][]byte{e.auth},
			ticket: f.resign(tb, e.auth, "saml:", "a:", "xmlns:saml", "xmlns:a"), class: ClassReplay, req: "TKT-REPLAY-1"},
		attack{name: "[TKT-REPLAY-4] the replay store is full", prior: [][]byte{e.auth2}, ticket: e.auth,
			policy: func(p *Policy) { p.Replay = NewReplayStore(1) }, class: ClassReplay, req: "TKT-REPLAY-4"},
	)

	// K, L. Parser level, resources, namespaces.
	deep := func(n int) []byte {
		return ed(orig, pKindUser, `<saml:AttributeValue>`+strings.Repeat("<x>", n)+"user"+strings.Repeat("</x>", n)+`</saml:AttributeValue>`)
	}
	pad := func(n int) []byte { return []byte(orig + strings.Repeat(" ", n-len(orig))) }
	add("KL",
		attack{name: "[TKT-FMT-1] K1 a DOCTYPE", ticket: []byte(`<!DOCTYPE saml:Assertion>` + orig), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] K2 internal entities (billion laughs)", class: ClassMalformed, req: "TKT-FMT-1",
			ticket: []byte(`<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>` + edit(tb, orig, pKindUser, `<saml:AttributeValue>&c;</saml:AttributeValue>`))},
		attack{name: "[TKT-FMT-1] K2 an external entity (XXE)", class: ClassMalformed, req: "TKT-FMT-1",
			ticket: []byte(`<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + edit(tb, orig, pKindUser, `<saml:AttributeValue>&x;</saml:AttributeValue>`))},
		attack{name: "[TKT-FMT-1] K9 an XML declaration naming ISO-8859-1", ticket: []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>` + orig), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] K9 a Latin-1 octet in the NameID", ticket: ed(orig, pNameID, ">alic\xe9@example.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] K9 UTF-16 with a byte order mark", ticket: utf16LE(orig), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-FMT-1] K9 a UTF-8 byte order mark", ticket: []byte("\ufeff" + orig), class: ClassMalformed, req: "TKT-FMT-1"},
		attack{name: "[TKT-LIM-2] K5 elements nested 9 deep", ticket: deep(5), class: ClassMalformed, req: "TKT-LIM-2"},
		attack{name: "[TKT-LIM-1] K5 elements nested 5000 deep (over the size limit first)", ticket: deep(5000), class: ClassMalformed, req: "TKT-LIM-1"},
		attack{name: "[TKT-LIM-2] K5 elements nested 600 deep under the size limit", ticket: []byte(strings.Repeat("<a>", 600) + strings.Repeat("</a>", 600)), class: ClassMalformed, req: "TKT-LIM-2"},
		attack{name: "[TKT-LIM-1] K3 one octet over the size limit (white space after the Assertion)", ticket: pad(MaxTicketSize + 1), class: ClassMalformed, req: "TKT-LIM-1"},
		attack{name: "[TKT-LIM-1] K3 exactly the size limit verifies", ticket: pad(MaxTicketSize)},
		attack{name: "[TKT-FMT-3] L1 NameID in a foreign namespace", ticket: ed(orig, `<saml:NameID `, `<saml:NameID xmlns:saml="urn:evil" `), class: ClassMalformed, req: "TKT-FMT-3"},
		attack{name: "[TKT-SIG-1] L1 Signature in a foreign namespace", ticket: ed(orig, sigNS, `<ds:Signature xmlns:ds="urn:evil">`), class: ClassSignature, req: "TKT-SIG-1"},
		attack{name: "[TKT-FMT-2] L4 the xml prefix rebound", ticket: ed(orig, pSubject, `<saml:Subject xmlns:xml="urn:evil">`), class: ClassMalformed, req: "TKT-FMT-2"},
	)
	return out
}

// flipIn changes one base64 character of the first value after marker.
func flipIn(tb testing.TB, s, marker string) []byte {
	i := strings.Index(s, marker)
	if i < 0 {
		tb.Fatalf("flipIn: %q not found", marker)
	}
	j := i + len(marker) + 5
	c := byte('A')
	if s[j] == 'A' {
		c = 'B'
	}
	return []byte(s[:j] + string(c) + s[j+1:])
}

// truncSigValue drops the last three characters of the SignatureValue.
func truncSigValue(tb testing.TB, s string) string {
	i := strings.Index(s, "</ds:SignatureValue>")
	if i < 8 {
		tb.Fatal("no SignatureValue")
	}
	return s[:i-3] + s[i:]
}

func utf16LE(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// outcome runs a case under a fresh verifier and describes the result: "ok <subject>",
// "<class> [<req>]", or "prior refused: …".
func (a *attack) outcome(f *fixture) string {
	p := f.policy()
	at := a.at
	if at.IsZero() {
		at = t0
	}
	p.Clock = func() time.Time { return at }
	if a.policy != nil {
		a.policy(&p)
	}
	v, err := NewVerifier(p)
	if err != nil {
		return describe(nil, err)
	}
	for _, t := range a.prior {
		if _, err := v.Verify(t); err != nil {
			return "prior refused: " + describe(nil, err)
		}
	}
	return describe(v.Verify(a.ticket))
}

func describe(c *Claims, err error) string {
	if err != nil {
		if e, ok := err.(*Error); ok {
			return e.Class.String() + " [" + e.Req + "]"
		}
		return "untyped error: " + err.Error()
	}
	return "ok " + c.Subject()
}

func (a *attack) want() string {
	if a.req == "" {
		return "ok " + a.subject
	}
	return a.class.String() + " [" + a.req + "]"
}

func TestAttacks(t *testing.T) {
	e := newAttackEnv(t)
	groups := map[string]int{}
	for _, a := range attacks(t, e) {
		groups[a.group]++
		t.Run(a.group+" "+a.name, func(t *testing.T) {
			if got := a.outcome(e.f); got != a.want() {
				t.Errorf("got %s, want %s\n%s", got, a.want(), a.ticket)
			}
		})
	}
	t.Logf("cases by group: %v", groups)
}

// checkNames names the checks of the seam (seam.go) by the rule each applies.
var checkNames = map[check]string{
	ckSize: "TKT-LIM-1 size", ckDepth: "TKT-LIM-2 depth", ckMarkup: "TKT-FMT-1 DOCTYPE, comments, PIs",
	ckStructure: "TKT-FMT-3 closed structure", ckClaimChars: "TKT-CLAIM-3 claim characters",
	ckSigPlace: "TKT-SIG-1 Signature after Issuer", ckSigShape: "TKT-SIG-2 Signature children",
	ckC14N: "TKT-SIG-3 CanonicalizationMethod", ckSigMethod: "TKT-SIG-4 SignatureMethod",
	ckReference: "TKT-SIG-5 one Reference to the ID", ckTransforms: "TKT-SIG-6 transforms",
	ckDigest: "TKT-SIG-7 DigestMethod", ckKeyBits: "TKT-SIG-10 key size", ckPinned: "TKT-SIG-11 pinned certificate",
	ckSignature: "TKT-SIG-12 signature and digest", ckIssuer: "TKT-VER-3 issuer", ckTimeOrder: "TKT-TIME-1 instants in order",
	ckLifetime: "TKT-TIME-2 maximum lifetime", ckNotYetValid: "TKT-TIME-3 not yet valid", ckExpired: "TKT-TIME-4 expired",
	ckCertTime: "TKT-TIME-5 certificate validity", ckAudience: "TKT-VER-4 audience", ckReplay: "TKT-REPLAY-1 replay",
}

// TestAttackSuiteBites disables each check of the verifier in turn (the seam of seam.go)
// and requires the attack suite to notice: at least one case must get another outcome than
// the full verifier gives. It lists the cases that caught each check, marking with "!" those
// that the crippled verifier then accepted.
func TestAttackSuiteBites(t *testing.T) {
	if disabled != 0 {
		t.Fatal("the seam is set outside this test")
	}
	e := newAttackEnv(t)
	cases := attacks(t, e)
	for _, a := range cases {
		if got := a.outcome(e.f); got != a.want() {
			t.Fatalf("%s: got %s, want %s under the full verifier", a.name, got, a.want())
		}
	}
	if len(checkNames) != int(numChecks) {
		t.Fatalf("checkNames has %d names for %d checks", len(checkNames), numChecks)
	}
	for c := check(0); c < numChecks; c++ {
		t.Run(checkNames[c], func(t *testing.T) {
			disabled = 1 << c
			defer func() { disabled = 0 }()
			var caught []string
			bypass := 0
			for _, a := range cases {
				got := a.outcome(e.f)
				if got == a.want() {
					continue
				}
				mark := ""
				if strings.HasPrefix(got, "ok ") {
					mark, bypass = "! ", bypass+1
				}
				caught = append(caught, mark+a.group+" "+a.name+" → "+got)
			}
			sort.Strings(caught)
			if len(caught) == 0 {
				t.Fatalf("no attack case notices the check %s disabled", checkNames[c])
			}
			t.Logf("caught by %d case(s), %d accepted by the crippled verifier:\n\t%s", len(caught), bypass, strings.Join(caught, "\n\t"))
		})
	}
}
