package saml

import (
	"strings"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// kindFixture issues tickets of one kind and verifies them with a matching verifier.
type kindCase struct {
	name     string
	key      string // signing key; "" = cloud-2048-a
	issuer   string
	audience string
	claims   func(t *testing.T) Claims
}

func peerAudience(t testing.TB) string { return DeviceAudience(mustDevice(t, vectors.KeyDeviceB)) }

func kindCases() []kindCase {
	return []kindCase{
		{name: "[TKT-KIND-2] auth token", key: vectors.KeyIdP, issuer: testIdP, audience: testAccounts, claims: func(t *testing.T) Claims {
			return Claims{Kind: KindAuth, User: mustUser(t, "Alice@Example.com"), Audiences: []string{testAccounts}}
		}},
		{name: "[TKT-KIND-3] user ticket", claims: func(t *testing.T) Claims {
			return Claims{Kind: KindUser, User: mustUser(t, "用户@例子.中国"), Audiences: []string{testAudience}}
		}},
		{name: "[TKT-KIND-4] device ticket", claims: func(t *testing.T) Claims {
			return Claims{Kind: KindDevice, Device: mustDevice(t, vectors.KeyDeviceA), Audiences: []string{testAudience}}
		}},
		{name: "[TKT-KIND-5] device-claim ticket", claims: func(t *testing.T) Claims {
			return Claims{Kind: KindDeviceClaim, Device: mustDevice(t, vectors.KeyDeviceA), User: mustUser(t, "a@m.com"), Audiences: []string{testAudience}}
		}},
		{name: "[TKT-KIND-6] resource ticket", claims: func(t *testing.T) Claims {
			return Claims{Kind: KindResource, User: mustUser(t, "alice@example.com"), Resource: "/V0.1/Mesh/MeshObjects/UICFO4FJCPQU5CLZ3SLHA73UUY", Actions: []Action{ActionRead, ActionWrite}, Audiences: []string{testAudience}}
		}},
		{name: "[TKT-KIND-6] one-time resource ticket", claims: func(t *testing.T) Claims {
			return Claims{Kind: KindResource, OneTime: true, User: mustUser(t, "alice@example.com"), Resource: "/", Actions: []Action{ActionControl}, Audiences: []string{testAudience}}
		}},
		{name: "[TKT-KIND-7] peer ticket, same user", audience: "peer", claims: func(t *testing.T) Claims {
			return Claims{Kind: KindPeer, Device: mustDevice(t, vectors.KeyDeviceA), PeerDevice: mustDevice(t, vectors.KeyDeviceB), Basis: BasisSameUser, User: mustUser(t, "alice@example.com"), Audiences: []string{peerAudience(t)}}
		}},
		{name: "[TKT-KIND-7] peer ticket, shared object", audience: "peer", claims: func(t *testing.T) Claims {
			o, _ := ident.ParseResourceID("UICFO4FJCPQU5CLZ3SLHA73UUY")
			return Claims{Kind: KindPeer, Device: mustDevice(t, vectors.KeyDeviceA), PeerDevice: mustDevice(t, vectors.KeyDeviceB), Basis: BasisSharedObject, Object: o, Audiences: []string{"urn:relay", peerAudience(t)}}
		}},
	}
}

func (kc kindCase) fixture(t *testing.T) (*fixture, *Verifier) {
	key, name := vectors.KeyCloudA, testIssuer
	if kc.key != "" {
		key, name = kc.key, kc.issuer
	}
	f := newFixtureKey(t, key, name)
	aud := testAudience
	switch kc.audience {
	case "":
	case "peer":
		aud = peerAudience(t)
	default:
		aud = kc.audience
	}
	return f, f.verifier(t, func(p *Policy) { p.Audience = aud })
}

func TestKindsRoundTrip(t *testing.T) {
	for _, kc := range kindCases() {
		t.Run(kc.name, func(t *testing.T) {
			f, v := kc.fixture(t)
			tk, want := f.issue(t, kc.claims(t))
			got, err := v.Verify(tk)
			if err != nil {
				t.Fatalf("%v\n%s", err, tk)
			}
			sameClaims(t, got, want)
			if got.Kind == KindAuth && (!got.OneTime || got.AuthnContext != AuthnContextPassword || !got.AuthnInstant.Equal(got.IssueInstant)) {
				t.Fatalf("auth token claims %+v", got)
			}
		})
	}
	t.Run("[TKT-KIND-10] default lifetimes", func(t *testing.T) {
		want := map[Kind]time.Duration{KindAuth: 5 * time.Minute, KindUser: time.Hour, KindDevice: time.Hour, KindDeviceClaim: time.Hour, KindResource: 15 * time.Minute, KindPeer: 10 * time.Minute}
		for _, kc := range kindCases() {
			f, _ := kc.fixture(t)
			_, c := f.issue(t, kc.claims(t))
			if d := c.NotOnOrAfter.Sub(c.NotBefore); d != want[c.Kind] {
				t.Errorf("%s: lifetime %v, want %v", c.Kind, d, want[c.Kind])
			}
		}
	})
}

// kindTicket issues a ticket of case i of kindCases and returns it with its fixture.
func kindTicket(t *testing.T, i int) (*fixture, []byte, kindCase) {
	kc := kindCases()[i]
	f, _ := kc.fixture(t)
	tk, _ := f.issue(t, kc.claims(t))
	return f, tk, kc
}

const (
	iAuth = iota
	iUser
	iDevice
	iDeviceClaim
	iResource
	iResourceOnce
	iPeerUser
	iPeerObject
)

func TestVerifyKindRules(t *testing.T) {
	devA := mustDevice(t, vectors.KeyDeviceA).String()
	devB := mustDevice(t, vectors.KeyDeviceB).String()
	cases := []struct {
		name  string
		kind  int
		pairs []string
		pol   func(*Policy)
		class Class
		req   string
	}{
		{name: "[TKT-KIND-1] no kind attribute", kind: iUser, pairs: []string{pKindAttr + pKindUser + `</saml:Attribute>`, `<saml:Attribute Name="urn:x" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>user</saml:AttributeValue></saml:Attribute>`}, class: ClassMalformed, req: "TKT-KIND-1"},
		{name: "[TKT-KIND-1] unknown kind", kind: iUser, pairs: []string{pKindUser, `<saml:AttributeValue>admin</saml:AttributeValue>`}, class: ClassMalformed, req: "TKT-KIND-1"},
		{name: "[TKT-KIND-12] a kind the policy does not accept", kind: iUser, pol: func(p *Policy) { p.Kinds = []Kind{KindDevice, KindPeer} }, class: ClassPolicy, req: "TKT-KIND-12"},
		{name: "[TKT-KIND-2] an auth token without OneTimeUse", kind: iAuth, pairs: []string{`<saml:OneTimeUse/>`, ``}, class: ClassMalformed, req: "TKT-KIND-2"},
		{name: "[TKT-KIND-2] AuthnInstant after IssueInstant", kind: iAuth, pairs: []string{`AuthnInstant="2026-03-04T05:06:07Z"`, `AuthnInstant="2026-03-04T05:06:08Z"`}, class: ClassMalformed, req: "TKT-KIND-2"},
		{name: "[TKT-KIND-9] a user ticket with an AuthnStatement", kind: iUser, pairs: []string{`<saml:AttributeStatement>`, `<saml:AuthnStatement AuthnInstant="2026-03-04T05:06:07Z"><saml:AuthnContext><saml:AuthnContextClassRef>x</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>`}, class: ClassMalformed, req: "TKT-KIND-9"},
		{name: "[TKT-KIND-9] an auth token without AuthnStatement", kind: iAuth, pairs: []string{`<saml:AuthnContextClassRef>` + AuthnContextPassword + `</saml:AuthnContextClassRef>`, ``, `<saml:AuthnContext></saml:AuthnContext>`, ``}, class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-KIND-9] a user ticket with a user attribute", kind: iUser, pairs: []string{pAttrEnd, `<saml:Attribute Name="urn:livemesh:ticket:user" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>bob@example.com</saml:AttributeValue></saml:Attribute>` + pAttrEnd}, class: ClassMalformed, req: "TKT-KIND-9"},
		{name: "[TKT-KIND-9] a device-claim ticket without user", kind: iDeviceClaim, pairs: []string{`<saml:Attribute Name="urn:livemesh:ticket:user" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>a@m.com</saml:AttributeValue></saml:Attribute>`, ``}, class: ClassMalformed, req: "TKT-KIND-9"},
		{name: "[TKT-KIND-9] a device ticket with an AuthzDecisionStatement", kind: iDevice, pairs: []string{`<saml:AttributeStatement>`, `<saml:AuthzDecisionStatement Resource="/" Decision="Permit"><saml:Action Namespace="urn:oasis:names:tc:SAML:1.0:action:rwedc">Read</saml:Action></saml:AuthzDecisionStatement><saml:AttributeStatement>`}, class: ClassMalformed, req: "TKT-KIND-9"},
		{name: "[TKT-KIND-8] a device ID in lower case", kind: iDevice, pairs: []string{">" + devA + "<", ">" + strings.ToLower(devA) + "<"}, class: ClassMalformed, req: "TKT-KIND-8"},
		{name: "[TKT-KIND-8] a device ID that does not parse", kind: iDevice, pairs: []string{">" + devA + "<", ">" + devA[:62] + "<"}, class: ClassMalformed, req: "TKT-KIND-8"},
		{name: "[TKT-KIND-8] a user name not in NFC", kind: iUser, pairs: []string{">用户@例子.中国<", ">jose\u0301@example.com<"}, class: ClassMalformed, req: "TKT-KIND-8"},
		{name: "[TKT-KIND-8] a user name that does not parse", kind: iUser, pairs: []string{">用户@例子.中国<", ">user@localhost<"}, class: ClassMalformed, req: "TKT-KIND-8"},
		{name: "[TKT-KIND-8] a user ticket with a device-id subject", kind: iUser, pairs: []string{"nameid-format:emailAddress", "", "urn:oasis:names:tc:SAML:1.1:", "urn:livemesh:ticket:nameid-format:device-id"}, class: ClassMalformed, req: "TKT-KIND-8"},
		{name: "[TKT-KIND-8] an object that is not a resource ID", kind: iPeerObject, pairs: []string{">UICFO4FJCPQU5CLZ3SLHA73UUY<", ">uicfo4fjcpqu5clz3slha73uuy<"}, class: ClassMalformed, req: "TKT-KIND-8"},
		{name: "[TKT-KIND-6] an unknown action", kind: iResource, pairs: []string{">Write<", ">Fly<"}, class: ClassMalformed, req: "TKT-KIND-6"},
		{name: "[TKT-KIND-6] an action twice", kind: iResource, pairs: []string{">Write<", ">Read<"}, class: ClassMalformed, req: "TKT-KIND-6"},
		{name: "[TKT-KIND-11] Decision Deny", kind: iResource, pairs: []string{`Decision="Permit"`, `Decision="Deny"`}, class: ClassPolicy, req: "TKT-KIND-11"},
		{name: "[TKT-KIND-11] Decision Indeterminate", kind: iResource, pairs: []string{`Decision="Permit"`, `Decision="Indeterminate"`}, class: ClassPolicy, req: "TKT-KIND-11"},
		{name: "[TKT-CLAIM-4] a dot segment", kind: iResource, pairs: []string{`Resource="/V0.1/Mesh/`, `Resource="/V0.1/../Mesh/`}, class: ClassMalformed, req: "TKT-CLAIM-4"},
		{name: "[TKT-KIND-7] the same device twice", kind: iPeerUser, pairs: []string{">" + devB + "<", ">" + devA + "<"}, class: ClassMalformed, req: "TKT-KIND-7"},
		{name: "[TKT-KIND-7] an unknown basis", kind: iPeerUser, pairs: []string{">same-user<", ">friends<"}, class: ClassMalformed, req: "TKT-KIND-7"},
		{name: "[TKT-KIND-7] shared-object basis with a user", kind: iPeerUser, pairs: []string{">same-user<", ">shared-object<"}, class: ClassMalformed, req: "TKT-KIND-7"},
		{name: "[TKT-KIND-7] the peer device not among the audiences", kind: iPeerObject, pairs: []string{`<saml:Audience>` + DeviceAudience(mustDevice(t, vectors.KeyDeviceB)) + `</saml:Audience>`, ``}, pol: func(p *Policy) { p.Audience = "urn:relay" }, class: ClassMalformed, req: "TKT-KIND-7"},
		{name: "[TKT-KIND-7] no peer device", kind: iPeerObject, pairs: []string{`<saml:Attribute Name="urn:livemesh:ticket:peer-device" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>` + devB + `</saml:AttributeValue></saml:Attribute>`, ``}, class: ClassMalformed, req: "TKT-KIND-7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, tk, kc := kindTicket(t, tc.kind)
			tk = f.resign(t, tk, tc.pairs...)
			_, v := kc.fixture(t)
			if tc.pol != nil {
				v = f.verifier(t, func(p *Policy) {
					p.Audience = v.audience
					tc.pol(p)
				})
			}
			_, err := v.Verify(tk)
			wantErr(t, err, tc.class, tc.req)
		})
	}
}

func TestIssueRefusesClaims(t *testing.T) {
	devA, devB := mustDevice(t, vectors.KeyDeviceA), mustDevice(t, vectors.KeyDeviceB)
	alice := mustUser(t, "alice@example.com")
	aud := []string{testAudience}
	cases := []struct {
		name string
		c    Claims
		req  string
	}{
		{"[TKT-KIND-1] no kind", Claims{User: alice, Audiences: aud}, "TKT-KIND-1"},
		{"[TKT-KIND-9] a user ticket with a device", Claims{Kind: KindUser, User: alice, Device: devA, Audiences: aud}, "TKT-KIND-9"},
		{"[TKT-KIND-9] a device ticket with a user", Claims{Kind: KindDevice, User: alice, Device: devA, Audiences: aud}, "TKT-KIND-9"},
		{"[TKT-KIND-9] a device-claim ticket without user", Claims{Kind: KindDeviceClaim, Device: devA, Audiences: aud}, "TKT-KIND-9"},
		{"[TKT-KIND-9] a user ticket with a resource", Claims{Kind: KindUser, User: alice, Resource: "/", Audiences: aud}, "TKT-KIND-9"},
		{"[TKT-KIND-9] a user ticket with an authn context", Claims{Kind: KindUser, User: alice, AuthnContext: "x", Audiences: aud}, "TKT-KIND-9"},
		{"[TKT-KIND-9] a device ticket with a peer device", Claims{Kind: KindDevice, Device: devA, PeerDevice: devB, Audiences: aud}, "TKT-KIND-9"},
		{"[TKT-KIND-6] a resource ticket without actions", Claims{Kind: KindResource, User: alice, Resource: "/", Audiences: aud}, "TKT-KIND-6"},
		{"[TKT-KIND-6] an unknown action", Claims{Kind: KindResource, User: alice, Resource: "/", Actions: []Action{"Fly"}, Audiences: aud}, "TKT-KIND-6"},
		{"[TKT-KIND-7] a peer ticket to itself", Claims{Kind: KindPeer, Device: devA, PeerDevice: devA, Basis: BasisSameUser, User: alice, Audiences: []string{DeviceAudience(devA)}}, "TKT-KIND-7"},
		{"[TKT-KIND-7] a peer ticket not addressed to the peer", Claims{Kind: KindPeer, Device: devA, PeerDevice: devB, Basis: BasisSameUser, User: alice, Audiences: aud}, "TKT-KIND-7"},
		{"[TKT-KIND-7] a shared-object peer ticket without object", Claims{Kind: KindPeer, Device: devA, PeerDevice: devB, Basis: BasisSharedObject, Audiences: []string{DeviceAudience(devB)}}, "TKT-KIND-7"},
		{"[TKT-CLAIM-2] an audience with a tab", Claims{Kind: KindUser, User: alice, Audiences: []string{"urn:a\tb"}}, "TKT-CLAIM-1"},
		{"[TKT-CLAIM-2] an audience with a carriage return", Claims{Kind: KindUser, User: alice, Audiences: []string{"urn:a\rb"}}, "TKT-CLAIM-1"},
		{"[TKT-CLAIM-2] an audience that is not UTF-8", Claims{Kind: KindUser, User: alice, Audiences: []string{"urn:a\xffb"}}, "TKT-CLAIM-1"},
		{"[TKT-CLAIM-2] an empty audience", Claims{Kind: KindUser, User: alice, Audiences: []string{""}}, "TKT-CLAIM-1"},
		{"[TKT-CLAIM-2] an authn context with U+FFFE", Claims{Kind: KindAuth, User: alice, AuthnContext: "x\ufffe", Audiences: aud}, "TKT-CLAIM-1"},
		{"[TKT-CLAIM-4] a resource with a trailing slash", Claims{Kind: KindResource, User: alice, Resource: "/a/", Actions: []Action{ActionRead}, Audiences: aud}, "TKT-CLAIM-4"},
		{"[TKT-LIM-3] nine audiences", Claims{Kind: KindUser, User: alice, Audiences: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}}, "TKT-LIM-3"},
		{"[TKT-LIM-1] a ticket that would be too long", Claims{Kind: KindUser, User: alice, Audiences: []string{strings.Repeat("a", 1024), strings.Repeat("b", 1024), strings.Repeat("c", 1024), strings.Repeat("d", 1024), strings.Repeat("e", 1024)}}, "TKT-LIM-1"},
	}
	f := newFixture(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.issuer.Issue(tc.c)
			wantErr(t, err, ClassClaim, tc.req)
		})
	}
}
