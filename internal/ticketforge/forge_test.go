package ticketforge

import (
	"strings"
	"testing"
)

// The forge's output is checked against package saml's Issue and verifier in saml's tests
// (TestForge and the attack suite); here, its own failures are errors, never panics.
func TestForgeRefusesBadInputWithErrors(t *testing.T) {
	const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_00112233445566778899aabbccddeeff" IssueInstant="2008-04-23T10:00:00Z" Version="2.0"><saml:Issuer>urn:x</saml:Issuer></saml:Assertion>`
	if _, err := Forge(assertion, Spec{}); err != nil {
		t.Fatalf("profile-shaped assertion: %v", err)
	}
	cases := map[string]struct {
		xml  string
		spec Spec
	}{
		"unknown key":  {assertion, Spec{Key: "no-such-key"}},
		"no ID":        {strings.Replace(assertion, `ID="_00112233445566778899aabbccddeeff" `, "", 1), Spec{}},
		"not XML":      {"<saml:Assertion", Spec{}},
		"unknown cert": {assertion, Spec{Certs: []string{"nope"}}},
	}
	for name, tc := range cases {
		if out, err := Forge(tc.xml, tc.spec); err == nil {
			t.Errorf("%s: forged %q", name, out)
		}
	}
}
