// Package vectors holds livemesh's published test material and loads it: the test-vector
// files (<dir>/<name>.json, for example ident/device-id.json), their JSON Schemas (schema/)
// and the published test keys (keys/*.pem). Everything is embedded with go:embed, so Go
// tests, the vector generator and an installed meshconform binary all use the same bytes.
//
// The format of the vector files is normative and is specified in README.md next to this file
// (https://github.com/livemesh-spec/livemesh/blob/main/spec/vectors/README.md), following the
// conventions of spec/README.md. In short: a header (area, schema, generator, notes,
// numberOfTests) followed by tests that each carry an id, comment, flags, the requirement IDs
// they check (req), the area's inputs, a result (valid, invalid or acceptable), an error class
// for invalid tests and an expected output for operations.
//
// Load and LoadFS decode a file into its header and a caller-chosen test type, and check the
// rules of the format that do not depend on the area (typed errors: *LoadError). Key returns
// a published test key with its parsed private key and certificate.
//
// The published keys are public. Anybody can sign and decrypt with them; they exist only so
// that tests and vectors are reproducible, and must never be trusted outside tests.
//
// This package is on floor 0 of the module's layering: its non-test files import nothing
// from the module. The files are produced by the generator in internal/vectorgen (and the keys
// by spec/vectors/internal/genkeys); this package never imports either.
package vectors
