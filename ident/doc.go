// Package ident implements the identifier formats of livemesh, as
// specified in spec/identifiers.md:
//
//   - user names, internationalized e-mail addresses with a case-insensitive
//     comparison key ([UserName], §2);
//   - endpoint IDs, the RFC 2141 NSS strings FeedSync uses for "by" and for
//     sx:sync ids ([EndpointID], [ValidNSS], §3);
//   - device IDs, the SHA-256 fingerprints of device public keys printed in
//     base32 with Luhn mod 32 check characters ([DeviceID], §4) — the only
//     key fingerprint format of livemesh;
//   - resource IDs, 128-bit upper-case base32 names used in cloud API URLs
//     ([ResourceID], §5);
//   - ticket IDs, the IDs of ticket SAML Assertions ([TicketID], §6).
//
// Every parser checks a size limit first, never panics, and refuses input
// with an *[Error] whose Req field names the requirement of
// spec/identifiers.md that failed (the first one in the check order the
// specification gives). Values of every type print in canonical form; their
// zero values mean "no identifier" and print as "".
//
// The package sits on floor 0: it imports nothing else from this module.
// Randomness is injected (an io.Reader), never taken from a global.
package ident
