// Package spec holds the normative livemesh specification as Markdown files (see README.md in
// this directory for how it is written) and, in its tests, the checks that keep it honest:
// every MUST is named by a test, vector or conformance case, and requirement IDs are never
// reused (ids.lock). The Go package itself exports nothing.
package spec
