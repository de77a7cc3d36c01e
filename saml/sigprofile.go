package saml

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

var (
	namesAlgorithm = []string{"Algorithm"}
	namesReference = []string{"URI"}
)

func sigErr(req, msg string) *Error { return newErr(ClassSignature, req, msg) }

// sigChildren is children for the Signature's subtree: stray text breaks [TKT-SIG-2].
func sigChildren(el *etree.Element, buf []*etree.Element) ([]*etree.Element, *Error) {
	return children(el, buf, "TKT-SIG-2", ClassSignature)
}

// sigExpect checks that el is {ds}local with no attributes but namespace declarations and
// the listed ones, for the structure rule req.
func sigExpect(el *etree.Element, local string, names []string, vals []string, req string) *Error {
	if el == nil {
		return sigErr(req, "ds:"+local+" missing")
	}
	if !is(el, NamespaceDS, local) {
		return sigErr(req, "unexpected element "+elName(el)+" where ds:"+local+" belongs")
	}
	return attrs(el, names, len(names), vals, "TKT-SIG-2", ClassSignature)
}

// sigLeafAlg checks an empty element carrying only Algorithm = want.
func sigLeafAlg(el *etree.Element, local, want, req string) *Error {
	var v [1]string
	if err := sigExpect(el, local, namesAlgorithm, v[:], req); err != nil {
		return err
	}
	if v[0] != want {
		return sigErr(req, "ds:"+local+" Algorithm "+strconv.Quote(v[0])+", want "+strconv.Quote(want))
	}
	var b [1]*etree.Element
	kids, err := sigChildren(el, b[:])
	if err != nil {
		return err
	}
	if len(kids) > 0 {
		return sigErr(req, "element "+elName(kids[0])+" inside ds:"+local)
	}
	return nil
}

func at(kids []*etree.Element, i int) *etree.Element {
	if i < len(kids) {
		return kids[i]
	}
	return nil
}

// checkSignatureProfile applies the signature profile (spec/tickets.md §4) to the input's
// ds:Signature, in document order, and returns the DER of the certificate in KeyInfo.
func checkSignatureProfile(sig *etree.Element, id string) ([]byte, *Error) {
	var buf [4]*etree.Element
	if sig == nil { // only when the test seam lets a ticket without one through
		return nil, sigErr("TKT-SIG-1", "no ds:Signature")
	}
	if err := attrs(sig, nil, 0, nil, "TKT-SIG-2", ClassSignature); err != nil {
		return nil, err
	}
	kids, err := sigChildren(sig, buf[:])
	if err != nil {
		return nil, err
	}
	if len(kids) != 3 && off(ckSigShape) {
		kids = laxSigChildren(kids)
	}
	if len(kids) != 3 {
		return nil, sigErr("TKT-SIG-2", "ds:Signature has "+strconv.Itoa(len(kids))+" child elements, want SignedInfo, SignatureValue, KeyInfo")
	}
	// SignedInfo
	si := kids[0]
	if err := sigExpect(si, "SignedInfo", nil, nil, "TKT-SIG-2"); err != nil {
		return nil, err
	}
	var sbuf [4]*etree.Element
	sik, err := sigChildren(si, sbuf[:])
	if err != nil {
		return nil, err
	}
	if err := sigLeafAlg(at(sik, 0), "CanonicalizationMethod", AlgExcC14N, "TKT-SIG-3"); err != nil && !off(ckC14N) {
		return nil, err
	}
	if err := sigLeafAlg(at(sik, 1), "SignatureMethod", AlgRSASHA256, "TKT-SIG-4"); err != nil && !off(ckSigMethod) {
		return nil, err
	}
	if len(sik) != 3 && !off(ckReference) {
		return nil, sigErr("TKT-SIG-5", "ds:SignedInfo must hold exactly one ds:Reference")
	}
	ref := at(sik, 2)
	var uri [1]string
	if err := sigExpect(ref, "Reference", namesReference, uri[:], "TKT-SIG-5"); err != nil {
		return nil, err
	}
	if uri[0] != "#"+id && !off(ckReference) {
		return nil, sigErr("TKT-SIG-5", "Reference URI "+strconv.Quote(uri[0])+" is not \"#\" and the Assertion's ID")
	}
	var rbuf [4]*etree.Element
	rk, err := sigChildren(ref, rbuf[:])
	if err != nil {
		return nil, err
	}
	if len(rk) != 3 {
		return nil, sigErr("TKT-SIG-2", "ds:Reference must hold Transforms, DigestMethod, DigestValue")
	}
	if err := checkTransforms(rk[0]); err != nil && !off(ckTransforms) {
		return nil, err
	}
	if err := sigLeafAlg(rk[1], "DigestMethod", AlgDigestSHA256, "TKT-SIG-7"); err != nil && !off(ckDigest) {
		return nil, err
	}
	if err := sigExpect(rk[2], "DigestValue", nil, nil, "TKT-SIG-7"); err != nil {
		return nil, err
	}
	dv, err := text(rk[2], "TKT-SIG-7", ClassSignature)
	if err != nil {
		return nil, err
	}
	if d, e := base64.StdEncoding.Strict().DecodeString(dv); (e != nil || len(d) != 32 || !allNonSpace(dv)) && !off(ckDigest) {
		return nil, sigErr("TKT-SIG-7", "DigestValue is not the base64 of 32 octets")
	}
	// SignatureValue
	if err := sigExpect(kids[1], "SignatureValue", nil, nil, "TKT-SIG-2"); err != nil {
		return nil, err
	}
	sv, err := text(kids[1], "TKT-SIG-8", ClassSignature)
	if err != nil {
		return nil, err
	}
	// Line breaks may stand anywhere in it (signers such as xmlsec1 break base64 into lines);
	// no other white space ([TKT-SIG-8]).
	sv = stripLineBreaks(sv)
	if d, e := base64.StdEncoding.Strict().DecodeString(sv); e != nil || len(d) == 0 || !allNonSpace(sv) {
		return nil, sigErr("TKT-SIG-8", "SignatureValue is not base64")
	}
	// KeyInfo
	if err := sigExpect(kids[2], "KeyInfo", nil, nil, "TKT-SIG-2"); err != nil {
		return nil, err
	}
	var kbuf [2]*etree.Element
	kk, err := sigChildren(kids[2], kbuf[:])
	if err != nil {
		return nil, err
	}
	if len(kk) != 1 {
		return nil, sigErr("TKT-SIG-9", "ds:KeyInfo must hold exactly one ds:X509Data")
	}
	if err := sigExpect(kk[0], "X509Data", nil, nil, "TKT-SIG-9"); err != nil {
		return nil, err
	}
	xk, err := sigChildren(kk[0], kbuf[:])
	if err != nil {
		return nil, err
	}
	if len(xk) != 1 {
		return nil, sigErr("TKT-SIG-9", "ds:X509Data must hold exactly one ds:X509Certificate")
	}
	if err := sigExpect(xk[0], "X509Certificate", nil, nil, "TKT-SIG-9"); err != nil {
		return nil, err
	}
	ct, err := text(xk[0], "TKT-SIG-9", ClassSignature)
	if err != nil {
		return nil, err
	}
	der, e := base64.StdEncoding.Strict().DecodeString(stripXMLSpace(ct))
	if e != nil || len(der) == 0 {
		return nil, sigErr("TKT-SIG-9", "X509Certificate is not base64")
	}
	return der, nil
}

// checkTransforms applies [TKT-SIG-6] to ds:Transforms.
func checkTransforms(el *etree.Element) *Error {
	if err := sigExpect(el, "Transforms", nil, nil, "TKT-SIG-6"); err != nil {
		return err
	}
	var tbuf [3]*etree.Element
	tk, err := sigChildren(el, tbuf[:])
	if err != nil {
		return err
	}
	if len(tk) != 2 {
		return sigErr("TKT-SIG-6", "ds:Transforms holds "+strconv.Itoa(len(tk))+" transforms, want enveloped-signature and exc-c14n")
	}
	if err := sigLeafAlg(tk[0], "Transform", AlgEnveloped, "TKT-SIG-6"); err != nil {
		return err
	}
	return sigLeafAlg(tk[1], "Transform", AlgExcC14N, "TKT-SIG-6")
}

func stripXMLSpace(s string) string {
	if allNonSpace(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if !isXMLSpace(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func allNonSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if isXMLSpace(s[i]) {
			return false
		}
	}
	return true
}

// stripLineBreaks removes CR and LF, allocating only when there are any.
func stripLineBreaks(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", "", "\n", "").Replace(s)
}
