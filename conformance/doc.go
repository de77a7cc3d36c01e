// Package conformance is the livemesh conformance harness: named cases with levels and
// requirement IDs, a runner that selects them and gives each a verdict, and plain-text and JSON
// reports (spec/conformance.md). Its first tier is the codec tier's vectors part: one case per
// file of spec/vectors, run through an Impl.
//
// An Impl is the implementation under test. Reference is the in-process reference (packages
// ident, feedsync, saml and wire); the shim client of spec/conformance.md §5 will be another.
//
// By design.md §2 this package may import client and floors 0–2 of the module, never cloud
// or peer; internal/layering checks it.
package conformance
