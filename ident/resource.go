package ident

import (
	"fmt"
	"io"
	"strconv"
)

// ResourceIDLen is the length of a resource ID.
const ResourceIDLen = 26

const whatResourceID = "resource ID"

// ResourceID names a resource (MeshObject, DataFeed, DataEntry, device
// record, ...) in cloud API URLs: 128 bits printed as 26 upper-case base32
// characters (spec/identifiers.md §5). ResourceIDs compare with ==. The
// zero value is no ID.
type ResourceID struct {
	b  [16]byte
	ok bool
}

// NewResourceID reads 16 bytes from rand, which must be a cryptographically
// secure source such as crypto/rand.Reader, and returns them as a resource
// ID.
func NewResourceID(rand io.Reader) (ResourceID, error) {
	var r ResourceID
	if err := readRandom(rand, r.b[:], "IDENT-RES-2", whatResourceID); err != nil {
		return ResourceID{}, err
	}
	r.ok = true
	return r, nil
}

// ResourceIDFromBytes returns the resource ID with the given 128 bits.
func ResourceIDFromBytes(b [16]byte) ResourceID { return ResourceID{b: b, ok: true} }

func readRandom(rand io.Reader, dst []byte, req, what string) error {
	if rand == nil {
		return newError(KindRandom, req, what, "", "no source of randomness")
	}
	if _, err := io.ReadFull(rand, dst); err != nil {
		return newError(KindRandom, req, what, "", "reading randomness: "+err.Error())
	}
	return nil
}

// ParseResourceID parses a resource ID. Only the canonical upper-case form
// is accepted.
func ParseResourceID(s string) (ResourceID, error) {
	fail := func(kind ErrorKind, req, detail string) (ResourceID, error) {
		return ResourceID{}, newError(kind, req, whatResourceID, s, detail)
	}
	if len(s) > ResourceIDLen {
		return fail(KindLength, "IDENT-LIM-1", "longer than "+strconv.Itoa(ResourceIDLen)+" bytes")
	}
	if len(s) != ResourceIDLen {
		return fail(KindLength, "IDENT-RES-4", "length "+strconv.Itoa(len(s))+", want "+strconv.Itoa(ResourceIDLen))
	}
	var vals [ResourceIDLen]byte
	for i := 0; i < len(s); i++ {
		v := b32Value(s[i])
		if v < 0 {
			detail := fmt.Sprintf("character %q is not in the upper-case base32 alphabet A-Z 2-7", rune(s[i]))
			if 'a' <= s[i] && s[i] <= 'z' {
				detail = fmt.Sprintf("lower-case %q; resource IDs are upper case", rune(s[i]))
			}
			return fail(KindChar, "IDENT-RES-3", detail)
		}
		vals[i] = byte(v)
	}
	var r ResourceID
	if !b32Decode(r.b[:], vals[:]) {
		return fail(KindNonCanonical, "IDENT-RES-5", "the 2 spare bits of the last character are not zero")
	}
	r.ok = true
	return r, nil
}

// String returns the 26-character canonical form; "" for the zero value.
func (r ResourceID) String() string {
	if !r.ok {
		return ""
	}
	return string(b32Encode(r.b[:]))
}

// Bytes returns the 128 bits.
func (r ResourceID) Bytes() [16]byte { return r.b }

// IsZero reports whether r is the zero ResourceID.
func (r ResourceID) IsZero() bool { return !r.ok }

// MarshalText implements encoding.TextMarshaler.
func (r ResourceID) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseResourceID.
func (r *ResourceID) UnmarshalText(b []byte) error {
	v, err := ParseResourceID(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
