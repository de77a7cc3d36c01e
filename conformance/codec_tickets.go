package conformance

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"pgregory.net/rapid"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/saml"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The codec tier's ticket cases (spec/tickets.md) drive the implementation's tickets.verify
// operation. Tickets are issued at run time by the reference's saml.Issuer with the published
// test keys; tickets the profile forbids (another kind, a foreign statement, a namespace
// trick, a weak algorithm, …) are written by editing an issued ticket and signing it again
// with goxmldsig, so that each fails on the rule it targets and not on a broken signature.

// The names and instants of the ticket cases (those of the ticket vectors).
const (
	ctkCloud    = "https://cloud.livemesh.example/"
	ctkAudience = "https://cloud.livemesh.example/V0.1/"
)

// ctkT0 is the instant the fixture's tickets are issued at; ctkNow the verifier's usual clock.
var (
	ctkT0  = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	ctkNow = ctkT0.Add(time.Minute)
)

// codecTicketUnshowable names the MUSTs of spec/tickets.md that no case can show through
// the shim's tickets.verify operation, and why.
var codecTicketUnshowable = map[string]string{
	"TKT-FMT-10":   "an issuer's serialization rule; the shim offers no issuing operation (a verifier must accept other prefixes, which codec/tickets/form/any-prefixes checks)",
	"TKT-TIME-8":   "an issuer's rule (IssueInstant from its clock, instants in order, no signing outside the certificate's validity); the shim offers no issuing operation",
	"TKT-CLAIM-2":  "an issuer's refusal of claims; the shim offers no issuing operation",
	"TKT-REPLAY-3": "how long the replay store keeps an entry shows only across verifications at different instants, and tickets.verify judges the prior tickets and the ticket at one instant",
	"TKT-REPLAY-5": "atomicity under concurrent presentations: the shim runs one verification at a time",
	"TKT-CACHE-2":  "a cache hit at a later instant needs two verifications at different instants; tickets.verify uses one clock for the prior tickets and the ticket",
	"TKT-HDR-1":    "the Authorization header: the shim has no HTTP header operation",
	"TKT-HDR-2":    "the ticket list encoding of the Authorization header: the shim has no HTTP header operation",
	"TKT-HDR-3":    "the number of Authorization fields of a request: the shim has no HTTP operation",
	"TKT-LIM-4":    "the header length and ticket-list limits: the shim has no HTTP header operation",
	"TKT-HDR-4":    "the Authentication-Info field of responses: the shim has no HTTP header operation",
}

// ctkOutcome is an answer of tickets.verify in comparable form: the claims as a JSON value,
// or a refusal's class and requirement.
type ctkOutcome struct {
	Accepted bool
	Claims   any // the claims' JSON value (nil when refused)
	Class    string
	Req      string
}

func (o ctkOutcome) String() string {
	if o.Accepted {
		b, _ := json.Marshal(o.Claims)
		return "accepted " + string(b)
	}
	return "refused " + o.Class + " [" + o.Req + "]"
}

// same reports whether two outcomes agree: both refused with the same class and
// requirement, or both accepted with equal claims.
func (o ctkOutcome) same(p ctkOutcome) bool {
	if o.Accepted != p.Accepted {
		return false
	}
	if !o.Accepted {
		return o.Class == p.Class && o.Req == p.Req
	}
	a, _ := json.Marshal(o.Claims)
	b, _ := json.Marshal(p.Claims)
	return bytes.Equal(a, b)
}

// ctkJSON turns any claims value into its JSON value (objects as maps), so that the
// reference's *saml.Claims and a shim's decoded object compare alike.
func ctkJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ctkAsk runs tickets.verify. The error is ErrUnimplemented (wrapped) or an answer the
// harness cannot use (neither claims nor a refusal, such as a prior ticket refused).
func ctkAsk(impl TicketsImpl, p TicketPolicy, prior [][]byte, ticket []byte) (ctkOutcome, error) {
	c, err := impl.VerifyTicket(p, prior, ticket)
	if err != nil {
		var r *Refusal
		if errors.As(err, &r) && r != nil {
			if r.Class == "" || r.Class == "unexpected" {
				return ctkOutcome{}, fmt.Errorf("no usable answer: %v", err)
			}
			return ctkOutcome{Class: r.Class, Req: r.Req}, nil
		}
		return ctkOutcome{}, err
	}
	v, err := ctkJSON(c)
	if err != nil {
		return ctkOutcome{}, fmt.Errorf("claims not JSON: %v", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return ctkOutcome{}, fmt.Errorf("claims are not a JSON object: %s", ctkShort(fmt.Sprint(v)))
	}
	return ctkOutcome{Accepted: true, Claims: v}, nil
}

func ctkShort(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// ctkPolicy is the cloud's usual policy at ctkNow: cloud-2048-a pinned, the default skew
// and maximum lifetime.
func ctkPolicy() TicketPolicy {
	return TicketPolicy{Pinned: []*x509.Certificate{ctkKey(vectors.KeyCloudA).Cert}, Issuer: ctkCloud, Audience: ctkAudience,
		Now: ctkNow, Skew: saml.DefaultSkew, MaxLifetime: saml.DefaultMaxLifetime}
}

// ctkKey returns a published test key; the keys are part of the module, so a failure is a
// broken build.
func ctkKey(name string) *vectors.TestKey { return vectors.MustKey(name) }

// ctkRand is a deterministic source of ticket IDs: the SHA-256 of a label.
func ctkRand(label string) *bytes.Reader {
	s := sha256.Sum256([]byte("conformance/tickets/" + label))
	return bytes.NewReader(s[:])
}

// ctkIssue issues a ticket with a published key at the instant at, its ID derived from label.
func ctkIssue(key, issuer string, at time.Time, label string, c saml.Claims) ([]byte, *saml.Claims, error) {
	k := ctkKey(key)
	is, err := saml.NewIssuer(saml.IssuerConfig{Name: issuer, Key: k.Private, Cert: k.CertDER,
		Clock: func() time.Time { return at }, Rand: ctkRand(label)})
	if err != nil {
		return nil, nil, err
	}
	return is.Issue(c)
}

// ctkSigRE finds the Signature of an issued ticket (prefix ds, as issuers write it).
var ctkSigRE = regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`)

// ctkUnsigned returns an issued ticket without its Signature.
func ctkUnsigned(t []byte) string { return ctkSigRE.ReplaceAllString(string(t), "") }

// ctkSigning says how ctkSign signs: the key (default cloud-2048-a), the SignatureMethod
// (default RSA-SHA256; the digest follows its hash, as goxmldsig does) and the prefix of
// the Signature's elements (default ds).
type ctkSigning struct {
	Key    string
	Method string
	Prefix string
}

// ctkWrite is how issuers serialize (saml's write settings).
var ctkWrite = etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true}

// ctkSign signs an unsigned Assertion (XML text) with an enveloped signature placed right
// after its first child (the Issuer), with exclusive canonicalization, as issuers do.
func ctkSign(unsigned string, s ctkSigning) ([]byte, error) {
	if s.Key == "" {
		s.Key = vectors.KeyCloudA
	}
	if s.Method == "" {
		s.Method = saml.AlgRSASHA256
	}
	doc := etree.NewDocument()
	doc.ReadSettings.PreserveDuplicateAttrs = true
	if err := doc.ReadFromString(unsigned); err != nil {
		return nil, fmt.Errorf("sign: %v", err)
	}
	root := doc.Root()
	if root == nil {
		return nil, errors.New("sign: no element")
	}
	k := ctkKey(s.Key)
	ctx, err := dsig.NewSigningContext(k.Private, [][]byte{k.CertDER})
	if err != nil {
		return nil, err
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(s.Method); err != nil {
		return nil, err
	}
	if s.Prefix != "" {
		ctx.Prefix = s.Prefix
	}
	// goxmldsig's exclusive canonicalizer rewrites the element it digests (it drops unused
	// namespace declarations, for one): sign a copy, whose canonical form is the same, and
	// put the Signature into the Assertion as written.
	sig, err := ctx.ConstructSignature(root.Copy(), true)
	if err != nil {
		return nil, fmt.Errorf("sign: %v", err)
	}
	at := 0
	for i, t := range root.Child {
		if _, ok := t.(*etree.Element); ok {
			at = i + 1
			break
		}
	}
	root.InsertChildAt(at, sig)
	var buf bytes.Buffer
	doc.WriteSettings = ctkWrite
	if _, err := doc.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ctkEdit applies old → new replacements to s, each old occurring at least once.
func ctkEdit(s string, pairs ...string) (string, error) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			return "", fmt.Errorf("edit: %q not found", pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s, nil
}

// ctkResign removes an issued ticket's Signature, edits the rest and signs it again.
func ctkResign(ticket []byte, s ctkSigning, pairs ...string) ([]byte, error) {
	u, err := ctkEdit(ctkUnsigned(ticket), pairs...)
	if err != nil {
		return nil, err
	}
	return ctkSign(u, s)
}

// ctkFixture holds the identities and tickets the cases share, made once per process.
type ctkFixture struct {
	alice, bob ident.UserName
	devA, devB ident.DeviceID
	obj        ident.ResourceID

	user       []byte       // a user ticket of alice, issued at ctkT0 (lifetime 1 h)
	userClaims *saml.Claims // as issued
	resource   []byte       // a resource ticket of alice on /V0.1/Mesh (Read, Write)
	device     []byte       // a device ticket of device A
	claim      []byte       // a device-claim ticket: device A claimed by alice
	otResource []byte       // a one-time resource ticket
	otDevice   []byte       // a one-time device ticket
	peer       []byte       // a same-user peer ticket from device A to device B
	auth       []byte       // an auth token (one-time) issued by the cloud's key
	later      []byte       // a user ticket issued at ctkT0, valid from ctkT0 + 10 min for 20 min
	badKind    []byte       // the user ticket re-signed with the kind "admin"
	otDevice2  []byte       // the one-time device ticket re-signed with a second audience: same ID
}

var (
	ctkOnce   sync.Once
	ctkFix    *ctkFixture
	ctkFixErr error
)

// ctkFixtureGet returns the shared fixture, or the error that prevented building it.
func ctkFixtureGet() (*ctkFixture, error) {
	ctkOnce.Do(func() { ctkFix, ctkFixErr = ctkBuild() })
	return ctkFix, ctkFixErr
}

func ctkBuild() (*ctkFixture, error) {
	f := &ctkFixture{}
	var err error
	if f.alice, err = ident.ParseUserName("alice@example.com"); err != nil {
		return nil, err
	}
	if f.bob, err = ident.ParseUserName("bob@example.com"); err != nil {
		return nil, err
	}
	if f.devA, err = ident.DeviceIDFromPublicKey(ctkKey(vectors.KeyDeviceA).Public()); err != nil {
		return nil, err
	}
	if f.devB, err = ident.DeviceIDFromPublicKey(ctkKey(vectors.KeyDeviceB).Public()); err != nil {
		return nil, err
	}
	if f.obj, err = ident.ParseResourceID("UICFO4FJCPQU5CLZ3SLHA73UUY"); err != nil {
		return nil, err
	}
	aud := []string{ctkAudience}
	issue := func(label string, c saml.Claims) ([]byte, *saml.Claims) {
		if err != nil {
			return nil, nil
		}
		var t []byte
		var got *saml.Claims
		t, got, err = ctkIssue(vectors.KeyCloudA, ctkCloud, ctkT0, label, c)
		return t, got
	}
	f.user, f.userClaims = issue("user", saml.Claims{Kind: saml.KindUser, User: f.alice, Audiences: aud})
	f.resource, _ = issue("resource", saml.Claims{Kind: saml.KindResource, User: f.alice, Resource: "/V0.1/Mesh",
		Actions: []saml.Action{saml.ActionRead, saml.ActionWrite}, Audiences: aud})
	f.device, _ = issue("device", saml.Claims{Kind: saml.KindDevice, Device: f.devA, Audiences: aud})
	f.claim, _ = issue("device-claim", saml.Claims{Kind: saml.KindDeviceClaim, Device: f.devA, User: f.alice, Audiences: aud})
	f.otResource, _ = issue("one-time-resource", saml.Claims{Kind: saml.KindResource, OneTime: true, User: f.alice, Resource: "/",
		Actions: []saml.Action{saml.ActionControl}, Audiences: aud})
	f.otDevice, _ = issue("one-time-device", saml.Claims{Kind: saml.KindDevice, OneTime: true, Device: f.devA, Audiences: aud})
	f.peer, _ = issue("peer", saml.Claims{Kind: saml.KindPeer, Device: f.devA, PeerDevice: f.devB, Basis: saml.BasisSameUser, User: f.alice,
		Audiences: []string{ctkAudience, saml.DeviceAudience(f.devB)}})
	f.auth, _ = issue("auth", saml.Claims{Kind: saml.KindAuth, User: f.alice, Audiences: aud})
	f.later, _ = issue("later", saml.Claims{Kind: saml.KindUser, User: f.bob, Audiences: aud,
		NotBefore: ctkT0.Add(10 * time.Minute), NotOnOrAfter: ctkT0.Add(30 * time.Minute)})
	if err != nil {
		return nil, err
	}
	if f.badKind, err = ctkResign(f.user, ctkSigning{}, ctkUserVal, `<saml:AttributeValue>admin</saml:AttributeValue>`); err != nil {
		return nil, err
	}
	if f.otDevice2, err = ctkResign(f.otDevice, ctkSigning{}, ctkAudEl, ctkAudEl+`<saml:Audience>urn:second</saml:Audience>`); err != nil {
		return nil, err
	}
	return f, nil
}

// Fragments of the fixture's tickets that the variants edit.
const (
	ctkKindAttr  = `<saml:Attribute Name="urn:livemesh:ticket:kind" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">`
	ctkUserVal   = `<saml:AttributeValue>user</saml:AttributeValue>`
	ctkAttrStmt  = `<saml:AttributeStatement>`
	ctkSubject   = `<saml:Subject>`
	ctkNameID    = `>alice@example.com<`
	ctkAudEl     = `<saml:Audience>https://cloud.livemesh.example/V0.1/</saml:Audience>`
	ctkIssuerEl  = `<saml:Issuer>https://cloud.livemesh.example/</saml:Issuer>`
	ctkPermit    = `Decision="Permit"`
	ctkResPath   = `Resource="/V0.1/Mesh"`
	ctkReadEl    = `<saml:Action Namespace="urn:oasis:names:tc:SAML:1.0:action:rwedc">Read</saml:Action>`
	ctkSigValEl  = `<ds:SignatureValue>`
	ctkNameFmt   = `NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"`
	ctkEmailFmt  = `Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"`
	ctkBearer    = `Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"`
	ctkSubjConf  = `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/>`
	ctkActionsNS = `Namespace="urn:oasis:names:tc:SAML:1.0:action:rwedc"`
)

// ctkAttr is an Attribute element of the profile's form.
func ctkAttr(name, value string) string {
	return `<saml:Attribute Name="` + name + `" ` + ctkNameFmt + `><saml:AttributeValue>` + value + `</saml:AttributeValue></saml:Attribute>`
}

// ctkVariant is one ticket of a fixed case and the answer it must get.
type ctkVariant struct {
	what   string                                       // what the ticket is, for messages
	ticket func(f *ctkFixture) ([]byte, error)          // the ticket
	policy func(f *ctkFixture, p *TicketPolicy)         // changes to ctkPolicy(), optional
	prior  func(f *ctkFixture) ([][]byte, error)        // the prior tickets, optional
	class  string                                       // the expected refusal's class; "" when accepted
	req    string                                       // the expected refusal's requirement
	claims func(f *ctkFixture, c map[string]any) string // checks accepted claims: a problem or ""
}

// ctkRefuse is a variant refused with class [req].
func ctkRefuse(what, class, req string, ticket func(*ctkFixture) ([]byte, error)) ctkVariant {
	return ctkVariant{what: what, ticket: ticket, class: class, req: req}
}

// ctkAccept is a variant that must be accepted; check looks at the claims.
func ctkAccept(what string, ticket func(*ctkFixture) ([]byte, error), check func(*ctkFixture, map[string]any) string) ctkVariant {
	return ctkVariant{what: what, ticket: ticket, claims: check}
}

// ctkResigned is a ticket made from a fixture ticket by edits, signed again.
func ctkResigned(base func(*ctkFixture) []byte, pairs ...string) func(*ctkFixture) ([]byte, error) {
	return func(f *ctkFixture) ([]byte, error) { return ctkResign(base(f), ctkSigning{}, pairs...) }
}

// ctkEdited is a ticket made from a fixture ticket by edits after signing.
func ctkEdited(base func(*ctkFixture) []byte, pairs ...string) func(*ctkFixture) ([]byte, error) {
	return func(f *ctkFixture) ([]byte, error) {
		s, err := ctkEdit(string(base(f)), pairs...)
		return []byte(s), err
	}
}

func ctkUser(f *ctkFixture) []byte       { return f.user }
func ctkResource(f *ctkFixture) []byte   { return f.resource }
func ctkDevice(f *ctkFixture) []byte     { return f.device }
func ctkClaim(f *ctkFixture) []byte      { return f.claim }
func ctkOTResource(f *ctkFixture) []byte { return f.otResource }
func ctkOTDevice(f *ctkFixture) []byte   { return f.otDevice }

// ctkClaimIs checks one member of accepted claims.
func ctkClaimIs(member string, want any) func(*ctkFixture, map[string]any) string {
	return func(_ *ctkFixture, c map[string]any) string {
		w, _ := ctkJSON(want)
		g, _ := json.Marshal(c[member])
		wj, _ := json.Marshal(w)
		if !bytes.Equal(g, wj) {
			return fmt.Sprintf("claim %s is %s, want %s", member, g, wj)
		}
		return ""
	}
}

// ctkSameClaims checks that accepted claims equal those the reference reads from the
// fixture's user ticket.
func ctkUserClaims(f *ctkFixture, c map[string]any) string {
	w, _ := ctkJSON(f.userClaims)
	g, _ := json.Marshal(c)
	wj, _ := json.Marshal(w)
	if !bytes.Equal(g, wj) {
		return fmt.Sprintf("claims %s, want %s", g, wj)
	}
	return ""
}

// ctkRun runs one variant against impl and returns a problem, or "".
func ctkRun(impl TicketsImpl, f *ctkFixture, v ctkVariant) (string, error) {
	ticket, err := v.ticket(f)
	if err != nil {
		return "", fmt.Errorf("harness cannot build the ticket: %v", err)
	}
	p := ctkPolicy()
	if v.policy != nil {
		v.policy(f, &p)
	}
	var prior [][]byte
	if v.prior != nil {
		if prior, err = v.prior(f); err != nil {
			return "", fmt.Errorf("harness cannot build the prior tickets: %v", err)
		}
	}
	got, err := ctkAsk(impl, p, prior, ticket)
	if err != nil {
		return "", err
	}
	want := "accepted"
	if v.class != "" {
		want = "refused " + v.class + " [" + v.req + "]"
	}
	switch {
	case v.class != "" && (got.Accepted || got.Class != v.class || got.Req != v.req):
		return fmt.Sprintf("%s: got %s; want %s", v.what, ctkShort(got.String()), want), nil
	case v.class == "" && !got.Accepted:
		return fmt.Sprintf("%s: got %s; want %s", v.what, got, want), nil
	case v.class == "" && v.claims != nil:
		if msg := v.claims(f, got.Claims.(map[string]any)); msg != "" {
			return v.what + ": accepted, but " + msg, nil
		}
	}
	return "", nil
}

// ctkSetup returns the implementation's ticket verifier and the fixture, or ends the case:
// unimplemented without a verifier, a harness failure without the fixture.
func ctkSetup(t *T) (TicketsImpl, *ctkFixture) {
	impl := areaOf[TicketsImpl](t)
	f, err := ctkFixtureGet()
	if err != nil {
		t.Fatalf("harness: cannot issue the fixture's tickets: %v", err)
	}
	return impl, f
}

// ctkFixed makes a fixed case of variants: each must get its answer.
func ctkFixed(id string, level Level, req, flags []string, desc string, vs ...ctkVariant) Case {
	return Case{ID: id, Level: level, Req: req, Flags: flags, Description: desc, Ops: []string{"tickets.verify"},
		Run: func(t *T) {
			impl, f := ctkSetup(t)
			for _, v := range vs {
				msg, err := ctkRun(impl, f, v)
				if isUnimplemented(err) {
					t.Unimplementedf("%v", err)
				}
				if err != nil {
					t.Fatalf("tickets.verify of %s: %v", v.what, err)
				}
				if msg != "" {
					t.Errorf("tickets.verify of %s", msg)
				}
			}
		}}
}

// codecTicketCases returns the codec tier's ticket cases.
func codecTicketCases() []Case {
	const ml, sg, pol = "malformed", "signature", "policy"
	nine := func(el string) string { return strings.Repeat(el, 9) }
	seconds := func(d time.Duration) func(*ctkFixture, *TicketPolicy) {
		return func(_ *ctkFixture, p *TicketPolicy) { p.Skew = d }
	}
	return append([]Case{
		ctkFixed("codec/tickets/kind/kind-attribute", Must, []string{"TKT-KIND-1"}, []string{"kind-confusion"},
			"A signed ticket without the kind attribute, or whose kind is not one of the six names exactly, is refused malformed [TKT-KIND-1].",
			ctkRefuse("a user ticket whose kind attribute is replaced by a user attribute", ml, "TKT-KIND-1",
				ctkResigned(ctkUser, ctkKindAttr+ctkUserVal+`</saml:Attribute>`, ctkAttr(saml.AttrUser, "alice@example.com"))),
			ctkRefuse(`a ticket of kind "admin"`, ml, "TKT-KIND-1", ctkResigned(ctkUser, ctkUserVal, `<saml:AttributeValue>admin</saml:AttributeValue>`)),
			ctkRefuse(`a ticket of kind "User"`, ml, "TKT-KIND-1", ctkResigned(ctkUser, ctkUserVal, `<saml:AttributeValue>User</saml:AttributeValue>`)),
			ctkRefuse(`a ticket of kind "user " (a trailing space)`, ml, "TKT-KIND-1", ctkResigned(ctkUser, ctkUserVal, `<saml:AttributeValue>user </saml:AttributeValue>`)),
		),
		ctkFixed("codec/tickets/kind/foreign-statement-or-attribute", Must, []string{"TKT-KIND-9"}, []string{"kind-confusion", "lax-parsing"},
			"A signed ticket with a statement or an attribute its kind does not have, or without one it must have, is refused malformed [TKT-KIND-9].",
			ctkRefuse("a user ticket with a user attribute", ml, "TKT-KIND-9",
				ctkResigned(ctkUser, `</saml:Attribute></saml:AttributeStatement>`, `</saml:Attribute>`+ctkAttr(saml.AttrUser, "bob@example.com")+`</saml:AttributeStatement>`)),
			ctkRefuse("a user ticket with an AuthnStatement", ml, "TKT-KIND-9",
				ctkResigned(ctkUser, ctkAttrStmt, `<saml:AuthnStatement AuthnInstant="2026-03-04T05:06:07Z"><saml:AuthnContext><saml:AuthnContextClassRef>`+saml.AuthnContextPassword+`</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`+ctkAttrStmt)),
			ctkRefuse("a device ticket with an AuthzDecisionStatement", ml, "TKT-KIND-9",
				ctkResigned(ctkDevice, ctkAttrStmt, `<saml:AuthzDecisionStatement Decision="Permit" Resource="/">`+ctkReadEl+`</saml:AuthzDecisionStatement>`+ctkAttrStmt)),
			ctkRefuse("a resource ticket without its AuthzDecisionStatement", ml, "TKT-KIND-9",
				ctkResigned(ctkResource, `<saml:AuthzDecisionStatement Decision="Permit" Resource="/V0.1/Mesh">`+ctkReadEl+
					`<saml:Action Namespace="urn:oasis:names:tc:SAML:1.0:action:rwedc">Write</saml:Action></saml:AuthzDecisionStatement>`, "")),
			ctkRefuse("a device-claim ticket without its user attribute", ml, "TKT-KIND-9",
				ctkResigned(ctkClaim, ctkAttr(saml.AttrUser, "alice@example.com"), "")),
			ctkRefuse("a device ticket with a peer-device attribute", ml, "TKT-KIND-9",
				func(f *ctkFixture) ([]byte, error) {
					return ctkResign(f.device, ctkSigning{}, `</saml:Attribute></saml:AttributeStatement>`,
						`</saml:Attribute>`+ctkAttr(saml.AttrPeerDevice, f.devB.String())+`</saml:AttributeStatement>`)
				}),
		),
		ctkFixed("codec/tickets/kind/decision-permit-only", Must, []string{"TKT-KIND-11"}, []string{"authz-decision"},
			"A signed resource ticket whose Decision is not exactly Permit is refused with class policy [TKT-KIND-11].",
			ctkRefuse(`a resource ticket with Decision="Deny"`, pol, "TKT-KIND-11", ctkResigned(ctkResource, ctkPermit, `Decision="Deny"`)),
			ctkRefuse(`a resource ticket with Decision="Indeterminate"`, pol, "TKT-KIND-11", ctkResigned(ctkResource, ctkPermit, `Decision="Indeterminate"`)),
			ctkRefuse(`a resource ticket with Decision="permit"`, pol, "TKT-KIND-11", ctkResigned(ctkResource, ctkPermit, `Decision="permit"`)),
		),
		ctkFixed("codec/tickets/form/namespace-declarations", Must, []string{"TKT-FMT-2"}, []string{"namespace-confusion"},
			"A signed ticket whose namespace declarations bind xml or xmlns, undeclare a prefix, make an XML namespace the default or repeat a prefix on one element is refused malformed [TKT-FMT-2].",
			ctkRefuse(`xmlns:xml bound to another namespace on Subject (added after signing: the structure is checked first)`, ml, "TKT-FMT-2", ctkEdited(ctkUser, ctkSubject, `<saml:Subject xmlns:xml="urn:other">`)),
			ctkRefuse(`xmlns:xmlns declared on Subject (added after signing)`, ml, "TKT-FMT-2", ctkEdited(ctkUser, ctkSubject, `<saml:Subject xmlns:xmlns="urn:other">`)),
			ctkRefuse(`a prefix undeclared (xmlns:p="") on Subject`, ml, "TKT-FMT-2", ctkResigned(ctkUser, ctkSubject, `<saml:Subject xmlns:p="">`)),
			ctkRefuse(`the XML namespace as the default namespace on Subject`, ml, "TKT-FMT-2", ctkResigned(ctkUser, ctkSubject, `<saml:Subject xmlns="http://www.w3.org/XML/1998/namespace">`)),
			ctkRefuse(`the prefix p declared twice on Subject`, ml, "TKT-FMT-2", ctkResigned(ctkUser, ctkSubject, `<saml:Subject xmlns:p="urn:p" xmlns:p="urn:p">`)),
		),
		ctkFixed("codec/tickets/form/any-prefixes", Must, []string{"TKT-FMT-2", "TKT-SIG-12"}, []string{"prefix-matching"},
			"Names are resolved by namespace, not by prefix: the user ticket written with other prefixes, or with SAML as the default namespace, and signed again, is accepted with the same claims [TKT-FMT-2].",
			ctkAccept("the user ticket with the prefix a for SAML", ctkResigned(ctkUser, "saml:", "a:", "xmlns:saml=", "xmlns:a="), ctkUserClaims),
			ctkAccept("the user ticket with SAML as the default namespace", ctkResigned(ctkUser, "saml:", "", "xmlns:saml=", "xmlns="), ctkUserClaims),
			ctkAccept("the user ticket with the prefix sig for XML-DSig", func(f *ctkFixture) ([]byte, error) {
				return ctkSign(ctkUnsigned(f.user), ctkSigning{Prefix: "sig"})
			}, ctkUserClaims),
			ctkAccept("the user ticket with an unused namespace declaration on Subject", ctkResigned(ctkUser, ctkSubject, `<saml:Subject xmlns:x="urn:unused">`), ctkUserClaims),
		),
		ctkFixed("codec/tickets/form/version-and-id", Must, []string{"TKT-FMT-5"}, []string{"lax-parsing"},
			"A signed ticket whose Version is not 2.0 or whose ID is not a ticket ID (_ and 32 lower-case hex digits) is refused malformed [TKT-FMT-5].",
			ctkRefuse(`Version="2.1"`, ml, "TKT-FMT-5", ctkResigned(ctkUser, `Version="2.0"`, `Version="2.1"`)),
			ctkRefuse(`Version="2"`, ml, "TKT-FMT-5", ctkResigned(ctkUser, `Version="2.0"`, `Version="2"`)),
			ctkRefuse(`an ID in upper-case hex`, ml, "TKT-FMT-5", ctkResigned(ctkUser, `_1a7bf6b1f44aea7dec6fa61451c3a4bd`, `_1A7BF6B1F44AEA7DEC6FA61451C3A4BD`)),
			ctkRefuse(`an ID without the underscore`, ml, "TKT-FMT-5", ctkResigned(ctkUser, `ID="_1a7bf6b1f44aea7dec6fa61451c3a4bd"`, `ID="a1a7bf6b1f44aea7dec6fa61451c3a4bd"`)),
			ctkRefuse(`an ID of 31 hex digits`, ml, "TKT-FMT-5", ctkResigned(ctkUser, `_1a7bf6b1f44aea7dec6fa61451c3a4bd`, `_1a7bf6b1f44aea7dec6fa61451c3a4b`)),
		),
		ctkFixed("codec/tickets/form/time-values", Must, []string{"TKT-FMT-6"}, []string{"time-syntax", "lax-parsing"},
			"A signed ticket with a time value in another spelling than YYYY-MM-DDThh:mm:ssZ (fractions, offsets, lower-case letters, dates that do not exist, hour 24, a leap second) is refused malformed [TKT-FMT-6].",
			ctkRefuse(`IssueInstant with a fraction of a second`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `IssueInstant="2026-03-04T05:06:07Z"`, `IssueInstant="2026-03-04T05:06:07.000Z"`)),
			ctkRefuse(`IssueInstant with the offset +00:00`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `IssueInstant="2026-03-04T05:06:07Z"`, `IssueInstant="2026-03-04T05:06:07+00:00"`)),
			ctkRefuse(`IssueInstant without a zone`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `IssueInstant="2026-03-04T05:06:07Z"`, `IssueInstant="2026-03-04T05:06:07"`)),
			ctkRefuse(`NotBefore with lower-case t and z`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `NotBefore="2026-03-04T05:06:07Z"`, `NotBefore="2026-03-04t05:06:07z"`)),
			ctkRefuse(`NotOnOrAfter on February 30`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `NotOnOrAfter="2026-03-04T06:06:07Z"`, `NotOnOrAfter="2026-02-30T06:06:07Z"`)),
			ctkRefuse(`NotOnOrAfter at hour 24`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `NotOnOrAfter="2026-03-04T06:06:07Z"`, `NotOnOrAfter="2026-03-04T24:00:00Z"`)),
			ctkRefuse(`NotOnOrAfter at a leap second`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `NotOnOrAfter="2026-03-04T06:06:07Z"`, `NotOnOrAfter="2026-03-04T05:59:60Z"`)),
			ctkRefuse(`NotOnOrAfter with a five-digit year`, ml, "TKT-FMT-6", ctkResigned(ctkUser, `NotOnOrAfter="2026-03-04T06:06:07Z"`, `NotOnOrAfter="+2026-03-04T06:06:07Z"`)),
		),
		ctkFixed("codec/tickets/form/element-content", Must, []string{"TKT-FMT-7"}, []string{"mixed-content", "lax-parsing"},
			"Text inside an element that holds elements, or an element inside one that holds text, is refused malformed; white space between elements is accepted [TKT-FMT-7].",
			ctkRefuse("text before NameID inside Subject", ml, "TKT-FMT-7", ctkResigned(ctkUser, ctkSubject, ctkSubject+"x")),
			ctkRefuse("text inside AudienceRestriction", ml, "TKT-FMT-7", ctkResigned(ctkUser, ctkAudEl, ctkAudEl+"evil")),
			ctkRefuse("an element inside Issuer", ml, "TKT-FMT-7", ctkResigned(ctkUser, ctkIssuerEl, `<saml:Issuer>https://cloud.livemesh.example/<saml:Issuer>x</saml:Issuer></saml:Issuer>`)),
			ctkAccept("white space (space, tab, line feed) between the elements", ctkResigned(ctkUser, "><saml:", ">\n\t <saml:", "></saml:", ">\n</saml:"), ctkUserClaims),
		),
		ctkFixed("codec/tickets/form/subject-confirmation", Must, []string{"TKT-FMT-8"}, []string{"lax-parsing"},
			"A signed ticket whose NameID Format is neither emailAddress nor device-id, or whose SubjectConfirmation Method is not bearer, is refused malformed [TKT-FMT-8].",
			ctkRefuse("NameID Format unspecified", ml, "TKT-FMT-8", ctkResigned(ctkUser, ctkEmailFmt, `Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"`)),
			ctkRefuse("SubjectConfirmation Method holder-of-key", ml, "TKT-FMT-8", ctkResigned(ctkUser, ctkBearer, `Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"`)),
			ctkRefuse("SubjectConfirmation Method sender-vouches", ml, "TKT-FMT-8", ctkResigned(ctkUser, ctkBearer, `Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"`)),
		),
		ctkFixed("codec/tickets/form/attribute-shape", Must, []string{"TKT-FMT-9"}, []string{"lax-parsing", "duplicate-attribute"},
			"An Attribute with another NameFormat, two AttributeValues or a repeated Name, or an Action with another Namespace, is refused malformed [TKT-FMT-9].",
			ctkRefuse("the kind attribute with NameFormat basic", ml, "TKT-FMT-9", ctkResigned(ctkUser, ctkNameFmt, `NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"`)),
			ctkRefuse("the kind attribute with two values", ml, "TKT-FMT-9", ctkResigned(ctkUser, ctkUserVal, ctkUserVal+`<saml:AttributeValue>device</saml:AttributeValue>`)),
			ctkRefuse("the kind attribute twice", ml, "TKT-FMT-9", ctkResigned(ctkUser, `</saml:AttributeStatement>`, ctkAttr(saml.AttrKind, "device")+`</saml:AttributeStatement>`)),
			ctkRefuse("an Action in the ghpp namespace", ml, "TKT-FMT-9", ctkResigned(ctkResource, ctkReadEl, `<saml:Action Namespace="urn:oasis:names:tc:SAML:1.0:action:ghpp">GET</saml:Action>`)),
		),
		ctkFixed("codec/tickets/sig/signature-value-white-space", Must, []string{"TKT-SIG-8"}, []string{"base64-lax"},
			"Line breaks inside SignatureValue are ignored, other white space and missing padding are refused with class signature [TKT-SIG-8].",
			ctkAccept("the user ticket with a line feed every 64 characters of SignatureValue", ctkBrokenSigValue("\n", 64), ctkUserClaims),
			ctkAccept("the user ticket with CR LF every 76 characters of SignatureValue", ctkBrokenSigValue("\r\n", 76), ctkUserClaims),
			ctkRefuse("the user ticket with a space every 64 characters of SignatureValue", sg, "TKT-SIG-8", ctkBrokenSigValue(" ", 64)),
			ctkRefuse("the user ticket with a tab inside SignatureValue", sg, "TKT-SIG-8", ctkBrokenSigValue("\t", 100)),
			ctkRefuse("the user ticket with SignatureValue's padding removed", sg, "TKT-SIG-8", ctkEdited(ctkUser, "==</ds:SignatureValue>", "</ds:SignatureValue>")),
		),
		ctkFixed("codec/tickets/time/skew-bound", Must, []string{"TKT-TIME-6", "TKT-TIME-3", "TKT-TIME-4"}, []string{"skew-unbounded"},
			"A policy with a skew above 5 minutes is refused (class config); with exactly 5 minutes the window widens by 5 minutes on both sides [TKT-TIME-6].",
			ctkVariant{what: "the user ticket under a skew of 301 s", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: seconds(301 * time.Second), class: "config", req: "TKT-TIME-6"},
			ctkVariant{what: "the user ticket under a skew of 300 s at NotBefore − 300 s", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: func(_ *ctkFixture, p *TicketPolicy) { p.Skew, p.Now = 300*time.Second, ctkT0.Add(-300*time.Second) }},
			ctkVariant{what: "the user ticket under a skew of 300 s at NotBefore − 301 s", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: func(_ *ctkFixture, p *TicketPolicy) { p.Skew, p.Now = 300*time.Second, ctkT0.Add(-301*time.Second) }, class: "not-yet-valid", req: "TKT-TIME-3"},
			ctkVariant{what: "the user ticket under a skew of 300 s at NotOnOrAfter + 299 s", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: func(_ *ctkFixture, p *TicketPolicy) {
					p.Skew, p.Now = 300*time.Second, ctkT0.Add(time.Hour+299*time.Second)
				}},
			ctkVariant{what: "the user ticket under a skew of 300 s at NotOnOrAfter + 300 s", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: func(_ *ctkFixture, p *TicketPolicy) {
					p.Skew, p.Now = 300*time.Second, ctkT0.Add(time.Hour+300*time.Second)
				}, class: "expired", req: "TKT-TIME-4"},
		),
		ctkFixed("codec/tickets/time/given-clock", Must, []string{"TKT-TIME-7"}, []string{"system-clock"},
			"The verifier judges time by the clock it is given, not the system's: tickets issued in 2001 and in 2099 verify at their own instants [TKT-TIME-7].",
			ctkVariant{what: "a user ticket issued at 2001-02-03T04:05:06Z, verified one minute later", ticket: ctkIssuedAt(time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)),
				policy: func(_ *ctkFixture, p *TicketPolicy) { p.Now = time.Date(2001, 2, 3, 4, 6, 6, 0, time.UTC) },
				claims: ctkClaimIs("notBefore", "2001-02-03T04:05:06Z")},
			ctkVariant{what: "a user ticket issued at 2099-06-07T08:09:10Z, verified one minute later", ticket: ctkIssuedAt(time.Date(2099, 6, 7, 8, 9, 10, 0, time.UTC)),
				policy: func(_ *ctkFixture, p *TicketPolicy) { p.Now = time.Date(2099, 6, 7, 8, 10, 10, 0, time.UTC) },
				claims: ctkClaimIs("notOnOrAfter", "2099-06-07T09:09:10Z")},
		),
		ctkFixed("codec/tickets/verifier/policy-names-issuer-and-audience", Must, []string{"TKT-VER-5"}, []string{"check-skipped"},
			"A policy without an issuer or without an audience is refused (class config) rather than read as \"accept any\" [TKT-VER-5].",
			ctkVariant{what: "the user ticket under a policy with an empty issuer", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: func(_ *ctkFixture, p *TicketPolicy) { p.Issuer = "" }, class: "config", req: "TKT-VER-5"},
			ctkVariant{what: "the user ticket under a policy with an empty audience", ticket: func(f *ctkFixture) ([]byte, error) { return f.user, nil },
				policy: func(_ *ctkFixture, p *TicketPolicy) { p.Audience = "" }, class: "config", req: "TKT-VER-5"},
		),
		ctkFixed("codec/tickets/cache/identical-octets-only", Must, []string{"TKT-CACHE-1", "TKT-SIG-12"}, []string{"cache-key"},
			"After a ticket verified, other octets with the same ID are verified afresh: the NameID changed after signing is refused, the ticket re-signed for another user is accepted with that user [TKT-CACHE-1].",
			ctkVariant{what: "the user ticket, verified before, with its NameID changed to bob after signing", prior: ctkPrior(ctkUser),
				ticket: ctkEdited(ctkUser, ctkNameID, `>bob@example.com<`), class: sg, req: "TKT-SIG-12"},
			ctkVariant{what: "the user ticket, verified before, re-signed for bob with the same ID", prior: ctkPrior(ctkUser),
				ticket: ctkResigned(ctkUser, ctkNameID, `>bob@example.com<`), claims: ctkClaimIs("user", "bob@example.com")},
		),
		ctkFixed("codec/tickets/cache/one-time-not-cached", Must, []string{"TKT-CACHE-3", "TKT-REPLAY-1"}, []string{"replay", "cache-one-time"},
			"A one-time ticket of a kind other than auth, accepted once, is refused as a replay when presented again, identical or re-serialized [TKT-CACHE-3].",
			ctkVariant{what: "a one-time resource ticket presented a second time", prior: ctkPrior(ctkOTResource),
				ticket: func(f *ctkFixture) ([]byte, error) { return f.otResource, nil }, class: "replay", req: "TKT-REPLAY-1"},
			ctkVariant{what: "a one-time device ticket presented a second time", prior: ctkPrior(ctkOTDevice),
				ticket: func(f *ctkFixture) ([]byte, error) { return f.otDevice, nil }, class: "replay", req: "TKT-REPLAY-1"},
			ctkVariant{what: "a one-time device ticket presented again with a final line feed", prior: ctkPrior(ctkOTDevice),
				ticket: func(f *ctkFixture) ([]byte, error) { return append(append([]byte(nil), f.otDevice...), '\n'), nil }, class: "replay", req: "TKT-REPLAY-1"},
		),
		ctkFixed("codec/tickets/claim/text-characters", Must, []string{"TKT-CLAIM-3"}, []string{"control-characters"},
			"A signed ticket whose text value, after character references are resolved, holds a control character or breaks the length bounds is refused malformed [TKT-CLAIM-3].",
			ctkRefuse("a tab (&#9;) in the Audience", ml, "TKT-CLAIM-3", ctkResigned(ctkUser, ctkAudEl, `<saml:Audience>https://cloud.livemesh.example/V0.1/&#9;</saml:Audience>`)),
			ctkRefuse("a line feed (&#xA;) in the Issuer", ml, "TKT-CLAIM-3", ctkResigned(ctkUser, ctkIssuerEl, `<saml:Issuer>https://cloud.livemesh.example/&#xA;</saml:Issuer>`)),
			ctkRefuse("DEL (&#x7F;) in the kind", ml, "TKT-CLAIM-3", ctkResigned(ctkUser, ctkUserVal, `<saml:AttributeValue>user&#x7F;</saml:AttributeValue>`)),
			ctkRefuse("a literal U+0085 in the Audience", ml, "TKT-CLAIM-3", ctkResigned(ctkUser, ctkAudEl, "<saml:Audience>https://cloud.livemesh.example/V0.1/\u0085</saml:Audience>")),
			ctkRefuse("an empty second Audience", ml, "TKT-CLAIM-3", ctkResigned(ctkUser, ctkAudEl, ctkAudEl+`<saml:Audience></saml:Audience>`)),
			ctkRefuse("a second Audience of 1025 octets", ml, "TKT-CLAIM-3", ctkResigned(ctkUser, ctkAudEl, ctkAudEl+`<saml:Audience>`+strings.Repeat("é", 512)+`x</saml:Audience>`)),
			ctkAccept("a second Audience of 1024 octets", ctkResigned(ctkUser, ctkAudEl, ctkAudEl+`<saml:Audience>`+strings.Repeat("é", 512)+`</saml:Audience>`),
				ctkClaimIs("audiences", []string{ctkAudience, strings.Repeat("é", 512)})),
		),
		ctkFixed("codec/tickets/claim/resource-path", Must, []string{"TKT-CLAIM-4"}, []string{"path-normalization"},
			"A signed resource ticket whose Resource is not a path in the one normal form is refused malformed; one in normal form is accepted as written [TKT-CLAIM-4].",
			ctkRefuse(`Resource="/V0.1//Mesh"`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/V0.1//Mesh"`)),
			ctkRefuse(`Resource="/V0.1/./Mesh"`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/V0.1/./Mesh"`)),
			ctkRefuse(`Resource="/V0.1/../Mesh"`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/V0.1/../Mesh"`)),
			ctkRefuse(`Resource="/V0.1/Mesh/" (an empty last segment)`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/V0.1/Mesh/"`)),
			ctkRefuse(`Resource="V0.1/Mesh" (relative)`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="V0.1/Mesh"`)),
			ctkRefuse(`Resource="/%7Ealice" (an escaped unreserved character)`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/%7Ealice"`)),
			ctkRefuse(`Resource="/a%2fb" (a lower-case escape)`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/a%2fb"`)),
			ctkRefuse(`Resource="/a b" (a space)`, ml, "TKT-CLAIM-4", ctkResigned(ctkResource, ctkResPath, `Resource="/a b"`)),
			ctkAccept(`Resource="/V0.1/a%2Fb;v=1:@!$'()*+,=~-._/%C3%A9"`, ctkResigned(ctkResource, ctkResPath, `Resource="/V0.1/a%2Fb;v=1:@!$'()*+,=~-._/%C3%A9"`),
				ctkClaimIs("resource", "/V0.1/a%2Fb;v=1:@!$'()*+,=~-._/%C3%A9")),
		),
		ctkFixed("codec/tickets/limits/repeated-elements", Must, []string{"TKT-LIM-3"}, []string{"resource-limit"},
			"A signed ticket with 9 Audience, 9 Action or 9 Attribute elements is refused malformed; 8 Audiences are accepted [TKT-LIM-3].",
			ctkRefuse("9 Audiences", ml, "TKT-LIM-3", ctkResigned(ctkUser, ctkAudEl, nine(ctkAudEl))),
			ctkRefuse("9 Actions", ml, "TKT-LIM-3", ctkResigned(ctkResource, ctkReadEl, nine(ctkReadEl))),
			ctkRefuse("9 Attributes", ml, "TKT-LIM-3", ctkResigned(ctkUser, `</saml:AttributeStatement>`, func() string {
				var b strings.Builder
				for i := range 8 {
					b.WriteString(ctkAttr(fmt.Sprintf("urn:x:%d", i), "v"))
				}
				return b.String() + `</saml:AttributeStatement>`
			}())),
			ctkAccept("8 Audiences", ctkResigned(ctkUser, ctkAudEl, strings.Repeat(ctkAudEl, 8)),
				ctkClaimIs("audiences", []string{ctkAudience, ctkAudience, ctkAudience, ctkAudience, ctkAudience, ctkAudience, ctkAudience, ctkAudience})),
		),
		ctkFaultPairs(),
	}, ctkPropertyCases()...)
}

// ctkPrior gives one prior ticket.
func ctkPrior(base func(*ctkFixture) []byte) func(*ctkFixture) ([][]byte, error) {
	return func(f *ctkFixture) ([][]byte, error) { return [][]byte{base(f)}, nil }
}

// ctkIssuedAt issues a user ticket of alice at the instant at.
func ctkIssuedAt(at time.Time) func(*ctkFixture) ([]byte, error) {
	return func(f *ctkFixture) ([]byte, error) {
		t, _, err := ctkIssue(vectors.KeyCloudA, ctkCloud, at, "issued-at-"+at.Format(time.RFC3339),
			saml.Claims{Kind: saml.KindUser, User: f.alice, Audiences: []string{ctkAudience}})
		return t, err
	}
}

// ctkBrokenSigValue inserts sep into the user ticket's SignatureValue every n characters
// (after signing: the SignatureValue is not signed).
func ctkBrokenSigValue(sep string, n int) func(*ctkFixture) ([]byte, error) {
	return func(f *ctkFixture) ([]byte, error) {
		s := string(f.user)
		i := strings.Index(s, ctkSigValEl)
		j := strings.Index(s, "</ds:SignatureValue>")
		if i < 0 || j < i {
			return nil, errors.New("no SignatureValue")
		}
		v := s[i+len(ctkSigValEl) : j]
		var b strings.Builder
		for k := 0; k < len(v); k += n {
			if k > 0 {
				b.WriteString(sep)
			}
			b.WriteString(v[k:min(k+n, len(v))])
		}
		return []byte(s[:i+len(ctkSigValEl)] + b.String() + s[j:]), nil
	}
}

// ctkProperty makes a property case: prop gets the implementation's verifier and the fixture.
func ctkProperty(id string, req, flags []string, desc string, prop func(p *P, impl TicketsImpl, f *ctkFixture)) Case {
	return Case{ID: id, Level: Must, Req: req, Flags: append(flags, "property"), Description: desc, Ops: []string{"tickets.verify"},
		Run: func(t *T) {
			impl, f := ctkSetup(t)
			t.Property(func(p *P) { prop(p, impl, f) })
		}}
}

// ctkAskBoth asks the implementation and the reference, logs the step and returns both
// answers; a harness-level problem ends the check.
func ctkAskBoth(p *P, impl TicketsImpl, what string, pol TicketPolicy, prior [][]byte, ticket []byte) (got, ref ctkOutcome) {
	got, err := ctkAsk(impl, pol, prior, ticket)
	p.Check(err)
	ref, rerr := ctkAsk(Reference{}, pol, prior, ticket)
	p.Stepf("tickets.verify(%s; now %s, skew %s, max lifetime %s, %d prior) → impl: %s; reference: %s",
		what, pol.Now.Format(time.RFC3339), pol.Skew, pol.MaxLifetime, len(prior), ctkShort(got.String()), ctkShort(ref.String()))
	if err != nil {
		p.Fatalf("tickets.verify(%s): the implementation gives no usable answer: %v", what, err)
	}
	if rerr != nil {
		p.Fatalf("harness: the reference gives no usable answer to %s: %v", what, rerr)
	}
	return got, ref
}

// ctkUserNames are user names (in any form ParseUserName takes) the generators draw from.
var ctkUserNames = []string{"alice@example.com", "用户@例子.中国", "Ünal.Şahin@bücher.de", "o'brien+tag@mail.example.org",
	"δοκιμή@παράδειγμα.δοκιμή", "e\u0301lodie@example.fr", "x@y.z", "a.b.c@d-e.f"}

// ctkOddRunes are claim characters that break naive XML writers and readers.
var ctkOddRunes = []rune{'<', '>', '&', '"', '\'', ']', ' ', '\u00a0', '\u2028', '\u2029', '\u200d', '\u202e', '\ufeff',
	'\ufffd', '\U0001F600', '\u0301', '\U0010FFFD', '\ue000', '%', '#'}

// ctkClaimString draws a claim string of 1 to 24 characters.
func ctkClaimString(t *rapid.T, label string) string {
	r := rapid.OneOf(rapid.SampledFrom(ctkOddRunes), rapid.RuneFrom(nil, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs, unicode.Cf))
	rs := rapid.SliceOfN(r, 1, 24).Draw(t, label)
	var b strings.Builder
	for _, c := range rs {
		if saml.ValidClaimRune(c) {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// ctkResourcePaths are segments of generated resource paths (normal form).
var ctkPathSegments = []string{"V0.1", "Mesh", "MeshObjects", "UICFO4FJCPQU5CLZ3SLHA73UUY", "%C3%A9t%C3%A9", "a;b=c", "~x", "a%2Fb", "@:!$'()*+,="}

// ctkDrawClaims draws the claims of a ticket the profile allows and the audience of a
// verifier that accepts it.
func ctkDrawClaims(t *rapid.T, f *ctkFixture, issued time.Time) (saml.Claims, string, error) {
	kind := rapid.SampledFrom(saml.Kinds()).Draw(t, "kind")
	user, err := ident.ParseUserName(rapid.SampledFrom(ctkUserNames).Draw(t, "user"))
	if err != nil {
		return saml.Claims{}, "", err
	}
	devs := []ident.DeviceID{f.devA, f.devB}
	d := rapid.IntRange(0, 1).Draw(t, "device")
	c := saml.Claims{Kind: kind, OneTime: rapid.Bool().Draw(t, "one-time")}
	auds := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string { return ctkClaimString(t, "audience") }), 1, 4).Draw(t, "audiences")
	switch kind {
	case saml.KindAuth:
		c.User = user
		c.AuthnInstant = issued.Add(-time.Duration(rapid.IntRange(0, 3600).Draw(t, "authn-before")) * time.Second)
		if rapid.Bool().Draw(t, "authn-context") {
			c.AuthnContext = ctkClaimString(t, "authn-context-value")
		}
	case saml.KindUser:
		c.User = user
	case saml.KindDevice:
		c.Device = devs[d]
	case saml.KindDeviceClaim:
		c.Device, c.User = devs[d], user
	case saml.KindResource:
		c.User = user
		segs := rapid.SliceOfN(rapid.SampledFrom(ctkPathSegments), 0, 4).Draw(t, "path")
		c.Resource = "/" + strings.Join(segs, "/")
		acts := []saml.Action{saml.ActionRead, saml.ActionWrite, saml.ActionExecute, saml.ActionDelete, saml.ActionControl}
		c.Actions = rapid.SliceOfNDistinct(rapid.SampledFrom(acts), 1, 5, func(a saml.Action) saml.Action { return a }).Draw(t, "actions")
	case saml.KindPeer:
		c.Device, c.PeerDevice = devs[d], devs[1-d]
		if rapid.Bool().Draw(t, "same-user") {
			c.Basis, c.User = saml.BasisSameUser, user
		} else {
			c.Basis, c.Object = saml.BasisSharedObject, f.obj
		}
		auds = append(auds, saml.DeviceAudience(c.PeerDevice))
	}
	if len(auds) > saml.MaxAudiences {
		auds = auds[:saml.MaxAudiences]
	}
	c.Audiences = auds
	delay := rapid.IntRange(0, 600).Draw(t, "not-before-delay")
	life := rapid.IntRange(1, 3600-delay).Draw(t, "lifetime")
	c.NotBefore = issued.Add(time.Duration(delay) * time.Second)
	c.NotOnOrAfter = c.NotBefore.Add(time.Duration(life) * time.Second)
	return c, rapid.SampledFrom(auds).Draw(t, "verifier-audience"), nil
}

// ctkMutations name the single changes the mutation property makes to a signed ticket.
var ctkMutations = []string{"byte", "attribute-value", "text", "move-element", "prefix", "signature-value", "digest-value", "certificate"}

// ctkSigned splits a ticket into the part before its Signature, the Signature and the rest.
func ctkSigned(s string) (before, sig, after string) {
	loc := ctkSigRE.FindStringIndex(s)
	if loc == nil {
		return s, "", ""
	}
	return s[:loc[0]], s[loc[0]:loc[1]], s[loc[1]:]
}

var (
	ctkAttrValRE = regexp.MustCompile(`="[^"]*"`)
	ctkTextRE    = regexp.MustCompile(`>[^<]+<`)
)

// ctkChangeValue changes a value in one of a few ways.
func ctkChangeValue(t *rapid.T, v string) string {
	switch rapid.IntRange(0, 4).Draw(t, "value-change") {
	case 0:
		return v + ctkClaimString(t, "appended")
	case 1:
		if v == "" {
			return "x"
		}
		return v[:len(v)-1]
	case 2:
		return strings.ToUpper(v)
	case 3:
		return ""
	}
	return " " + v
}

// ctkMutate makes one drawn change to a signed ticket; it returns the ticket and what changed.
func ctkMutate(t *rapid.T, ticket []byte) ([]byte, string, error) {
	s := string(ticket)
	before, sig, after := ctkSigned(s)
	signedPart := func(edit func(string) string) string {
		if rapid.Bool().Draw(t, "after-signature") && after != "" {
			return before + sig + edit(after)
		}
		return edit(before) + sig + after
	}
	m := drawFrom(t, ctkMutations, "mutation")
	switch m {
	case "byte":
		return []byte(signedPart(func(part string) string {
			i := rapid.IntRange(0, len(part)-1).Draw(t, "position")
			c := byte(rapid.IntRange(0x20, 0x7e).Draw(t, "octet"))
			if c == part[i] {
				c ^= 1
			}
			return part[:i] + string(c) + part[i+1:]
		})), m, nil
	case "attribute-value", "text":
		re := ctkAttrValRE
		if m == "text" {
			re = ctkTextRE
		}
		edited := signedPart(func(part string) string {
			locs := re.FindAllStringIndex(part, -1)
			if len(locs) == 0 {
				return part
			}
			l := locs[rapid.IntRange(0, len(locs)-1).Draw(t, "which")]
			inner := part[l[0]+2 : l[1]-1]
			if m == "text" {
				inner = part[l[0]+1 : l[1]-1]
			}
			nv := ctkChangeValue(t, inner)
			if m == "text" {
				nv = strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(nv)
				return part[:l[0]+1] + nv + part[l[1]-1:]
			}
			nv = strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;").Replace(nv)
			return part[:l[0]+2] + nv + part[l[1]-1:]
		})
		if rapid.Bool().Draw(t, "sign-again") {
			// The content rules behind the signature: the edit signed again, when the
			// edited text is still XML the signer can read.
			if again, err := ctkSign(ctkUnsigned([]byte(edited)), ctkSigning{}); err == nil {
				return again, m + ", signed again", nil
			}
		}
		return []byte(edited), m, nil
	case "move-element":
		doc := etree.NewDocument()
		doc.ReadSettings.PreserveDuplicateAttrs = true
		if err := doc.ReadFromBytes(ticket); err != nil {
			return nil, m, err
		}
		var all []*etree.Element
		var walk func(e *etree.Element)
		walk = func(e *etree.Element) {
			all = append(all, e)
			for _, c := range e.ChildElements() {
				walk(c)
			}
		}
		walk(doc.Root())
		el := all[rapid.IntRange(1, len(all)-1).Draw(t, "element")]
		var targets []*etree.Element
		for _, e := range all {
			inside := false
			for a := e; a != nil; a = a.Parent() {
				inside = inside || a == el
			}
			if !inside {
				targets = append(targets, e)
			}
		}
		to := targets[rapid.IntRange(0, len(targets)-1).Draw(t, "target")]
		el.Parent().RemoveChild(el)
		to.InsertChildAt(rapid.IntRange(0, len(to.Child)).Draw(t, "index"), el)
		doc.WriteSettings = ctkWrite
		out, err := doc.WriteToBytes()
		return out, m + " " + el.FullTag() + " into " + to.FullTag(), err
	case "prefix":
		pre := drawFrom(t, []string{"a", "s", "saml2", "SAML", ""}, "prefix")
		pairs := []string{"saml:", pre + ":", "xmlns:saml=", "xmlns:" + pre + "="}
		if pre == "" {
			pairs = []string{"saml:", "", "xmlns:saml=", "xmlns="}
		}
		if rapid.Bool().Draw(t, "sign-again") {
			out, err := ctkResign(ticket, ctkSigning{}, pairs...)
			return out, m + " " + strconvQuote(pre) + ", signed again", err
		}
		out, err := ctkEdit(s, pairs...)
		return []byte(out), m + " " + strconvQuote(pre), err
	case "signature-value", "digest-value", "certificate":
		el := map[string]string{"signature-value": "SignatureValue", "digest-value": "DigestValue", "certificate": "X509Certificate"}[m]
		open := "<ds:" + el + ">"
		i := strings.Index(s, open)
		j := strings.Index(s, "</ds:"+el+">")
		if i < 0 || j < i {
			return ticket, m, nil
		}
		v := []byte(s[i+len(open) : j])
		k := rapid.IntRange(0, len(v)-1).Draw(t, "position")
		const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		c := b64[rapid.IntRange(0, 63).Draw(t, "character")]
		if c == v[k] || v[k] == '=' {
			c = 'A' + (v[k]-'A'+1)%26
			if v[k] == '=' {
				c = 'A'
			}
		}
		v[k] = c
		return []byte(s[:i+len(open)] + string(v) + s[j:]), m, nil
	}
	return ticket, m, nil
}

func strconvQuote(s string) string { return `"` + s + `"` }

// ctkFaults are the faults of the check-order property: a policy or ticket fault, the rule
// that refuses it, its class, and its place in the order of spec/tickets.md §6.
var ctkFaults = []struct{ name, req, class string }{
	{"an unknown element after Conditions", "TKT-FMT-3", "malformed"},
	{"a pinned certificate other than the signer's", "TKT-SIG-11", "signature"},
	{"the NameID changed after signing", "TKT-SIG-12", "signature"},
	{"another issuer in the policy", "TKT-VER-3", "issuer"},
	{"a maximum lifetime one second short", "TKT-TIME-2", "policy"},
	{"now before NotBefore − skew", "TKT-TIME-3", "not-yet-valid"},
	{"now at NotOnOrAfter + skew", "TKT-TIME-4", "expired"},
	{"another audience in the policy", "TKT-VER-4", "audience"},
	{"the kind admin, signed", "TKT-KIND-1", "malformed"},
}

// ctkFaulted builds the user ticket and the policy with the faults on (by requirement ID),
// and the answer the first of them in the check order gives (zero when none is on).
func ctkFaulted(f *ctkFixture, on map[string]bool) (ticket string, pol TicketPolicy, want ctkOutcome, names []string) {
	for _, fl := range ctkFaults {
		if on[fl.req] {
			names = append(names, fl.name)
			if want.Class == "" {
				want = ctkOutcome{Class: fl.class, Req: fl.req}
			}
		}
	}
	ticket = string(f.user)
	if on["TKT-KIND-1"] {
		ticket = string(f.badKind)
	}
	if on["TKT-FMT-3"] {
		ticket = strings.Replace(ticket, "</saml:Conditions>", "</saml:Conditions><saml:Advice></saml:Advice>", 1)
	}
	if on["TKT-SIG-12"] {
		ticket = strings.Replace(ticket, ctkNameID, ">mallory@example.com<", 1)
	}
	pol = ctkPolicy()
	if on["TKT-SIG-11"] {
		pol.Pinned = []*x509.Certificate{ctkKey(vectors.KeyCloudB).Cert}
	}
	if on["TKT-VER-3"] {
		pol.Issuer = "https://other.example/"
	}
	if on["TKT-TIME-2"] {
		pol.MaxLifetime = time.Hour - time.Second
	}
	if on["TKT-TIME-3"] {
		pol.Now = ctkT0.Add(-pol.Skew - time.Second)
	}
	if on["TKT-TIME-4"] {
		pol.Now = ctkT0.Add(time.Hour + pol.Skew)
	}
	if on["TKT-VER-4"] {
		pol.Audience = "https://other.example/V0.1/"
	}
	return ticket, pol, want, names
}

// ctkFaultPairs is the fixed check-order case: every fault alone and every pair of faults
// (but the two windows together) gets the refusal of the one that comes first.
func ctkFaultPairs() Case {
	return Case{ID: "codec/tickets/order/fault-pairs", Level: Must,
		Req:   []string{"TKT-VER-1", "TKT-FMT-3", "TKT-SIG-11", "TKT-SIG-12", "TKT-VER-3", "TKT-TIME-2", "TKT-TIME-3", "TKT-TIME-4", "TKT-VER-4", "TKT-KIND-1"},
		Flags: []string{"check-order"}, Ops: []string{"tickets.verify"},
		Description: "The user ticket with each fault alone and each pair of faults across the verifier's steps (structure, key, signature, issuer, lifetime, window, audience, kind) is refused naming the fault that comes first in the spec's check order.",
		Run: func(t *T) {
			impl, f := ctkSetup(t)
			for i := range ctkFaults {
				for j := i; j < len(ctkFaults); j++ {
					on := map[string]bool{ctkFaults[i].req: true, ctkFaults[j].req: true}
					if on["TKT-TIME-3"] && on["TKT-TIME-4"] {
						continue
					}
					ticket, pol, want, names := ctkFaulted(f, on)
					got, err := ctkAsk(impl, pol, nil, []byte(ticket))
					if isUnimplemented(err) {
						t.Unimplementedf("%v", err)
					}
					if err != nil {
						t.Fatalf("tickets.verify of the user ticket with [%s]: %v", strings.Join(names, "; "), err)
					}
					if !got.same(want) {
						t.Errorf("tickets.verify of the user ticket with [%s]: got %s; want %s", strings.Join(names, "; "), ctkShort(got.String()), want)
					}
				}
			}
		}}
}

func ctkPropertyCases() []Case {
	return []Case{
		ctkProperty("codec/tickets/issue/random-claims", []string{"TKT-CLAIM-1", "TKT-VER-2", "TKT-KIND-2", "TKT-KIND-5", "TKT-KIND-6", "TKT-KIND-7", "TKT-KIND-8"},
			[]string{"unicode", "xml-escaping", "claims"},
			"Tickets of random kinds, issuers, audiences with odd Unicode, windows and instants, issued by the reference, are accepted with the claims the reference reads (and issued).",
			func(p *P, impl TicketsImpl, f *ctkFixture) {
				issued := time.Unix(rapid.Int64Range(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(p.T, "issued"), 0).UTC()
				c, aud, err := ctkDrawClaims(p.T, f, issued)
				if err != nil {
					p.Fatalf("harness: %v", err)
				}
				issuer := ctkClaimString(p.T, "issuer")
				key := drawFrom(p.T, []string{vectors.KeyCloudA, vectors.KeyCloudB}, "key")
				k := ctkKey(key)
				is, err := saml.NewIssuer(saml.IssuerConfig{Name: issuer, Key: k.Private, Cert: k.CertDER,
					Clock: func() time.Time { return issued }, Rand: bytes.NewReader(rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(p.T, "id"))})
				if err != nil {
					p.Fatalf("harness: %v", err)
				}
				ticket, want, err := is.Issue(c)
				if err != nil {
					p.Fatalf("harness: the reference issuer refuses %+v: %v", c, err)
				}
				life := c.NotOnOrAfter.Sub(c.NotBefore)
				pol := TicketPolicy{Pinned: []*x509.Certificate{ctkKey(vectors.KeyCloudA).Cert, ctkKey(vectors.KeyCloudB).Cert}, Issuer: issuer, Audience: aud,
					Now:         c.NotBefore.Add(time.Duration(rapid.Int64Range(0, int64(life/time.Second)-1).Draw(p.T, "now-offset")) * time.Second),
					Skew:        time.Duration(rapid.IntRange(0, 300).Draw(p.T, "skew")) * time.Second,
					MaxLifetime: saml.DefaultMaxLifetime}
				got, ref := ctkAskBoth(p, impl, "a "+c.Kind.String()+" ticket of "+key, pol, nil, ticket)
				wantJSON, _ := ctkJSON(want)
				if !ref.same(ctkOutcome{Accepted: true, Claims: wantJSON}) {
					p.Fatalf("harness: the reference reads %s from a ticket it issued with %s", ctkShort(ref.String()), ctkShort(fmt.Sprint(wantJSON)))
				}
				if !got.same(ref) {
					p.Fatalf("the implementation answers %s; the reference accepts with %s", got, ref)
				}
			}),
		ctkProperty("codec/tickets/mutation/single-change", []string{"TKT-VER-1", "TKT-SIG-12", "TKT-FMT-2", "TKT-FMT-3", "TKT-SIG-11"},
			[]string{"signature-wrapping", "modified-content", "prefix-matching"},
			"One random change to a signed ticket (an octet, an attribute value or text, an element moved, the SAML prefix renamed with or without signing again, a signature part) is refused exactly when the reference refuses it, with the same class and first rule.",
			func(p *P, impl TicketsImpl, f *ctkFixture) {
				bases := []struct {
					name string
					t    []byte
					aud  string
				}{{"user", f.user, ctkAudience}, {"resource", f.resource, ctkAudience}, {"device-claim", f.claim, ctkAudience},
					{"peer", f.peer, saml.DeviceAudience(f.devB)}, {"auth", f.auth, ctkAudience}}
				b := drawFrom(p.T, bases, "base")
				ticket, what, err := ctkMutate(p.T, b.t)
				if err != nil {
					p.Fatalf("harness: mutation %s: %v", what, err)
				}
				pol := ctkPolicy()
				pol.Audience = b.aud
				got, ref := ctkAskBoth(p, impl, "the "+b.name+" ticket with "+what, pol, nil, ticket)
				if !got.same(ref) {
					p.Fatalf("the implementation answers %s; the reference %s", ctkShort(got.String()), ctkShort(ref.String()))
				}
			}),
		ctkProperty("codec/tickets/time/random-clocks", []string{"TKT-TIME-2", "TKT-TIME-3", "TKT-TIME-4", "TKT-TIME-7"},
			[]string{"off-by-one", "skew", "time-window"},
			"Random clocks around NotBefore − skew and NotOnOrAfter + skew, random skews up to 5 minutes and maximum lifetimes around the ticket's: accepted exactly inside the window, otherwise refused with the first failing time rule.",
			func(p *P, impl TicketsImpl, f *ctkFixture) {
				bases := []struct {
					name      string
					t         []byte
					issue, nb time.Time
					noa       time.Time
				}{{"user", f.user, ctkT0, ctkT0, ctkT0.Add(time.Hour)}, {"resource", f.resource, ctkT0, ctkT0, ctkT0.Add(15 * time.Minute)},
					{"later", f.later, ctkT0, ctkT0.Add(10 * time.Minute), ctkT0.Add(30 * time.Minute)}}
				b := drawFrom(p.T, bases, "ticket")
				skew := time.Duration(rapid.IntRange(0, 300).Draw(p.T, "skew")) * time.Second
				life := b.noa.Sub(b.issue)
				maxLife := life + time.Duration(rapid.IntRange(-2, 2).Draw(p.T, "max-lifetime-delta"))*time.Second
				anchor := drawFrom(p.T, []string{"not-before", "not-on-or-after", "issue-instant"}, "anchor")
				at := map[string]time.Time{"not-before": b.nb.Add(-skew), "not-on-or-after": b.noa.Add(skew), "issue-instant": b.issue}[anchor]
				now := at.Add(time.Duration(rapid.IntRange(-3, 3).Draw(p.T, "delta")) * time.Second)
				pol := ctkPolicy()
				pol.Now, pol.Skew, pol.MaxLifetime = now, skew, maxLife
				got, ref := ctkAskBoth(p, impl, "the "+b.name+" ticket", pol, nil, b.t)
				var want ctkOutcome
				switch {
				case life > maxLife:
					want = ctkOutcome{Class: "policy", Req: "TKT-TIME-2"}
				case now.Before(b.nb.Add(-skew)):
					want = ctkOutcome{Class: "not-yet-valid", Req: "TKT-TIME-3"}
				case !now.Before(b.noa.Add(skew)):
					want = ctkOutcome{Class: "expired", Req: "TKT-TIME-4"}
				default:
					want = ref
				}
				if !ref.same(want) {
					p.Fatalf("harness: the reference answers %s, the spec's time rules %s", ref, want)
				}
				if !got.same(want) {
					p.Fatalf("the implementation answers %s; the spec's time rules give %s", ctkShort(got.String()), ctkShort(want.String()))
				}
			}),
		ctkProperty("codec/tickets/replay/random-presentations", []string{"TKT-REPLAY-1", "TKT-REPLAY-2", "TKT-CACHE-3"},
			[]string{"replay", "cache-one-time"},
			"After random prior presentations, a one-time ticket whose issuer and ID were accepted before (identical, re-serialized or re-signed) is refused as a replay, and any other ticket is accepted as by the reference.",
			func(p *P, impl TicketsImpl, f *ctkFixture) {
				reser := []byte(strings.Replace(string(f.otResource), "<saml:OneTimeUse/>", "<saml:OneTimeUse></saml:OneTimeUse>", 1) + "\n")
				pool := []struct {
					name string
					t    []byte
					id   string // the one-time ID, or ""
				}{{"one-time resource", f.otResource, "r"}, {"one-time resource re-serialized", reser, "r"}, {"one-time device", f.otDevice, "d"},
					{"one-time device re-signed with another audience", f.otDevice2, "d"}, {"auth", f.auth, "a"},
					{"user", f.user, ""}, {"device", f.device, ""}}
				picks := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) int { return drawUniform(t, len(pool), "pick") }), 0, 5).Draw(p.T, "prior")
				var prior [][]byte
				var names []string
				used := map[string]bool{}
				for _, i := range picks {
					if id := pool[i].id; id != "" {
						if used[id] {
							continue
						}
						used[id] = true
					}
					prior = append(prior, pool[i].t)
					names = append(names, pool[i].name)
				}
				last := pool[drawUniform(p.T, len(pool), "ticket")]
				got, ref := ctkAskBoth(p, impl, "the "+last.name+" ticket after ["+strings.Join(names, ", ")+"]", ctkPolicy(), prior, last.t)
				want := ref
				if last.id != "" && used[last.id] {
					want = ctkOutcome{Class: "replay", Req: "TKT-REPLAY-1"}
				} else if !ref.Accepted {
					p.Fatalf("harness: the reference refuses a first presentation: %s", ref)
				}
				if !ref.same(want) {
					p.Fatalf("harness: the reference answers %s, the replay rule %s", ref, want)
				}
				if !got.same(want) {
					p.Fatalf("the implementation answers %s; want %s", ctkShort(got.String()), ctkShort(want.String()))
				}
			}),
		ctkProperty("codec/tickets/order/first-failing-rule", []string{"TKT-VER-1", "TKT-FMT-3", "TKT-SIG-11", "TKT-SIG-12", "TKT-VER-3", "TKT-TIME-2", "TKT-TIME-3", "TKT-TIME-4", "TKT-VER-4", "TKT-KIND-1"},
			[]string{"check-order"},
			"A ticket with a random set of faults across the steps of the verifier (structure, key, signature, issuer, times, audience, kind) is refused naming the fault that comes first in the spec's check order.",
			func(p *P, impl TicketsImpl, f *ctkFixture) {
				on := map[string]bool{}
				for _, i := range rapid.SliceOfNDistinct(rapid.Custom(func(t *rapid.T) int { return drawUniform(t, len(ctkFaults), "fault") }), 0, 3, func(i int) int { return i }).Draw(p.T, "faults") {
					on[ctkFaults[i].req] = true
				}
				if on["TKT-TIME-3"] && on["TKT-TIME-4"] {
					delete(on, drawFrom(p.T, []string{"TKT-TIME-3", "TKT-TIME-4"}, "one-of-the-windows"))
				}
				t, pol, want, names := ctkFaulted(f, on)
				got, ref := ctkAskBoth(p, impl, "the user ticket with faults ["+strings.Join(names, "; ")+"]", pol, nil, []byte(t))
				if want.Class == "" {
					want = ref
					if !ref.Accepted {
						p.Fatalf("harness: the reference refuses the faultless user ticket: %s", ref)
					}
				}
				if !ref.same(want) {
					p.Fatalf("harness: the reference answers %s, the check order %s", ref, want)
				}
				if !got.same(want) {
					p.Fatalf("the implementation answers %s; the first fault in the check order gives %s", ctkShort(got.String()), want)
				}
			}),
		ctkProperty("codec/tickets/sig/algorithm-downgrade", []string{"TKT-SIG-4", "TKT-SIG-7", "TKT-SIG-11"},
			[]string{"weak-algorithm", "algorithm-downgrade"},
			"A fixture ticket signed again with a random RSA signature method (SHA-1, SHA-256, SHA-384, SHA-512, the digest following it), key and XML-DSig prefix is accepted only with RSA-SHA256, as the reference decides.",
			func(p *P, impl TicketsImpl, f *ctkFixture) {
				bases := map[string][]byte{"user": f.user, "resource": f.resource, "device": f.device, "device-claim": f.claim}
				name := drawFrom(p.T, []string{"user", "resource", "device", "device-claim"}, "base")
				method := drawFrom(p.T, []string{dsig.RSASHA1SignatureMethod, dsig.RSASHA256SignatureMethod, dsig.RSASHA384SignatureMethod, dsig.RSASHA512SignatureMethod}, "method")
				key := drawFrom(p.T, []string{vectors.KeyCloudA, vectors.KeyCloudB}, "key")
				prefix := drawFrom(p.T, []string{"ds", "dsig", "s"}, "prefix")
				ticket, err := ctkSign(ctkUnsigned(bases[name]), ctkSigning{Key: key, Method: method, Prefix: prefix})
				if err != nil {
					p.Fatalf("harness: %v", err)
				}
				pol := ctkPolicy()
				pol.Pinned = append(pol.Pinned, ctkKey(vectors.KeyCloudB).Cert)
				got, ref := ctkAskBoth(p, impl, "the "+name+" ticket signed with "+method+" by "+key+", prefix "+prefix, pol, nil, ticket)
				if (method == dsig.RSASHA256SignatureMethod) != ref.Accepted || !ref.Accepted && ref.Req != "TKT-SIG-4" {
					p.Fatalf("harness: the reference answers %s to %s", ref, method)
				}
				if !got.same(ref) {
					p.Fatalf("the implementation answers %s; the reference %s", ctkShort(got.String()), ctkShort(ref.String()))
				}
			}),
	}
}
