package saml

import (
	"strings"
	"testing"
)

func TestClaimCharacters(t *testing.T) {
	t.Run("[TKT-CLAIM-1] allowed code points", func(t *testing.T) {
		for r, want := range map[rune]bool{
			0: false, '\t': false, '\n': false, '\r': false, 0x1f: false, ' ': true, '~': true, 0x7f: false,
			0x80: false, 0x9f: false, 0xa0: true, 'é': true, 0xd7ff: true, 0xe000: true, 0xfffd: true,
			0xfffe: false, 0xffff: false, 0x10000: true, 0x10ffff: true,
		} {
			if ValidClaimRune(r) != want {
				t.Errorf("ValidClaimRune(%U) = %v", r, !want)
			}
		}
		for s, ok := range map[string]bool{
			"a": true, "": false, strings.Repeat("x", MaxClaimLen): true, strings.Repeat("x", MaxClaimLen+1): false,
			"a\xffb": false, "\xed\xa0\x80": false, "用户": true, " lead and trail ": true,
		} {
			if got := checkClaimString("c", s) == ""; got != ok {
				t.Errorf("checkClaimString(%q) ok=%v", s, got)
			}
		}
	})
	t.Run("[TKT-CLAIM-4] resource paths", func(t *testing.T) {
		for p, ok := range map[string]bool{
			"/": true, "/V0.1/Mesh/MeshObjects/UICFO4FJCPQU5CLZ3SLHA73UUY": true, "/a%20b": true, "/a:b@c!$&'()*+,;=": true,
			"": false, "a": false, "/a/": false, "//a": false, "/a//b": false, "/./a": false, "/a/..": false,
			"/a%2fb": false, "/a%41": false, "/a%2": false, "/a?b": false, "/a#b": false, "/a b": false, "/é": false, "/a%2E": false,
		} {
			if got := checkResourcePath(p) == ""; got != ok {
				t.Errorf("checkResourcePath(%q) ok=%v, want %v", p, got, ok)
			}
		}
	})
	runCases(t, []vcase{
		{name: "[TKT-CLAIM-3] a tab in an audience", ticket: resigned(pAudience, `<saml:Audience>urn:a&#9;b</saml:Audience>`+pAudience), class: ClassMalformed, req: "TKT-CLAIM-3"},
		{name: "[TKT-CLAIM-3] a control character in the issuer", ticket: resigned(pIssuer, `<saml:Issuer>https://cloud.livemesh.example/&#x85;</saml:Issuer>`), class: ClassMalformed, req: "TKT-CLAIM-3"},
		{name: "[TKT-CLAIM-3] an empty subject", ticket: resigned(pNameID, "><"), class: ClassMalformed, req: "TKT-CLAIM-3"},
		{name: "[TKT-CLAIM-3] a carriage return in an attribute value", ticket: resigned(pKindUser, `<saml:AttributeValue>user&#13;</saml:AttributeValue>`), class: ClassMalformed, req: "TKT-CLAIM-3"},
	})
}
