package ident

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"strconv"
)

// Lengths of the two accepted device ID layouts, and the limit on the size
// of a SubjectPublicKeyInfo that DeviceIDFromSPKI reads.
const (
	DeviceIDLen        = 63 // canonical: 8 groups of 7 joined by "-"
	DeviceIDCompactLen = 56 // the same 56 characters without dashes
	MaxSPKILen         = 16384
)

const (
	devChunks     = 4  // check chunks
	devChunkData  = 13 // data symbols per chunk
	devChunkLen   = devChunkData + 1
	devGroupLen   = 7
	devDataLen    = devChunks * devChunkData // 52 base32 symbols
	whatDeviceID  = "device ID"
	whatPublicKey = "public key"
)

// DeviceID identifies a device: it is the SHA-256 fingerprint of the
// device's public key (spec/identifiers.md §4). The zero value is no ID.
// DeviceIDs compare with == by fingerprint.
type DeviceID struct {
	fp [sha256.Size]byte
	ok bool
}

// DeviceIDFromFingerprint returns the device ID whose fingerprint is fp.
func DeviceIDFromFingerprint(fp [sha256.Size]byte) DeviceID {
	return DeviceID{fp: fp, ok: true}
}

// DeviceIDFromPublicKey returns the device ID of a public key of a type
// that crypto/x509.MarshalPKIXPublicKey supports.
func DeviceIDFromPublicKey(pub crypto.PublicKey) (DeviceID, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return DeviceID{}, newError(KindKey, "IDENT-DEV-1", whatPublicKey, fmt.Sprintf("%T", pub), err.Error())
	}
	return DeviceIDFromFingerprint(sha256.Sum256(der)), nil
}

// DeviceIDFromSPKI returns the device ID of a DER-encoded
// SubjectPublicKeyInfo. It refuses input larger than MaxSPKILen bytes,
// input that does not parse as a public key, and input that is not the
// canonical encoding of the key it carries.
func DeviceIDFromSPKI(der []byte) (DeviceID, error) {
	if len(der) > MaxSPKILen {
		return DeviceID{}, spkiError(KindLength, "IDENT-LIM-1", der, "longer than "+strconv.Itoa(MaxSPKILen)+" bytes")
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return DeviceID{}, spkiError(KindKey, "IDENT-DEV-2", der, err.Error())
	}
	again, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return DeviceID{}, spkiError(KindKey, "IDENT-DEV-2", der, err.Error())
	}
	if !bytes.Equal(again, der) {
		return DeviceID{}, spkiError(KindNonCanonical, "IDENT-DEV-2", der, "not the canonical DER encoding of its key")
	}
	return DeviceIDFromFingerprint(sha256.Sum256(der)), nil
}

func spkiError(kind ErrorKind, req string, der []byte, detail string) *Error {
	return newError(kind, req, "SubjectPublicKeyInfo", fmt.Sprintf("%x", der), detail)
}

// ParseDeviceID parses a device ID in the canonical dashed layout or as the
// same 56 characters without dashes, in any letter case.
func ParseDeviceID(s string) (DeviceID, error) {
	fail := func(kind ErrorKind, req, detail string) (DeviceID, error) {
		return DeviceID{}, newError(kind, req, whatDeviceID, s, detail)
	}
	// [IDENT-LIM-1] size first.
	if len(s) > DeviceIDLen {
		return fail(KindLength, "IDENT-LIM-1", "longer than "+strconv.Itoa(DeviceIDLen)+" bytes")
	}
	// [IDENT-DEV-7] layout.
	var syms [devChunks * devChunkLen]byte
	switch len(s) {
	case DeviceIDLen:
		n := 0
		for i := 0; i < len(s); i++ {
			dash := i%(devGroupLen+1) == devGroupLen
			if dash != (s[i] == '-') {
				return fail(KindSyntax, "IDENT-DEV-7", "dash layout is not 8 groups of 7 joined by \"-\"")
			}
			if !dash {
				syms[n] = s[i]
				n++
			}
		}
	case DeviceIDCompactLen:
		for i := 0; i < len(s); i++ {
			if s[i] == '-' {
				return fail(KindSyntax, "IDENT-DEV-7", "dash in the 56-character layout")
			}
			syms[i] = s[i]
		}
	default:
		return fail(KindLength, "IDENT-DEV-7", "length "+strconv.Itoa(len(s))+", want 63 (dashed) or 56 (no dashes)")
	}
	// [IDENT-DEV-8] alphabet, case-insensitively [IDENT-DEV-6].
	var vals [devChunks * devChunkLen]byte
	for i, c := range syms {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		v := b32Value(c)
		if v < 0 {
			return fail(KindChar, "IDENT-DEV-8", fmt.Sprintf("character %q is not in the base32 alphabet A-Z 2-7", rune(c)))
		}
		vals[i] = byte(v)
	}
	// [IDENT-DEV-9] check characters, chunk by chunk.
	var data [devDataLen]byte
	for k := 0; k < devChunks; k++ {
		chunk := vals[k*devChunkLen : (k+1)*devChunkLen]
		if luhn32(chunk[:devChunkData]) != chunk[devChunkData] {
			e := newError(KindCheck, "IDENT-DEV-9", whatDeviceID, s,
				fmt.Sprintf("check character of chunk %d (printed groups %d-%d) does not match; the ID is mistyped", k+1, 2*k+1, 2*k+2))
			e.Chunk = k + 1
			return DeviceID{}, e
		}
		copy(data[k*devChunkData:], chunk[:devChunkData])
	}
	// [IDENT-DEV-10] spare bits.
	var d DeviceID
	if !b32Decode(d.fp[:], data[:]) {
		return fail(KindNonCanonical, "IDENT-DEV-10", "the 4 spare bits of the 52nd symbol are not zero")
	}
	d.ok = true
	return d, nil
}

// luhn32 returns the Luhn mod 32 check value of the symbol values vals.
func luhn32(vals []byte) byte {
	factor := 2
	sum := 0
	for i := len(vals) - 1; i >= 0; i-- {
		a := factor * int(vals[i])
		sum += a/32 + a%32
		factor = 3 - factor
	}
	return byte((32 - sum%32) % 32)
}

// String returns the canonical form: 56 upper-case characters in 8 groups
// of 7 joined by "-". The zero DeviceID prints as "".
func (d DeviceID) String() string {
	if !d.ok {
		return ""
	}
	data := b32Encode(d.fp[:]) // 52 symbols
	out := make([]byte, 0, DeviceIDLen)
	n := 0
	put := func(c byte) {
		if n > 0 && n%devGroupLen == 0 {
			out = append(out, '-')
		}
		out = append(out, c)
		n++
	}
	for k := 0; k < devChunks; k++ {
		var vals [devChunkData]byte
		for i := range vals {
			c := data[k*devChunkData+i]
			vals[i] = byte(b32Value(c))
			put(c)
		}
		put(b32Alphabet[luhn32(vals[:])])
	}
	return string(out)
}

// Fingerprint returns the 32 bytes of the SHA-256 fingerprint.
func (d DeviceID) Fingerprint() [sha256.Size]byte { return d.fp }

// IsZero reports whether d is the zero DeviceID.
func (d DeviceID) IsZero() bool { return !d.ok }

// EndpointID returns the canonical form of d as a FeedSync endpoint ID.
func (d DeviceID) EndpointID() EndpointID {
	if !d.ok {
		return EndpointID{}
	}
	return EndpointID{s: d.String()}
}

// VerifyPublicKey returns nil when pub is the key d was computed from. It
// returns an *Error of KindKey when pub cannot be encoded and of
// KindMismatch when the fingerprints differ.
func (d DeviceID) VerifyPublicKey(pub crypto.PublicKey) error {
	got, err := DeviceIDFromPublicKey(pub)
	if err != nil {
		return err
	}
	return d.match(got)
}

// VerifySPKI is VerifyPublicKey for a DER-encoded SubjectPublicKeyInfo,
// which must be canonical (see DeviceIDFromSPKI).
func (d DeviceID) VerifySPKI(der []byte) error {
	got, err := DeviceIDFromSPKI(der)
	if err != nil {
		return err
	}
	return d.match(got)
}

func (d DeviceID) match(got DeviceID) error {
	if !d.ok || got != d {
		return newError(KindMismatch, "IDENT-DEV-13", whatDeviceID, d.String(), "public key has device ID "+got.String())
	}
	return nil
}

// MarshalText implements encoding.TextMarshaler with the canonical form.
func (d DeviceID) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDeviceID.
func (d *DeviceID) UnmarshalText(b []byte) error {
	v, err := ParseDeviceID(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
