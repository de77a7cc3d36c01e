package saml

import (
	"strings"
	"testing"
	"time"

	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// Pieces of the user ticket the fixture issues, for edits.
const (
	pIssuer   = `<saml:Issuer>https://cloud.livemesh.example/</saml:Issuer>`
	pSubject  = `<saml:Subject>`
	pNameID   = `>alice@example.com<`
	pSC       = `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/>`
	pCondEnd  = `</saml:Conditions>`
	pAudience = `<saml:Audience>https://cloud.livemesh.example/V0.1/</saml:Audience>`
	pAttrEnd  = `</saml:AttributeStatement>`
	pKindUser = `<saml:AttributeValue>user</saml:AttributeValue>`
	pKindAttr = `<saml:Attribute Name="urn:livemesh:ticket:kind" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">`
	pIssue    = `IssueInstant="2026-03-04T05:06:07Z"`
	pNB       = `NotBefore="2026-03-04T05:06:07Z"`
	pNOA      = `NotOnOrAfter="2026-03-04T06:06:07Z"`
	pVersion  = `Version="2.0"`
	pC14N     = `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`
	pSigMeth  = `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>`
	pRefURI   = `<ds:Reference URI="#`
	pEnvT     = `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>`
	pExcT     = `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`
	pDigMeth  = `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>`
	pDigVal   = `<ds:DigestValue>`
	pSigVal   = `<ds:SignatureValue>`
	pSIEnd    = `</ds:SignedInfo>`
	pKeyInfo  = `<ds:KeyInfo>`
	pX509Data = `<ds:X509Data>`
	pCert     = `<ds:X509Certificate>`
	pCertEnd  = `</ds:X509Certificate>`
	pSigEnd   = `</ds:Signature>`
	pRoot     = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"`
	sigNS     = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">`
)

type vcase struct {
	name   string
	ticket func(t *testing.T, f *fixture, base []byte) []byte
	policy func(p *Policy)
	at     time.Time // the verifier's clock; zero: t0
	class  Class
	req    string // "" for a ticket that verifies
}

// edits returns a case builder that edits the signed base ticket without re-signing.
func edits(pairs ...string) func(*testing.T, *fixture, []byte) []byte {
	return func(t *testing.T, f *fixture, base []byte) []byte { return editBytes(t, base, pairs...) }
}

// resigned returns a case builder that edits the base ticket and signs it again.
func resigned(pairs ...string) func(*testing.T, *fixture, []byte) []byte {
	return func(t *testing.T, f *fixture, base []byte) []byte { return f.resign(t, base, pairs...) }
}

func runCases(t *testing.T, cases []vcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			base, _ := f.issue(t, f.userClaims())
			ticket := tc.ticket(t, f, base)
			if !tc.at.IsZero() {
				f.set(tc.at)
			}
			v := f.verifier(t, tc.policy)
			c, err := v.Verify(ticket)
			if tc.req == "" {
				if err != nil {
					t.Fatalf("Verify: %v\n%s", err, ticket)
				}
				if c == nil {
					t.Fatal("no claims")
				}
				return
			}
			wantErr(t, err, tc.class, tc.req)
		})
	}
}

func TestVerifyFormat(t *testing.T) {
	runCases(t, []vcase{
		{name: "[TKT-FMT-1] the issued ticket verifies", ticket: edits()},
		{name: "[TKT-FMT-1] white space around the document element is allowed", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte("\r\n \t" + string(b) + "\n")
		}},
		{name: "[TKT-FMT-1] invalid UTF-8", ticket: edits(pNameID, ">alice\xff@example.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] not well-formed", ticket: func(t *testing.T, f *fixture, b []byte) []byte { return b[:len(b)-3] }, class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] empty", ticket: func(*testing.T, *fixture, []byte) []byte { return nil }, class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] XML declaration naming another version", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte(`<?xml version="1.1" encoding="UTF-8"?>` + string(b))
		}, class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] XML declaration not at the start", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte(" <?xml version=\"1.0\"?>" + string(b))
		}, class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] DOCTYPE", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte(`<!DOCTYPE saml:Assertion>` + string(b))
		}, class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] comment inside a signed value", ticket: edits(pNameID, ">alice@example.com<!---->.evil.com<"), class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] comment between elements", ticket: edits(pSubject, pSubject+"<!-- x -->"), class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] processing instruction", ticket: edits(pSubject, pSubject+"<?pi x?>"), class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] a second document element", ticket: func(t *testing.T, f *fixture, b []byte) []byte { return append(b, "<x/>"...) }, class: ClassMalformed, req: "TKT-FMT-1"},
		{name: "[TKT-FMT-1] text after the document element", ticket: func(t *testing.T, f *fixture, b []byte) []byte { return append(b, "x"...) }, class: ClassMalformed, req: "TKT-FMT-1"},

		{name: "[TKT-FMT-2] other prefixes verify", ticket: resigned("saml:", "a:", "xmlns:saml", "xmlns:a")},
		{name: "[TKT-FMT-2] the default namespace verifies", ticket: resigned("saml:", "", "xmlns:saml", "xmlns")},
		{name: "[TKT-FMT-2] xml prefix rebound", ticket: edits(pRoot, pRoot+` xmlns:xml="urn:x"`), class: ClassMalformed, req: "TKT-FMT-2"},
		{name: "[TKT-FMT-2] xmlns prefix declared", ticket: edits(pRoot, pRoot+` xmlns:xmlns="urn:x"`), class: ClassMalformed, req: "TKT-FMT-2"},
		{name: "[TKT-FMT-2] prefix undeclared", ticket: edits(pSubject, `<saml:Subject xmlns:p="">`), class: ClassMalformed, req: "TKT-FMT-2"},
		{name: "[TKT-FMT-2] declaration repeated", ticket: edits(pRoot, pRoot+` xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"`), class: ClassMalformed, req: "TKT-FMT-2"},
		{name: "[TKT-FMT-2] XML namespace as default", ticket: edits(pSubject, `<saml:Subject xmlns="http://www.w3.org/XML/1998/namespace">`), class: ClassMalformed, req: "TKT-FMT-2"},

		{name: "[TKT-FMT-3] root in another namespace", ticket: edits(`xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"`, `xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion"`), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] Subject in another namespace", ticket: edits(pSubject, `<saml:Subject xmlns:saml="urn:evil">`), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] root is not an Assertion", ticket: edits("saml:Assertion", "saml:Response"), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] wrapped in another element", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte(`<saml:Response xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">` + string(b) + `</saml:Response>`)
		}, class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] SubjectConfirmationData", ticket: edits(pSC, `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData/></saml:SubjectConfirmation>`), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] Advice", ticket: edits(pCondEnd, pCondEnd+`<saml:Advice/>`), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] unknown condition", ticket: edits(pCondEnd, `<saml:ProxyRestriction/>`+pCondEnd), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] two AttributeStatements", ticket: edits(pAttrEnd, pAttrEnd+`<saml:AttributeStatement/>`), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] a second Assertion after the statements", ticket: edits(pAttrEnd, pAttrEnd+`<saml:Assertion/>`), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] no Issuer", ticket: edits(pIssuer, ""), class: ClassMalformed, req: "TKT-FMT-3"},
		{name: "[TKT-FMT-3] no Conditions", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i, j := strings.Index(s, "<saml:Conditions"), strings.Index(s, pCondEnd)
			return []byte(s[:i] + s[j+len(pCondEnd):])
		}, class: ClassMalformed, req: "TKT-FMT-3"},

		{name: "[TKT-FMT-4] xsi:type on a value", ticket: edits(pKindUser, `<saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">user</saml:AttributeValue>`), class: ClassMalformed, req: "TKT-FMT-4"},
		{name: "[TKT-FMT-4] NameQualifier", ticket: edits(`<saml:NameID `, `<saml:NameID NameQualifier="x" `), class: ClassMalformed, req: "TKT-FMT-4"},
		{name: "[TKT-FMT-4] Id on Subject", ticket: edits(pSubject, `<saml:Subject ID="_00000000000000000000000000000000">`), class: ClassMalformed, req: "TKT-FMT-4"},
		{name: "[TKT-FMT-4] no IssueInstant", ticket: edits(pIssue, ""), class: ClassMalformed, req: "TKT-FMT-4"},
		{name: "[TKT-FMT-4] repeated attribute", ticket: edits(pVersion, pVersion+" "+pVersion), class: ClassMalformed, req: "TKT-FMT-4"},
		{name: "[TKT-FMT-4] xml:lang", ticket: edits(pNameID, ` xml:lang="en"`+pNameID), class: ClassMalformed, req: "TKT-FMT-4"},

		{name: "[TKT-FMT-5] Version 2.1", ticket: edits(pVersion, `Version="2.1"`), class: ClassMalformed, req: "TKT-FMT-5"},
		{name: "[TKT-FMT-5] ID in upper case", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i := strings.Index(s, `ID="_`) + 5
			return []byte(s[:i] + strings.ToUpper(s[i:i+32]) + s[i+32:])
		}, class: ClassMalformed, req: "TKT-FMT-5"},
		{name: "[TKT-FMT-5] ID without underscore", ticket: edits(`ID="_`, `ID="x`), class: ClassMalformed, req: "TKT-FMT-5"},

		{name: "[TKT-FMT-6] fraction of a second", ticket: edits(pIssue, `IssueInstant="2026-03-04T05:06:07.000Z"`), class: ClassMalformed, req: "TKT-FMT-6"},
		{name: "[TKT-FMT-6] offset", ticket: edits(pNB, `NotBefore="2026-03-04T05:06:07+00:00"`), class: ClassMalformed, req: "TKT-FMT-6"},
		{name: "[TKT-FMT-6] no zone", ticket: edits(pNOA, `NotOnOrAfter="2026-03-04T06:06:07"`), class: ClassMalformed, req: "TKT-FMT-6"},
		{name: "[TKT-FMT-6] 30 February", ticket: edits(pIssue, `IssueInstant="2026-02-30T05:06:07Z"`), class: ClassMalformed, req: "TKT-FMT-6"},
		{name: "[TKT-FMT-6] hour 24", ticket: edits(pIssue, `IssueInstant="2026-03-04T24:00:00Z"`), class: ClassMalformed, req: "TKT-FMT-6"},
		{name: "[TKT-FMT-6] leap second", ticket: edits(pIssue, `IssueInstant="2026-03-04T05:06:60Z"`), class: ClassMalformed, req: "TKT-FMT-6"},
		{name: "[TKT-FMT-6] year 0000", ticket: edits(pIssue, `IssueInstant="0000-03-04T05:06:07Z"`), class: ClassMalformed, req: "TKT-FMT-6"},

		{name: "[TKT-FMT-7] text among elements", ticket: edits(pSubject, pSubject+"x"), class: ClassMalformed, req: "TKT-FMT-7"},
		{name: "[TKT-FMT-7] element inside a value", ticket: edits(pNameID, `>alice@example.com<saml:X/><`), class: ClassMalformed, req: "TKT-FMT-7"},
		{name: "[TKT-FMT-7] white space among elements verifies", ticket: resigned(pSubject, pSubject+"\n  ", pCondEnd, "\n"+pCondEnd)},

		{name: "[TKT-FMT-8] NameID Format unspecified", ticket: edits("nameid-format:emailAddress", "nameid-format:unspecified"), class: ClassMalformed, req: "TKT-FMT-8"},
		{name: "[TKT-FMT-8] holder-of-key", ticket: edits("cm:bearer", "cm:holder-of-key"), class: ClassMalformed, req: "TKT-FMT-8"},

		{name: "[TKT-FMT-9] NameFormat basic", ticket: edits("attrname-format:uri", "attrname-format:basic"), class: ClassMalformed, req: "TKT-FMT-9"},
		{name: "[TKT-FMT-9] two values", ticket: edits(pKindUser, pKindUser+pKindUser), class: ClassMalformed, req: "TKT-FMT-9"},
		{name: "[TKT-FMT-9] no value", ticket: edits(pKindUser, ""), class: ClassMalformed, req: "TKT-FMT-9"},
		{name: "[TKT-FMT-9] attribute twice", ticket: edits(pAttrEnd, pKindAttr+pKindUser+`</saml:Attribute>`+pAttrEnd), class: ClassMalformed, req: "TKT-FMT-9"},
	})
}

func TestIssuedForm(t *testing.T) {
	t.Run("[TKT-FMT-10] prefixes, declarations, no white space", func(t *testing.T) {
		f := newFixture(t)
		b, _ := f.issue(t, f.userClaims())
		s := string(b)
		if !strings.HasPrefix(s, pRoot) || !strings.Contains(s, pIssuer+sigNS) {
			t.Fatalf("layout: %s", s)
		}
		if strings.Count(s, "xmlns:") != 2 || strings.ContainsAny(s, "\n\r\t") || strings.Contains(s, "<?xml") || strings.Contains(s, "> <") {
			t.Fatalf("layout: %s", s)
		}
	})
	t.Run("[TKT-FMT-5] IDs are fresh ticket IDs from the issuer's randomness", func(t *testing.T) {
		f := newFixture(t)
		_, c1 := f.issue(t, f.userClaims())
		_, c2 := f.issue(t, f.userClaims())
		if c1.ID == c2.ID || c1.ID.IsZero() {
			t.Fatalf("IDs %v %v", c1.ID, c2.ID)
		}
		k := vectors.MustKey(vectors.KeyCloudA)
		is, err := NewIssuer(IssuerConfig{Name: testIssuer, Key: k.Private, Cert: k.CertDER, Clock: f.now, Rand: strings.NewReader("short")})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = is.Issue(f.userClaims())
		wantErr(t, err, ClassConfig, "TKT-FMT-5")
	})
}

func TestVerifySignature(t *testing.T) {
	runCases(t, []vcase{
		{name: "[TKT-SIG-1] no Signature", ticket: func(t *testing.T, f *fixture, b []byte) []byte { return []byte(unsigned(b)) }, class: ClassSignature, req: "TKT-SIG-1"},
		{name: "[TKT-SIG-1] Signature moved into Subject", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			sig := sigRE.FindString(string(b))
			return []byte(edit(t, unsigned(b), pSubject, pSubject+sig))
		}, class: ClassSignature, req: "TKT-SIG-1"},
		{name: "[TKT-SIG-1] Signature after the statements", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			sig := sigRE.FindString(string(b))
			return []byte(edit(t, unsigned(b), pAttrEnd, pAttrEnd+sig))
		}, class: ClassSignature, req: "TKT-SIG-1"},
		{name: "[TKT-SIG-1] Signature twice", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			sig := sigRE.FindString(string(b))
			return []byte(edit(t, string(b), pSigEnd+pSubject, pSigEnd+sig+pSubject))
		}, class: ClassSignature, req: "TKT-SIG-1"},
		{name: "[TKT-SIG-1] Signature before Issuer", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			sig := sigRE.FindString(string(b))
			return []byte(edit(t, unsigned(b), pIssuer, sig+pIssuer))
		}, class: ClassMalformed, req: "TKT-FMT-3"},

		{name: "[TKT-SIG-2] ds:Object", ticket: edits(pSigEnd, "<ds:Object/>"+pSigEnd), class: ClassSignature, req: "TKT-SIG-2"},
		{name: "[TKT-SIG-2] Id on the Signature", ticket: edits(sigNS, `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s">`), class: ClassSignature, req: "TKT-SIG-2"},
		{name: "[TKT-SIG-2] no KeyInfo", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i, j := strings.Index(s, pKeyInfo), strings.Index(s, "</ds:KeyInfo>")
			return []byte(s[:i] + s[j+len("</ds:KeyInfo>"):])
		}, class: ClassSignature, req: "TKT-SIG-2"},
		{name: "[TKT-SIG-2] text in SignedInfo", ticket: edits(pSIEnd, "x"+pSIEnd), class: ClassSignature, req: "TKT-SIG-2"},
		{name: "[TKT-SIG-2] comment in the Signature", ticket: edits(pSIEnd, "<!--x-->"+pSIEnd), class: ClassMalformed, req: "TKT-FMT-1"},

		{name: "[TKT-SIG-3] inclusive c14n 1.1", ticket: edits(pC14N, `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>`), class: ClassSignature, req: "TKT-SIG-3"},
		{name: "[TKT-SIG-3] exclusive c14n with comments", ticket: edits(pC14N, `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#WithComments"/>`), class: ClassSignature, req: "TKT-SIG-3"},
		{name: "[TKT-SIG-3] InclusiveNamespaces parameter", ticket: edits(pC14N, `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:CanonicalizationMethod>`), class: ClassSignature, req: "TKT-SIG-3"},
		{name: "[TKT-SIG-3] no CanonicalizationMethod", ticket: edits(pC14N, ""), class: ClassSignature, req: "TKT-SIG-3"},

		{name: "[TKT-SIG-4] RSA-SHA1", ticket: edits(pSigMeth, `<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>`), class: ClassSignature, req: "TKT-SIG-4"},
		{name: "[TKT-SIG-4] HMAC", ticket: edits(pSigMeth, `<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/>`), class: ClassSignature, req: "TKT-SIG-4"},
		{name: "[TKT-SIG-4] a correct RSA-SHA1 signature", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return signXML(t, f.key.Name, unsigned(b), func(c *dsig.SigningContext) {
				if err := c.SetSignatureMethod(dsig.RSASHA1SignatureMethod); err != nil {
					t.Fatal(err)
				}
			})
		}, class: ClassSignature, req: "TKT-SIG-4"},

		{name: "[TKT-SIG-5] whole-document reference", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i := strings.Index(s, pRefURI) + len(pRefURI) - 1
			return []byte(s[:i] + s[i+34:])
		}, class: ClassSignature, req: "TKT-SIG-5"},
		{name: "[TKT-SIG-5] reference to another ID", ticket: edits(pRefURI, pRefURI+"x"), class: ClassSignature, req: "TKT-SIG-5"},
		{name: "[TKT-SIG-5] two references", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i, j := strings.Index(s, "<ds:Reference"), strings.Index(s, "</ds:Reference>")+len("</ds:Reference>")
			return []byte(s[:j] + s[i:j] + s[j:])
		}, class: ClassSignature, req: "TKT-SIG-5"},

		{name: "[TKT-SIG-6] no enveloped transform", ticket: edits(pEnvT, ""), class: ClassSignature, req: "TKT-SIG-6"},
		{name: "[TKT-SIG-6] three transforms", ticket: edits(pExcT, pExcT+pExcT), class: ClassSignature, req: "TKT-SIG-6"},
		{name: "[TKT-SIG-6] XPath transform", ticket: edits(pExcT, `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"/>`), class: ClassSignature, req: "TKT-SIG-6"},
		{name: "[TKT-SIG-6] InclusiveNamespaces", ticket: edits(pExcT, `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform>`), class: ClassSignature, req: "TKT-SIG-6"},

		{name: "[TKT-SIG-7] SHA-1 digest", ticket: edits(pDigMeth, `<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>`), class: ClassSignature, req: "TKT-SIG-7"},
		{name: "[TKT-SIG-7] short digest value", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i := strings.Index(s, pDigVal) + len(pDigVal)
			return []byte(s[:i] + "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" + s[i+44:])
		}, class: ClassSignature, req: "TKT-SIG-7"},
		{name: "[TKT-SIG-7] digest value not base64", ticket: edits(pDigVal, pDigVal+"!"), class: ClassSignature, req: "TKT-SIG-7"},

		{name: "[TKT-SIG-8] a space in the signature value", ticket: edits(pSigVal, pSigVal+" "), class: ClassSignature, req: "TKT-SIG-8"},
		{name: "[TKT-SIG-8] a tab in the signature value", ticket: edits(pSigVal, pSigVal+"\t"), class: ClassSignature, req: "TKT-SIG-8"},
		{name: "[TKT-SIG-8] line breaks in the signature value are allowed", ticket: edits(pSigVal, pSigVal+"\r\n"), req: ""},
		{name: "[TKT-FMT-1] an XML declaration naming UTF-8 is allowed", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte(`<?xml version="1.0" encoding="utf-8" standalone="no"?>` + "\n" + string(b))
		}, req: ""},
		{name: "[TKT-SIG-8] not base64", ticket: edits(pSigVal, pSigVal+"*"), class: ClassSignature, req: "TKT-SIG-8"},

		{name: "[TKT-SIG-9] two certificates", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i, j := strings.Index(s, pCert), strings.Index(s, pCertEnd)+len(pCertEnd)
			return []byte(s[:j] + s[i:j] + s[j:])
		}, class: ClassSignature, req: "TKT-SIG-9"},
		{name: "[TKT-SIG-9] KeyName instead of X509Data", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			s := string(b)
			i, j := strings.Index(s, pKeyInfo)+len(pKeyInfo), strings.Index(s, "</ds:KeyInfo>")
			return []byte(s[:i] + "<ds:KeyName>cloud</ds:KeyName>" + s[j:])
		}, class: ClassSignature, req: "TKT-SIG-9"},
		{name: "[TKT-SIG-9] certificate not base64", ticket: edits(pCert, pCert+"*"), class: ClassSignature, req: "TKT-SIG-9"},
		{name: "[TKT-SIG-9] white space in the certificate verifies", ticket: edits(pCert, pCert+"\n ")},

		{name: "[TKT-SIG-11] signed by an unpinned key", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return signXML(t, vectors.KeyAttacker, unsigned(b))
		}, class: ClassSignature, req: "TKT-SIG-11"},
		{name: "[TKT-SIG-11] the rollover successor is not pinned", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return signXML(t, vectors.KeyCloudB, unsigned(b))
		}, class: ClassSignature, req: "TKT-SIG-11"},
		{name: "[TKT-SIG-11] rollover: both pinned, the successor verifies", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return signXML(t, vectors.KeyCloudB, unsigned(b))
		}, policy: func(p *Policy) { p.Certs = append(p.Certs, vectors.MustKey(vectors.KeyCloudB).Cert) }},
		{name: "[TKT-SIG-11] rollover: both pinned, the old key verifies", ticket: edits(), policy: func(p *Policy) {
			p.Certs = append([]*x509Cert{vectors.MustKey(vectors.KeyCloudB).Cert}, p.Certs...)
		}},

		{name: "[TKT-SIG-12] a signed value changed", ticket: edits(pNameID, ">alicf@example.com<"), class: ClassSignature, req: "TKT-SIG-12"},
		{name: "[TKT-SIG-12] the signature value changed", ticket: edits(pSigVal, pSigVal+"AAAA"), class: ClassSignature, req: "TKT-SIG-12"},
		{name: "[TKT-SIG-12] the attacker's signature with the pinned certificate", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			att := vectors.MustKey(vectors.KeyAttacker)
			s := string(signXML(t, vectors.KeyAttacker, unsigned(b)))
			return []byte(strings.Replace(s, b64std(att.CertDER), b64std(f.key.CertDER), 1))
		}, class: ClassSignature, req: "TKT-SIG-12"},
		{name: "[TKT-SIG-12] KeyInfo selects a pinned key that did not sign", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return []byte(strings.Replace(string(b), b64std(f.key.CertDER), b64std(vectors.MustKey(vectors.KeyCloudB).CertDER), 1))
		}, policy: func(p *Policy) { p.Certs = append(p.Certs, vectors.MustKey(vectors.KeyCloudB).Cert) }, class: ClassSignature, req: "TKT-SIG-12"},
	})
}

func TestVerifySignatureValueSpace(t *testing.T) {
	runCases(t, []vcase{
		{name: "[TKT-SIG-7] white space in the digest value", ticket: edits(pDigVal, pDigVal+"\n"), class: ClassSignature, req: "TKT-SIG-7"},
	})
}
