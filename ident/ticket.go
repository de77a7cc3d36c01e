package ident

import (
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
)

// TicketIDLen is the length of a ticket ID: "_" and 32 hex digits.
const TicketIDLen = 33

const whatTicketID = "ticket ID"

// TicketID is the ID attribute of a ticket's SAML Assertion: "_" followed
// by 32 lower-case hex digits, 128 random bits (spec/identifiers.md §6).
// TicketIDs compare with ==. The zero value is no ID.
type TicketID struct {
	b  [16]byte
	ok bool
}

// NewTicketID reads 16 bytes from rand, which must be a cryptographically
// secure source such as crypto/rand.Reader, and returns them as a ticket ID.
func NewTicketID(rand io.Reader) (TicketID, error) {
	var t TicketID
	if err := readRandom(rand, t.b[:], "IDENT-TKT-2", whatTicketID); err != nil {
		return TicketID{}, err
	}
	t.ok = true
	return t, nil
}

// ParseTicketID parses a ticket ID strictly: exactly "_" and 32 lower-case
// hex digits.
func ParseTicketID(s string) (TicketID, error) {
	fail := func(kind ErrorKind, req, detail string) (TicketID, error) {
		return TicketID{}, newError(kind, req, whatTicketID, s, detail)
	}
	if len(s) > TicketIDLen {
		return fail(KindLength, "IDENT-LIM-1", "longer than "+strconv.Itoa(TicketIDLen)+" bytes")
	}
	if len(s) != TicketIDLen {
		return fail(KindLength, "IDENT-TKT-3", "length "+strconv.Itoa(len(s))+", want "+strconv.Itoa(TicketIDLen))
	}
	if s[0] != '_' {
		return fail(KindSyntax, "IDENT-TKT-3", "does not begin with \"_\"")
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return fail(KindChar, "IDENT-TKT-3", fmt.Sprintf("character %q is not a lower-case hex digit", rune(c)))
		}
	}
	var t TicketID
	if _, err := hex.Decode(t.b[:], []byte(s[1:])); err != nil {
		return fail(KindChar, "IDENT-TKT-3", err.Error()) // unreachable: checked above
	}
	t.ok = true
	return t, nil
}

// String returns "_" and 32 lower-case hex digits; "" for the zero value.
func (t TicketID) String() string {
	if !t.ok {
		return ""
	}
	return "_" + hex.EncodeToString(t.b[:])
}

// Bytes returns the 128 bits.
func (t TicketID) Bytes() [16]byte { return t.b }

// IsZero reports whether t is the zero TicketID.
func (t TicketID) IsZero() bool { return !t.ok }

// MarshalText implements encoding.TextMarshaler.
func (t TicketID) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseTicketID.
func (t *TicketID) UnmarshalText(b []byte) error {
	v, err := ParseTicketID(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
