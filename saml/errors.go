package saml

import (
	"strconv"
	"strings"
)

// Class says which kind of check refused a ticket, a claim or a configuration. The
// requirement ID in Error.Req says exactly which rule; the class groups them the way callers
// react to them (a service answers an expired ticket differently from a forged one).
type Class int

// The classes of Error.
const (
	// ClassMalformed: the ticket is not a well-formed ticket of this profile (size, XML,
	// structure, value syntax, kind-specific content).
	ClassMalformed Class = iota + 1
	// ClassSignature: the signature does not follow the profile, its key is not pinned, or
	// it does not verify.
	ClassSignature
	// ClassPolicy: the ticket is well formed and signed but the verifier's policy refuses it
	// (lifetime above the maximum, a kind the policy does not accept, a decision other than
	// Permit).
	ClassPolicy
	// ClassExpired: the ticket's window, or its signing certificate, has ended.
	ClassExpired
	// ClassNotYetValid: the ticket's window, or its signing certificate, has not begun.
	ClassNotYetValid
	// ClassAudience: the verifier's audience is not among the ticket's audiences.
	ClassAudience
	// ClassIssuer: the ticket names another issuer than the verifier expects.
	ClassIssuer
	// ClassReplay: a one-time ticket was presented again, or the replay store is full.
	ClassReplay
	// ClassClaim: an issuer refused a claim (a value outside the allowed characters, a
	// missing or extra claim for the kind).
	ClassClaim
	// ClassConfig: an issuer, verifier or policy is configured wrongly (a short key, a
	// missing clock, a skew above the maximum).
	ClassConfig
)

var classNames = [...]string{
	ClassMalformed:   "malformed",
	ClassSignature:   "signature",
	ClassPolicy:      "policy",
	ClassExpired:     "expired",
	ClassNotYetValid: "not-yet-valid",
	ClassAudience:    "audience",
	ClassIssuer:      "issuer",
	ClassReplay:      "replay",
	ClassClaim:       "claim",
	ClassConfig:      "config",
}

// String returns the class name used in messages and by meshconform: "malformed",
// "signature", "policy", "expired", "not-yet-valid", "audience", "issuer", "replay", "claim"
// or "config".
func (c Class) String() string {
	if c > 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// Error is the only error type this package returns. Req is the ID of the requirement of
// spec/tickets.md whose rule failed: for Verify, the first one in the check order of
// spec/tickets.md §6.
type Error struct {
	Class Class
	Req   string // requirement ID, for example "TKT-TIME-5"
	Msg   string // what is wrong, in a few words
	Err   error  // the underlying error (from ident, goxmldsig, etree, crypto), if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("saml: ")
	b.WriteString(e.Class.String())
	b.WriteString(" [")
	b.WriteString(e.Req)
	b.WriteString("] ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func newErr(class Class, req, msg string) *Error { return &Error{Class: class, Req: req, Msg: msg} }

func wrapErr(class Class, req, msg string, err error) *Error {
	return &Error{Class: class, Req: req, Msg: msg, Err: err}
}
