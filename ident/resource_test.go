package ident

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"

	"pgregory.net/rapid"
)

var bits128Gen = rapid.Custom(func(t *rapid.T) [16]byte {
	var b [16]byte
	copy(b[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "bits"))
	return b
})

func TestResourceID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want outcome
	}{
		{"[IDENT-RES-1] historical ID accepted", "UICFO4FJCPQU5CLZ3SLHA73UUY", outcome{Printed: "UICFO4FJCPQU5CLZ3SLHA73UUY"}},
		{"[IDENT-RES-3] lower case refused", "uicfo4fjcpqu5clz3slha73uuy", outcome{Req: "IDENT-RES-3", Kind: KindChar}},
		{"[IDENT-RES-3] one lower-case letter refused", "UICFO4FJCPQU5CLz3SLHA73UUY", outcome{Req: "IDENT-RES-3", Kind: KindChar}},
		{"[IDENT-RES-3] digit 1 refused", "UICFO4FJCPQU5CL13SLHA73UUY", outcome{Req: "IDENT-RES-3", Kind: KindChar}},
		{"[IDENT-RES-3] digit 8 refused", "8ICFO4FJCPQU5CLZ3SLHA73UUY", outcome{Req: "IDENT-RES-3", Kind: KindChar}},
		{"[IDENT-RES-3] padding refused", "UICFO4FJCPQU5CLZ3SLHA73UU=", outcome{Req: "IDENT-RES-3", Kind: KindChar}},
		{"[IDENT-RES-3] characters before spare bits", "uICFO4FJCPQU5CLZ3SLHA73UUZ", outcome{Req: "IDENT-RES-3", Kind: KindChar}},
		{"[IDENT-RES-4] empty refused", "", outcome{Req: "IDENT-RES-4", Kind: KindLength}},
		{"[IDENT-RES-4] 25 characters refused", "UICFO4FJCPQU5CLZ3SLHA73UU", outcome{Req: "IDENT-RES-4", Kind: KindLength}},
		{"[IDENT-RES-4] length before characters", "uicfo", outcome{Req: "IDENT-RES-4", Kind: KindLength}},
		{"[IDENT-LIM-1] 27 characters refused first", "uicfo4fjcpqu5clz3slha73uuyy", outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
		{"[IDENT-RES-5] spare bits refused", "UICFO4FJCPQU5CLZ3SLHA73UUB", outcome{Req: "IDENT-RES-5", Kind: KindNonCanonical}},
		{"[IDENT-RES-5] spare bits zero in every allowed last symbol", "AAAAAAAAAAAAAAAAAAAAAAAAA4", outcome{Printed: "AAAAAAAAAAAAAAAAAAAAAAAAA4"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseResourceID(tc.in)
			checkOutcome(t, outcomeOf(r.String(), err), tc.want)
		})
	}
	t.Run("[IDENT-RES-5] exactly 8 last symbols allowed", func(t *testing.T) {
		var ok []string
		for _, c := range refAlphabet {
			if _, err := ParseResourceID(strings.Repeat("A", 25) + string(c)); err == nil {
				ok = append(ok, string(c))
			}
		}
		if got := strings.Join(ok, " "); got != "A E I M Q U Y 4" {
			t.Errorf("allowed last symbols %s", got)
		}
	})
	t.Run("[IDENT-RES-1] printed form is base32 of the 128 bits", rapid.MakeCheck(func(t *rapid.T) {
		b := bits128Gen.Draw(t, "b")
		r := ResourceIDFromBytes(b)
		want := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])
		if r.String() != want || !regexp.MustCompile(`^[2-7A-Z]{26}$`).MatchString(r.String()) {
			t.Fatalf("%s, want %s", r, want)
		}
	}))
	t.Run("[IDENT-LIM-4] resource ID round trip", rapid.MakeCheck(func(t *rapid.T) {
		r := ResourceIDFromBytes(bits128Gen.Draw(t, "b"))
		p, err := ParseResourceID(r.String())
		if err != nil || p != r || p.Bytes() != r.Bytes() {
			t.Fatalf("%v -> %v %v", r, p, err)
		}
		var u ResourceID
		b, _ := r.MarshalText()
		if err := u.UnmarshalText(b); err != nil || u != r {
			t.Fatalf("text round trip %v %v", u, err)
		}
	}))
	t.Run("[IDENT-RES-6] equal exactly when the strings are equal", rapid.MakeCheck(func(t *rapid.T) {
		a := ResourceIDFromBytes(bits128Gen.Draw(t, "a"))
		b := ResourceIDFromBytes(bits128Gen.Draw(t, "b"))
		if (a == b) != (a.String() == b.String()) {
			t.Fatalf("%v %v", a, b)
		}
	}))
	t.Run("[IDENT-RES-2] new IDs use exactly 16 bytes of the random source", rapid.MakeCheck(func(t *rapid.T) {
		src := rapid.SliceOfN(rapid.Byte(), 16, 40).Draw(t, "src")
		rd := bytes.NewReader(src)
		r, err := NewResourceID(rd)
		if err != nil {
			t.Fatal(err)
		}
		if rd.Len() != len(src)-16 || r.Bytes() != [16]byte(src[:16]) {
			t.Fatalf("consumed %d bytes, id %x from %x", len(src)-rd.Len(), r.Bytes(), src)
		}
	}))
	t.Run("[IDENT-RES-2] failing random source is an error", func(t *testing.T) {
		for _, rd := range []interface{ Read([]byte) (int, error) }{
			bytes.NewReader(make([]byte, 15)), iotest.ErrReader(errors.New("boom")), nil,
		} {
			r, err := NewResourceID(rd)
			if e := wantReq(t, err, "IDENT-RES-2"); e.Kind != KindRandom || !r.IsZero() {
				t.Errorf("kind %v, id %v", e.Kind, r)
			}
		}
	})
	t.Run("[IDENT-RES-1] example bytes", func(t *testing.T) {
		b, _ := hex.DecodeString("a2045770a913e14e8979dc96707f74a6")
		if got := ResourceIDFromBytes([16]byte(b)).String(); got != "UICFO4FJCPQU5CLZ3SLHA73UUY" {
			t.Errorf("got %s", got)
		}
	})
}

// ncNameRE is the ASCII subset of the XML NCName production.
var ncNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

func TestTicketID(t *testing.T) {
	good := "_0123456789abcdef0123456789abcdef"
	tests := []struct {
		name string
		in   string
		want outcome
	}{
		{"[IDENT-TKT-1] canonical accepted", good, outcome{Printed: good}},
		{"[IDENT-TKT-3] upper-case hex refused", strings.ToUpper(good), outcome{Req: "IDENT-TKT-3", Kind: KindChar}},
		{"[IDENT-TKT-3] one upper-case digit refused", good[:32] + "F", outcome{Req: "IDENT-TKT-3", Kind: KindChar}},
		{"[IDENT-TKT-3] missing underscore refused", "a" + good[1:], outcome{Req: "IDENT-TKT-3", Kind: KindSyntax}},
		{"[IDENT-TKT-3] no underscore, 32 digits refused by length", good[1:], outcome{Req: "IDENT-TKT-3", Kind: KindLength}},
		{"[IDENT-TKT-3] non-hex refused", good[:10] + "g" + good[11:], outcome{Req: "IDENT-TKT-3", Kind: KindChar}},
		{"[IDENT-TKT-3] dash refused", good[:10] + "-" + good[11:], outcome{Req: "IDENT-TKT-3", Kind: KindChar}},
		{"[IDENT-TKT-3] empty refused", "", outcome{Req: "IDENT-TKT-3", Kind: KindLength}},
		{"[IDENT-TKT-3] underscore checked before digits", "X" + strings.ToUpper(good[1:]), outcome{Req: "IDENT-TKT-3", Kind: KindSyntax}},
		{"[IDENT-LIM-1] 34 octets refused first", good + "0", outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := ParseTicketID(tc.in)
			checkOutcome(t, outcomeOf(id.String(), err), tc.want)
		})
	}
	t.Run("[IDENT-TKT-1] printed form is _ and lower-case hex, an NCName", rapid.MakeCheck(func(t *rapid.T) {
		b := bits128Gen.Draw(t, "b")
		id, err := NewTicketID(bytes.NewReader(b[:]))
		if err != nil {
			t.Fatal(err)
		}
		s := id.String()
		if s != "_"+hex.EncodeToString(b[:]) || len(s) != TicketIDLen || !ncNameRE.MatchString(s) {
			t.Fatalf("ticket ID %q for %x", s, b)
		}
	}))
	t.Run("[IDENT-LIM-4] ticket ID round trip", rapid.MakeCheck(func(t *rapid.T) {
		b := bits128Gen.Draw(t, "b")
		id, _ := NewTicketID(bytes.NewReader(b[:]))
		p, err := ParseTicketID(id.String())
		if err != nil || p != id || p.Bytes() != b {
			t.Fatalf("%v -> %v %v", id, p, err)
		}
		var u TicketID
		m, _ := id.MarshalText()
		if err := u.UnmarshalText(m); err != nil || u != id {
			t.Fatalf("text round trip %v %v", u, err)
		}
	}))
	t.Run("[IDENT-TKT-2] new IDs use exactly 16 bytes of the random source", func(t *testing.T) {
		src := bytes.Repeat([]byte{0xab}, 20)
		rd := bytes.NewReader(src)
		if _, err := NewTicketID(rd); err != nil || rd.Len() != 4 {
			t.Fatalf("err %v, left %d", err, rd.Len())
		}
		for _, rd := range []interface{ Read([]byte) (int, error) }{
			bytes.NewReader(make([]byte, 15)), iotest.ErrReader(errors.New("boom")), nil,
		} {
			id, err := NewTicketID(rd)
			if e := wantReq(t, err, "IDENT-TKT-2"); e.Kind != KindRandom || !id.IsZero() {
				t.Errorf("kind %v, id %v", e.Kind, id)
			}
		}
	})
}
