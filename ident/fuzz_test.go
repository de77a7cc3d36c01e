package ident

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The fuzz targets assert, for any input: no panic; an accepted input
// prints in canonical form, and the printed form parses to the same value;
// a refusal is an *Error naming a requirement.

func checkRefusal(t *testing.T, in string, err error) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok || !reqRE.MatchString(e.Req) || e.Kind == 0 || len(e.Input) > MaxErrorInput {
		t.Fatalf("input %q: bad error %#v", in, err)
	}
}

func FuzzParseDeviceID(f *testing.F) {
	ex := "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"
	for _, s := range []string{ex, strings.ToLower(ex), undashed(ex), "", "-", ex[:62] + "K", "A3R73D6 2FG5WBP", strings.Repeat("A", 56), strings.Repeat("7", 63)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDeviceID(in)
		if err != nil {
			checkRefusal(t, in, err)
			return
		}
		s := d.String()
		if !printedRE.MatchString(s) || !strings.EqualFold(undashed(s), undashed(in)) {
			t.Fatalf("%q printed as %q", in, s)
		}
		if again, err := ParseDeviceID(s); err != nil || again != d {
			t.Fatalf("%q: printed %q parses to %v, %v", in, s, again, err)
		}
	})
}

func FuzzParseUserName(f *testing.F) {
	for _, s := range []string{"a@b.c", "John.Smith@Example.COM", "jose\u0301@correo.es", "用户@例子.中国", "\u0130@example.com",
		"a@xn--bcher-kva.example", "\"q\"@example.com", "a..b@c.d", "a@1.2.3.4", "\xff@x.y", "\u13a0@example.com", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		u, err := ParseUserName(in)
		if err != nil {
			checkRefusal(t, in, err)
			return
		}
		s := u.String()
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || s != norm.NFC.String(in) || len(s) > MaxUserNameLen {
			t.Fatalf("%q stored as %q", in, s)
		}
		again, err := ParseUserName(s)
		if err != nil || again != u || !again.Equal(u) {
			t.Fatalf("%q: stored %q parses to %v, %v", in, s, again, err)
		}
		l, d, _ := strings.Cut(u.Key(), "@")
		if userKey(l, d) != u.Key() {
			t.Fatalf("key %q of %q is not idempotent", u.Key(), in)
		}
	})
}

func FuzzParseEndpointID(f *testing.F) {
	for _, s := range []string{"urn:uuid:00000000-0000-0000-0000-000000000000", "a%2Fb", "a%00b", "a b", "%", "%g1", "", "mesh/cloud?x#y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseEndpointID(in)
		if ValidNSS(in) != (err == nil) || refValidNSS(in) != (err == nil) {
			t.Fatalf("%q: ValidNSS, reference and parser disagree (%v)", in, err)
		}
		if err != nil {
			checkRefusal(t, in, err)
			return
		}
		if e.String() != in {
			t.Fatalf("%q returned as %q", in, e)
		}
	})
}

func FuzzParseResourceID(f *testing.F) {
	for _, s := range []string{"UICFO4FJCPQU5CLZ3SLHA73UUY", "3XDCEOEAANZUPFD5OV7TLE3IFM", "uicfo4fjcpqu5clz3slha73uuy", "UICFO4FJCPQU5CLZ3SLHA73UUZ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ParseResourceID(in)
		if err != nil {
			checkRefusal(t, in, err)
			return
		}
		if r.String() != in {
			t.Fatalf("%q printed as %q", in, r)
		}
		if again, err := ParseResourceID(r.String()); err != nil || again != r {
			t.Fatalf("%q: %v %v", in, again, err)
		}
	})
}

func FuzzParseTicketID(f *testing.F) {
	for _, s := range []string{"_00112233445566778899aabbccddeeff", "_00112233445566778899AABBCCDDEEFF", "00112233445566778899aabbccddeeff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		id, err := ParseTicketID(in)
		if err != nil {
			checkRefusal(t, in, err)
			return
		}
		if id.String() != in || !ncNameRE.MatchString(in) {
			t.Fatalf("%q printed as %q", in, id)
		}
		if again, err := ParseTicketID(id.String()); err != nil || again != id {
			t.Fatalf("%q: %v %v", in, again, err)
		}
	})
}
