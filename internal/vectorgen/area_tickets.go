package main

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/saml"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// tickets/verify.json (schema tickets-verify.v1.schema.json): tickets as a verifier meets
// them (spec/tickets.md §6). Each test gives a ticket (the XML text, or its octets in hex
// when they are not UTF-8), the verification policy (pinned published keys, issuer,
// audience, the fixed now, skew, maximum lifetime), and optionally tickets presented first
// to the same verifier (replay). A valid test gives the claims the verifier returns; an
// invalid one the error class and the requirement of the first rule that fails.
//
// The valid tickets are issued by package saml with the published keys, a fixed clock and
// ticket IDs from the deterministic stream of the test's label; the invalid ones are made
// from them by the attack catalogue of the attack suite (saml/attack_test.go), signed again
// by tkForge when a shape needs a valid signature over it. Every case declares its intent
// (the class and requirement, or the subject it must verify with); generation runs the
// reference verifier and fails when it disagrees.

func init() {
	register(Generator{Dir: "tickets", Generate: func() ([]GeneratedFile, error) {
		f, err := ticketsVerifyFile()
		if err != nil {
			return nil, err
		}
		return []GeneratedFile{f}, nil
	}})
}

const (
	tkArea     = "tickets/verify"
	tkSchema   = "tickets-verify.v1.schema.json"
	tkCloud    = "https://cloud.livemesh.example/"
	tkIdP      = "https://login.livemesh.example/"
	tkAudience = "https://cloud.livemesh.example/V0.1/"
	tkAccounts = "https://accounts.livemesh.example/"
)

// tkT0 is the instant every ticket is issued at; tkNow the verifier's clock by default.
var (
	tkT0  = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	tkNow = tkT0.Add(time.Minute)
)

// tkTest is one test of tickets/verify.json; members after the common ones in schema order.
type tkTest struct {
	vectors.Test
	Policy    tkPolicy        `json:"policy"`
	Prior     []string        `json:"prior,omitempty"`
	Ticket    *string         `json:"ticket,omitempty"`
	TicketHex *string         `json:"ticketHex,omitempty"`
	Expected  json.RawMessage `json:"expected,omitempty"`
}

// tkPolicy is the verifier's policy: pinned names published keys (spec/vectors/keys).
type tkPolicy struct {
	Pinned      []string `json:"pinned"`
	Issuer      string   `json:"issuer"`
	Audience    string   `json:"audience"`
	Now         string   `json:"now"`
	Skew        int      `json:"skew"`
	MaxLifetime int      `json:"maxLifetime"`
}

// tkCase declares one test and its intent.
type tkCase struct {
	id, comment string
	flags       []string
	req         []string
	ticket      []byte
	prior       [][]byte
	policy      func(*tkPolicy)
	// Intent: errReq != "" means refused with class and errReq; otherwise accepted, and
	// want (when set) are the claims it must verify to.
	class  saml.Class
	errReq string
	want   *saml.Claims
}

var tkNotes = map[string]vectors.Note{
	"Valid": {BugType: "BASIC",
		Description: "A ticket of the profile, as an issuer of the reference writes it: it verifies under its policy and yields exactly the expected claims."},
	"Reserialized": {BugType: "MALLEABILITY",
		Description: "The ticket's octets differ from the issuer's (CDATA, character references, white space around the document element) but its signed content does not: it verifies, and the values read are the whole signed values."},
	"SignatureStripped": {BugType: "MISSING_STEP",
		Description: "The ticket has no signature, or its Signature is elsewhere than right after Issuer (TKT-SIG-1). A verifier that accepts unsigned assertions, or looks for the Signature anywhere, accepts a forgery."},
	"ReferenceCoverage": {BugType: "AUTH_BYPASS",
		Description: "The Reference does not cover exactly the Assertion: another element, the whole document (URI=\"\"), or two References (TKT-SIG-5). Libraries accept these; a verifier must check the Reference itself.",
		Links:       []string{"https://pkg.go.dev/vuln/GO-2026-4753"}},
	"SignatureShape": {BugType: "AUTH_BYPASS",
		Description: "A Signature with doubled SignedInfo, SignatureValue or KeyInfo, or a ds:Object (TKT-SIG-2): the shape of CVE-2020-15216, where the element verified is not the element read.",
		Links:       []string{"https://pkg.go.dev/vuln/GO-2020-0050"}},
	"SignatureWrapping": {BugType: "AUTH_BYPASS",
		Description: "XML signature wrapping (XSW1-XSW8 of 'On Breaking SAML', adapted to a bare Assertion): the signed Assertion moved beside, inside or around an evil one, or into Advice, Extensions, an unknown wrapper or a ds:Object. A verifier that checks one element and reads another accepts the evil subject.",
		Links:       []string{"https://www.usenix.org/conference/usenixsecurity12/technical-sessions/presentation/somorovsky"}},
	"MultipleAssertions": {BugType: "AUTH_BYPASS",
		Description: "A second, unsigned Assertion beside or inside the signed one (CVE-2022-41912): a ticket is exactly one Assertion.",
		Links:       []string{"https://pkg.go.dev/vuln/GO-2022-1129"}},
	"CommentInjection": {BugType: "AUTH_BYPASS",
		Description: "A comment or processing instruction inside a signed value (the CVE-2017-11427 family): exclusive c14n drops comments, so the signature still verifies, and a reader of the first text node reads a shorter value. Tickets refuse comments (TKT-FMT-1).",
		Links:       []string{"https://duo.com/blog/duo-finds-saml-vulnerabilities-affecting-multiple-implementations"}},
	"ModifiedContent": {BugType: "INTEGRITY",
		Description: "Signed content or the signature value changed after signing (TKT-SIG-12)."},
	"WeakAlgorithm": {BugType: "WEAK_PARAMS",
		Description: "RSA-SHA1, a SHA-1 digest, HMAC, an unknown or empty method (TKT-SIG-4, TKT-SIG-7). goxmldsig and Go accept RSA-SHA1 and SHA-1 unless the caller refuses them."},
	"Canonicalization": {BugType: "CANONICALIZATION",
		Description: "A canonicalization other than exclusive c14n without comments, or transforms other than exactly enveloped-signature then exclusive c14n (TKT-SIG-3, TKT-SIG-6)."},
	"UntrustedKey": {BugType: "AUTH_BYPASS",
		Description: "The ticket is signed with a key the policy does not pin, whatever certificate KeyInfo carries (TKT-SIG-9, TKT-SIG-11, TKT-SIG-12). A verifier that trusts KeyInfo accepts anybody's tickets."},
	"ShortKey": {BugType: "WEAK_PARAMS",
		Description: "The policy pins a 1024-bit key: the verifier refuses the policy (class config, TKT-SIG-10) before any ticket."},
	"WrongIssuer": {BugType: "MISSING_STEP",
		Description: "Signed with the pinned key but naming another issuer, or the policy's issuer does not sign it (TKT-VER-3)."},
	"WrongAudience": {BugType: "MISSING_STEP",
		Description: "The verifier's audience is not among the ticket's (TKT-VER-4)."},
	"TimeWindow": {BugType: "EDGE_CASE",
		Description: "The window's bounds with skew, instants out of order, a lifetime above the maximum, a signing certificate outside its validity (TKT-TIME-1 to TKT-TIME-5)."},
	"Replay": {BugType: "AUTH_BYPASS",
		Description: "A one-time ticket presented again to the same verifier, also re-serialized (other octets, same issuer and ID): the replay store is keyed by issuer and ID (TKT-REPLAY-1, TKT-REPLAY-2). prior lists what was presented first."},
	"DuplicateID": {BugType: "AUTH_BYPASS",
		Description: "The Assertion's ID on another element (TKT-FMT-4): a Reference that resolves by ID can be made to resolve to it."},
	"ParserAttack": {BugType: "RESOURCE_LIMIT",
		Description: "DTD, internal or external entities, deep nesting, oversize, or octets that are not UTF-8 (TKT-FMT-1, TKT-LIM-1, TKT-LIM-2): refused before any signature work."},
}

// tkIssue issues a ticket with a published key at tkT0 (or at), the ticket ID read from
// the stream of the case's label.
func tkIssue(label, key, name string, c saml.Claims, at time.Time) ([]byte, *saml.Claims) {
	k := vectors.MustKey(key)
	if at.IsZero() {
		at = tkT0
	}
	is, err := saml.NewIssuer(saml.IssuerConfig{Name: name, Key: k.Private, Cert: k.CertDER,
		Clock: func() time.Time { return at }, Rand: newDetRand("tickets/verify/" + label)})
	if err != nil {
		panic(err)
	}
	t, got, err := is.Issue(c)
	if err != nil {
		panic(err)
	}
	return t, got
}

var tkSigRE = regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`)

func tkUnsigned(t []byte) string { return tkSigRE.ReplaceAllString(string(t), "") }

// tkEdit applies old → new replacements; each old must occur.
func tkEdit(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			panicf("edit: %q not in %s", pairs[i], s)
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

func tkBeforeEnd(xml, s string) string {
	return strings.TrimSuffix(xml, "</saml:Assertion>") + s + "</saml:Assertion>"
}

func tkUser(s string) ident.UserName {
	u, err := ident.ParseUserName(s)
	if err != nil {
		panic(err)
	}
	return u
}

func tkDevice(key string) ident.DeviceID {
	d, err := ident.DeviceIDFromPublicKey(vectors.MustKey(key).Public())
	if err != nil {
		panic(err)
	}
	return d
}

const (
	tkNameID  = `>alice@example.com<`
	tkSubject = `<saml:Subject>`
	tkIssuerE = `<saml:Issuer>https://cloud.livemesh.example/</saml:Issuer>`
	tkCondEnd = `</saml:Conditions>`
	tkKindVal = `<saml:AttributeValue>user</saml:AttributeValue>`
	tkSigEnd  = `</ds:Signature>`
	tkSigVal  = `<ds:SignatureValue>`
	tkEvil    = `>mallory@example.com<`
)

func tkCases() []tkCase {
	alice := tkUser("alice@example.com")
	devA, devB := tkDevice(vectors.KeyDeviceA), tkDevice(vectors.KeyDeviceB)
	obj, _ := ident.ParseResourceID("UICFO4FJCPQU5CLZ3SLHA73UUY")
	var cs []tkCase
	valid := func(id, comment string, req []string, key, name string, c saml.Claims, pol func(*tkPolicy)) ([]byte, *saml.Claims) {
		t, got := tkIssue(id, key, name, c, time.Time{})
		cs = append(cs, tkCase{id: id, comment: comment, flags: []string{"Valid"}, req: req, ticket: t, policy: pol, want: got})
		return t, got
	}
	auth, _ := valid("auth-token", "an auth token of the identity provider to the account service", []string{"TKT-KIND-2", "TKT-SIG-12"},
		vectors.KeyIdP, tkIdP, saml.Claims{Kind: saml.KindAuth, User: alice, Audiences: []string{tkAccounts}},
		func(p *tkPolicy) { p.Pinned, p.Issuer, p.Audience = []string{vectors.KeyIdP}, tkIdP, tkAccounts })
	user, userC := valid("user-ticket", "a user ticket", []string{"TKT-KIND-3", "TKT-SIG-12"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindUser, User: alice, Audiences: []string{tkAudience}}, nil)
	valid("user-ticket-unicode", "a user ticket of a user name outside ASCII", []string{"TKT-KIND-3", "TKT-KIND-8"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindUser, User: tkUser("用户@例子.中国"), Audiences: []string{tkAudience}}, nil)
	valid("device-ticket", "a device ticket", []string{"TKT-KIND-4"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindDevice, Device: devA, Audiences: []string{tkAudience}}, nil)
	valid("device-claim-ticket", "a device-claim ticket", []string{"TKT-KIND-5"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindDeviceClaim, Device: devA, User: alice, Audiences: []string{tkAudience}}, nil)
	valid("resource-ticket", "a resource ticket for two actions", []string{"TKT-KIND-6"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindResource, User: alice, Resource: "/V0.1/Mesh/MeshObjects/" + obj.String(), Actions: []saml.Action{saml.ActionRead, saml.ActionWrite}, Audiences: []string{tkAudience}}, nil)
	valid("resource-ticket-one-time", "a one-time resource ticket", []string{"TKT-KIND-6", "TKT-REPLAY-1"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindResource, OneTime: true, User: alice, Resource: "/", Actions: []saml.Action{saml.ActionControl}, Audiences: []string{tkAudience}}, nil)
	valid("peer-ticket-same-user", "a peer ticket from device A to device B of one user, presented to B", []string{"TKT-KIND-7"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindPeer, Device: devA, PeerDevice: devB, Basis: saml.BasisSameUser, User: alice, Audiences: []string{saml.DeviceAudience(devB)}},
		func(p *tkPolicy) { p.Audience = saml.DeviceAudience(devB) })
	valid("peer-ticket-shared-object", "a peer ticket on a shared MeshObject, presented to B", []string{"TKT-KIND-7"}, vectors.KeyCloudA, tkCloud,
		saml.Claims{Kind: saml.KindPeer, Device: devA, PeerDevice: devB, Basis: saml.BasisSharedObject, Object: obj, Audiences: []string{"urn:relay", saml.DeviceAudience(devB)}},
		func(p *tkPolicy) { p.Audience = saml.DeviceAudience(devB) })
	valid("user-ticket-rollover-key", "a user ticket signed by the rollover key, both cloud keys pinned", []string{"TKT-SIG-11"}, vectors.KeyCloudB, tkCloud,
		saml.Claims{Kind: saml.KindUser, User: alice, Audiences: []string{tkAudience}},
		func(p *tkPolicy) { p.Pinned = []string{vectors.KeyCloudA, vectors.KeyCloudB} })

	us := string(user)
	ux := tkUnsigned(user)
	sig := tkSigRE.FindString(us)
	id := userC.ID.String()
	evilID := "_" + hex.EncodeToString(detBytes("tickets/verify/evil-id", 16))
	evilX := tkEdit(ux, tkNameID, tkEvil, id, evilID)
	evilSigned := tkAfterIssuer(evilX, sig)
	fg := func(spec tkSigSpec) []byte { return tkForge(ux, spec) }
	fgx := func(xml string, spec tkSigSpec) []byte { return tkForge(xml, spec) }
	bad := func(id, comment, flag string, cl saml.Class, req string, t []byte, pol func(*tkPolicy), more ...string) {
		cs = append(cs, tkCase{id: id, comment: comment, flags: []string{flag}, req: append([]string{req}, more...), ticket: t, policy: pol, class: cl, errReq: req})
	}
	ok := func(id, comment, flag string, req string, t []byte, pol func(*tkPolicy)) {
		cs = append(cs, tkCase{id: id, comment: comment, flags: []string{flag}, req: []string{req}, ticket: t, policy: pol, want: userC})
	}
	times := func(issue, nb, noa string) string {
		return tkEdit(ux, `IssueInstant="2026-03-04T05:06:07Z"`, `IssueInstant="`+issue+`"`,
			`NotBefore="2026-03-04T05:06:07Z"`, `NotBefore="`+nb+`"`, `NotOnOrAfter="2026-03-04T06:06:07Z"`, `NotOnOrAfter="`+noa+`"`)
	}
	at := func(now string) func(*tkPolicy) { return func(p *tkPolicy) { p.Now = now } }
	sg, ml := saml.ClassSignature, saml.ClassMalformed

	// Re-serializations that still verify with the whole signed values.
	ok("user-ticket-cdata", "the NameID split by a CDATA section: the value read is the whole signed value", "Reserialized", "TKT-VER-2",
		[]byte(tkEdit(us, tkNameID, `>alice@<![CDATA[example]]>.com<`)), nil)
	ok("user-ticket-character-references", "character references in the NameID and the kind", "Reserialized", "TKT-VER-2",
		[]byte(tkEdit(us, tkNameID, `>alice&#x40;example.com<`, tkKindVal, `<saml:AttributeValue>&#117;ser</saml:AttributeValue>`)), nil)
	ok("user-ticket-white-space-around", "white space before and after the Assertion", "Reserialized", "TKT-FMT-1", []byte("\n  "+us+"\r\n"), nil)
	ok("user-ticket-size-limit", "padded with white space to exactly 8192 octets", "Reserialized", "TKT-LIM-1", []byte(us+strings.Repeat(" ", saml.MaxTicketSize-len(us))), nil)
	ok("user-ticket-not-before-minus-skew", "now is NotBefore minus the skew", "TimeWindow", "TKT-TIME-3", user, at("2026-03-04T05:03:07Z"))
	ok("user-ticket-last-second", "now is one second before NotOnOrAfter plus the skew", "TimeWindow", "TKT-TIME-4", user, at("2026-03-04T06:09:06Z"))

	// A. Signature presence, coverage, shape.
	bad("signature-removed", "the Signature removed", "SignatureStripped", sg, "TKT-SIG-1", []byte(ux), nil)
	bad("signature-twice", "the Signature repeated after itself", "SignatureStripped", sg, "TKT-SIG-1", []byte(tkEdit(us, sig, sig+sig)), nil)
	bad("signature-inside-subject", "the Signature moved into Subject", "SignatureStripped", sg, "TKT-SIG-1",
		fg(tkSigSpec{Place: func(u, s string) string { return strings.Replace(u, tkSubject, tkSubject+s, 1) }}), nil)
	bad("signature-after-statements", "the Signature after the statements (goxmldsig alone accepts it)", "SignatureStripped", sg, "TKT-SIG-1",
		fg(tkSigSpec{Place: func(u, s string) string { return tkBeforeEnd(u, s) }}), nil)
	bad("reference-other-element", "the Reference names another ID", "ReferenceCoverage", sg, "TKT-SIG-5", fg(tkSigSpec{Refs: []string{"#" + evilID}}), nil)
	bad("reference-whole-document", `the Reference is URI="" (goxmldsig alone accepts it)`, "ReferenceCoverage", sg, "TKT-SIG-5", fg(tkSigSpec{Refs: []string{""}}), nil)
	bad("reference-two", "two References to the Assertion", "ReferenceCoverage", sg, "TKT-SIG-5", fg(tkSigSpec{Refs: []string{"#" + id, "#" + id}}), nil)
	bad("signedinfo-twice", "two SignedInfo", "SignatureShape", sg, "TKT-SIG-2", fg(tkSigSpec{Double: "SignedInfo"}), nil)
	bad("signaturevalue-twice", "two SignatureValue", "SignatureShape", sg, "TKT-SIG-2", fg(tkSigSpec{Double: "SignatureValue"}), nil)
	bad("keyinfo-twice", "two KeyInfo", "SignatureShape", sg, "TKT-SIG-2", fg(tkSigSpec{Double: "KeyInfo"}), nil)
	bad("signature-object", "an empty ds:Object in the Signature", "SignatureShape", sg, "TKT-SIG-2", fg(tkSigSpec{Extra: `<ds:Object/>`}), nil)
	bad("signature-value-changed", "one character of the SignatureValue changed", "ModifiedContent", sg, "TKT-SIG-12",
		[]byte(tkEdit(us, tkSigVal+us[strings.Index(us, tkSigVal)+len(tkSigVal):strings.Index(us, tkSigVal)+len(tkSigVal)+4], tkSigVal+"AAAA")), nil)
	bad("nameid-changed", "the NameID changed after signing", "ModifiedContent", sg, "TKT-SIG-12", []byte(tkEdit(us, tkNameID, tkEvil)), nil)
	bad("duplicate-id", "the Assertion's ID also on Subject, signed", "DuplicateID", ml, "TKT-FMT-4",
		fgx(tkEdit(ux, tkSubject, `<saml:Subject ID="`+id+`">`), tkSigSpec{}), nil)

	// B. Signature wrapping.
	bad("xsw1", "evil Assertion whose Signature holds the signed original", "SignatureWrapping", sg, "TKT-SIG-2",
		[]byte(strings.Replace(evilSigned, tkSigEnd, us+tkSigEnd, 1)), nil)
	bad("xsw2", "the signed original before the evil Assertion's Signature", "SignatureWrapping", sg, "TKT-SIG-1", []byte(tkAfterIssuer(evilX, us+sig)), nil)
	bad("xsw3", "evil unsigned Assertion before the signed one, both document elements", "SignatureWrapping", ml, "TKT-FMT-1", []byte(evilX+us), nil)
	bad("xsw4", "evil Assertion with the original Signature wrapping the signed one", "SignatureWrapping", ml, "TKT-FMT-3", []byte(tkBeforeEnd(evilSigned, us)), nil)
	bad("xsw5", "modified Assertion keeps the Signature, untouched copy appended", "SignatureWrapping", ml, "TKT-FMT-3",
		[]byte(tkBeforeEnd(tkEdit(us, tkNameID, tkEvil), us)), nil)
	bad("xsw6", "modified Assertion, untouched copy inside its Signature", "SignatureWrapping", sg, "TKT-SIG-2",
		[]byte(tkEdit(tkEdit(us, tkNameID, tkEvil), tkSigEnd, us+tkSigEnd)), nil)
	bad("xsw7", "modified copy with the same ID in Extensions before the signed Assertion", "SignatureWrapping", ml, "TKT-FMT-3",
		[]byte(`<samlp:Extensions xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">`+tkEdit(ux, tkNameID, tkEvil)+`</samlp:Extensions>`), nil)
	bad("xsw8", "modified in place, untouched copy with the same ID in a ds:Object", "SignatureWrapping", sg, "TKT-SIG-2",
		[]byte(tkEdit(tkEdit(us, tkNameID, tkEvil), tkSigEnd, `<ds:Object>`+ux+`</ds:Object>`+tkSigEnd)), nil)
	bad("xsw-advice", "the signed Assertion in the Advice of an evil one", "SignatureWrapping", ml, "TKT-FMT-3",
		[]byte(tkEdit(evilSigned, tkCondEnd, tkCondEnd+`<saml:Advice>`+us+`</saml:Advice>`)), nil)
	bad("xsw-wrapper", "the signed Assertion in an unknown wrapper inside an evil one", "SignatureWrapping", ml, "TKT-FMT-3",
		[]byte(tkEdit(evilSigned, tkSigEnd, tkSigEnd+`<x:Wrapper xmlns:x="urn:evil">`+us+`</x:Wrapper>`)), nil)
	bad("xsw-evil-own-id", "the original Signature on an evil Assertion with its own ID", "SignatureWrapping", sg, "TKT-SIG-5", []byte(evilSigned), nil)

	// C. Several assertions.
	bad("second-assertion-inside", "a second unsigned Assertion with the same ID after the statements", "MultipleAssertions", ml, "TKT-FMT-3",
		[]byte(tkBeforeEnd(us, tkEdit(ux, tkNameID, tkEvil))), nil)
	bad("second-assertion-after", "a second unsigned Assertion after the signed one", "MultipleAssertions", ml, "TKT-FMT-1",
		[]byte(us+tkEdit(ux, tkNameID, tkEvil)), nil)

	// D. Comments.
	long, _ := tkIssue("comment-split", vectors.KeyCloudA, tkCloud, saml.Claims{Kind: saml.KindUser, User: tkUser("alice@example.com.evil.com"), Audiences: []string{tkAudience}}, time.Time{})
	bad("comment-splits-nameid", "a comment splits the signed NameID alice@example.com.evil.com after alice@example.com", "CommentInjection", ml, "TKT-FMT-1",
		[]byte(tkEdit(string(long), ">alice@example.com.evil.com<", ">alice@example.com<!---->.evil.com<")), nil)
	bad("comment-in-attribute-value", "a comment inside the kind", "CommentInjection", ml, "TKT-FMT-1",
		[]byte(tkEdit(us, tkKindVal, `<saml:AttributeValue>us<!---->er</saml:AttributeValue>`)), nil)
	bad("comment-and-text-appended", "a comment and text appended to the NameID", "CommentInjection", ml, "TKT-FMT-1",
		[]byte(tkEdit(us, tkNameID, `>alice@example.com<!---->.evil.com<`)), nil)

	// E. Algorithms.
	bad("rsa-sha1", "signed with RSA-SHA1 over a SHA-1 digest", "WeakAlgorithm", sg, "TKT-SIG-4", fg(tkSigSpec{Method: tkAlgRSASHA1, Digest: tkAlgDigestSHA1}), nil)
	bad("rsa-sha1-sha256-digest", "signed with RSA-SHA1 over a SHA-256 digest", "WeakAlgorithm", sg, "TKT-SIG-4", fg(tkSigSpec{Method: tkAlgRSASHA1}), nil)
	bad("sha1-digest", "RSA-SHA256 over a SHA-1 digest", "WeakAlgorithm", sg, "TKT-SIG-7", fg(tkSigSpec{Digest: tkAlgDigestSHA1}), nil)
	bad("signature-method-unknown", "an unknown SignatureMethod", "WeakAlgorithm", sg, "TKT-SIG-4", fg(tkSigSpec{Method: "urn:none"}), nil)
	bad("signature-method-empty", "an empty SignatureMethod Algorithm", "WeakAlgorithm", sg, "TKT-SIG-4", fg(tkSigSpec{Method: "-"}), nil)
	bad("signature-method-hmac", "HMAC-SHA256 keyed with the pinned certificate", "WeakAlgorithm", sg, "TKT-SIG-4", fg(tkSigSpec{Method: tkAlgHMACSHA256, HMAC: true}), nil)
	bad("c14n-inclusive", "inclusive c14n 1.0 for SignedInfo and as the transform", "Canonicalization", sg, "TKT-SIG-3",
		fg(tkSigSpec{C14N: tkAlgC14N10, Transforms: []string{saml.AlgEnveloped, tkAlgC14N10}}), nil)
	bad("c14n-with-comments", "exclusive c14n with comments for SignedInfo", "Canonicalization", sg, "TKT-SIG-3", fg(tkSigSpec{C14N: tkAlgExcC14NCmt}), nil)
	bad("transform-extra", "a third transform", "Canonicalization", sg, "TKT-SIG-6",
		fg(tkSigSpec{Transforms: []string{saml.AlgEnveloped, saml.AlgExcC14N, saml.AlgExcC14N}}), nil)
	bad("transform-enveloped-missing", "no enveloped-signature transform", "Canonicalization", sg, "TKT-SIG-6", fg(tkSigSpec{Transforms: []string{saml.AlgExcC14N}}), nil)
	bad("transform-inclusive-namespaces", "an InclusiveNamespaces PrefixList on the exclusive c14n transform", "Canonicalization", sg, "TKT-SIG-6",
		fg(tkSigSpec{Transforms: []string{saml.AlgEnveloped, tkTransformExcPNs}}), nil)

	// F. Keys.
	bad("attacker-key", "signed by the attacker's key, its certificate in KeyInfo", "UntrustedKey", sg, "TKT-SIG-11", fg(tkSigSpec{Key: vectors.KeyAttacker}), nil)
	bad("attacker-certificate-first", "the attacker's certificate first, the pinned one second", "UntrustedKey", sg, "TKT-SIG-9",
		fg(tkSigSpec{Key: vectors.KeyAttacker, Certs: []string{vectors.KeyAttacker, vectors.KeyCloudA}}), nil)
	bad("attacker-signature-pinned-certificate", "the pinned certificate in KeyInfo, the signature by the attacker", "UntrustedKey", sg, "TKT-SIG-12",
		fg(tkSigSpec{Key: vectors.KeyAttacker, Certs: []string{vectors.KeyCloudA}}), nil)
	bad("identity-provider-to-cloud", "an auth token of the identity provider presented to a verifier of the cloud", "UntrustedKey", sg, "TKT-SIG-11", auth,
		func(p *tkPolicy) { p.Audience = tkAccounts })
	bad("pinned-key-1024", "the policy pins weak-1024; the ticket is signed by it", "ShortKey", saml.ClassConfig, "TKT-SIG-10", fg(tkSigSpec{Key: vectors.KeyWeak1024}),
		func(p *tkPolicy) { p.Pinned = []string{vectors.KeyWeak1024} })

	// G, H. Issuer, audience, times.
	bad("wrong-issuer", "signed with the pinned key, naming another issuer", "WrongIssuer", saml.ClassIssuer, "TKT-VER-3",
		fgx(tkEdit(ux, tkIssuerE, `<saml:Issuer>https://evil.example/</saml:Issuer>`), tkSigSpec{}), nil)
	bad("wrong-audience", "the verifier's audience is another", "WrongAudience", saml.ClassAudience, "TKT-VER-4", user,
		func(p *tkPolicy) { p.Audience = "https://other.example/" })
	bad("expired", "now is NotOnOrAfter plus the skew", "TimeWindow", saml.ClassExpired, "TKT-TIME-4", user, at("2026-03-04T06:09:07Z"))
	bad("not-yet-valid", "now is one second before NotBefore minus the skew", "TimeWindow", saml.ClassNotYetValid, "TKT-TIME-3", user, at("2026-03-04T05:03:06Z"))
	bad("not-before-equals-not-on-or-after", "NotBefore = NotOnOrAfter, signed", "TimeWindow", ml, "TKT-TIME-1",
		fgx(times("2026-03-04T05:06:07Z", "2026-03-04T05:16:07Z", "2026-03-04T05:16:07Z"), tkSigSpec{}), nil)
	bad("lifetime-over-maximum", "a lifetime of one hour and one second", "TimeWindow", saml.ClassPolicy, "TKT-TIME-2",
		fgx(times("2026-03-04T05:06:07Z", "2026-03-04T05:06:07Z", "2026-03-04T06:06:08Z"), tkSigSpec{}), nil)
	bad("certificate-expired", "the window is open but the signing certificate expired at 2100-01-01T00:00:00Z", "TimeWindow", saml.ClassExpired, "TKT-TIME-5",
		fgx(times("2099-12-31T23:30:00Z", "2099-12-31T23:30:00Z", "2100-01-01T00:30:00Z"), tkSigSpec{}), at("2100-01-01T00:00:01Z"))

	// I. Replay.
	otp, _ := tkIssue("replay", vectors.KeyCloudA, tkCloud, saml.Claims{Kind: saml.KindAuth, User: alice, Audiences: []string{tkAudience}}, time.Time{})
	cs = append(cs,
		tkCase{id: "replay", comment: "a one-time ticket presented a second time", flags: []string{"Replay"}, req: []string{"TKT-REPLAY-1"},
			prior: [][]byte{otp}, ticket: otp, class: saml.ClassReplay, errReq: "TKT-REPLAY-1"},
		tkCase{id: "replay-reserialized", comment: "a one-time ticket presented again with <saml:OneTimeUse></saml:OneTimeUse> and a final line feed: other octets, same issuer and ID",
			flags: []string{"Replay"}, req: []string{"TKT-REPLAY-1", "TKT-REPLAY-2"}, prior: [][]byte{otp},
			ticket: []byte(tkEdit(string(otp), "<saml:OneTimeUse/>", "<saml:OneTimeUse></saml:OneTimeUse>") + "\n"), class: saml.ClassReplay, errReq: "TKT-REPLAY-1"},
	)

	// K. Parser level.
	bad("doctype", "a DOCTYPE before the Assertion", "ParserAttack", ml, "TKT-FMT-1", []byte(`<!DOCTYPE saml:Assertion>`+us), nil)
	bad("entities", "internal entities (billion laughs) used in the kind", "ParserAttack", ml, "TKT-FMT-1",
		[]byte(`<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`+tkEdit(us, tkKindVal, `<saml:AttributeValue>&b;</saml:AttributeValue>`)), nil)
	bad("external-entity", "an external entity (XXE) used in the kind", "ParserAttack", ml, "TKT-FMT-1",
		[]byte(`<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>`+tkEdit(us, tkKindVal, `<saml:AttributeValue>&x;</saml:AttributeValue>`)), nil)
	bad("nesting-too-deep", "elements nested 9 deep inside the kind's value", "ParserAttack", ml, "TKT-LIM-2",
		[]byte(tkEdit(us, tkKindVal, `<saml:AttributeValue>`+strings.Repeat("<x>", 5)+"user"+strings.Repeat("</x>", 5)+`</saml:AttributeValue>`)), nil)
	bad("oversize", "padded with white space to 8193 octets", "ParserAttack", ml, "TKT-LIM-1", []byte(us+strings.Repeat(" ", saml.MaxTicketSize+1-len(us))), nil)
	bad("latin-1-octet", "a Latin-1 octet in the NameID (not UTF-8)", "ParserAttack", ml, "TKT-FMT-1", []byte(tkEdit(us, tkNameID, ">alic\xe9@example.com<")), nil)
	bad("xml-declaration-latin-1", "an XML declaration naming ISO-8859-1", "ParserAttack", ml, "TKT-FMT-1", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`+us), nil)
	return cs
}

func tkDefaultPolicy() tkPolicy {
	return tkPolicy{Pinned: []string{vectors.KeyCloudA}, Issuer: tkCloud, Audience: tkAudience,
		Now: tkNow.Format(time.RFC3339), Skew: int(saml.DefaultSkew / time.Second), MaxLifetime: int(saml.DefaultMaxLifetime / time.Second)}
}

// tkVerifier makes the verifier of a test's policy.
func tkVerifier(p tkPolicy) (*saml.Verifier, error) {
	now, err := time.Parse(time.RFC3339, p.Now)
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for _, n := range p.Pinned {
		k, err := vectors.Key(n)
		if err != nil {
			return nil, err
		}
		certs = append(certs, k.Cert)
	}
	skew := time.Duration(p.Skew) * time.Second
	if skew == 0 {
		skew = -1 // no skew; saml reads 0 as its default
	}
	return saml.NewVerifier(saml.Policy{Certs: certs, Issuer: p.Issuer, Audience: p.Audience, Clock: func() time.Time { return now },
		Skew: skew, MaxLifetime: time.Duration(p.MaxLifetime) * time.Second})
}

// tkRun verifies the prior tickets and the ticket under the policy, as the reference does.
func tkRun(p tkPolicy, prior [][]byte, ticket []byte) (*saml.Claims, error) {
	v, err := tkVerifier(p)
	if err != nil {
		return nil, err
	}
	for i, t := range prior {
		if _, err := v.Verify(t); err != nil {
			return nil, fmt.Errorf("prior ticket %d refused: %w", i, err)
		}
	}
	return v.Verify(ticket)
}

func ticketsVerifyFile() (gf GeneratedFile, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: building the cases: %v", tkArea, r)
		}
	}()
	cases := tkCases()
	notes := map[string]vectors.Note{}
	seen := map[string]bool{}
	var tests []tkTest
	var errs []error
	for _, c := range cases {
		if seen[c.id] {
			errs = append(errs, fmt.Errorf("%s#%s: duplicate test ID", tkArea, c.id))
		}
		seen[c.id] = true
		t, err := buildTkTest(c)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s#%s: %w", tkArea, c.id, err))
			continue
		}
		for _, f := range t.Flags {
			n, ok := tkNotes[f]
			if !ok {
				return GeneratedFile{}, fmt.Errorf("%s#%s: flag %s has no note", tkArea, c.id, f)
			}
			notes[f] = n
		}
		tests = append(tests, t)
	}
	if len(errs) > 0 {
		return GeneratedFile{}, errors.Join(errs...)
	}
	return encodeFile(newFile(tkArea, tkSchema, notes, tests))
}

func buildTkTest(c tkCase) (tkTest, error) {
	p := tkDefaultPolicy()
	if c.policy != nil {
		c.policy(&p)
	}
	got, err := tkRun(p, c.prior, c.ticket)
	var req []string
	for _, id := range append([]string{c.errReq}, c.req...) {
		if id != "" && !slices.Contains(req, id) {
			req = append(req, id)
		}
	}
	t := tkTest{Test: vectors.Test{ID: c.id, Comment: c.comment, Flags: c.flags, Req: req, Result: vectors.Valid}, Policy: p}
	for _, pr := range c.prior {
		t.Prior = append(t.Prior, string(pr))
	}
	if s := string(c.ticket); isUTF8Text(c.ticket) {
		t.Ticket = &s
	} else {
		h := hex.EncodeToString(c.ticket)
		t.TicketHex = &h
	}
	if c.errReq != "" {
		var e *saml.Error
		if !errors.As(err, &e) {
			return t, fmt.Errorf("declared refused with %s [%s], the reference says %v", c.class, c.errReq, err)
		}
		if e.Class != c.class || e.Req != c.errReq {
			return t, fmt.Errorf("declared refused with %s [%s], the reference refuses with %s [%s]: %v", c.class, c.errReq, e.Class, e.Req, err)
		}
		t.Result, t.Error, t.ErrorReq = vectors.Invalid, e.Class.String(), e.Req
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("declared valid, the reference refuses: %v", err)
	}
	if c.want != nil {
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(c.want)
		if string(a) != string(b) {
			return t, fmt.Errorf("claims differ from the declared ones:\n got %s\nwant %s", a, b)
		}
	}
	t.Expected, err = json.Marshal(got)
	return t, err
}

// isUTF8Text reports whether b can be a JSON string exactly: valid UTF-8.
func isUTF8Text(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
