package ident

import (
	"fmt"
	"strconv"
)

// MaxNSSLen is the largest endpoint ID, and the largest FeedSync sync ID, in
// bytes.
const MaxNSSLen = 1024

const whatEndpointID = "endpoint ID"

// EndpointID is a FeedSync endpoint identifier (the value of sx:history
// "by"): an RFC 2141 namespace-specific string (spec/identifiers.md §3).
// EndpointIDs compare with == octet by octet; they are never normalized.
// The zero value is no ID.
type EndpointID struct {
	s string
}

// ParseEndpointID checks s against the NSS rules and returns it unchanged.
func ParseEndpointID(s string) (EndpointID, error) {
	if err := checkNSS(s); err != nil {
		return EndpointID{}, err
	}
	return EndpointID{s: s}, nil
}

// ValidNSS reports whether s is a valid RFC 2141 NSS within the limits of
// spec/identifiers.md §3 (the rules for endpoint IDs and FeedSync sync IDs).
func ValidNSS(s string) bool { return checkNSS(s) == nil }

func checkNSS(s string) error {
	fail := func(kind ErrorKind, req, detail string) error {
		return newError(kind, req, whatEndpointID, s, detail)
	}
	if len(s) > MaxNSSLen {
		return fail(KindLength, "IDENT-LIM-1", "longer than "+strconv.Itoa(MaxNSSLen)+" bytes")
	}
	if len(s) == 0 {
		return fail(KindLength, "IDENT-EP-2", "empty")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fail(KindSyntax, "IDENT-EP-1", "\"%\" at byte "+strconv.Itoa(i)+" is not followed by two hex digits")
			}
			if s[i+1] == '0' && s[i+2] == '0' {
				return fail(KindChar, "IDENT-EP-3", "escape \"%00\" at byte "+strconv.Itoa(i))
			}
			i += 2
			continue
		}
		if !nssChar(c) {
			return fail(KindChar, "IDENT-EP-1", fmt.Sprintf("byte %q at %d is not allowed in an NSS", c, i))
		}
	}
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// nssChar reports whether c may appear unescaped in an RFC 2141 NSS.
func nssChar(c byte) bool {
	switch {
	case '0' <= c && c <= '9', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return true
	}
	switch c {
	case '(', ')', '+', ',', '-', '.', ':', '=', '@', ';', '$', '_', '!', '*', '\'', '/', '?', '#':
		return true
	}
	return false
}

// String returns the endpoint ID exactly as parsed.
func (e EndpointID) String() string { return e.s }

// IsZero reports whether e is the zero EndpointID.
func (e EndpointID) IsZero() bool { return e.s == "" }

// MarshalText implements encoding.TextMarshaler.
func (e EndpointID) MarshalText() ([]byte, error) { return []byte(e.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseEndpointID.
func (e *EndpointID) UnmarshalText(b []byte) error {
	v, err := ParseEndpointID(string(b))
	if err != nil {
		return err
	}
	*e = v
	return nil
}
