package saml

import (
	"bytes"
	"strings"
	"testing"
)

func TestHeader(t *testing.T) {
	a, b := []byte("<ticket a/>"), []byte("<ticket\xffb/>")
	t.Run("[TKT-HDR-1] Authorization round trip", func(t *testing.T) {
		v, err := EncodeAuthorization(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(v, "MeshTicket ") || strings.ContainsAny(v, "+/=") {
			t.Fatalf("value %q", v)
		}
		for _, in := range []string{v, " \t" + v + " ", "meshticket " + v[len("MeshTicket "):], "MESHTICKET   " + v[len("MeshTicket "):]} {
			got, err := DecodeAuthorization(in)
			if err != nil || len(got) != 2 || !bytes.Equal(got[0], a) || !bytes.Equal(got[1], b) {
				t.Fatalf("decode %q: %q %v", in, got, err)
			}
		}
	})
	list, _ := EncodeAuthorization(a, b)
	list = list[len("MeshTicket "):]
	bad := []struct {
		name, in, req string
	}{
		{"[TKT-HDR-1] another scheme", "Bearer " + list, "TKT-HDR-1"},
		{"[TKT-HDR-1] no space after the scheme", "MeshTicket" + list, "TKT-HDR-1"},
		{"[TKT-HDR-1] a tab after the scheme", "MeshTicket\t" + list, "TKT-HDR-1"},
		{"[TKT-HDR-1] auth-params", "MeshTicket t=" + list, "TKT-HDR-1"},
		{"[TKT-HDR-1] a comma", "MeshTicket " + list + "," + list, "TKT-HDR-1"},
		{"[TKT-HDR-1] no credentials", "MeshTicket ", "TKT-HDR-1"},
		{"[TKT-HDR-2] an empty ticket", "MeshTicket " + list + "..", "TKT-HDR-2"},
		{"[TKT-HDR-2] padding", "MeshTicket YQ==", "TKT-HDR-1"},
		{"[TKT-HDR-2] standard alphabet", "MeshTicket a+b/", "TKT-HDR-1"},
		{"[TKT-HDR-2] non-zero spare bits", "MeshTicket YR", "TKT-HDR-2"},
		{"[TKT-HDR-2] impossible length", "MeshTicket Y", "TKT-HDR-2"},
		{"[TKT-LIM-4] too long", "MeshTicket " + strings.Repeat("A", MaxHeaderLen), "TKT-LIM-4"},
		{"[TKT-LIM-4] nine tickets", "MeshTicket " + strings.Repeat("YQ.", 8) + "YQ", "TKT-LIM-4"},
		{"[TKT-LIM-1] a ticket too long", "MeshTicket " + strings.Repeat("A", (MaxTicketSize+3)/3*4), "TKT-LIM-1"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeAuthorization(tc.in)
			wantErr(t, err, ClassMalformed, tc.req)
		})
	}
	t.Run("[TKT-LIM-4] eight tickets, the longest value", func(t *testing.T) {
		if _, err := DecodeAuthorization("MeshTicket " + strings.Repeat("YQ.", 7) + "YQ"); err != nil {
			t.Fatal(err)
		}
		long := "MeshTicket " + strings.Repeat("A", MaxHeaderLen-len("MeshTicket ")-len(".YQ")-4) + "AAAA.YQ"
		if len(long) != MaxHeaderLen {
			t.Fatal(len(long))
		}
		if _, err := DecodeAuthorization(long); err == nil || err.(*Error).Req == "TKT-LIM-4" {
			t.Fatalf("at the limit: %v", err) // refused for the ticket's size, not the field's
		}
		if _, err := EncodeAuthorization(a, a, a, a, a, a, a, a, a); err == nil {
			t.Fatal("nine tickets encoded")
		}
	})
	t.Run("[TKT-HDR-2] no ticket, an empty ticket", func(t *testing.T) {
		_, err := EncodeAuthorization()
		wantErr(t, err, ClassMalformed, "TKT-HDR-2")
		_, err = EncodeAuthorization(a, nil)
		wantErr(t, err, ClassMalformed, "TKT-HDR-2")
	})
	t.Run("[TKT-HDR-3] exactly one Authorization field", func(t *testing.T) {
		v, _ := EncodeAuthorization(a)
		if _, err := DecodeAuthorizationFields([]string{v}); err != nil {
			t.Fatal(err)
		}
		_, err := DecodeAuthorizationFields([]string{v, v})
		wantErr(t, err, ClassMalformed, "TKT-HDR-3")
		_, err = DecodeAuthorizationFields(nil)
		wantErr(t, err, ClassMalformed, "TKT-HDR-3")
	})
	t.Run("[TKT-HDR-4] Authentication-Info", func(t *testing.T) {
		v, err := EncodeAuthenticationInfo(a, b)
		if err != nil || !strings.HasPrefix(v, "tickets=") {
			t.Fatalf("%q %v", v, err)
		}
		for _, in := range []string{v, `nextnonce="x", ` + v + ` , qop=auth`, `TICKETS="` + v[len("tickets="):] + `"`, " tickets = " + v[len("tickets="):]} {
			got, err := DecodeAuthenticationInfo(in)
			if err != nil || len(got) != 2 || !bytes.Equal(got[1], b) {
				t.Fatalf("decode %q: %v", in, err)
			}
		}
		for _, in := range []string{"", "qop=auth", v + ", " + v, "tickets", `tickets="abc`, "tickets=YQ x", "=x", `tickets="Y+Q"`} {
			_, err := DecodeAuthenticationInfo(in)
			wantErr(t, err, ClassMalformed, "TKT-HDR-4")
		}
	})
}

func TestLimits(t *testing.T) {
	runCases(t, []vcase{
		{name: "[TKT-LIM-1] 8192 octets verify", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return append(b, bytes.Repeat([]byte(" "), MaxTicketSize-len(b))...)
		}},
		{name: "[TKT-LIM-1] 8193 octets are refused", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return append(b, bytes.Repeat([]byte(" "), MaxTicketSize+1-len(b))...)
		}, class: ClassMalformed, req: "TKT-LIM-1"},
		{name: "[TKT-LIM-2] nine levels", ticket: edits(pNameID, "><a><b><c><d><e><f></f></e></d></c></b></a><"), class: ClassMalformed, req: "TKT-LIM-2"},
		{name: "[TKT-LIM-2] eight levels parse", ticket: edits(pNameID, "><a><b><c><d><e></e></d></c></b></a><"), class: ClassMalformed, req: "TKT-FMT-7"},
		{name: "[TKT-LIM-3] nine audiences", ticket: edits(pAudience, strings.Repeat(pAudience, 9)), class: ClassMalformed, req: "TKT-LIM-3"},
		{name: "[TKT-LIM-3] eight audiences verify", ticket: resigned(pAudience, strings.Repeat(pAudience, 8))},
		{name: "[TKT-LIM-3] nine attributes", ticket: edits(pAttrEnd, nAttrs(8)+pAttrEnd), class: ClassMalformed, req: "TKT-LIM-3"},
	})
	t.Run("[TKT-LIM-3] nine actions", func(t *testing.T) {
		f, tk, kc := kindTicket(t, iResource)
		act := `<saml:Action Namespace="urn:oasis:names:tc:SAML:1.0:action:rwedc">Read</saml:Action>`
		tk = editBytes(t, tk, act, strings.Repeat(act, 9))
		_, v := kc.fixture(t)
		_ = f
		_, err := v.Verify(tk)
		wantErr(t, err, ClassMalformed, "TKT-LIM-3")
	})
}

func nAttrs(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(`<saml:Attribute Name="urn:x:` + string(rune('a'+i)) + `" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>v</saml:AttributeValue></saml:Attribute>`)
	}
	return b.String()
}
