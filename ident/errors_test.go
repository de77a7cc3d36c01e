package ident

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// parsers lists every parser with a function giving the canonical form of
// what it accepted.
var parsers = map[string]func(string) (string, error){
	"device":   func(s string) (string, error) { v, err := ParseDeviceID(s); return v.String(), err },
	"endpoint": func(s string) (string, error) { v, err := ParseEndpointID(s); return v.String(), err },
	"user":     func(s string) (string, error) { v, err := ParseUserName(s); return v.String(), err },
	"resource": func(s string) (string, error) { v, err := ParseResourceID(s); return v.String(), err },
	"ticket":   func(s string) (string, error) { v, err := ParseTicketID(s); return v.String(), err },
	"spki": func(s string) (string, error) {
		v, err := DeviceIDFromSPKI([]byte(s))
		return v.String(), err
	},
}

var reqRE = regexp.MustCompile(`^IDENT-(LIM|USER|EP|DEV|RES|TKT)-[1-9][0-9]*$`)

func TestNeverFails(t *testing.T) {
	t.Run("[IDENT-LIM-2] arbitrary input is accepted or refused, never a panic", rapid.MakeCheck(func(t *rapid.T) {
		in := rapid.OneOf(
			rapid.String(),
			rapid.StringN(0, 1100, -1),
			rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 80), func(b []byte) string { return string(b) }),
			rapid.StringMatching(`[A-Za-z2-7\-=0189 ]{50,70}`),
			rapid.StringMatching(`[a-z.@\-]{0,20}`),
		).Draw(t, "in")
		for name, parse := range parsers {
			out, err := parse(in)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || !reqRE.MatchString(e.Req) || e.Kind == 0 {
					t.Fatalf("%s(%q): error %#v", name, in, err)
				}
				continue
			}
			if name == "spki" {
				continue
			}
			again, err := parsers[name](out)
			if err != nil || again != out {
				t.Fatalf("%s: accepted %q printed as %q, which parses to %q, %v", name, in, out, again, err)
			}
		}
	}))
}

func TestErrors(t *testing.T) {
	t.Run("[IDENT-LIM-3] errors name the requirement and quote the input", func(t *testing.T) {
		_, err := ParseResourceID("uicfo4fjcpqu5clz3slha73uuy")
		var e *Error
		if !errors.As(fmt.Errorf("wrapped: %w", err), &e) {
			t.Fatal("errors.As failed")
		}
		want := &Error{Kind: KindChar, Req: "IDENT-RES-3", What: "resource ID", Input: "uicfo4fjcpqu5clz3slha73uuy", Detail: `lower-case 'u'; resource IDs are upper case`}
		if d := cmp.Diff(want, e); d != "" {
			t.Error(d)
		}
		if got := e.Error(); got != `ident: [IDENT-RES-3] resource ID "uicfo4fjcpqu5clz3slha73uuy": lower-case 'u'; resource IDs are upper case` {
			t.Errorf("message %q", got)
		}
	})
	t.Run("[IDENT-LIM-3] long input truncated in errors at a character boundary", func(t *testing.T) {
		in := strings.Repeat("é", 600) + "@x"
		_, err := ParseUserName(in)
		e := wantReq(t, err, "IDENT-LIM-1")
		if !e.Truncated || len(e.Input) > MaxErrorInput || !utf8.ValidString(e.Input) || !strings.HasPrefix(in, e.Input) {
			t.Errorf("input %q truncated=%v", e.Input, e.Truncated)
		}
		if msg := e.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, `..."`) && !strings.Contains(msg, `"...`) {
			t.Errorf("message %q", msg)
		}
		_, err = ParseEndpointID(strings.Repeat("\xff", 2000))
		e = wantReq(t, err, "IDENT-LIM-1")
		if len(e.Input) != MaxErrorInput || !e.Truncated {
			t.Errorf("input of %d bytes", len(e.Input))
		}
	})
	t.Run("[IDENT-LIM-3] every refusal has a kind with a name", func(t *testing.T) {
		for k := KindLength; k <= KindRandom; k++ {
			if strings.HasPrefix(k.String(), "ErrorKind(") {
				t.Errorf("kind %d has no name", k)
			}
		}
		if ErrorKind(99).String() != "ErrorKind(99)" {
			t.Error("unknown kind")
		}
	})
}
