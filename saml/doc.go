// Package saml implements livemesh tickets as spec/tickets.md specifies them: SAML 2.0
// Assertions with an enveloped XML-DSig signature in one fixed profile (exclusive c14n,
// RSA-SHA256, one Reference to the Assertion's ID, the signing certificate in KeyInfo).
//
// An Issuer signs tickets of each kind (§2) from typed Claims; a Verifier, configured with a
// Policy (pinned certificates, issuer, audience, clock, skew, limits), checks tickets in the
// normative order of §6 and returns their Claims, or an *Error whose Class and Req name the
// first rule that failed. A Verifier keeps a bounded cache of verified tickets (§8) and
// records one-time tickets in a ReplayStore (§7). EncodeAuthorization, DecodeAuthorization
// and the Authentication-Info pair carry tickets in HTTP headers (§9).
//
// The XML-DSig work is goxmldsig's; this package enforces the profile around it, parses a
// ticket's octets once, and reads every value from the element goxmldsig returns from the
// digested octets. Time comes from the injected clock and ticket IDs from the injected
// random source.
package saml
