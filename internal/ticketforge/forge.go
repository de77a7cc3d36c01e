// Package ticketforge writes SAML assertions with any XML-DSig Signature shape — two
// References, doubled children, other algorithms, a ds:Object, the Signature elsewhere — and
// signs them correctly with a published test key, so that a test or a vector fails on the
// ticket-profile rule it targets (spec/tickets.md) and not on a broken signature. With the zero
// Spec its output is the profile's own shape, byte-identical to what package saml issues. RSA
// PKCS #1 v1.5 signatures are deterministic, so forged tickets are too.
//
// It is shared by the attack suite of package saml and the ticket vector generator; only tests
// and repository tools import it. It deliberately does not import package saml.
package ticketforge

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// Algorithm URIs: the profile's, and ones it refuses, for the cases.
const (
	NamespaceDS     = dsig.Namespace
	AlgExcC14N      = string(dsig.CanonicalXML10ExclusiveAlgorithmId)
	AlgRSASHA256    = dsig.RSASHA256SignatureMethod
	AlgEnveloped    = string(dsig.EnvelopedSignatureAltorithmId)
	AlgDigestSHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"

	AlgRSASHA1      = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
	AlgHMACSHA256   = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
	AlgDigestSHA1   = "http://www.w3.org/2000/09/xmldsig#sha1"
	AlgC14N10       = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	AlgC14N11       = "http://www.w3.org/2006/12/xml-c14n11"
	AlgExcC14NCmt   = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
	AlgXPath        = "http://www.w3.org/TR/1999/REC-xpath-19991116"
	TransformExcPNs = `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="saml"/></ds:Transform>`
)

// Spec describes the Signature Forge writes; the zero value is the profile's.
type Spec struct {
	Key        string      // the published key that signs; default cloud-2048-a
	Certs      []string    // one X509Certificate per key name; default {Key}
	C14N       string      // CanonicalizationMethod; default exclusive c14n
	Method     string      // SignatureMethod; default RSA-SHA256, "-" for an empty one
	Hash       crypto.Hash // the hash the RSA signature uses; default from Method
	HMAC       bool        // the SignatureValue is an HMAC-SHA256 keyed with the certificate
	Refs       []string    // Reference URIs; default {"#" + the Assertion's ID}
	Transforms []string    // algorithms, or raw ds:Transform elements; default the profile's
	Digest     string      // DigestMethod; default SHA-256
	SigAttrs   string      // raw attributes of ds:Signature
	Double     string      // "SignedInfo", "SignatureValue" or "KeyInfo": written twice
	Extra      string      // raw elements after KeyInfo
	NoKeyInfo  bool
	// Place puts the Signature into the unsigned Assertion; default right after Issuer.
	Place func(unsigned, sig string) string
}

var idRE = regexp.MustCompile(`ID="(_[0-9a-f]{32})"`)

// AfterIssuer places the Signature right after saml:Issuer, as the profile does.
func AfterIssuer(unsigned, sig string) string {
	return strings.Replace(unsigned, "</saml:Issuer>", "</saml:Issuer>"+sig, 1)
}

// forgeError carries a failure out of the helpers to Forge's recover.
type forgeError struct{ err error }

func panicf(format string, args ...any) { panic(forgeError{fmt.Errorf(format, args...)}) }

func check(err error) {
	if err != nil {
		panic(forgeError{err})
	}
}

// Forge signs the unsigned Assertion under spec.
func Forge(unsignedXML string, spec Spec) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			fe, ok := r.(forgeError)
			if !ok {
				panic(r)
			}
			out, err = nil, fmt.Errorf("ticketforge: %w", fe.err)
		}
	}()
	return forge(unsignedXML, spec), nil
}

func forge(unsignedXML string, spec Spec) []byte {
	if spec.Key == "" {
		spec.Key = vectors.KeyCloudA
	}
	if spec.Certs == nil {
		spec.Certs = []string{spec.Key}
	}
	if spec.C14N == "" {
		spec.C14N = AlgExcC14N
	}
	if spec.Method == "" {
		spec.Method = AlgRSASHA256
	}
	if spec.Method == "-" { // an empty Algorithm
		spec.Method = ""
	}
	if spec.Hash == 0 {
		spec.Hash = crypto.SHA256
		if spec.Method == AlgRSASHA1 {
			spec.Hash = crypto.SHA1
		}
	}
	if spec.Refs == nil {
		m := idRE.FindStringSubmatch(unsignedXML)
		if m == nil {
			panicf("forge: no ID in %s", unsignedXML)
		}
		spec.Refs = []string{"#" + m[1]}
	}
	if spec.Transforms == nil {
		spec.Transforms = []string{AlgEnveloped, AlgExcC14N}
	}
	if spec.Digest == "" {
		spec.Digest = AlgDigestSHA256
	}
	if spec.Place == nil {
		spec.Place = AfterIssuer
	}
	// The digest of the Assertion as the profile's transforms produce it.
	doc := etree.NewDocument()
	if err := doc.ReadFromString(unsignedXML); err != nil {
		panicf("forge: %v\n%s", err, unsignedXML)
	}
	octets, err := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("").Canonicalize(doc.Root())
	check(err)
	dh := crypto.SHA256
	if spec.Digest == AlgDigestSHA1 {
		dh = crypto.SHA1
	}
	h := dh.New()
	h.Write(octets)
	digest := base64.StdEncoding.EncodeToString(h.Sum(nil))

	var b strings.Builder
	b.WriteString(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"` + spec.SigAttrs + `>`)
	var si strings.Builder
	si.WriteString(`<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="` + spec.C14N + `"/><ds:SignatureMethod Algorithm="` + spec.Method + `"/>`)
	for _, uri := range spec.Refs {
		si.WriteString(`<ds:Reference URI="` + uri + `"><ds:Transforms>`)
		for _, tr := range spec.Transforms {
			if strings.HasPrefix(tr, "<") {
				si.WriteString(tr)
			} else {
				si.WriteString(`<ds:Transform Algorithm="` + tr + `"/>`)
			}
		}
		si.WriteString(`</ds:Transforms><ds:DigestMethod Algorithm="` + spec.Digest + `"/><ds:DigestValue>` + digest + `</ds:DigestValue></ds:Reference>`)
	}
	si.WriteString(`</ds:SignedInfo>`)
	sv := `<ds:SignatureValue>@SIGNATURE@</ds:SignatureValue>`
	ki := ""
	if !spec.NoKeyInfo {
		ki = `<ds:KeyInfo><ds:X509Data>`
		for _, n := range spec.Certs {
			ki += `<ds:X509Certificate>` + base64.StdEncoding.EncodeToString(key(n).CertDER) + `</ds:X509Certificate>`
		}
		ki += `</ds:X509Data></ds:KeyInfo>`
	}
	parts := map[string]string{"SignedInfo": si.String(), "SignatureValue": sv, "KeyInfo": ki}
	for _, n := range []string{"SignedInfo", "SignatureValue", "KeyInfo"} {
		b.WriteString(parts[n])
		if spec.Double == n {
			b.WriteString(parts[n])
		}
	}
	b.WriteString(spec.Extra + `</ds:Signature>`)
	out := spec.Place(unsignedXML, b.String())

	// The signature over SignedInfo as goxmldsig canonicalizes it.
	doc = etree.NewDocument()
	if err := doc.ReadFromString(out); err != nil {
		panicf("forge: %v\n%s", err, out)
	}
	sigEl, err := etreeutils.NSFindOne(doc.Root(), NamespaceDS, "Signature")
	if err != nil || sigEl == nil {
		panicf("forge: no Signature (%v)", err)
	}
	signed := canonicalSignedInfo(sigEl, spec.C14N)
	var value []byte
	k := key(spec.Key)
	if spec.HMAC {
		m := hmac.New(sha256.New, k.CertDER)
		m.Write(signed)
		value = m.Sum(nil)
	} else {
		hh := spec.Hash.New()
		hh.Write(signed)
		if value, err = rsa.SignPKCS1v15(nil, k.Private, spec.Hash, hh.Sum(nil)); err != nil {
			check(err)
		}
	}
	return []byte(strings.ReplaceAll(out, "@SIGNATURE@", base64.StdEncoding.EncodeToString(value)))
}

// canonicalSignedInfo returns the octets goxmldsig verifies the signature over: the first
// SignedInfo, detached with the namespaces in scope, canonicalized by the method it names.
func canonicalSignedInfo(sig *etree.Element, method string) []byte {
	ctx, err := etreeutils.NSBuildParentContext(sig)
	if err == nil {
		ctx, err = ctx.SubContext(sig)
	}
	check(err)
	si, err := etreeutils.NSFindOneChildCtx(ctx, sig, NamespaceDS, "SignedInfo")
	if err != nil || si == nil {
		panicf("forge: no SignedInfo (%v)", err)
	}
	det, err := etreeutils.NSDetatch(ctx, si)
	check(err)
	var out []byte
	switch method {
	case AlgC14N10, AlgC14N11:
		out, err = dsig.MakeC14N10RecCanonicalizer().Canonicalize(det)
	default:
		if err = etreeutils.TransformExcC14n(det, "", method == AlgExcC14NCmt); err == nil {
			d := etree.NewDocument()
			d.SetRoot(det.Copy())
			d.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalEndTags: true, CanonicalText: true}
			out, err = d.WriteToBytes()
		}
	}
	check(err)
	return out
}

// key returns a published test key, failing the forge for an unknown name.
func key(name string) *vectors.TestKey {
	k, err := vectors.Key(name)
	check(err)
	return k
}
