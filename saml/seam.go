package saml

import "github.com/beevik/etree"

// The test seam of the attack suite (attack_test.go, TestAttackSuiteBites).
//
// disabled is a set of the verifier's checks, one bit per check below, that the verifier
// skips. Only tests of this package set it — one check at a time, around a run of the
// attack suite, never while another verification runs — to show that each check is
// caught missing by at least one attack case. Nothing outside the package can reach it
// and no build of the package sets it: in every program it is zero and every check runs.
// Consulting it costs a load and a bit test, on paths that are not hot.
//
// A skipped check behaves as the typical lax verifier does: a check of a value is not
// made; a structure check takes the first element of each name and ignores the rest.
var disabled uint32

// check is one check of the verifier the seam can skip; the comment names its rule.
type check uint8

const (
	ckSize        check = iota // [TKT-LIM-1] the size limit
	ckDepth                    // [TKT-LIM-2] the depth limit (the parser's default applies)
	ckMarkup                   // [TKT-FMT-1] DOCTYPE, XML declaration, comments, PIs: skipped
	ckStructure                // [TKT-FMT-3] the Assertion's children: unknown or repeated ones ignored
	ckClaimChars               // [TKT-CLAIM-3] the characters of text values
	ckSigPlace                 // [TKT-SIG-1] the Signature anywhere among the Assertion's children
	ckSigShape                 // [TKT-SIG-2] the Signature's children: the first of each name
	ckC14N                     // [TKT-SIG-3] CanonicalizationMethod
	ckSigMethod                // [TKT-SIG-4] SignatureMethod
	ckReference                // [TKT-SIG-5] one Reference, to the Assertion's ID
	ckTransforms               // [TKT-SIG-6] the transforms
	ckDigest                   // [TKT-SIG-7] DigestMethod and DigestValue
	ckKeyBits                  // [TKT-SIG-10] the pinned key's size
	ckPinned                   // [TKT-SIG-11] the KeyInfo certificate trusted as it comes
	ckSignature                // [TKT-SIG-12] the signature and digest not verified
	ckIssuer                   // [TKT-VER-3]
	ckTimeOrder                // [TKT-TIME-1]
	ckLifetime                 // [TKT-TIME-2]
	ckNotYetValid              // [TKT-TIME-3]
	ckExpired                  // [TKT-TIME-4]
	ckCertTime                 // [TKT-TIME-5]
	ckAudience                 // [TKT-VER-4]
	ckReplay                   // [TKT-REPLAY-1]
	numChecks
)

// off reports whether the seam disables check c.
func off(c check) bool { return disabled&(1<<c) != 0 }

// laxChildren is the Assertion's children as a verifier that looks them up by name sees
// them when ckStructure is off: the first element of each name the profile knows, in order.
func laxChildren(kids []*etree.Element) []*etree.Element {
	var out []*etree.Element
	for _, k := range kids {
		known := is(k, NamespaceDS, "Signature")
		for _, n := range [...]string{"Issuer", "Subject", "Conditions", "AuthnStatement", "AuthzDecisionStatement", "AttributeStatement"} {
			known = known || is(k, NamespaceSAML, n)
		}
		for _, o := range out {
			known = known && !(o.Tag == k.Tag && o.NamespaceURI() == k.NamespaceURI())
		}
		if known {
			out = append(out, k)
		}
	}
	return out
}

// laxSigChildren is the first SignedInfo, SignatureValue and KeyInfo among the Signature's
// children (nil when missing), as a verifier that looks them up by name sees them when
// ckSigShape is off.
func laxSigChildren(kids []*etree.Element) []*etree.Element {
	out := make([]*etree.Element, 3)
	for _, k := range kids {
		for i, n := range [...]string{"SignedInfo", "SignatureValue", "KeyInfo"} {
			if out[i] == nil && is(k, NamespaceDS, n) {
				out[i] = k
			}
		}
	}
	return out
}
