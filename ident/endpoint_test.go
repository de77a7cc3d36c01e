package ident

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// nssRE is RFC 2141's NSS grammar as the FeedSync validator writes it.
var nssRE = regexp.MustCompile(`^([0-9a-zA-Z()+,\-.:=@;$_!*'/?#]|%[0-9a-fA-F][0-9a-fA-F])+$`)

// refValidNSS is an independent statement of §3: the grammar, the length
// bounds and the %00 exclusion.
func refValidNSS(s string) bool {
	return len(s) >= 1 && len(s) <= 1024 && nssRE.MatchString(s) && !hasNulEscape(s)
}

func hasNulEscape(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' {
			if s[i+1] == '0' && s[i+2] == '0' {
				return true
			}
			i += 2
		}
	}
	return false
}

const nssUnreserved = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ()+,-.:=@;$_!*'/?#"

// nssGen draws valid NSS strings.
var nssGen = rapid.Custom(func(t *rapid.T) string {
	parts := rapid.SliceOfN(rapid.OneOf(
		rapid.SampledFrom(strings.Split(nssUnreserved, "")),
		rapid.Custom(func(t *rapid.T) string {
			const hx = "0123456789abcdefABCDEF"
			a := rapid.SampledFrom(strings.Split(hx, "")).Draw(t, "h1")
			b := rapid.SampledFrom(strings.Split(hx, "")).Draw(t, "h2")
			if a == "0" && b == "0" {
				b = "1"
			}
			return "%" + a + b
		}),
	), 1, 60).Draw(t, "parts")
	return strings.Join(parts, "")
})

func TestEndpointID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want outcome
	}{
		{"[IDENT-EP-1] every unreserved character accepted", nssUnreserved, outcome{Printed: nssUnreserved}},
		{"[IDENT-EP-1] escapes accepted", "%41%7e%7E%ff", outcome{Printed: "%41%7e%7E%ff"}},
		{"[IDENT-EP-1] urn:uuid accepted", "urn:uuid:9f1c5e2a-0000-4000-8000-000000000001", outcome{Printed: "urn:uuid:9f1c5e2a-0000-4000-8000-000000000001"}},
		{"[IDENT-EP-1] space refused", "a b", outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-1] percent at end refused", "ab%", outcome{Req: "IDENT-EP-1", Kind: KindSyntax}},
		{"[IDENT-EP-1] percent with one hex digit refused", "ab%4", outcome{Req: "IDENT-EP-1", Kind: KindSyntax}},
		{"[IDENT-EP-1] percent with non-hex refused", "%g0", outcome{Req: "IDENT-EP-1", Kind: KindSyntax}},
		{"[IDENT-EP-1] non-ASCII refused", "caf\u00e9", outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-1] characters RFC 2141 excludes refused", `a"b`, outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-1] backslash refused", `a\b`, outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-1] angle bracket refused", "a<b", outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-1] tilde refused (RFC 8141 only)", "a~b", outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-1] NUL octet refused", "a\x00b", outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-2] empty refused", "", outcome{Req: "IDENT-EP-2", Kind: KindLength}},
		{"[IDENT-EP-2] 1024 octets accepted", strings.Repeat("x", 1024), outcome{Printed: strings.Repeat("x", 1024)}},
		{"[IDENT-LIM-1] 1025 octets refused first", strings.Repeat(" ", 1025), outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
		{"[IDENT-EP-3] %00 refused", "a%00b", outcome{Req: "IDENT-EP-3", Kind: KindChar}},
		{"[IDENT-EP-3] %00 after %2500 escape context", "%2500", outcome{Printed: "%2500"}},
		{"[IDENT-EP-3] first offending position decides: %00 before space", "%00 ", outcome{Req: "IDENT-EP-3", Kind: KindChar}},
		{"[IDENT-EP-1] first offending position decides: space before %00", " %00", outcome{Req: "IDENT-EP-1", Kind: KindChar}},
		{"[IDENT-EP-4] input returned unchanged", "AbC%2f", outcome{Printed: "AbC%2f"}},
		{"[IDENT-EP-6] reserved characters still accepted by the parser", "a/b?c#d", outcome{Printed: "a/b?c#d"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseEndpointID(tc.in)
			checkOutcome(t, outcomeOf(e.String(), err), tc.want)
			if ValidNSS(tc.in) != (err == nil) {
				t.Errorf("ValidNSS disagrees with ParseEndpointID")
			}
		})
	}
	t.Run("[IDENT-EP-4] compared octet by octet, never normalized", func(t *testing.T) {
		pairs := [][2]string{{"%2F", "%2f"}, {"abc", "ABC"}, {"a%41", "aA"}, {"urn:X", "URN:X"}}
		for _, p := range pairs {
			a, err1 := ParseEndpointID(p[0])
			b, err2 := ParseEndpointID(p[1])
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if a == b {
				t.Errorf("%q and %q compare equal", p[0], p[1])
			}
		}
	})
	t.Run("[IDENT-EP-4] valid NSS round trips unchanged", rapid.MakeCheck(func(t *rapid.T) {
		s := nssGen.Draw(t, "nss")
		e, err := ParseEndpointID(s)
		if err != nil || e.String() != s {
			t.Fatalf("%q: %v %v", s, e, err)
		}
		var u EndpointID
		if err := u.UnmarshalText([]byte(s)); err != nil || u != e {
			t.Fatalf("text round trip %v %v", u, err)
		}
	}))
	t.Run("[IDENT-EP-1] parser agrees with the RFC 2141 grammar", rapid.MakeCheck(func(t *rapid.T) {
		s := rapid.OneOf(nssGen, rapid.String(), rapid.StringMatching(`[a%0-9 "~/]{0,12}`)).Draw(t, "s")
		if got, want := ValidNSS(s), refValidNSS(s); got != want {
			t.Fatalf("ValidNSS(%q) = %v, want %v", s, got, want)
		}
	}))
	t.Run("[IDENT-EP-5] sync ids use the same rules as endpoint IDs", rapid.MakeCheck(func(t *rapid.T) {
		s := rapid.OneOf(nssGen, rapid.String()).Draw(t, "s")
		_, err := ParseEndpointID(s)
		if ValidNSS(s) != (err == nil) {
			t.Fatalf("ValidNSS(%q) and ParseEndpointID disagree", s)
		}
	}))
	t.Run("[IDENT-EP-6] identifiers this package makes carry no reserved character", rapid.MakeCheck(func(t *rapid.T) {
		d := DeviceIDFromFingerprint(fingerprintGen.Draw(t, "fp"))
		r, _ := NewResourceID(bytes.NewReader(rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "r")))
		for _, s := range []string{d.String(), d.EndpointID().String(), r.String()} {
			if strings.ContainsAny(s, "/?#") {
				t.Fatalf("%q contains a reserved character", s)
			}
		}
	}))
	t.Run("[IDENT-EP-7] a device's endpoint ID is its printed device ID", rapid.MakeCheck(func(t *rapid.T) {
		d := DeviceIDFromFingerprint(fingerprintGen.Draw(t, "fp"))
		ep := d.EndpointID()
		if ep.String() != d.String() || !ValidNSS(ep.String()) {
			t.Fatalf("EndpointID %q for %q", ep, d)
		}
		if !(DeviceID{}).EndpointID().IsZero() {
			t.Fatal("zero DeviceID gave a non-zero EndpointID")
		}
	}))
}
