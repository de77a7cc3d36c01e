package ident

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrorKind classifies why an identifier was refused.
type ErrorKind int

// The kinds of Error.
const (
	// KindLength: the input is empty, too long or of the wrong length.
	KindLength ErrorKind = iota + 1
	// KindEncoding: the input is not valid UTF-8.
	KindEncoding
	// KindSyntax: the input does not have the shape of the identifier
	// (separators, structure, layout).
	KindSyntax
	// KindChar: the input contains a character the format does not allow.
	KindChar
	// KindCheck: a device ID check character does not match.
	KindCheck
	// KindNonCanonical: the input encodes a value in a form that is not
	// the canonical one (non-zero spare bits, non-canonical DER).
	KindNonCanonical
	// KindKey: a public key or SubjectPublicKeyInfo could not be used.
	KindKey
	// KindMismatch: a public key does not match a device ID.
	KindMismatch
	// KindRandom: the source of randomness failed.
	KindRandom
)

var kindNames = [...]string{
	KindLength:       "length",
	KindEncoding:     "encoding",
	KindSyntax:       "syntax",
	KindChar:         "character",
	KindCheck:        "check",
	KindNonCanonical: "non-canonical",
	KindKey:          "key",
	KindMismatch:     "mismatch",
	KindRandom:       "random",
}

func (k ErrorKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "ErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// Error is the only error type returned by this package. Req is the ID of
// the requirement of spec/identifiers.md whose rule failed (the first one in
// the check order the specification gives for the identifier).
type Error struct {
	Kind ErrorKind
	// Req is the requirement ID, for example "IDENT-DEV-9".
	Req string
	// What names the identifier type: "device ID", "endpoint ID",
	// "user name", "resource ID", "ticket ID".
	What string
	// Input is the refused input, truncated to at most MaxErrorInput bytes
	// (cut at a UTF-8 boundary when the input is valid UTF-8).
	Input string
	// Truncated reports whether Input was cut.
	Truncated bool
	// Chunk is, for KindCheck, the 1-based number of the device ID check
	// chunk whose check character does not match; otherwise 0.
	Chunk int
	// Detail says what is wrong, in a few words.
	Detail string
}

// MaxErrorInput is the number of input bytes an Error keeps.
const MaxErrorInput = 64

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ident: [")
	b.WriteString(e.Req)
	b.WriteString("] ")
	b.WriteString(e.What)
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(e.Input))
	if e.Truncated {
		b.WriteString("...")
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func newError(kind ErrorKind, req, what, input, detail string) *Error {
	e := &Error{Kind: kind, Req: req, What: what, Detail: detail}
	e.Input, e.Truncated = truncate(input)
	return e
}

func truncate(s string) (string, bool) {
	if len(s) <= MaxErrorInput {
		return s, false
	}
	n := MaxErrorInput
	if utf8.ValidString(s) {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
	}
	return s[:n], true
}
