package conformance

import (
	"errors"
	"fmt"
	"io/fs"
)

// ErrUnimplemented is returned by an Impl for an operation it does not offer; the case that
// needed it gets the verdict unimplemented.
var ErrUnimplemented = errors.New("unimplemented")

// Impl is an implementation under test.
//
// An implementation offers operations in two grains. The operation grain is the target, the
// one the shim protocol (spec/conformance.md §8) speaks: an area's interface (IdentImpl today)
// performs one operation, and the harness compares the answer with the vector's, so the
// comparison is the same for every implementation. Areas not yet moved to it are checked at
// the grain of a whole vector file through CheckVectors, which only the reference can do
// meaningfully. CheckVectorFile picks the operation grain whenever the harness has it for the
// file's schema (opCheckers).
type Impl interface {
	// Name names the implementation in reports.
	Name() string
	// CheckVectors runs the implementation over every test of one vector file, whose schema
	// file name is given and which has already been validated against it; tree is the vector
	// tree the file comes from (for the files it refers to, such as keys). It returns the
	// tests whose answers differ from the file's and the number of tests, or ErrUnimplemented
	// (possibly wrapped) when the implementation does not cover the schema's area.
	CheckVectors(schema string, tree fs.FS, data []byte) ([]Failure, int, error)
}

// Failure is one problem found in a vector file, or in one test of it.
type Failure struct {
	Test string // the test's ID; empty for the file as a whole
	Msg  string
}

// IdentImpl is the identifier part of an implementation (the shim's ident.* operations).
type IdentImpl interface {
	// Ident performs one identifier operation of the ident vectors — "device-id/from-spki"
	// (input: the SubjectPublicKeyInfo octets), "device-id/parse", "user-name/parse",
	// "user-name/compare" (with other), "endpoint-id/parse", "sync-id/parse",
	// "resource-id/parse", "ticket-id/parse" — and returns the members of the vector's
	// expected object, a *Refusal when the input is refused, or ErrUnimplemented (possibly
	// wrapped) for an operation it does not offer.
	Ident(op, input, other string) (map[string]any, error)
}

// Refusal is an implementation's refusal of an input: the class of error and the requirement
// ID the spec's check order names first (spec/conformance.md §8, "error" answers).
type Refusal struct {
	Class string // e.g. "syntax", "check"; the vector's "error"
	Req   string // e.g. "IDENT-DEV-5"; the vector's "errorReq"
	Chunk int    // for a device ID's check characters: the 1-based chunk; else 0
	Msg   string // free text, for people
}

func (r *Refusal) Error() string {
	if r.Msg != "" {
		return r.Msg
	}
	return fmt.Sprintf("%s [%s]", r.Class, r.Req)
}

// Reference is the in-process reference implementation: packages ident, feedsync, saml and
// wire of this module.
type Reference struct{}

// Name returns "reference".
func (Reference) Name() string { return "reference" }

// CheckVectors runs the file-grain reference check registered for the schema; schemas
// checked at the operation grain (opCheckers) are not here.
func (Reference) CheckVectors(schema string, tree fs.FS, data []byte) ([]Failure, int, error) {
	check, ok := checkers[schema]
	if !ok {
		return nil, 0, ErrUnimplemented
	}
	return check(tree, data)
}

// areaChecker runs the reference implementation over a loaded file's bytes.
type areaChecker func(fsys fs.FS, data []byte) ([]Failure, int, error)

// checkers maps a schema file name to the reference check of its tests. The files of
// vectors_*.go register theirs in init.
var checkers = map[string]areaChecker{
	"keys-manifest.v1.schema.json": checkKeyManifest,
}

// opChecker runs an implementation's operations over a file's tests and compares the answers
// with the file's; it returns an error wrapping ErrUnimplemented when impl does not offer them.
type opChecker func(impl Impl, fsys fs.FS, data []byte) ([]Failure, int, error)

// opCheckers maps a schema file name to the harness's operation-grain check of its tests.
var opCheckers = map[string]opChecker{}

// HasReferenceCheck reports whether the harness can check the reference on the schema's tests.
func HasReferenceCheck(schema string) bool {
	_, file := checkers[schema]
	_, op := opCheckers[schema]
	return file || op
}
