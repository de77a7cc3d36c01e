// Package conformance is the livemesh conformance harness: named cases with levels and
// requirement IDs, a runner that selects them and gives each a verdict, and plain-text and JSON
// reports (spec/conformance.md). Its first tier is the codec tier's vectors part: one case per
// file of spec/vectors, run through an Impl.
//
// An Impl is the implementation under test: a name, and one interface per area it offers
// (IdentImpl, FeedsImpl, MergeImpl, TicketsImpl, RecordsImpl, HandshakeImpl), each operation
// taking the inputs of one vector test and returning the implementation's answer or a
// Refusal. The harness compares answers with the vectors, the same way for every
// implementation. Reference is the in-process reference (packages ident, feedsync, saml and
// wire); the shim client of spec/conformance.md §8 will be another Impl.
//
// By design.md §2 this package may import client and floors 0–2 of the module, never cloud
// or peer; internal/layering checks it.
package conformance
