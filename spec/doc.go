// Package spec holds the normative livemesh specification as Markdown files (see README.md in
// this directory for how it is written) and, in its tests, the checks that keep it honest:
// every MUST is named by a test, vector or conformance case, and requirement IDs are never
// reused (ids.lock).
//
// The Go package embeds the Markdown and exports a small lookup of the requirements it
// defines — Lookup and Requirements: each requirement's level, text, document and section —
// so that reports (package conformance) can quote the requirement a case checks. It imports
// nothing of the module. Its parser follows README.md §1–§2 and is kept in step with
// internal/speccheck, the coverage check's parser, by a test.
package spec
