package main

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

	"github.com/livemesh-spec/livemesh/saml"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The signer of the ticket vectors: the same as the attack suite's test signer
// (saml/forge_test.go). It writes any Signature shape — two References, doubled children,
// other algorithms, a ds:Object, the Signature elsewhere — signed correctly with a
// published key, so that a vector fails on the rule it targets and not on a broken
// signature. RSA PKCS #1 v1.5 signatures are deterministic, so the vectors are too. Errors
// are programming errors of the cases: it panics, and the generator reports the case.

func panicf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// Algorithm URIs the profile refuses, for the cases.
const (
	tkAlgRSASHA1      = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
	tkAlgHMACSHA256   = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
	tkAlgDigestSHA1   = "http://www.w3.org/2000/09/xmldsig#sha1"
	tkAlgC14N10       = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	tkAlgC14N11       = "http://www.w3.org/2006/12/xml-c14n11"
	tkAlgExcC14NCmt   = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
	tkAlgXPath        = "http://www.w3.org/TR/1999/REC-xpath-19991116"
	tkTransformExcPNs = `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="saml"/></ds:Transform>`
)

// tkSigSpec describes the Signature forge writes; the zero value is the profile's.
type tkSigSpec struct {
	key        string      // the published key that signs; default cloud-2048-a
	certs      []string    // one X509Certificate per key name; default {key}
	c14n       string      // CanonicalizationMethod; default exclusive c14n
	method     string      // SignatureMethod; default RSA-SHA256, "-" for an empty one
	hash       crypto.Hash // the hash the RSA signature uses; default from method
	hmac       bool        // the SignatureValue is an HMAC-SHA256 keyed with the certificate
	refs       []string    // Reference URIs; default {"#" + the Assertion's ID}
	transforms []string    // algorithms, or raw ds:Transform elements; default the profile's
	digest     string      // DigestMethod; default SHA-256
	sigAttrs   string      // raw attributes of ds:Signature
	double     string      // "SignedInfo", "SignatureValue" or "KeyInfo": written twice
	extra      string      // raw elements after KeyInfo
	noKeyInfo  bool
	// place puts the Signature into the unsigned Assertion; default right after Issuer.
	place func(unsigned, sig string) string
}

var tkIDRE = regexp.MustCompile(`ID="(_[0-9a-f]{32})"`)

func tkAfterIssuer(unsigned, sig string) string {
	return strings.Replace(unsigned, "</saml:Issuer>", "</saml:Issuer>"+sig, 1)
}

// forge signs the unsigned Assertion under spec.
func tkForge(unsignedXML string, spec tkSigSpec) []byte {
	if spec.key == "" {
		spec.key = vectors.KeyCloudA
	}
	if spec.certs == nil {
		spec.certs = []string{spec.key}
	}
	if spec.c14n == "" {
		spec.c14n = saml.AlgExcC14N
	}
	if spec.method == "" {
		spec.method = saml.AlgRSASHA256
	}
	if spec.method == "-" { // an empty Algorithm
		spec.method = ""
	}
	if spec.hash == 0 {
		spec.hash = crypto.SHA256
		if spec.method == tkAlgRSASHA1 {
			spec.hash = crypto.SHA1
		}
	}
	if spec.refs == nil {
		m := tkIDRE.FindStringSubmatch(unsignedXML)
		if m == nil {
			panicf("forge: no ID in %s", unsignedXML)
		}
		spec.refs = []string{"#" + m[1]}
	}
	if spec.transforms == nil {
		spec.transforms = []string{saml.AlgEnveloped, saml.AlgExcC14N}
	}
	if spec.digest == "" {
		spec.digest = saml.AlgDigestSHA256
	}
	if spec.place == nil {
		spec.place = tkAfterIssuer
	}
	// The digest of the Assertion as the profile's transforms produce it.
	doc := etree.NewDocument()
	if err := doc.ReadFromString(unsignedXML); err != nil {
		panicf("forge: %v\n%s", err, unsignedXML)
	}
	octets, err := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("").Canonicalize(doc.Root())
	if err != nil {
		panic(err)
	}
	dh := crypto.SHA256
	if spec.digest == tkAlgDigestSHA1 {
		dh = crypto.SHA1
	}
	h := dh.New()
	h.Write(octets)
	digest := base64.StdEncoding.EncodeToString(h.Sum(nil))

	var b strings.Builder
	b.WriteString(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"` + spec.sigAttrs + `>`)
	var si strings.Builder
	si.WriteString(`<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="` + spec.c14n + `"/><ds:SignatureMethod Algorithm="` + spec.method + `"/>`)
	for _, uri := range spec.refs {
		si.WriteString(`<ds:Reference URI="` + uri + `"><ds:Transforms>`)
		for _, tr := range spec.transforms {
			if strings.HasPrefix(tr, "<") {
				si.WriteString(tr)
			} else {
				si.WriteString(`<ds:Transform Algorithm="` + tr + `"/>`)
			}
		}
		si.WriteString(`</ds:Transforms><ds:DigestMethod Algorithm="` + spec.digest + `"/><ds:DigestValue>` + digest + `</ds:DigestValue></ds:Reference>`)
	}
	si.WriteString(`</ds:SignedInfo>`)
	sv := `<ds:SignatureValue>@SIGNATURE@</ds:SignatureValue>`
	ki := ""
	if !spec.noKeyInfo {
		ki = `<ds:KeyInfo><ds:X509Data>`
		for _, n := range spec.certs {
			ki += `<ds:X509Certificate>` + base64.StdEncoding.EncodeToString(vectors.MustKey(n).CertDER) + `</ds:X509Certificate>`
		}
		ki += `</ds:X509Data></ds:KeyInfo>`
	}
	parts := map[string]string{"SignedInfo": si.String(), "SignatureValue": sv, "KeyInfo": ki}
	for _, n := range []string{"SignedInfo", "SignatureValue", "KeyInfo"} {
		b.WriteString(parts[n])
		if spec.double == n {
			b.WriteString(parts[n])
		}
	}
	b.WriteString(spec.extra + `</ds:Signature>`)
	out := spec.place(unsignedXML, b.String())

	// The signature over SignedInfo as goxmldsig canonicalizes it.
	doc = etree.NewDocument()
	if err := doc.ReadFromString(out); err != nil {
		panicf("forge: %v\n%s", err, out)
	}
	sigEl, err := etreeutils.NSFindOne(doc.Root(), saml.NamespaceDS, "Signature")
	if err != nil || sigEl == nil {
		panicf("forge: no Signature (%v)", err)
	}
	signed := tkCanonicalSignedInfo(sigEl, spec.c14n)
	var value []byte
	k := vectors.MustKey(spec.key)
	if spec.hmac {
		m := hmac.New(sha256.New, k.CertDER)
		m.Write(signed)
		value = m.Sum(nil)
	} else {
		hh := spec.hash.New()
		hh.Write(signed)
		if value, err = rsa.SignPKCS1v15(nil, k.Private, spec.hash, hh.Sum(nil)); err != nil {
			panic(err)
		}
	}
	return []byte(strings.ReplaceAll(out, "@SIGNATURE@", base64.StdEncoding.EncodeToString(value)))
}

// canonicalSignedInfo returns the octets goxmldsig verifies the signature over: the first
// SignedInfo, detached with the namespaces in scope, canonicalized by the method it names.
func tkCanonicalSignedInfo(sig *etree.Element, method string) []byte {
	ctx, err := etreeutils.NSBuildParentContext(sig)
	if err == nil {
		ctx, err = ctx.SubContext(sig)
	}
	if err != nil {
		panic(err)
	}
	si, err := etreeutils.NSFindOneChildCtx(ctx, sig, saml.NamespaceDS, "SignedInfo")
	if err != nil || si == nil {
		panicf("forge: no SignedInfo (%v)", err)
	}
	det, err := etreeutils.NSDetatch(ctx, si)
	if err != nil {
		panic(err)
	}
	var out []byte
	switch method {
	case tkAlgC14N10, tkAlgC14N11:
		out, err = dsig.MakeC14N10RecCanonicalizer().Canonicalize(det)
	default:
		if err = etreeutils.TransformExcC14n(det, "", method == tkAlgExcC14NCmt); err == nil {
			d := etree.NewDocument()
			d.SetRoot(det.Copy())
			d.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalEndTags: true, CanonicalText: true}
			out, err = d.WriteToBytes()
		}
	}
	if err != nil {
		panic(err)
	}
	return out
}
