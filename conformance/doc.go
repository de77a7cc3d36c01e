// Package conformance is the livemesh conformance harness (spec/conformance.md): named cases
// with levels, requirement IDs and the operations they need; a runner that selects them and
// gives each a verdict; property cases on rapid with seeds, shrinking and replay commands;
// and plain-text, JSON, JUnit XML and self-contained HTML reports.
//
// Its codec tier drives an implementation's codecs and pure algorithms: one case per vector
// file of spec/vectors, and the fixed and differential property cases of CodecCases, area by
// area (identifiers, FeedSync documents and algorithms, tickets, P2P records and handshake).
//
// An Impl is the implementation under test: a name, and one interface per area it offers
// (IdentImpl, FeedsImpl, MergeImpl, TicketsImpl, RecordsImpl, HandshakeImpl), each operation
// taking explicit inputs and returning the implementation's answer or a Refusal. The harness
// compares answers itself, the same way for every implementation. Reference is the
// in-process reference (packages ident, feedsync, saml and wire); ShimClient is any
// implementation behind the shim protocol (spec/conformance.md §8), which ServeShim serves.
//
// By design.md §2 this package may import client, spec and floors 0–2 of the module, never
// cloud or peer; internal/layering checks it.
package conformance
