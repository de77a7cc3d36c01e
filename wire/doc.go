// Package wire implements the livemesh P2P record layer as spec/p2p.md part 1 specifies it:
// frames (§2), records protected with AES-128-CTR then HMAC-SHA256 under keys derived from a
// per-direction traffic secret (§3–§6), implicit 64-bit sequence numbers (§7), alerts and the
// uniform record failure (§8), the authenticated close (§9) and key updates (§10).
//
// The stateless functions [SealRecord], [OpenRecord], [OpenStream], [DeriveKeys] and
// [NextSecret] take an explicit traffic secret and sequence number; the vectors and the
// conformance shim use them. [NewConn] wraps any byte stream (a net.Conn, or any
// io.ReadWriter) once the two traffic secrets are known and gives a net.Conn: reads and
// writes of any size, deadlines passed through to the transport, concurrent Read and Write,
// key updates at the limits of §10, and Close sending the close alert.
//
// Every failure of a received record — unknown type, bad length, wrong tag (which covers
// replayed, reordered, dropped and duplicated records), a sequence or byte limit, bad
// content, a stream that ends without the close alert — makes a [Conn] send one bad_record
// alert, close the transport, and return the one error value [ErrBadRecord]. The stateless
// functions return a [*RecordError] naming the rule that failed (for vectors and tests);
// errors.Is(err, ErrBadRecord) holds for every one.
//
// The handshake (spec/p2p.md part 2: [Client], [Server], [Config]) authenticates both
// devices by their keys, carries their tickets only in encrypted flights as opaque bytes that
// the caller's [Authorizer] judges, and produces the two traffic secrets a [Conn] takes. The
// relay framing ([JoinRelay], [RelayHandshake], and an in-memory [Relay] for tests) lets two
// devices run the same handshake through a relay that sees only ciphertext. wire imports only
// the standard library and ident (design.md §2: it knows no SAML).
package wire
