package saml

import (
	"crypto/x509"
	"encoding/base64"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

var sigRE = regexp.MustCompile(`<ds:Signature[\s\S]*</ds:Signature>`)

// unsigned returns the ticket's XML without its Signature.
func unsigned(ticket []byte) string { return sigRE.ReplaceAllString(string(ticket), "") }

// edit applies old → new replacements (every occurrence; each old must occur) to s.
func edit(tb testing.TB, s string, pairs ...string) string {
	tb.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			tb.Fatalf("edit: %q not found in %s", pairs[i], s)
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

// editBytes is edit on a signed ticket, leaving the signature as it is.
func editBytes(tb testing.TB, ticket []byte, pairs ...string) []byte {
	tb.Helper()
	return []byte(edit(tb, string(ticket), pairs...))
}

// signXML signs an unsigned Assertion with a published key, as the profile does (exclusive
// c14n, RSA-SHA256, the Signature after the first child element), whatever the Assertion
// says: tests use it to make correctly signed tickets that break rules Issue keeps.
func signXML(tb testing.TB, keyName, xml string, tune ...func(*dsig.SigningContext)) []byte {
	tb.Helper()
	k := vectors.MustKey(keyName)
	doc := etree.NewDocument()
	if err := doc.ReadFromString(xml); err != nil {
		tb.Fatalf("signXML: %v\n%s", err, xml)
	}
	root := doc.Root()
	ctx, err := dsig.NewSigningContext(k.Private, [][]byte{k.CertDER})
	if err != nil {
		tb.Fatal(err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	for _, f := range tune {
		f(ctx)
	}
	sig, err := ctx.ConstructSignature(root, true)
	if err != nil {
		tb.Fatal(err)
	}
	at := 0
	for i, c := range root.Child {
		if _, ok := c.(*etree.Element); ok {
			at = i + 1
			break
		}
	}
	root.InsertChildAt(at, sig)
	doc.WriteSettings = etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true}
	b, err := doc.WriteToBytes()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// resign removes the ticket's signature, applies the edits and signs it again with the
// fixture's key.
func (f *fixture) resign(tb testing.TB, ticket []byte, pairs ...string) []byte {
	tb.Helper()
	return signXML(tb, f.key.Name, edit(tb, unsigned(ticket), pairs...))
}

// wantErr checks that err is an *Error of the class and requirement.
func wantErr(tb testing.TB, err error, class Class, req string) {
	tb.Helper()
	var e *Error
	if !errors.As(err, &e) {
		tb.Fatalf("err = %v (%T), want *Error %s [%s]", err, err, class, req)
	}
	if e.Class != class || e.Req != req {
		tb.Fatalf("err = %v, want class %s [%s]", err, class, req)
	}
}

func sameClaims(tb testing.TB, got, want *Claims) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Fatalf("claims differ:\n got %+v\nwant %+v", got, want)
	}
}

type x509Cert = x509.Certificate

func b64std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
