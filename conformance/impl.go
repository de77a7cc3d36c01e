package conformance

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strings"
)

// ErrUnimplemented is returned by an Impl for an operation it does not offer; the case that
// needed it gets the verdict unimplemented.
var ErrUnimplemented = errors.New("unimplemented")

// Impl is an implementation under test. Beyond its name, it offers the operations of the
// areas it implements, one interface per area: IdentImpl, FeedsImpl, MergeImpl, TicketsImpl,
// RecordsImpl, HandshakeImpl. Each operation takes the inputs of one vector test and returns
// the implementation's answer; the harness compares it with the expected one, so the
// comparison is the same for every implementation. These are the operations of the shim
// protocol (spec/conformance.md §8): the shim client will be one more Impl.
//
// A case that needs an area the implementation does not offer, or an operation that returns
// ErrUnimplemented, gets the verdict unimplemented.
type Impl interface {
	// Name names the implementation in reports and messages.
	Name() string
}

// isUnimplemented reports whether err says that an operation is not offered.
func isUnimplemented(err error) bool { return errors.Is(err, ErrUnimplemented) }

// areaOf returns the implementation's area interface A, or ends the case as unimplemented.
// The runner has already checked the case's Ops ([CONF-VERD-3]); this guards a case against
// an Impl that names an operation but lacks the Go interface.
func areaOf[A any](t *T) A {
	a, ok := t.Impl().(A)
	if !ok {
		t.Unimplementedf("%s offers no %s operations", t.Impl().Name(), reflect.TypeFor[A]().Name())
	}
	return a
}

// propAreaOf is areaOf inside a property check.
func propAreaOf[A any](p *P) A {
	a, ok := p.Impl().(A)
	if !ok {
		p.Unimplemented(fmt.Errorf("%w: %s offers no %s operations", ErrUnimplemented, p.Impl().Name(), reflect.TypeFor[A]().Name()))
	}
	return a
}

// OpOfferer is an Impl that says which shim operations it offers (the shim client does, from
// the hello). Other Impls offer the operations of the area interfaces they implement.
type OpOfferer interface {
	Offers(op string) bool
}

// Offers reports whether impl offers the shim operation op (spec/conformance.md §8).
func Offers(impl Impl, op string) bool {
	if o, ok := impl.(OpOfferer); ok {
		return o.Offers(op)
	}
	if name, ok := strings.CutPrefix(op, "ident."); ok {
		_, is := impl.(IdentImpl)
		return is && slices.Contains(identOps, name)
	}
	if s, ok := shimOps[op]; ok {
		return s.offered(impl)
	}
	return false
}

// Refusal is an implementation's refusal of an input: the class of error and the requirement
// ID the spec's check order names first (spec/conformance.md §8, "error" answers).
type Refusal struct {
	Class string // the vector's "error", e.g. "syntax", "check", "invalid-input", "bad-record"
	Req   string // the vector's "errorReq", e.g. "IDENT-DEV-5"
	Chunk int    // for a device ID's check characters: the 1-based chunk; else 0
	Msg   string // free text, for people
}

func (r *Refusal) Error() string {
	if r.Msg != "" {
		return r.Msg
	}
	return fmt.Sprintf("%s [%s]", r.Class, r.Req)
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

// Reference is the in-process reference implementation: packages ident, feedsync, saml and
// wire of this module. It implements every area interface.
type Reference struct{}

// Name returns "reference".
func (Reference) Name() string { return "reference" }

// Every area interface is implemented by the reference.
var (
	_ IdentImpl     = Reference{}
	_ FeedsImpl     = Reference{}
	_ MergeImpl     = Reference{}
	_ TicketsImpl   = Reference{}
	_ RecordsImpl   = Reference{}
	_ HandshakeImpl = Reference{}
)

// opChecker runs an implementation's operations over a file's tests and compares the answers
// with the file's; it returns an error wrapping ErrUnimplemented when impl does not offer them.
type opChecker func(impl Impl, fsys fs.FS, data []byte) ([]Failure, int, error)

// opCheckers maps a schema file name to the harness's check of its tests. The files
// vectors_*.go register theirs in init.
var opCheckers = map[string]opChecker{
	// The key manifest describes the vector tree itself, whatever the implementation.
	"keys-manifest.v1.schema.json": func(_ Impl, tree fs.FS, data []byte) ([]Failure, int, error) {
		return checkKeyManifest(tree, data)
	},
}

// Failure is one problem found in a vector file, or in one test of it.
type Failure struct {
	Test string // the test's ID; empty for the file as a whole
	Msg  string
}
