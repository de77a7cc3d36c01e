package conformance

import (
	"errors"
	"io/fs"
)

// ErrUnimplemented is returned by an Impl for an operation it does not offer; the case that
// needed it gets the verdict unimplemented.
var ErrUnimplemented = errors.New("unimplemented")

// Impl is an implementation under test.
//
// Today it has one operation, at the grain of a vector file; the shim protocol
// (spec/conformance.md §5) will split it into the codec operations (device ID derive, decode,
// merge, verify, seal, …) so that the comparison with the expected answers stays in the
// harness for every implementation.
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

// Reference is the in-process reference implementation: packages ident, feedsync, saml and
// wire of this module.
type Reference struct{}

// Name returns "reference".
func (Reference) Name() string { return "reference" }

// CheckVectors runs the reference check registered for the schema.
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

// HasReferenceCheck reports whether the reference has a check for the schema's tests.
func HasReferenceCheck(schema string) bool {
	_, ok := checkers[schema]
	return ok
}
