package main

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The ident vectors (spec/identifiers.md): ident/device-id.json, ident/user-name.json and
// ident/ids.json, all with schema ident.v1.schema.json.
//
// Every test is declared in a table below with its intent: valid with the output the
// specification gives, or invalid with the error kind and the requirement ID the check order
// of the specification makes the first failure. The generator then runs package ident on every
// case and fails when ident disagrees, so that the vectors state the specification and the
// reference implementation is checked against them at generation time. Device IDs are
// computed a second time by an independent implementation in this file (SHA-256, base32 and
// Luhn mod 32 written from §4 of the specification, not calling ident), and generation fails
// when the two disagree.

func init() {
	register(Generator{Dir: "ident", Generate: generateIdent})
}

// identSchema is the schema of all three files.
const identSchema = "ident.v1.schema.json"

// The operations of the ident files (the op member).
const (
	opDevFromSPKI = "device-id/from-spki"
	opDevParse    = "device-id/parse"
	opUserParse   = "user-name/parse"
	opUserCompare = "user-name/compare"
	opEndpoint    = "endpoint-id/parse"
	opSyncID      = "sync-id/parse"
	opResource    = "resource-id/parse"
	opTicket      = "ticket-id/parse"
)

// Error classes of the ident files: the names of ident.ErrorKind.
const (
	kLength   = "length"
	kEncoding = "encoding"
	kSyntax   = "syntax"
	kChar     = "character"
	kCheck    = "check"
	kNonCanon = "non-canonical"
	kKey      = "key"
)

// identTest is one test of an ident file. The area members follow the common ones in the
// order the schema lists them.
type identTest struct {
	vectors.Test
	Op         string  `json:"op"`
	Input      *string `json:"input,omitempty"`    // the input text, when it is valid UTF-8
	InputHex   *string `json:"inputHex,omitempty"` // the input octets otherwise, and always for from-spki
	Other      string  `json:"other,omitempty"`    // user-name/compare: the second name
	Key        string  `json:"key,omitempty"`      // from-spki: the published key the SPKI comes from
	ErrorChunk int     `json:"errorChunk,omitempty"`
	Expected   any     `json:"expected,omitempty"`
}

// The expected outputs, one shape per operation.
type (
	deviceIDExpected struct {
		DeviceID    string `json:"deviceId"`
		Fingerprint string `json:"fingerprint"`
	}
	userNameExpected struct {
		Stored string `json:"stored"`
		Key    string `json:"key"`
	}
	compareExpected struct {
		Equal bool `json:"equal"`
	}
	valueExpected struct {
		Value string `json:"value"`
	}
	bytesExpected struct {
		Value string `json:"value"`
		Bytes string `json:"bytes"`
	}
)

// identCase declares one test: its inputs and its intent.
type identCase struct {
	id      string
	comment string
	flags   []string
	req     []string // the requirements checked; errReq is added when missing
	op      string
	in      string // the input octets (not necessarily UTF-8)
	other   string // user-name/compare
	key     string // from-spki: published key name

	// Intent. kind == "" means valid, with output want.
	want   any
	kind   string
	errReq string
	chunk  int // device-id/parse check failures: the chunk the error names
}

func valid(want any) identCase { return identCase{want: want} }

func refused(kind, req string) identCase { return identCase{kind: kind, errReq: req} }

var identNotes = map[string]vectors.Note{
	"ALabel": {
		BugType: "EDGE_CASE",
		Description: "A domain label beginning with xn-- is an ordinary ASCII label: it is not decoded from " +
			"Punycode and never equal to a U-label (IDENT-USER-12). An implementation that converts between " +
			"A-labels and U-labels merges or splits accounts the specification keeps apart.",
	},
	"AddressLiteral": {
		BugType: "LEGACY",
		Description: "RFC 5321 address literals (user@[192.0.2.1]) and all-digit last labels are refused; " +
			"user names are Internet mail addresses with a domain name.",
	},
	"CaseSensitiveCompare": {
		BugType: "AUTH_BYPASS",
		Description: "User names are compared by their comparison keys, without regard to letter case in the " +
			"local part and the domain (IDENT-USER-13). An implementation that compares stored forms lets a " +
			"second account be registered under a name that differs only in case.",
	},
	"CaseVariant": {
		BugType: "MALLEABILITY",
		Description: "A resource ID or ticket ID in another letter case. These identifiers have exactly one " +
			"spelling (upper-case base32, lower-case hex); an implementation that folds case gives one value " +
			"two spellings, and replay stores or caches keyed by the string can be bypassed.",
	},
	"CaseInsensitiveParse": {
		BugType: "BASIC",
		Description: "A device ID in lower or mixed case must be accepted and give the same fingerprint as " +
			"the upper-case printed form (IDENT-DEV-6, IDENT-DEV-12).",
	},
	"CheckOrder": {
		BugType: "EDGE_CASE",
		Description: "The input breaks several rules. A conforming implementation reports the first failure " +
			"in the check order the specification gives (IDENT-LIM-3); error and errorReq name that rule.",
	},
	"CheckSymbol": {
		BugType: "INTEGRITY",
		Description: "A single character of a device ID is substituted, so the check symbol of its chunk does " +
			"not match (IDENT-DEV-9). The implementation must refuse it and name the chunk given in " +
			"errorChunk (1 to 4); an implementation that skips or miscomputes the Luhn mod 32 check accepts a " +
			"mistyped ID as another device.",
	},
	"CherokeeFolding": {
		BugType: "CANONICALIZATION",
		Description: "Case folding maps Cherokee small letters to the capitals U+13A0-U+13F5 " +
			"(CaseFolding.txt); some libraries fold the other way and produce a different comparison key.",
	},
	"CompactLayout": {
		BugType: "EDGE_CASE",
		Description: "A device ID written as its 56 symbols without dashes, the only other layout a parser " +
			"accepts (IDENT-DEV-7).",
	},
	"CompatibilityNormalization": {
		BugType: "CANONICALIZATION",
		Description: "Compatibility characters (full-width letters and digits, ligatures, full-width " +
			"punctuation). The domain key uses NFKC and the local part key only NFC (IDENT-USER-13); the " +
			"syntax rules apply to the NFC form, so a full-width @ or full stop is not a separator. An " +
			"implementation that applies NFKC to the whole name, or to neither part, gets these wrong.",
	},
	"DashLayout": {
		BugType: "MALLEABILITY",
		Description: "A device ID with missing, extra or misplaced dashes or other separators. Only the " +
			"printed layout and the 56 symbols without dashes are accepted (IDENT-DEV-7); a lenient parser " +
			"lets a damaged copy pass silently.",
	},
	"EmptyInput": {
		BugType: "EDGE_CASE",
		Description: "The empty input must be refused with the rule the check order reaches first, without " +
			"any other failure (IDENT-LIM-2).",
	},
	"FullCaseFolding": {
		BugType: "CANONICALIZATION",
		Description: "Full case folding (CaseFolding.txt statuses C and F) maps one character to several " +
			"(ß to ss, the ligature ﬁ to fi) and final sigma to sigma. An implementation with simple folding, " +
			"or with lower-casing instead of folding, computes a different key.",
	},
	"InvisibleCharacter": {
		BugType: "MALLEABILITY",
		Description: "Format characters, spaces and controls (joiners, bidirectional marks, no-break space, " +
			"C0 and C1 controls) make names that look identical to another; they are refused in user names " +
			"(IDENT-USER-5, IDENT-USER-9).",
	},
	"LengthFirst": {
		BugType: "RESOURCE_LIMIT",
		Description: "The input is longer than the limit of its identifier and also breaks later rules. The " +
			"limit is checked first, on the raw octets (IDENT-LIM-1); an implementation that decodes or " +
			"normalizes first reports another rule and can be made to work on input it will refuse.",
	},
	"LookAlikeMapping": {
		BugType: "MALLEABILITY",
		Description: "A character outside the base32 alphabet that looks like one inside it (0 for O, 1 for I " +
			"or L, 8 for B, 9 for q). It must be refused, never mapped (IDENT-DEV-8, IDENT-RES-3); the test " +
			"input would be a valid ID after such a mapping.",
	},
	"MalformedSPKI": {
		BugType: "INTEGRITY",
		Description: "Octets that are not a SubjectPublicKeyInfo of a supported key: truncated, wrong " +
			"structure, wrong parameters, another format. They must be refused (IDENT-DEV-2).",
	},
	"LengthBoundary": {
		BugType: "EDGE_CASE",
		Description: "The input is at a length limit or one octet beyond it: the longest or shortest input " +
			"accepted, the shortest refused, or input at the limit refused by a later rule rather than by the " +
			"limit. Off-by-one errors in length checks fail these tests.",
	},
	"ExtremeValue": {
		BugType: "EDGE_CASE",
		Description: "The identifier of the all-zero or the all-one value; an encoder or decoder that drops " +
			"leading zeros or mishandles the last bits gets it wrong.",
	},
	"NFCBeforeLength": {
		BugType: "EDGE_CASE",
		Description: "The input is longer than a length rule allows in its decomposed form but within it after " +
			"NFC; lengths are checked on the NFC form (IDENT-USER-3, IDENT-USER-4, IDENT-USER-10).",
	},
	"NoNormalization": {
		BugType: "CONVERGENCE",
		Description: "Endpoint IDs and sync ids are returned unchanged: escapes are not decoded and hex digits " +
			"not case-folded (IDENT-EP-4). An implementation that normalizes makes replicas disagree on which " +
			"endpoint made a change.",
	},
	"NonCanonicalDER": {
		BugType: "MALLEABILITY",
		Description: "A second encoding of a public key: BER lengths, extra elements or data inside the " +
			"structure. A device ID hashes octets, so only the canonical DER encoding may be accepted " +
			"(IDENT-DEV-2); otherwise one key has several device IDs. A strict DER parser refuses some of " +
			"these while parsing (error key), a lenient one after re-encoding (error non-canonical); the " +
			"requirement is IDENT-DEV-2 either way.",
	},
	"NonCanonicalUnicode": {
		BugType: "CANONICALIZATION",
		Description: "The input is not in NFC (decomposed characters, canonical singletons such as the Kelvin " +
			"sign). The stored form is the NFC form (IDENT-USER-3).",
	},
	"NonUTF8": {
		BugType: "EDGE_CASE",
		Description: "The input octets are not valid UTF-8 (stray bytes, surrogates, overlong forms, code " +
			"points above U+10FFFF). inputHex holds them. The parser must refuse without failing in any other " +
			"way (IDENT-LIM-2).",
	},
	"NulEscape": {
		BugType: "INTEGRITY",
		Description: "RFC 2141 forbids the octet 0 in either form: %00 is refused with IDENT-EP-3 although " +
			"the common NSS regular expression admits it, and a raw NUL is refused by IDENT-EP-1. %25 " +
			"followed by 00 is an escaped % and valid.",
	},
	"OctetLength": {
		BugType: "EDGE_CASE",
		Description: "Lengths are counted in UTF-8 octets, not characters or code points; the input has the " +
			"right number of one but not of the other.",
	},
	"OuterNormalization": {
		BugType: "CANONICALIZATION",
		Description: "Case folding can decompose (ǰ folds to j and U+030C); the comparison key is normalized " +
			"again after folding (IDENT-USER-13). An implementation without the outer normalization computes " +
			"a different key.",
	},
	"QuotedLocalPart": {
		BugType: "LEGACY",
		Description: "RFC 5322 quoted strings, comments, backslashes and angle brackets are refused: the local " +
			"part is a dot-atom only (IDENT-USER-5, IDENT-USER-6).",
	},
	"RFC8141Grammar": {
		BugType: "EDGE_CASE",
		Description: "A character RFC 8141 allows in an NSS but RFC 2141, which FeedSync names, does not " +
			"(~, &, [). It must be refused (IDENT-EP-1).",
	},
	"ReservedCharacters": {
		BugType: "EDGE_CASE",
		Description: "The RFC 2141 reserved characters / ? # unescaped: endpoints should not choose them " +
			"(IDENT-EP-6) but parsers accept them (IDENT-EP-1).",
	},
	"SpareBits": {
		BugType: "MALLEABILITY",
		Description: "The spare bits of the last base32 symbol are not zero, while everything else (including " +
			"the device ID check symbols) is correct. Decoding would give the same value as the canonical " +
			"form; the input must be refused so that each value has one printed form (IDENT-DEV-10, " +
			"IDENT-RES-5).",
	},
	"Transposition": {
		BugType: "INTEGRITY",
		Description: "Two adjacent different symbols of one chunk are swapped; the Luhn mod 32 check detects " +
			"this (IDENT-DEV-4) and the chunk must be named in errorChunk (IDENT-DEV-9).",
	},
	"TrailingData": {
		BugType: "MALLEABILITY",
		Description: "Octets follow the SubjectPublicKeyInfo. They must be refused (IDENT-DEV-2); a parser " +
			"that ignores them lets one key have many encodings and device IDs.",
	},
	"TurkishFolding": {
		BugType: "EDGE_CASE",
		Description: "Comparison keys use the default case folding, never the Turkic one (IDENT-USER-14): I " +
			"folds to i, İ (U+0130) to i followed by U+0307, and dotless ı folds to itself. A locale-dependent " +
			"implementation gets these wrong.",
	},
	"UndetectedByCheck": {
		BugType: "EDGE_CASE",
		Description: "A change the Luhn mod 32 check provably does not detect (a transposition of symbols two " +
			"apart, or of the adjacent pair A7): the result is another valid device ID with the fingerprint " +
			"given. An implementation whose check differs from IDENT-DEV-4 refuses it.",
	},
	"UnicodeCaseMapping": {
		BugType: "MALLEABILITY",
		Description: "A non-ASCII character that Unicode case mapping turns into an ASCII letter (dotless ı " +
			"to I). Device IDs are case-insensitive for ASCII letters only; the character is outside the " +
			"alphabet (IDENT-DEV-8).",
	},
	"WorkedExample": {
		BugType:     "BASIC",
		Description: "The worked example of spec/identifiers.md §4.4 (RFC 8032 §7.1 TEST 1 Ed25519 key).",
	},
}

func generateIdent() (_ []GeneratedFile, err error) {
	// The case tables panic when a construction does not give what it was built for.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	dev, err := deviceIDCases()
	if err != nil {
		return nil, err
	}
	var out []GeneratedFile
	for _, f := range []struct {
		area  string
		cases []identCase
	}{
		{"ident/device-id", dev},
		{"ident/user-name", userNameCases()},
		{"ident/ids", idsCases()},
	} {
		g, err := identFile(f.area, f.cases)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

func identFile(area string, cases []identCase) (GeneratedFile, error) {
	tests := make([]identTest, 0, len(cases))
	notes := map[string]vectors.Note{}
	for _, c := range cases {
		t, err := buildIdentTest(c)
		if err != nil {
			return GeneratedFile{}, fmt.Errorf("%s#%s: %w", area, c.id, err)
		}
		for _, f := range t.Flags {
			n, ok := identNotes[f]
			if !ok {
				return GeneratedFile{}, fmt.Errorf("%s#%s: flag %s has no note", area, c.id, f)
			}
			notes[f] = n
		}
		tests = append(tests, t)
	}
	return encodeFile(newFile(area, identSchema, notes, tests))
}

// buildIdentTest runs ident on a case, checks the result against the declared intent, and
// returns the test.
func buildIdentTest(c identCase) (identTest, error) {
	if err := checkIdentCase(c); err != nil {
		return identTest{}, err
	}
	flags := c.flags
	if flags == nil {
		flags = []string{}
	}
	req := slices.Clone(c.req)
	if c.kind != "" && !slices.Contains(req, c.errReq) {
		req = append([]string{c.errReq}, req...)
	}
	t := identTest{
		Test: vectors.Test{
			ID:      c.id,
			Comment: c.comment,
			Flags:   flags,
			Req:     req,
			Result:  vectors.Valid,
		},
		Op:    c.op,
		Other: c.other,
		Key:   c.key,
	}
	if c.kind != "" {
		t.Result = vectors.Invalid
		t.Error = c.kind
		t.ErrorReq = c.errReq
		t.ErrorChunk = c.chunk
	} else {
		t.Expected = c.want
	}
	if c.op == opDevFromSPKI || !utf8.ValidString(c.in) {
		h := hex.EncodeToString([]byte(c.in))
		t.InputHex = &h
	} else {
		s := c.in
		t.Input = &s
	}
	return t, nil
}

// checkIdentCase compares what package ident does with a case's declared intent.
func checkIdentCase(c identCase) error {
	if len(c.req) == 0 && c.kind == "" {
		return errors.New("no requirement IDs")
	}
	if (c.kind == "") != (c.errReq == "") || (c.kind == "") == (c.want == nil) {
		return errors.New("a case is either valid with an output or invalid with a kind and a requirement")
	}
	if (c.op == opUserCompare) != (c.other != "") || c.key != "" && c.op != opDevFromSPKI {
		return errors.New("other only for user-name/compare, key only for device-id/from-spki")
	}
	got, err := runIdent(c)
	if c.kind == "" {
		if err != nil {
			return fmt.Errorf("declared valid, ident refuses: %v", err)
		}
		if !sameJSON(got, c.want) {
			return fmt.Errorf("ident gives %s, declared %s", mustJSON(got), mustJSON(c.want))
		}
		return nil
	}
	var e *ident.Error
	if err == nil {
		return fmt.Errorf("declared invalid (%s, %s), ident accepts with %s", c.kind, c.errReq, mustJSON(got))
	}
	if !errors.As(err, &e) {
		return fmt.Errorf("ident returns %T, not *ident.Error: %v", err, err)
	}
	if e.Kind.String() != c.kind || e.Req != c.errReq || e.Chunk != c.chunk {
		return fmt.Errorf("declared %s %s chunk %d, ident reports %s %s chunk %d: %v",
			c.kind, c.errReq, c.chunk, e.Kind, e.Req, e.Chunk, err)
	}
	return nil
}

// runIdent performs a case's operation with package ident.
func runIdent(c identCase) (any, error) {
	switch c.op {
	case opDevFromSPKI:
		d, err := ident.DeviceIDFromSPKI([]byte(c.in))
		if err != nil {
			return nil, err
		}
		fp := d.Fingerprint()
		return deviceIDExpected{DeviceID: d.String(), Fingerprint: hex.EncodeToString(fp[:])}, nil
	case opDevParse:
		d, err := ident.ParseDeviceID(c.in)
		if err != nil {
			return nil, err
		}
		fp := d.Fingerprint()
		return deviceIDExpected{DeviceID: d.String(), Fingerprint: hex.EncodeToString(fp[:])}, nil
	case opUserParse:
		u, err := ident.ParseUserName(c.in)
		if err != nil {
			return nil, err
		}
		return userNameExpected{Stored: u.String(), Key: u.Key()}, nil
	case opUserCompare:
		a, err := ident.ParseUserName(c.in)
		if err != nil {
			return nil, fmt.Errorf("first name: %w", err)
		}
		b, err := ident.ParseUserName(c.other)
		if err != nil {
			return nil, fmt.Errorf("second name: %w", err)
		}
		return compareExpected{Equal: a.Equal(b)}, nil
	case opEndpoint, opSyncID:
		e, err := ident.ParseEndpointID(c.in)
		if err != nil {
			return nil, err
		}
		return valueExpected{Value: e.String()}, nil
	case opResource:
		r, err := ident.ParseResourceID(c.in)
		if err != nil {
			return nil, err
		}
		b := r.Bytes()
		return bytesExpected{Value: r.String(), Bytes: hex.EncodeToString(b[:])}, nil
	case opTicket:
		t, err := ident.ParseTicketID(c.in)
		if err != nil {
			return nil, err
		}
		b := t.Bytes()
		return bytesExpected{Value: t.String(), Bytes: hex.EncodeToString(b[:])}, nil
	}
	return nil, fmt.Errorf("unknown op %q", c.op)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

func sameJSON(a, b any) bool { return mustJSON(a) == mustJSON(b) }

// with sets the common fields of a case built by valid or refused.
func (c identCase) with(op, id, comment, in string, flags []string, req ...string) identCase {
	c.op, c.id, c.comment, c.in, c.flags, c.req = op, id, comment, in, flags, req
	return c
}

func fl(flags ...string) []string { return flags }

// ---------------------------------------------------------------------------------------------
// Independent device ID implementation (spec/identifiers.md §4.1, §4.2), used to state the
// expected outputs. It does not call package ident.

const indepAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// indepData returns the 52 base32 symbol values of a fingerprint, most significant bit first,
// the four spare bits of the last symbol zero [IDENT-DEV-3].
func indepData(fp [32]byte) []int {
	vals := make([]int, 52)
	for i := range 52 * 5 {
		bit := 0
		if i < 256 {
			bit = int(fp[i/8]>>(7-i%8)) & 1
		}
		vals[i/5] |= bit << (4 - i%5)
	}
	return vals
}

// indepUndata is the inverse of indepData for the 256 fingerprint bits (spare bits ignored).
func indepUndata(vals []int) [32]byte {
	var fp [32]byte
	for i := range 256 {
		bit := (vals[i/5] >> (4 - i%5)) & 1
		fp[i/8] |= byte(bit << (7 - i%8))
	}
	return fp
}

// indepLuhn is the Luhn mod 32 check value of a chunk's symbol values [IDENT-DEV-4].
func indepLuhn(chunk []int) int {
	s := 0
	for i, v := range chunk {
		w := 1
		if (len(chunk)-1-i)%2 == 0 { // from the last symbol: weights 2, 1, 2, …
			w = 2
		}
		p := v * w
		if p >= 32 { // the sum of the base-32 digits of p
			p -= 31
		}
		s += p
	}
	return (32 - s%32) % 32
}

// indepSymbols returns the 56 symbol values: each chunk of 13 followed by its check.
func indepSymbols(data []int) []int {
	out := make([]int, 0, 56)
	for k := range 4 {
		chunk := data[13*k : 13*k+13]
		out = append(out, chunk...)
		out = append(out, indepLuhn(chunk))
	}
	return out
}

// indepCompact writes symbol values with the alphabet, without dashes.
func indepCompact(syms []int) string {
	var b strings.Builder
	for _, v := range syms {
		b.WriteByte(indepAlphabet[v])
	}
	return b.String()
}

// indepPrinted writes 56 symbol values in the printed layout: eight groups of seven joined by
// dashes [IDENT-DEV-5].
func indepPrinted(syms []int) string {
	c := indepCompact(syms)
	groups := make([]string, 0, 8)
	for i := 0; i < len(c); i += 7 {
		groups = append(groups, c[i:min(i+7, len(c))])
	}
	return strings.Join(groups, "-")
}

// indepBadChunk reports which chunk (1 to 4) of 56 symbol values has a wrong check, or 0.
func indepBadChunk(syms []int) int {
	for k := range 4 {
		if indepLuhn(syms[14*k:14*k+13]) != syms[14*k+13] {
			return k + 1
		}
	}
	return 0
}

func indepDeviceID(fp [32]byte) deviceIDExpected {
	return deviceIDExpected{
		DeviceID:    indepPrinted(indepSymbols(indepData(fp))),
		Fingerprint: hex.EncodeToString(fp[:]),
	}
}

// ---------------------------------------------------------------------------------------------
// ident/device-id.json

// The worked example of spec/identifiers.md §4.4, as printed there.
const (
	exampleEd25519Key = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	exampleSPKI       = "302a300506032b6570032100" + exampleEd25519Key
	exampleSHA256     = "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9"
	exampleDeviceID   = "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"
	exampleCompact    = "A3R73D62FG5WBPK2ZKV66MHW3BLRWNWIYRGS7DBZ273IVPY4G3ZF6UQJ"
)

// Other fixed public keys, from published test vectors.
const (
	// RFC 6979 §A.2.5: the P-256 public key (Ux, Uy), uncompressed.
	rfc6979P256 = "04" +
		"60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6" +
		"7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
	// RFC 7748 §6.1: Alice's X25519 public key.
	rfc7748Alice = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
	// RFC 8032 §7.1 TEST 2: an Ed25519 public key.
	rfc8032Test2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// derLen encodes a DER length.
func derLen(n int) []byte {
	switch {
	case n < 0x80:
		return []byte{byte(n)}
	case n < 0x100:
		return []byte{0x81, byte(n)}
	default:
		return []byte{0x82, byte(n >> 8), byte(n)}
	}
}

// tlv encodes one DER element.
func tlv(tag byte, content ...[]byte) []byte {
	c := bytes.Join(content, nil)
	return append(append([]byte{tag}, derLen(len(c))...), c...)
}

// derElements splits DER content into its elements (tag, length and content each), failing
// generation on anything but definite lengths.
func derElements(b []byte) ([][]byte, error) {
	var out [][]byte
	for len(b) > 0 {
		if len(b) < 2 {
			return nil, errors.New("short DER element")
		}
		n, hdr := int(b[1]), 2
		if b[1]&0x80 != 0 {
			k := int(b[1] & 0x7f)
			if k == 0 || k > 2 || len(b) < 2+k {
				return nil, errors.New("unsupported DER length")
			}
			n = 0
			for _, x := range b[2 : 2+k] {
				n = n<<8 | int(x)
			}
			hdr = 2 + k
		}
		if len(b) < hdr+n {
			return nil, errors.New("DER element longer than its container")
		}
		out = append(out, b[:hdr+n])
		b = b[hdr+n:]
	}
	return out, nil
}

// derContent returns the content of one DER element.
func derContent(el []byte) []byte {
	if el[1]&0x80 == 0 {
		return el[2:]
	}
	return el[2+int(el[1]&0x7f):]
}

// rsaSPKIParts splits an RSA SubjectPublicKeyInfo into its AlgorithmIdentifier, the modulus
// content and the exponent content.
func rsaSPKIParts(spki []byte) (algID, n, e []byte, err error) {
	top, err := derElements(spki)
	if err != nil || len(top) != 1 {
		return nil, nil, nil, fmt.Errorf("not one element: %v", err)
	}
	parts, err := derElements(derContent(top[0]))
	if err != nil || len(parts) != 2 {
		return nil, nil, nil, fmt.Errorf("SPKI is not two elements: %v", err)
	}
	bits := derContent(parts[1])
	if len(bits) < 1 || bits[0] != 0 {
		return nil, nil, nil, errors.New("BIT STRING with unused bits")
	}
	seq, err := derElements(bits[1:])
	if err != nil || len(seq) != 1 {
		return nil, nil, nil, fmt.Errorf("RSAPublicKey: %v", err)
	}
	ints, err := derElements(derContent(seq[0]))
	if err != nil || len(ints) != 2 {
		return nil, nil, nil, fmt.Errorf("RSAPublicKey is not two INTEGERs: %v", err)
	}
	return parts[0], derContent(ints[0]), derContent(ints[1]), nil
}

func deviceIDCases() ([]identCase, error) {
	var cs []identCase
	add := func(c identCase) { cs = append(cs, c) }
	fromSPKI := func(spki []byte) identCase { return valid(indepDeviceID(sha256.Sum256(spki))) }
	fromSPKIReq := []string{"IDENT-DEV-1", "IDENT-DEV-3", "IDENT-DEV-4", "IDENT-DEV-5"}

	// --- device-id/from-spki: every published key.
	for _, name := range vectors.KeyNames() {
		k, err := vectors.Key(name)
		if err != nil {
			return nil, err
		}
		c := fromSPKI(k.SPKI).with(opDevFromSPKI, "spki-"+name,
			"device ID of the published test key "+name+" ("+k.Role+")", string(k.SPKI), nil, fromSPKIReq...)
		c.key = name
		add(c)
	}

	// The worked example, checked against the literal values of the specification.
	exSPKI := unhex(exampleSPKI)
	if fp := sha256.Sum256(exSPKI); hex.EncodeToString(fp[:]) != exampleSHA256 ||
		indepDeviceID(fp).DeviceID != exampleDeviceID {
		return nil, errors.New("the independent implementation does not reproduce the worked example of §4.4")
	}
	add(valid(deviceIDExpected{exampleDeviceID, exampleSHA256}).with(opDevFromSPKI, "spki-worked-example-ed25519",
		"the worked example of §4.4: the RFC 8032 §7.1 TEST 1 Ed25519 key", string(exSPKI),
		fl("WorkedExample"), fromSPKIReq...))

	// Other algorithms: the computation does not depend on the algorithm.
	ed2 := append(unhex("302a300506032b6570032100"), unhex(rfc8032Test2)...)
	if pub, err := x509.ParsePKIXPublicKey(ed2); err != nil || !bytes.Equal(pub.(ed25519.PublicKey), unhex(rfc8032Test2)) {
		return nil, fmt.Errorf("Ed25519 SPKI: %v", err)
	}
	add(fromSPKI(ed2).with(opDevFromSPKI, "spki-ed25519-rfc8032-test2",
		"Ed25519 key of RFC 8032 §7.1 TEST 2", string(ed2), nil, fromSPKIReq...))
	p256, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), unhex(rfc6979P256))
	if err != nil {
		return nil, err
	}
	p256SPKI, err := x509.MarshalPKIXPublicKey(p256)
	if err != nil {
		return nil, err
	}
	add(fromSPKI(p256SPKI).with(opDevFromSPKI, "spki-ecdsa-p256-rfc6979",
		"ECDSA P-256 key of RFC 6979 §A.2.5: named curve, uncompressed point", string(p256SPKI), nil, fromSPKIReq...))
	x25519, err := ecdh.X25519().NewPublicKey(unhex(rfc7748Alice))
	if err != nil {
		return nil, err
	}
	xSPKI, err := x509.MarshalPKIXPublicKey(x25519)
	if err != nil {
		return nil, err
	}
	add(fromSPKI(xSPKI).with(opDevFromSPKI, "spki-x25519-rfc7748",
		"X25519 key of RFC 7748 §6.1 (Alice)", string(xSPKI), nil, fromSPKIReq...))

	// Malformed and non-canonical SubjectPublicKeyInfo [IDENT-DEV-2].
	dev2 := func(kind, id, comment string, der []byte, flags ...string) identCase {
		return refused(kind, "IDENT-DEV-2").with(opDevFromSPKI, id, comment, string(der), flags)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	ex := exSPKI
	add(dev2(kKey, "spki-empty", "no octets", nil, "MalformedSPKI", "EmptyInput"))
	add(dev2(kKey, "spki-truncated", "the worked example without its last octet", ex[:len(ex)-1], "MalformedSPKI"))
	add(dev2(kKey, "spki-header-only", "the worked example's first two octets only", ex[:2], "MalformedSPKI"))
	add(dev2(kKey, "spki-trailing-octet", "the worked example followed by one zero octet", cat(ex, []byte{0}), "TrailingData"))
	add(dev2(kKey, "spki-trailing-copy", "the worked example twice", cat(ex, ex), "TrailingData"))
	add(dev2(kKey, "spki-non-minimal-length", "the worked example with the outer length in long form (81 2a)",
		cat([]byte{0x30, 0x81, 0x2a}, ex[2:]), "NonCanonicalDER"))
	add(dev2(kKey, "spki-indefinite-length", "the worked example with a BER indefinite length and end-of-contents",
		cat([]byte{0x30, 0x80}, ex[2:], []byte{0, 0}), "NonCanonicalDER"))
	add(dev2(kKey, "spki-ed25519-null-parameters", "Ed25519 with NULL parameters, which RFC 8410 forbids",
		cat(unhex("302c300706032b65700500032100"), unhex(exampleEd25519Key)), "MalformedSPKI"))
	add(dev2(kKey, "spki-ed25519-short-key", "Ed25519 BIT STRING of 31 octets",
		cat(unhex("3029300506032b6570032000"), unhex(exampleEd25519Key)[:31]), "MalformedSPKI"))
	add(dev2(kKey, "spki-unused-bits", "BIT STRING with an unused-bits count of 7",
		cat(unhex("302a300506032b6570032107"), unhex(exampleEd25519Key)), "MalformedSPKI"))
	add(dev2(kKey, "spki-unknown-algorithm", "the worked example with the OID 1.3.101.113 (id-Ed448) and a 32-octet key",
		cat(unhex("302a300506032b6571032100"), unhex(exampleEd25519Key)), "MalformedSPKI"))
	add(dev2(kKey, "spki-set-not-sequence", "the worked example with a SET tag instead of SEQUENCE",
		cat([]byte{0x31}, ex[1:]), "MalformedSPKI"))
	add(dev2(kKey, "spki-raw-ed25519-key", "the 32 raw key octets without SubjectPublicKeyInfo",
		unhex(exampleEd25519Key), "MalformedSPKI"))
	compressed := cat(p256SPKI[:len(p256SPKI)-65-3], []byte{0x03, 0x22, 0x00}, []byte{0x02 | unhex(rfc6979P256)[64]&1}, unhex(rfc6979P256)[1:33])
	compressed = cat([]byte{0x30, byte(len(compressed) - 2)}, compressed[2:])
	add(dev2(kKey, "spki-p256-compressed-point", "the RFC 6979 P-256 key with a compressed point; DEV-1 requires the uncompressed point",
		compressed, "NonCanonicalDER"))
	offCurve := slices.Clone(p256SPKI)
	offCurve[len(offCurve)-1] ^= 1
	add(dev2(kKey, "spki-p256-point-not-on-curve", "the RFC 6979 P-256 key with the last bit of y flipped",
		offCurve, "MalformedSPKI"))

	// RSA variants built from a published key.
	devA, err := vectors.Key(vectors.KeyNames()[3])
	if err != nil {
		return nil, err
	}
	if devA.Name != "device-a-2048" {
		return nil, fmt.Errorf("key order changed: %s", devA.Name)
	}
	algID, n, e, err := rsaSPKIParts(devA.SPKI)
	if err != nil {
		return nil, err
	}
	rsaSPKI := func(alg []byte, rsaKey []byte, extraBits, extraOuter []byte) []byte {
		bits := tlv(0x03, []byte{0}, rsaKey, extraBits)
		return tlv(0x30, alg, bits, extraOuter)
	}
	rsaKey := func(n, e []byte, extra []byte) []byte { return tlv(0x30, tlv(0x02, n), tlv(0x02, e), extra) }
	if !bytes.Equal(rsaSPKI(algID, rsaKey(n, e, nil), nil, nil), devA.SPKI) {
		return nil, errors.New("cannot rebuild the SPKI of device-a-2048")
	}
	algOID := derContent(algID)[:11] // 06 09 <rsaEncryption>
	rsaCase := func(kind, id, comment string, der []byte, flags ...string) identCase {
		c := dev2(kind, id, comment, der, flags...)
		c.key = devA.Name
		return c
	}
	add(rsaCase(kNonCanon, "spki-rsa-extra-algorithm-element",
		"device-a-2048 with a second NULL after the parameters of the AlgorithmIdentifier",
		rsaSPKI(tlv(0x30, algOID, []byte{5, 0}, []byte{5, 0}), rsaKey(n, e, nil), nil, nil), "NonCanonicalDER"))
	add(rsaCase(kNonCanon, "spki-rsa-extra-spki-element",
		"device-a-2048 with a NULL after the BIT STRING, inside the SubjectPublicKeyInfo SEQUENCE",
		rsaSPKI(algID, rsaKey(n, e, nil), nil, []byte{5, 0}), "NonCanonicalDER"))
	add(rsaCase(kNonCanon, "spki-rsa-data-after-rsapublickey",
		"device-a-2048 with two zero octets after the RSAPublicKey inside the BIT STRING",
		rsaSPKI(algID, rsaKey(n, e, nil), []byte{0, 0}, nil), "NonCanonicalDER"))
	add(rsaCase(kNonCanon, "spki-rsa-extra-rsapublickey-element",
		"device-a-2048 with a third INTEGER (0) in the RSAPublicKey SEQUENCE",
		rsaSPKI(algID, rsaKey(n, e, []byte{2, 1, 0}), nil, nil), "NonCanonicalDER"))
	add(rsaCase(kKey, "spki-rsa-modulus-leading-zero",
		"device-a-2048 with a superfluous leading zero octet in the modulus INTEGER (not minimal)",
		rsaSPKI(algID, rsaKey(append([]byte{0}, n...), e, nil), nil, nil), "NonCanonicalDER"))
	add(rsaCase(kKey, "spki-rsa-exponent-leading-zero",
		"device-a-2048 with the exponent written 00 01 00 01 (not minimal)",
		rsaSPKI(algID, rsaKey(n, append([]byte{0}, e...), nil), nil, nil), "NonCanonicalDER"))
	add(rsaCase(kKey, "spki-rsa-missing-null-parameters",
		"device-a-2048 without the NULL parameters RFC 3279 requires for rsaEncryption",
		rsaSPKI(tlv(0x30, algOID), rsaKey(n, e, nil), nil, nil), "NonCanonicalDER"))
	long := slices.Clone(devA.SPKI)
	long = cat([]byte{0x30, 0x83, 0x00}, long[2:])
	add(rsaCase(kKey, "spki-rsa-length-leading-zero",
		"device-a-2048 with the outer length written in three octets 00 01 22",
		long, "NonCanonicalDER"))
	add(rsaCase(kKey, "spki-rsa-pkcs1-public-key",
		"device-a-2048 as a PKCS #1 RSAPublicKey, not a SubjectPublicKeyInfo",
		rsaKey(n, e, nil), "MalformedSPKI"))
	add(rsaCase(kKey, "spki-rsa-certificate",
		"the certificate of device-a-2048 instead of its SubjectPublicKeyInfo",
		devA.Cert.Raw, "MalformedSPKI"))

	// The size limit of the SPKI input [IDENT-LIM-1].
	atLimit := cat(ex, make([]byte, ident.MaxSPKILen-len(ex)))
	c := refused(kKey, "IDENT-DEV-2").with(opDevFromSPKI, "spki-16384-octets",
		"16384 octets, the limit: the worked example followed by zero octets, refused for the trailing data, not for its size",
		string(atLimit), fl("LengthBoundary", "TrailingData"), "IDENT-DEV-2", "IDENT-LIM-1")
	add(c)
	add(refused(kLength, "IDENT-LIM-1").with(opDevFromSPKI, "spki-16385-octets",
		"16385 octets, one more than the limit: refused by the limit before parsing",
		string(cat(ex, make([]byte, ident.MaxSPKILen+1-len(ex)))), fl("LengthFirst"), "IDENT-LIM-1", "IDENT-LIM-3"))

	// --- device-id/parse.
	exFP := [32]byte(unhex(exampleSHA256))
	exSyms := indepSymbols(indepData(exFP))
	if indepPrinted(exSyms) != exampleDeviceID || indepCompact(exSyms) != exampleCompact {
		return nil, errors.New("the independent implementation does not print the worked example")
	}
	exWant := deviceIDExpected{exampleDeviceID, exampleSHA256}
	parseReq := []string{"IDENT-DEV-3", "IDENT-DEV-4", "IDENT-DEV-7"}
	pv := func(want deviceIDExpected, id, comment, in string, flags []string, req ...string) identCase {
		return valid(want).with(opDevParse, id, comment, in, flags, append(slices.Clone(parseReq), req...)...)
	}
	add(pv(exWant, "worked-example", "the printed form of the worked example", exampleDeviceID,
		fl("WorkedExample"), "IDENT-DEV-5", "IDENT-LIM-4"))
	add(pv(exWant, "worked-example-lower-case", "the worked example in lower case",
		strings.ToLower(exampleDeviceID), fl("WorkedExample", "CaseInsensitiveParse"), "IDENT-DEV-6", "IDENT-DEV-12"))
	mixed := []byte(exampleDeviceID)
	for i := range mixed {
		if i%2 == 1 {
			mixed[i] = bytes.ToLower(mixed[i : i+1])[0]
		}
	}
	add(pv(exWant, "worked-example-mixed-case", "the worked example with every second character in lower case",
		string(mixed), fl("WorkedExample", "CaseInsensitiveParse"), "IDENT-DEV-6", "IDENT-DEV-12"))
	add(pv(exWant, "worked-example-compact", "the worked example's 56 symbols without dashes",
		exampleCompact, fl("WorkedExample", "CompactLayout"), "IDENT-DEV-12"))
	add(pv(exWant, "worked-example-compact-lower-case", "the 56 symbols without dashes, in lower case",
		strings.ToLower(exampleCompact), fl("WorkedExample", "CompactLayout", "CaseInsensitiveParse"), "IDENT-DEV-6", "IDENT-DEV-12"))
	for _, name := range []string{vectors.KeyNames()[3], vectors.KeyNames()[4]} {
		k, err := vectors.Key(name)
		if err != nil {
			return nil, err
		}
		w := indepDeviceID(sha256.Sum256(k.SPKI))
		add(pv(w, "published-"+name, "the printed device ID of the published key "+name, w.DeviceID, nil,
			"IDENT-DEV-5", "IDENT-LIM-4"))
	}
	// Fingerprints at the extremes of the value range.
	var zero, ones [32]byte
	for i := range ones {
		ones[i] = 0xff
	}
	wz, wo := indepDeviceID(zero), indepDeviceID(ones)
	add(pv(wz, "fingerprint-all-zero", "the device ID whose fingerprint is 32 zero octets", wz.DeviceID,
		fl("ExtremeValue"), "IDENT-DEV-5"))
	add(pv(wo, "fingerprint-all-ones", "the device ID whose fingerprint is 32 octets ff: the 52nd symbol is Q",
		wo.DeviceID, fl("ExtremeValue"), "IDENT-DEV-5"))

	// Changes the check does not detect: the result is another valid ID.
	jump := slices.Clone(exSyms)
	swapped := false
	for i := 0; i+2 < 13; i++ {
		if jump[i] != jump[i+2] {
			jump[i], jump[i+2] = jump[i+2], jump[i]
			swapped = true
			break
		}
	}
	if !swapped || indepBadChunk(jump) != 0 {
		return nil, errors.New("jump transposition: construction failed")
	}
	jw := indepDeviceID(indepUndata(slices.Concat(jump[0:13], jump[14:27], jump[28:41], jump[42:55])))
	if jw.DeviceID != indepPrinted(jump) {
		return nil, errors.New("jump transposition: not a canonical ID")
	}
	add(pv(jw, "undetected-jump-transposition",
		"the worked example with two symbols two apart in chunk 1 swapped: same check, another valid device ID",
		jw.DeviceID, fl("UndetectedByCheck")))
	a7 := slices.Clone(exSyms)
	a7[0], a7[1] = 0, 31
	a7[13] = indepLuhn(a7[0:13])
	a7[0], a7[1] = 31, 0
	a7w := indepDeviceID(indepUndata(slices.Concat(a7[0:13], a7[14:27], a7[28:41], a7[42:55])))
	if indepBadChunk(a7) != 0 || a7w.DeviceID != indepPrinted(a7) || !strings.HasPrefix(a7w.DeviceID, "7A") {
		return nil, errors.New("A7 transposition: construction failed")
	}
	add(pv(a7w, "undetected-a7-transposition",
		"an ID beginning 7A whose check symbol was computed for A7: the one adjacent transposition Luhn mod 32 does not detect",
		a7w.DeviceID, fl("UndetectedByCheck")))

	// Check symbol failures [IDENT-DEV-9], one chunk at a time.
	bad := func(syms []int, id, comment string, flags []string, chunk int, req ...string) identCase {
		if got := indepBadChunk(syms); got != chunk {
			panic(fmt.Sprintf("%s: independent check names chunk %d, want %d", id, got, chunk))
		}
		c := refused(kCheck, "IDENT-DEV-9").with(opDevParse, id, comment, indepPrinted(syms), flags,
			append([]string{"IDENT-DEV-9", "IDENT-DEV-4"}, req...)...)
		c.chunk = chunk
		return c
	}
	{
		s := slices.Clone(exSyms)
		s[0] = 1 // the spec's own example: the first A changed to B
		add(bad(s, "chunk-1-substitution-spec-example", "§4.4: the first A changed to B", fl("CheckSymbol", "WorkedExample"), 1))
	}
	for k, pos := range []int{6, 9, 12, 3} {
		s := slices.Clone(exSyms)
		i := 14*k + pos
		s[i] = (s[i] + 7) % 32
		add(bad(s, fmt.Sprintf("chunk-%d-substitution", k+1),
			fmt.Sprintf("symbol %d of chunk %d changed from %c to %c", pos+1, k+1, indepAlphabet[exSyms[i]], indepAlphabet[s[i]]),
			fl("CheckSymbol"), k+1))
	}
	for k := range 4 {
		s := slices.Clone(exSyms)
		i := 14*k + 13
		s[i] = (s[i] + 1) % 32
		add(bad(s, fmt.Sprintf("chunk-%d-check-symbol-changed", k+1),
			fmt.Sprintf("the check symbol of chunk %d changed from %c to %c", k+1, indepAlphabet[exSyms[i]], indepAlphabet[s[i]]),
			fl("CheckSymbol"), k+1))
	}
	// Chunk 1 at its start, chunk 2 across the dash between its groups, chunk 3 its last
	// symbol with the check symbol, chunk 4 inside its first group.
	for k, start := range []int{0, 6, 12, 3} {
		s := slices.Clone(exSyms)
		done := false
		for n := 0; n < 13 && !done; n++ {
			pos := (start + n) % 13
			i := 14*k + pos
			x, y := s[i], s[i+1]
			if x != y && !(x == 0 && y == 31 || x == 31 && y == 0) {
				s[i], s[i+1] = y, x
				where := ""
				switch pos {
				case 6:
					where = ", across the dash"
				case 12:
					where = ", the last data symbol and the check symbol"
				}
				add(bad(s, fmt.Sprintf("chunk-%d-adjacent-transposition", k+1),
					fmt.Sprintf("symbols %d and %d of chunk %d swapped (%c%c to %c%c%s)", pos+1, pos+2, k+1,
						indepAlphabet[x], indepAlphabet[y], indepAlphabet[y], indepAlphabet[x], where),
					fl("Transposition"), k+1))
				done = true
			}
		}
		if !done {
			return nil, fmt.Errorf("no transposable pair in chunk %d", k+1)
		}
	}
	{
		s := slices.Clone(exSyms)
		s[14+2] = (s[14+2] + 1) % 32
		s[42+5] = (s[42+5] + 1) % 32
		add(bad(s, "chunks-2-and-4-wrong", "one symbol changed in chunk 2 and one in chunk 4: chunk 2 is reported",
			fl("CheckSymbol", "CheckOrder"), 2, "IDENT-DEV-11", "IDENT-LIM-3"))
	}
	{
		s := slices.Clone(exSyms)
		s[3] = (s[3] + 1) % 32
		c := bad(s, "chunk-1-substitution-lower-case", "a symbol of chunk 1 changed, the whole ID in lower case",
			fl("CheckSymbol", "CaseInsensitiveParse"), 1, "IDENT-DEV-6")
		c.in = strings.ToLower(c.in)
		add(c)
		c = bad(s, "chunk-1-substitution-compact", "a symbol of chunk 1 changed, without dashes",
			fl("CheckSymbol", "CompactLayout"), 1, "IDENT-DEV-7")
		c.in = indepCompact(s)
		add(c)
	}

	// Spare bits [IDENT-DEV-10]: correct check symbols, non-zero spare bits.
	spare := func(v int, id, comment string, compact bool, flags ...string) {
		s := slices.Clone(exSyms)
		s[42+12] = v
		s[42+13] = indepLuhn(s[42 : 42+13])
		in := indepPrinted(s)
		if compact {
			in = indepCompact(s)
		}
		add(refused(kNonCanon, "IDENT-DEV-10").with(opDevParse, id, comment, in, append(fl("SpareBits"), flags...),
			"IDENT-DEV-10", "IDENT-DEV-3"))
	}
	spare(17, "spare-bits-0001", "52nd symbol R instead of Q (spare bits 0001), chunk 4 check recomputed", false)
	spare(31, "spare-bits-1111", "52nd symbol 7 instead of Q (spare bits 1111), chunk 4 check recomputed", false)
	spare(8, "spare-bits-1000-compact", "52nd symbol I (last fingerprint bit 0, spare bits 1000), check recomputed, without dashes", true, "CompactLayout")
	{
		s := slices.Clone(exSyms)
		s[42+12] = 17
		s[42+13] = indepLuhn(s[42 : 42+13])
		s[5] = (s[5] + 1) % 32
		add(bad(s, "spare-bits-and-chunk-1-wrong", "non-zero spare bits and a wrong symbol in chunk 1: the check comes first",
			fl("CheckOrder", "SpareBits"), 1, "IDENT-DEV-11", "IDENT-LIM-3"))
	}

	// Alphabet [IDENT-DEV-8].
	char := func(id, comment, in string, flags []string, req ...string) identCase {
		return refused(kChar, "IDENT-DEV-8").with(opDevParse, id, comment, in, flags, append([]string{"IDENT-DEV-8"}, req...)...)
	}
	replaceAt := func(s string, i int, r string) string { return s[:i] + r + s[i+1:] }
	// A published key's ID containing O, so that 0 mapped to O would give a valid ID.
	var withO string
	var posO int
	for _, name := range vectors.KeyNames() {
		k, err := vectors.Key(name)
		if err != nil {
			return nil, err
		}
		id := indepDeviceID(sha256.Sum256(k.SPKI)).DeviceID
		if i := strings.IndexByte(id, 'O'); i >= 0 {
			withO, posO = id, i
			break
		}
	}
	if withO == "" {
		return nil, errors.New("no published key's device ID contains O")
	}
	add(char("look-alike-zero-for-o", "a valid device ID (of a published key) with an O replaced by 0",
		replaceAt(withO, posO, "0"), fl("LookAlikeMapping")))
	iI := strings.IndexByte(exampleDeviceID, 'I')
	add(char("look-alike-one-for-i", "the worked example with its first I replaced by 1",
		replaceAt(exampleDeviceID, iI, "1"), fl("LookAlikeMapping")))
	iL := strings.IndexByte(exampleDeviceID, 'L')
	add(char("look-alike-one-for-l", "the worked example with its L replaced by 1",
		replaceAt(exampleDeviceID, iL, "1"), fl("LookAlikeMapping")))
	iB := strings.IndexByte(exampleDeviceID, 'B')
	add(char("look-alike-eight-for-b", "the worked example with its first B replaced by 8",
		replaceAt(exampleDeviceID, iB, "8"), fl("LookAlikeMapping")))
	iQ := strings.LastIndexByte(exampleDeviceID, 'Q')
	add(char("look-alike-nine-for-q", "the worked example in lower case with its q replaced by 9",
		replaceAt(strings.ToLower(exampleDeviceID), iQ, "9"), fl("LookAlikeMapping"), "IDENT-DEV-6"))
	add(char("look-alike-zero-compact", "the 56 symbols without dashes, the first 3 replaced by 0",
		replaceAt(exampleCompact, 1, "0"), fl("LookAlikeMapping", "CompactLayout")))
	add(char("base32-padding-symbol", "the last symbol replaced by the base32 padding character =",
		replaceAt(exampleDeviceID, 62, "="), nil))
	add(char("alphabet-before-check", "a 0 in chunk 4 and a wrong symbol in chunk 1: the alphabet is checked first",
		replaceAt(replaceAt(exampleDeviceID, 50, "0"), 0, "B"), fl("CheckOrder", "LookAlikeMapping"), "IDENT-DEV-11", "IDENT-LIM-3"))
	// Group 5 "WNWIYRG" written "WNWıYR": dotless ı is two octets, so the dashes stay in place.
	g5 := strings.Index(exampleDeviceID, "WNWIYRG")
	add(char("dotless-i-keeps-layout", "group 5 WNWIYRG written WNWıYR (dotless ı, two octets): the layout holds and ı is outside the alphabet",
		exampleDeviceID[:g5]+"WNWıYR"+exampleDeviceID[g5+7:], fl("UnicodeCaseMapping", "OctetLength")))
	add(char("non-utf8-octet", "the worked example with its first symbol replaced by the octet ff",
		replaceAt(exampleDeviceID, 0, "\xff"), fl("NonUTF8"), "IDENT-LIM-2"))
	add(char("space-in-group", "the worked example with a space in place of its 4th symbol",
		replaceAt(exampleDeviceID, 3, " "), nil))

	// Layout [IDENT-DEV-7].
	layout := func(kind, id, comment, in string, flags []string, req ...string) identCase {
		return refused(kind, "IDENT-DEV-7").with(opDevParse, id, comment, in, flags, append([]string{"IDENT-DEV-7"}, req...)...)
	}
	groups := strings.Split(exampleDeviceID, "-")
	add(layout(kLength, "missing-dash", "the worked example without its third dash (62 octets)",
		strings.Join(groups[:3], "-")+strings.Join(groups[3:], "-"), fl("DashLayout")))
	add(layout(kSyntax, "misplaced-dash", "the worked example with its first dash one position early (63 octets)",
		groups[0][:6]+"-"+groups[0][6:]+strings.Join(groups[1:], "-"), fl("DashLayout")))
	add(layout(kSyntax, "spaces-for-dashes", "the eight groups joined by spaces",
		strings.Join(groups, " "), fl("DashLayout")))
	add(layout(kSyntax, "underscores-for-dashes", "the eight groups joined by underscores",
		strings.Join(groups, "_"), fl("DashLayout")))
	add(layout(kSyntax, "one-space-for-dash", "the worked example with its last dash replaced by a space",
		replaceAt(exampleDeviceID, 55, " "), fl("DashLayout")))
	add(layout(kSyntax, "dash-in-compact", "56 octets with a dash in place of the 8th symbol",
		replaceAt(exampleCompact, 7, "-"), fl("DashLayout")))
	add(layout(kLength, "compact-plus-dash", "the 56 symbols followed by a dash (57 octets)",
		exampleCompact+"-", fl("DashLayout")))
	add(layout(kLength, "compact-trailing-newline", "the 56 symbols followed by a line feed (57 octets)",
		exampleCompact+"\n", nil))
	add(layout(kLength, "four-chunks-dashed", "four groups of 14 joined by dashes (59 octets)",
		dashEvery(exampleCompact, 14), fl("DashLayout")))
	add(layout(kLength, "missing-symbol", "the worked example without its last symbol (62 octets)",
		exampleDeviceID[:62], nil))
	add(layout(kLength, "compact-missing-symbol", "the 56 symbols without the last one (55 octets)",
		exampleCompact[:55], nil))
	add(layout(kLength, "only-52-data-symbols", "the 52 base32 symbols of the fingerprint without check symbols",
		"A3R73D62FG5WBK2ZKV66MHW3BLWNWIYRGS7DBZ23IVPY4G3ZF6UQ", nil))
	add(layout(kLength, "empty", "the empty string", "", fl("EmptyInput"), "IDENT-LIM-2"))
	add(layout(kLength, "compact-multibyte-symbol", "55 symbols and É (two octets): 56 characters but 57 octets",
		exampleCompact[:55]+"É", fl("OctetLength")))

	// Limit [IDENT-LIM-1].
	lim := func(id, comment, in string, flags ...string) identCase {
		return refused(kLength, "IDENT-LIM-1").with(opDevParse, id, comment, in, flags, "IDENT-LIM-1")
	}
	add(lim("extra-dash", "the worked example with a dash added at the end of group 1 (64 octets)",
		groups[0]+"--"+strings.Join(groups[1:], "-"), "DashLayout"))
	add(lim("groups-of-four", "the 56 symbols as fourteen groups of four joined by dashes (69 octets)",
		dashEvery(exampleCompact, 4), "DashLayout"))
	add(lim("trailing-newline", "the worked example followed by a line feed (64 octets)",
		exampleDeviceID+"\n", "LengthFirst"))
	add(lim("leading-space", "a space before the worked example (64 octets)", " "+exampleDeviceID, "LengthFirst"))
	add(lim("twice", "the worked example twice, joined by a dash", exampleDeviceID+"-"+exampleDeviceID, "LengthFirst"))
	c = lim("over-limit-non-utf8", "64 octets ff: refused for the length before any other rule",
		strings.Repeat("\xff", 64), "LengthFirst", "NonUTF8")
	c.req = append(c.req, "IDENT-LIM-2", "IDENT-LIM-3")
	add(c)
	c = lim("one-multibyte-symbol", "the worked example with one symbol replaced by É: 63 characters but 64 octets",
		replaceAt(exampleDeviceID, 1, "É"), "OctetLength")
	add(c)

	return cs, nil
}

func dashEvery(s string, n int) string {
	var parts []string
	for i := 0; i < len(s); i += n {
		parts = append(parts, s[i:min(i+n, len(s))])
	}
	return strings.Join(parts, "-")
}

// ---------------------------------------------------------------------------------------------
// ident/user-name.json

func userNameCases() []identCase {
	var cs []identCase
	ok := func(id, comment, in, stored, key string, flags []string, req ...string) {
		cs = append(cs, valid(userNameExpected{stored, key}).with(opUserParse, id, comment, in, flags,
			append([]string{"IDENT-USER-3", "IDENT-USER-13"}, req...)...))
	}
	bad := func(kind, errReq, id, comment, in string, flags []string, req ...string) {
		cs = append(cs, refused(kind, errReq).with(opUserParse, id, comment, in, flags, append([]string{errReq}, req...)...))
	}
	eq := func(equal bool, id, comment, a, b string, flags []string, req ...string) {
		c := valid(compareExpected{equal}).with(opUserCompare, id, comment, a, flags, append([]string{"IDENT-USER-13"}, req...)...)
		c.other = b
		cs = append(cs, c)
	}
	rep := strings.Repeat

	// §2.4, valid examples: every row, with the stored form and the key the table gives.
	ok("spec-shortest", "§2.4: the shortest user name, one-character labels", "a@b.c", "a@b.c", "a@b.c", nil, "IDENT-USER-9")
	ok("spec-john-smith", "§2.4: letter case kept in the stored form, folded in the key",
		"John.Smith@Example.COM", "John.Smith@Example.COM", "john.smith@example.com", fl("CaseSensitiveCompare"), "IDENT-USER-6")
	ok("spec-atext", "§2.4: ' and + are atext", "o'brien+mesh@example.org", "o'brien+mesh@example.org", "o'brien+mesh@example.org", nil, "IDENT-USER-5")
	ok("spec-jose-upper", "§2.4: non-ASCII upper case folded in the key", "JOSÉ@correo.es", "JOSÉ@correo.es", "josé@correo.es", nil, "IDENT-USER-5")
	ok("spec-jose-decomposed", "§2.4: e and U+0301 composed to é in the stored form", "jose\u0301@correo.es", "josé@correo.es", "josé@correo.es",
		fl("NonCanonicalUnicode"))
	ok("spec-strasse", "§2.4: ß folds to ss in the key; U-label domain", "Straße@bücher.example", "Straße@bücher.example", "strasse@bücher.example",
		fl("FullCaseFolding"), "IDENT-USER-9")
	ok("spec-chinese", "§2.4: non-ASCII local part and domain", "用户@例子.中国", "用户@例子.中国", "用户@例子.中国", nil, "IDENT-USER-5", "IDENT-USER-9")
	ok("spec-greek", "§2.4: Greek with final sigma absent and accents", "δοκιμή@παράδειγμα.δοκιμή", "δοκιμή@παράδειγμα.δοκιμή", "δοκιμή@παράδειγμα.δοκιμή", nil, "IDENT-USER-5", "IDENT-USER-9")
	ok("spec-fullwidth-domain", "§2.4: a full-width domain is stored as given and NFKC-mapped in the key",
		"user@ｅｘａｍｐｌｅ.com", "user@ｅｘａｍｐｌｅ.com", "user@example.com", fl("CompatibilityNormalization"))
	ok("spec-a-label-upper-case", "§2.4: an A-label is an ASCII label, folded but not decoded",
		"user@XN--BCHER-KVA.example", "user@XN--BCHER-KVA.example", "user@xn--bcher-kva.example", fl("ALabel"), "IDENT-USER-12")
	ok("spec-dotted-capital-i", "§2.4: İ folds to i and U+0307, not to i", "İ@example.com", "İ@example.com", "i\u0307@example.com",
		fl("TurkishFolding"), "IDENT-USER-14")
	ok("spec-digit-label", "§2.4: an all-digit label that is not the last", "x@1.a", "x@1.a", "x@1.a", nil, "IDENT-USER-9", "IDENT-USER-11")

	// More valid names.
	ok("all-atext-characters", "every ASCII character of atext other than letters and digits, in the local part",
		"!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", nil, "IDENT-USER-5")
	ok("non-ascii-digit", "an Arabic-Indic digit (Nd) as the local part", "٣@example.com", "٣@example.com", "٣@example.com", nil, "IDENT-USER-5")
	ok("non-ascii-digit-last-label", "a last label of non-ASCII digits is not all ASCII digits", "a@example.٣٣", "a@example.٣٣", "a@example.٣٣",
		nil, "IDENT-USER-9", "IDENT-USER-11")
	ok("kelvin-sign", "U+212A KELVIN SIGN is NFC-mapped to K in the stored form", "\u212Aelvin@example.com", "Kelvin@example.com", "kelvin@example.com",
		fl("NonCanonicalUnicode"))
	ok("kelvin-sign-domain", "U+212A in the domain: NFC gives K in the stored form", "a@\u212Aelvin.example", "a@Kelvin.example", "a@kelvin.example",
		fl("NonCanonicalUnicode"))
	ok("fullwidth-local-part", "full-width letters in the local part: folded but not NFKC-mapped in the key",
		"ＵＳＥＲ@example.com", "ＵＳＥＲ@example.com", "ｕｓｅｒ@example.com", fl("CompatibilityNormalization"))
	ok("fullwidth-upper-domain", "full-width capitals in the domain: NFKC then folded", "a@ＥＸＡＭＰＬＥ.com", "a@ＥＸＡＭＰＬＥ.com", "a@example.com",
		fl("CompatibilityNormalization"))
	ok("ligature-local-part", "the ligature ﬁ folds to fi (full folding)", "ﬁ@example.com", "ﬁ@example.com", "fi@example.com", fl("FullCaseFolding"))
	ok("ligature-domain", "the ligature ﬁ in the domain: NFKC gives fi", "a@ﬁle.example", "a@ﬁle.example", "a@file.example", fl("CompatibilityNormalization"))
	ok("final-sigma", "capital sigma and final sigma both fold to σ", "ΣΑΣ@example.com", "ΣΑΣ@example.com", "σασ@example.com", fl("FullCaseFolding"))
	ok("j-caron-composed", "ǰ folds to j and U+030C; the key is NFC again, ǰ", "ǰ@example.com", "ǰ@example.com", "ǰ@example.com", fl("OuterNormalization"))
	ok("capital-j-caron", "J and U+030C has no composed form; its key is ǰ (U+01F0)", "J\u030C@example.com", "J\u030C@example.com", "ǰ@example.com",
		fl("OuterNormalization"))
	ok("cherokee-small", "Cherokee small letter ꭰ (U+AB70) folds to the capital Ꭰ (U+13A0)", "ꭰ@example.com", "ꭰ@example.com", "Ꭰ@example.com",
		fl("CherokeeFolding"))
	ok("cherokee-capital", "Cherokee capital Ꭰ (U+13A0) folds to itself", "Ꭰ@example.com", "Ꭰ@example.com", "Ꭰ@example.com", fl("CherokeeFolding"))
	ok("dotless-i", "dotless ı folds to itself", "ı@example.com", "ı@example.com", "ı@example.com", fl("TurkishFolding"), "IDENT-USER-14")
	ok("local-part-64-octets", "a local part of 64 octets, the maximum", rep("a", 64)+"@example.com", rep("a", 64)+"@example.com", rep("a", 64)+"@example.com",
		fl("LengthBoundary"), "IDENT-USER-4")
	ok("local-part-64-octets-non-ascii", "a local part of 32 × é, 64 octets", rep("é", 32)+"@example.com", rep("é", 32)+"@example.com", rep("é", 32)+"@example.com",
		fl("LengthBoundary", "OctetLength"), "IDENT-USER-4")
	long254 := rep("A", 64) + "@" + rep("b", 63) + "." + rep("c", 63) + "." + rep("d", 61)
	ok("address-254-octets", "an address of 254 octets, the maximum", long254, long254, strings.ToLower(long254), fl("LengthBoundary"), "IDENT-USER-4", "IDENT-USER-10")
	ok("label-63-octets", "a domain label of 63 octets, the maximum", "a@"+rep("b", 63)+".com", "a@"+rep("b", 63)+".com", "a@"+rep("b", 63)+".com",
		fl("LengthBoundary"), "IDENT-USER-10")
	ok("label-63-octets-cjk", "a domain label of 21 × 例, 63 octets", "a@"+rep("例", 21)+".com", "a@"+rep("例", 21)+".com", "a@"+rep("例", 21)+".com",
		fl("LengthBoundary", "OctetLength"), "IDENT-USER-10")
	nfd := rep("e\u0301", 30)
	nfc := rep("é", 30)
	ok("nfd-local-part-over-64", "a local part of 90 octets in NFD and 60 in NFC: the length rule applies to the NFC form",
		nfd+"@example.com", nfc+"@example.com", nfc+"@example.com", fl("NFCBeforeLength", "NonCanonicalUnicode"), "IDENT-USER-4")
	ok("nfd-label-over-63", "a domain label of 90 octets in NFD and 60 in NFC", "a@"+nfd+".com", "a@"+nfc+".com", "a@"+nfc+".com",
		fl("NFCBeforeLength", "NonCanonicalUnicode"), "IDENT-USER-10")
	ok("nfd-address-over-254", "367 octets in NFD, 247 in NFC", nfd+"@"+nfd+"."+nfd+"."+nfd+".com", nfc+"@"+nfc+"."+nfc+"."+nfc+".com",
		nfc+"@"+nfc+"."+nfc+"."+nfc+".com", fl("NFCBeforeLength", "NonCanonicalUnicode"), "IDENT-USER-4")

	// §2.4, invalid examples: every row.
	bad(kSyntax, "IDENT-USER-1", "spec-empty", "§2.4: the empty string", "", fl("EmptyInput"), "IDENT-LIM-2")
	bad(kSyntax, "IDENT-USER-1", "spec-no-at", "§2.4: no @", "userexample.com", nil)
	bad(kSyntax, "IDENT-USER-1", "spec-two-at", "§2.4: two @", "a@b@example.com", nil)
	bad(kSyntax, "IDENT-USER-1", "spec-empty-local-part", "§2.4: nothing before @", "@example.com", nil)
	bad(kChar, "IDENT-USER-5", "spec-quoted-local-part", "§2.4: a quoted local part", "\"john doe\"@example.com", fl("QuotedLocalPart"), "IDENT-USER-6")
	bad(kChar, "IDENT-USER-5", "spec-space", "§2.4: a space in the local part", "john doe@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "spec-zero-width-joiner", "§2.4: U+200D ZERO WIDTH JOINER (Cf)", "john\u200Ddoe@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "spec-c1-control", "§2.4: U+0085 NEXT LINE, a C1 control", "a\u0085b@example.com", fl("InvisibleCharacter"))
	bad(kSyntax, "IDENT-USER-6", "spec-leading-dot", "§2.4: a dot at the start of the local part", ".john@example.com", nil)
	bad(kSyntax, "IDENT-USER-6", "spec-double-dot", "§2.4: two dots in a row", "john..smith@example.com", nil)
	bad(kChar, "IDENT-USER-7", "spec-leading-mark", "§2.4: the local part begins with U+0301", "\u0301a@example.com", nil)
	bad(kSyntax, "IDENT-USER-8", "spec-single-label", "§2.4: a domain of one label", "a@localhost", nil)
	bad(kSyntax, "IDENT-USER-8", "spec-empty-label", "§2.4: two dots in the domain", "a@example..com", nil)
	bad(kSyntax, "IDENT-USER-8", "spec-trailing-dot", "§2.4: a dot at the end of the domain", "a@example.com.", nil)
	bad(kChar, "IDENT-USER-9", "spec-address-literal", "§2.4: an address literal", "a@[192.0.2.1]", fl("AddressLiteral"), "IDENT-USER-8")
	bad(kSyntax, "IDENT-USER-9", "spec-leading-hyphen", "§2.4: a label beginning with -", "a@-example.com", nil)
	bad(kChar, "IDENT-USER-9", "spec-underscore-in-label", "§2.4: _ in a domain label", "a@exa_mple.com", nil)
	bad(kSyntax, "IDENT-USER-11", "spec-ipv4", "§2.4: a dotted IPv4 address as the domain", "a@192.0.2.1", fl("AddressLiteral"))

	// Limits and encoding.
	bad(kLength, "IDENT-LIM-1", "input-1025-octets", "1025 octets", rep("a", 1013)+"@example.com", fl("LengthFirst"))
	bad(kLength, "IDENT-LIM-1", "input-1025-octets-non-utf8", "1025 octets containing ff: the limit comes before UTF-8",
		"\xff"+rep("a", 1012)+"@example.com", fl("LengthFirst", "NonUTF8", "CheckOrder"), "IDENT-LIM-3", "IDENT-USER-2")
	bad(kLength, "IDENT-USER-4", "input-1024-octets", "1024 octets: within the input limit, refused as longer than 254",
		rep("a", 1012)+"@example.com", fl("LengthBoundary"), "IDENT-LIM-1")
	bad(kEncoding, "IDENT-USER-2", "non-utf8-ff", "the octet ff in the local part", "\xff@example.com", fl("NonUTF8"), "IDENT-LIM-2")
	bad(kEncoding, "IDENT-USER-2", "non-utf8-no-at", "the single octet ff: UTF-8 is checked before @", "\xff", fl("NonUTF8", "CheckOrder"), "IDENT-LIM-3")
	bad(kEncoding, "IDENT-USER-2", "non-utf8-surrogate", "an encoded surrogate ED A0 80 (U+D800)", "\xed\xa0\x80@example.com", fl("NonUTF8"))
	bad(kEncoding, "IDENT-USER-2", "non-utf8-overlong-2", "an overlong two-octet / (C0 AF)", "a\xc0\xafb@example.com", fl("NonUTF8"))
	bad(kEncoding, "IDENT-USER-2", "non-utf8-overlong-3", "an overlong three-octet / (E0 80 AF)", "a\xe0\x80\xafb@example.com", fl("NonUTF8"))
	bad(kEncoding, "IDENT-USER-2", "non-utf8-above-10ffff", "F4 90 80 80, above U+10FFFF", "\xf4\x90\x80\x80@example.com", fl("NonUTF8"))
	bad(kEncoding, "IDENT-USER-2", "non-utf8-truncated", "a two-octet sequence cut after its first octet, in the domain", "a@b\xc3.com", fl("NonUTF8"))
	bad(kEncoding, "IDENT-USER-2", "non-utf8-latin1", "José in ISO-8859-1", "jos\xe9@example.com", fl("NonUTF8"))

	// Structure and lengths.
	bad(kSyntax, "IDENT-USER-1", "empty-domain", "nothing after @", "a@", nil)
	bad(kSyntax, "IDENT-USER-1", "fullwidth-at", "a full-width ＠ (U+FF20) is not @", "a＠example.com", fl("CompatibilityNormalization"))
	bad(kSyntax, "IDENT-USER-1", "two-at-and-long", "two @ and 300 octets: @ is checked before the lengths",
		rep("a", 150)+"@"+rep("b", 140)+"@x.com", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-4")
	bad(kLength, "IDENT-USER-4", "local-part-65-octets", "a local part of 65 octets", rep("a", 65)+"@example.com", fl("LengthBoundary"))
	bad(kLength, "IDENT-USER-4", "local-part-66-octets-non-ascii", "a local part of 33 × é, 66 octets", rep("é", 33)+"@example.com", fl("OctetLength"))
	long255 := rep("a", 64) + "@" + rep("b", 63) + "." + rep("c", 63) + "." + rep("d", 62)
	bad(kLength, "IDENT-USER-4", "address-255-octets", "an address of 255 octets", long255, fl("LengthBoundary"))
	bad(kLength, "IDENT-USER-4", "address-255-octets-bad-characters", "255 octets with a space in the local part: lengths are checked before characters",
		"a b"+long255[3:], fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-5")
	bad(kLength, "IDENT-USER-4", "address-255-octets-non-ascii", "a local part of 32 × é and an address of 255 octets", rep("é", 32)+"@"+rep("b", 63)+"."+rep("c", 63)+"."+rep("d", 62),
		fl("OctetLength"))

	// Local part characters, dots, marks.
	bad(kChar, "IDENT-USER-5", "no-break-space", "U+00A0 NO-BREAK SPACE", "john\u00A0doe@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "tab", "a horizontal tab", "john\tdoe@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "del", "U+007F DELETE", "john\u007Fdoe@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "nul", "U+0000", "john\u0000doe@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "leading-space", "a space before the name", " john@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "right-to-left-mark", "U+200F RIGHT-TO-LEFT MARK (Cf)", "john\u200F@example.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-5", "symbol-snowman", "U+2603 SNOWMAN (So)", "\u2603@example.com", nil)
	bad(kChar, "IDENT-USER-5", "non-ascii-punctuation", "U+00B7 MIDDLE DOT (Po)", "a\u00B7b@example.com", nil)
	bad(kChar, "IDENT-USER-5", "private-use", "U+E000, private use", "a\uE000@example.com", nil)
	bad(kChar, "IDENT-USER-5", "unassigned", "U+0378, unassigned", "a\u0378@example.com", nil)
	bad(kChar, "IDENT-USER-5", "noncharacter", "U+FFFF, a noncharacter", "a\uFFFF@example.com", nil)
	bad(kChar, "IDENT-USER-5", "backslash", "a backslash", "john\\doe@example.com", fl("QuotedLocalPart"))
	bad(kChar, "IDENT-USER-5", "comment", "an RFC 5322 comment", "john(comment)@example.com", fl("QuotedLocalPart"))
	bad(kChar, "IDENT-USER-5", "angle-brackets", "a name-addr in angle brackets", "<john@example.com>", fl("QuotedLocalPart"))
	bad(kChar, "IDENT-USER-5", "characters-before-dots", "a space and a leading dot: characters are checked before dots",
		".a b@example.com", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-6")
	bad(kSyntax, "IDENT-USER-6", "trailing-dot-local-part", "a dot at the end of the local part", "john.@example.com", nil)
	bad(kSyntax, "IDENT-USER-6", "dots-before-marks", "an atom beginning with a mark and two dots: dots are checked first",
		"\u0301a..b@example.com", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-7")
	bad(kSyntax, "IDENT-USER-6", "local-before-domain", "a double dot in the local part and a bad domain: the local part comes first",
		"a..b@-x", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-8")
	bad(kChar, "IDENT-USER-7", "atom-begins-with-mark", "the second atom begins with U+0301", "a.\u0301b@example.com", nil)

	// Domain.
	bad(kSyntax, "IDENT-USER-8", "fullwidth-full-stop", "a full-width full stop (U+FF0E) is not a label separator",
		"a@example\uFF0Ecom", fl("CompatibilityNormalization"))
	bad(kSyntax, "IDENT-USER-8", "leading-dot-domain", "a dot at the start of the domain", "a@.example.com", nil)
	bad(kSyntax, "IDENT-USER-9", "trailing-hyphen", "a label ending with -", "a@example-.com", nil)
	bad(kChar, "IDENT-USER-9", "space-in-domain", "a space at the end of the name", "john@example.com ", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-9", "symbol-in-domain", "U+2603 SNOWMAN in a label", "a@ex\u2603.com", nil)
	bad(kChar, "IDENT-USER-9", "zero-width-joiner-in-domain", "U+200D in a label, although IDNA2008 allows it in some contexts",
		"a@ex\u200Dample.com", fl("InvisibleCharacter"))
	bad(kChar, "IDENT-USER-9", "characters-before-hyphens", "a label beginning with - and a later label with _: characters of every label come first",
		"a@-x.ex_ample.com", fl("CheckOrder"), "IDENT-LIM-3")
	bad(kSyntax, "IDENT-USER-9", "hyphens-before-marks", "a label beginning with - and another beginning with U+0301",
		"a@-x.\u0301y.com", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-7")
	bad(kChar, "IDENT-USER-7", "label-begins-with-mark", "a domain label beginning with U+0301", "a@\u0301x.com", nil)
	bad(kChar, "IDENT-USER-7", "marks-before-label-length", "a label beginning with a mark and a label of 64 octets",
		"a@\u0301x."+rep("b", 64)+".com", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-10")
	bad(kLength, "IDENT-USER-10", "label-64-octets", "a domain label of 64 octets", "a@"+rep("b", 64)+".com", fl("LengthBoundary"))
	bad(kLength, "IDENT-USER-10", "label-66-octets-cjk", "a domain label of 22 × 例: 22 characters, 66 octets", "a@"+rep("例", 22)+".com", fl("OctetLength"))
	bad(kLength, "IDENT-USER-10", "label-length-before-digits", "a label of 64 octets and an all-digit last label",
		"a@"+rep("b", 64)+".123", fl("CheckOrder"), "IDENT-LIM-3", "IDENT-USER-11")
	bad(kSyntax, "IDENT-USER-11", "all-digit-last-label", "the last label is all digits", "a@example.123", fl("AddressLiteral"))
	bad(kSyntax, "IDENT-USER-11", "fullwidth-digit-last-label", "the last label is a full-width digit, which the comparison key maps to an ASCII digit", "a@192.0.2.\uff11", fl("AddressLiteral", "CompatibilityNormalization"))

	// user-name/compare.
	eq(true, "compare-case-insensitive", "letter case is ignored in the local part and the domain",
		"John.Smith@Example.COM", "john.smith@example.com", fl("CaseSensitiveCompare"))
	eq(true, "compare-upper-local-part", "an all-upper-case local part", "JOHN@example.com", "john@EXAMPLE.com", fl("CaseSensitiveCompare"))
	eq(false, "compare-different-domain", "the same local part in two domains", "a@example.com", "a@example.org", nil)
	eq(false, "compare-dots-significant", "dots in the local part are significant", "john.smith@example.com", "johnsmith@example.com", nil)
	eq(false, "compare-subaddress-significant", "a +tag is part of the local part", "john+mesh@example.com", "john@example.com", nil)
	eq(false, "compare-dotted-capital-i", "İ (U+0130) is not I or i: its key is i and U+0307", "İ@example.com", "i@example.com",
		fl("TurkishFolding"), "IDENT-USER-14")
	eq(true, "compare-capital-i", "I folds to i without Turkic folding", "I@example.com", "i@example.com", fl("TurkishFolding"), "IDENT-USER-14")
	eq(false, "compare-dotless-i", "dotless ı is not I", "ı@example.com", "I@example.com", fl("TurkishFolding"), "IDENT-USER-14")
	eq(true, "compare-fullwidth-domain", "a full-width domain is the same domain", "user@ｅｘａｍｐｌｅ.com", "user@example.com", fl("CompatibilityNormalization"))
	eq(false, "compare-fullwidth-local-part", "a full-width local part is another mailbox", "ＵＳＥＲ@example.com", "user@example.com",
		fl("CompatibilityNormalization"))
	eq(false, "compare-a-label-u-label", "an A-label and its U-label are different user names", "a@xn--bcher-kva.example", "a@bücher.example",
		fl("ALabel"), "IDENT-USER-12")
	eq(true, "compare-a-label-case", "A-labels differing in case are the same", "user@XN--BCHER-KVA.example", "user@xn--bcher-kva.example",
		fl("ALabel"), "IDENT-USER-12")
	eq(true, "compare-nfd-nfc", "decomposed and composed é", "jose\u0301@correo.es", "josé@correo.es", fl("NonCanonicalUnicode"), "IDENT-USER-3")
	eq(true, "compare-sharp-s", "ß and SS", "Straße@example.com", "STRASSE@example.com", fl("FullCaseFolding"))
	eq(true, "compare-ligature", "ﬁ and FI", "ﬁ@example.com", "FI@example.com", fl("FullCaseFolding"))
	eq(true, "compare-final-sigma", "ΣΑΣ and σας", "ΣΑΣ@example.com", "σας@example.com", fl("FullCaseFolding"))
	eq(true, "compare-j-caron", "J and U+030C, and ǰ", "J\u030C@example.com", "ǰ@example.com", fl("OuterNormalization"))
	eq(true, "compare-cherokee", "Cherokee small and capital letters", "ꭰꭱ@example.com", "ᎠᎡ@example.com", fl("CherokeeFolding"))
	eq(true, "compare-kelvin-sign", "U+212A KELVIN SIGN and k", "\u212Aelvin@example.com", "kelvin@example.com", fl("NonCanonicalUnicode"))
	eq(true, "compare-same-name", "a name compared with itself", "a@b.c", "a@b.c", nil)
	return cs
}

// ---------------------------------------------------------------------------------------------
// ident/ids.json

func idsCases() []identCase {
	var cs []identCase
	rep := strings.Repeat
	nss := func(op, id, comment, in string, flags []string, req ...string) {
		r := []string{"IDENT-EP-1", "IDENT-EP-2", "IDENT-EP-4"}
		if op == opSyncID {
			r = append([]string{"IDENT-EP-5"}, r...)
		}
		cs = append(cs, valid(valueExpected{in}).with(op, id, comment, in, flags, append(r, req...)...))
	}
	nssBad := func(op, kind, errReq, id, comment, in string, flags []string, req ...string) {
		r := []string{errReq}
		if op == opSyncID {
			r = append(r, "IDENT-EP-5")
		}
		cs = append(cs, refused(kind, errReq).with(op, id, comment, in, flags, append(r, req...)...))
	}
	ep := opEndpoint

	// §3 examples: every row.
	nss(ep, "endpoint-spec-device-id", "§3: the printed device ID of the worked example", exampleDeviceID, nil, "IDENT-DEV-14", "IDENT-EP-7")
	nss(ep, "endpoint-spec-urn-uuid", "§3: a urn:uuid form", "urn:uuid:00000000-0000-0000-0000-000000000000", nil)
	nss(ep, "endpoint-spec-semicolon-equals", "§3: ; and =", "uuid:1f0e;id=7", nil)
	nss(ep, "endpoint-spec-escape-upper", "§3: an escape with upper-case hex, not decoded", "a%2Fb", fl("NoNormalization"))
	nss(ep, "endpoint-spec-escape-lower", "§3: an escape with lower-case hex, not case-folded", "a%2fb", fl("NoNormalization"))
	nss(ep, "endpoint-spec-reserved", "§3: / ? # are accepted", "mesh/cloud?x#y", fl("ReservedCharacters"), "IDENT-EP-6")
	nssBad(ep, kLength, "IDENT-EP-2", "endpoint-spec-empty", "§3: the empty string", "", fl("EmptyInput"), "IDENT-LIM-2")
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-spec-space", "§3: a space", "a b", nil)
	nssBad(ep, kSyntax, "IDENT-EP-1", "endpoint-spec-short-escape", "§3: % with one hex digit at the end", "a%2", nil)
	nssBad(ep, kSyntax, "IDENT-EP-1", "endpoint-spec-bad-escape", "§3: % followed by non-hex", "a%zz", nil)
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-spec-non-ascii", "§3: é (non-ASCII octets)", "caf\u00E9", nil)
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-spec-quote", "§3: a double quote", "a\"b", nil)
	nssBad(ep, kChar, "IDENT-EP-3", "endpoint-spec-nul-escape", "§3: the escape %00", "a%00b", fl("NulEscape"))

	// More endpoint IDs.
	dA := indepDeviceID(sha256.Sum256(vectors.MustKey(vectors.KeyNames()[3]).SPKI)).DeviceID
	nss(ep, "endpoint-device-a", "the printed device ID of the published key device-a-2048", dA, nil, "IDENT-DEV-14", "IDENT-EP-7")
	nss(ep, "endpoint-case-kept", "letters are returned in their case", "ABC", fl("NoNormalization"))
	nss(ep, "endpoint-all-punctuation", "every unreserved punctuation character of RFC 2141, and the reserved / ? #",
		"()+,-.:=@;$_!*'/?#", fl("ReservedCharacters"), "IDENT-EP-6")
	nss(ep, "endpoint-escaped-percent-then-00", "%25 (an escaped %) followed by 00 is not %00", "a%2500", fl("NulEscape"), "IDENT-EP-3")
	nss(ep, "endpoint-escape-0a", "the escape %0a (a line feed), allowed", "a%0a", nil, "IDENT-EP-3")
	nss(ep, "endpoint-single-character", "one character, the shortest", "x", fl("LengthBoundary"))
	nss(ep, "endpoint-1024-octets", "1024 octets, the maximum", rep("a", 1024), fl("LengthBoundary"), "IDENT-LIM-1")
	nssBad(ep, kLength, "IDENT-LIM-1", "endpoint-1025-octets", "1025 octets", rep("a", 1025), fl("LengthBoundary"))
	nssBad(ep, kLength, "IDENT-LIM-1", "endpoint-1025-octets-bad-characters", "1025 spaces: the limit is checked first",
		rep(" ", 1025), fl("LengthFirst", "CheckOrder"), "IDENT-LIM-3")
	nssBad(ep, kChar, "IDENT-EP-3", "endpoint-nul-escape-only", "the escape %00 alone", "%00", fl("NulEscape"))
	nssBad(ep, kChar, "IDENT-EP-3", "endpoint-nul-escape-then-space", "%00 before a space: the first offending position is %00",
		"a%00 b", fl("NulEscape", "CheckOrder"), "IDENT-LIM-3")
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-space-then-nul-escape", "a space before %00: the first offending position is the space",
		"a b%00", fl("NulEscape", "CheckOrder"), "IDENT-LIM-3", "IDENT-EP-3")
	nssBad(ep, kSyntax, "IDENT-EP-1", "endpoint-percent-percent-00", "%%00: the first % is not followed by two hex digits",
		"%%00", fl("NulEscape", "CheckOrder"), "IDENT-LIM-3", "IDENT-EP-3")
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-raw-nul", "a raw NUL octet", "a\x00b", fl("NulEscape"))
	nssBad(ep, kSyntax, "IDENT-EP-1", "endpoint-lone-percent", "% alone", "%", nil)
	nssBad(ep, kSyntax, "IDENT-EP-1", "endpoint-percent-one-digit", "% and one hex digit, then a letter", "%0g", nil)
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-tilde", "~ (RFC 8141 allows it, RFC 2141 does not)", "a~b", fl("RFC8141Grammar"))
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-ampersand", "& (RFC 8141 allows it, RFC 2141 does not)", "a&b", fl("RFC8141Grammar"))
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-bracket", "[", "a[b]", fl("RFC8141Grammar"))
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-angle-bracket", "<", "<a>", nil)
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-trailing-newline", "a line feed at the end", "abc\n", nil)
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-non-utf8", "the octet ff", "a\xffb", fl("NonUTF8"), "IDENT-LIM-2")
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-latin1", "café in ISO-8859-1", "caf\xe9", fl("NonUTF8"), "IDENT-LIM-2")
	nssBad(ep, kChar, "IDENT-EP-1", "endpoint-fullwidth-letter", "a full-width letter", "\uFF41bc", fl("CompatibilityNormalization"))

	// sync-id/parse: the same rules [IDENT-EP-5].
	s := opSyncID
	nss(s, "sync-id-urn-uuid", "a urn:uuid item id", "urn:uuid:6a3b7d5c-0f1e-4d2a-9b8c-7e6f5a4b3c2d", nil)
	nss(s, "sync-id-escape-kept", "an escape is kept as given", "item%2F1", fl("NoNormalization"))
	nss(s, "sync-id-1024-octets", "1024 octets, the maximum", rep("7", 1024), fl("LengthBoundary"), "IDENT-LIM-1")
	nssBad(s, kLength, "IDENT-EP-2", "sync-id-empty", "the empty string", "", fl("EmptyInput"), "IDENT-LIM-2")
	nssBad(s, kChar, "IDENT-EP-1", "sync-id-space", "a space", "item 1", nil)
	nssBad(s, kChar, "IDENT-EP-3", "sync-id-nul-escape", "the escape %00", "item%00", fl("NulEscape"))
	nssBad(s, kLength, "IDENT-LIM-1", "sync-id-1025-octets", "1025 octets", rep("7", 1025), fl("LengthBoundary"))

	// resource-id/parse.
	res := func(id, comment, in string, b []byte, flags []string, req ...string) {
		cs = append(cs, valid(bytesExpected{in, hex.EncodeToString(b)}).with(opResource, id, comment, in, flags,
			append([]string{"IDENT-RES-1", "IDENT-RES-3", "IDENT-RES-4", "IDENT-LIM-4"}, req...)...))
	}
	resBad := func(kind, errReq, id, comment, in string, flags []string, req ...string) {
		cs = append(cs, refused(kind, errReq).with(opResource, id, comment, in, flags, append([]string{errReq}, req...)...))
	}
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	dec := func(s string) []byte { // stdlib base32, independent of ident
		b, err := b32.DecodeString(s)
		if err != nil || len(b) != 16 || b32.EncodeToString(b) != s {
			panic(fmt.Sprintf("resource ID %s: %v", s, err))
		}
		return b
	}
	if !bytes.Equal(dec("UICFO4FJCPQU5CLZ3SLHA73UUY"), unhex("a2045770a913e14e8979dc96707f74a6")) {
		panic("the §5 example does not decode to its bytes")
	}
	res("resource-spec-example", "§5: the example, bytes as in the example block", "UICFO4FJCPQU5CLZ3SLHA73UUY",
		unhex("a2045770a913e14e8979dc96707f74a6"), nil)
	res("resource-spec-second", "§5", "3XDCEOEAANZUPFD5OV7TLE3IFM", dec("3XDCEOEAANZUPFD5OV7TLE3IFM"), nil)
	res("resource-spec-zero", "§5: 128 zero bits", "AAAAAAAAAAAAAAAAAAAAAAAAAA", make([]byte, 16), fl("ExtremeValue"))
	res("resource-spec-ones", "§5: 128 one bits, last symbol 4", "77777777777777777777777774", bytes.Repeat([]byte{0xff}, 16), fl("ExtremeValue"))
	res("resource-last-symbol-q", "the last symbol Q (bits 100, spare 00)", "AAAAAAAAAAAAAAAAAAAAAAAAAQ", dec("AAAAAAAAAAAAAAAAAAAAAAAAAQ"), nil)
	resBad(kChar, "IDENT-RES-3", "resource-spec-lower-case", "§5: lower case", "uicfo4fjcpqu5clz3slha73uuy", fl("CaseVariant"))
	resBad(kChar, "IDENT-RES-3", "resource-spec-zero-digit", "§5: the digit 0 in place of the last Y", "UICFO4FJCPQU5CLZ3SLHA73UU0", nil)
	resBad(kLength, "IDENT-RES-4", "resource-spec-25", "§5: 25 characters", "UICFO4FJCPQU5CLZ3SLHA73UU", nil)
	resBad(kNonCanon, "IDENT-RES-5", "resource-spec-spare-bits", "§5: last symbol Z, spare bits 01", "UICFO4FJCPQU5CLZ3SLHA73UUZ", fl("SpareBits"), "IDENT-RES-1")
	resBad(kLength, "IDENT-LIM-1", "resource-spec-27", "§5: 27 characters", "UICFO4FJCPQU5CLZ3SLHA73UUYA", nil)
	resBad(kLength, "IDENT-RES-4", "resource-empty", "the empty string", "", fl("EmptyInput"), "IDENT-LIM-2")
	resBad(kChar, "IDENT-RES-3", "resource-one-lower-case", "one letter in lower case", "UICFO4FJCPQU5CLz3SLHA73UUY", fl("CaseVariant"))
	resBad(kChar, "IDENT-RES-3", "resource-look-alike-zero", "0 in place of O", "UICF04FJCPQU5CLZ3SLHA73UUY", fl("LookAlikeMapping"))
	resBad(kChar, "IDENT-RES-3", "resource-look-alike-one", "1 in place of I", "U1CFO4FJCPQU5CLZ3SLHA73UUY", fl("LookAlikeMapping"))
	resBad(kChar, "IDENT-RES-3", "resource-look-alike-eight", "8 in place of B (the 128-bit zero ID with one symbol changed)", "AAAAAAAAAAAA8AAAAAAAAAAAAA", fl("LookAlikeMapping"))
	resBad(kChar, "IDENT-RES-3", "resource-padding", "base32 padding = in the last two places", "UICFO4FJCPQU5CLZ3SLHA73U==", nil)
	resBad(kLength, "IDENT-LIM-1", "resource-padded-32", "the example with the six padding characters of RFC 4648", "UICFO4FJCPQU5CLZ3SLHA73UUY======", nil)
	resBad(kChar, "IDENT-RES-3", "resource-lower-before-spare", "lower case with spare bits set: the alphabet comes first",
		"uicfo4fjcpqu5clz3slha73uuz", fl("CaseVariant", "CheckOrder"), "IDENT-LIM-3", "IDENT-RES-5")
	resBad(kNonCanon, "IDENT-RES-5", "resource-spare-bits-b", "last symbol B (spare bits 01)", "AAAAAAAAAAAAAAAAAAAAAAAAAB", fl("SpareBits"), "IDENT-RES-1")
	resBad(kNonCanon, "IDENT-RES-5", "resource-spare-bits-7", "last symbol 7 (spare bits 11)", "77777777777777777777777777", fl("SpareBits"), "IDENT-RES-1")
	resBad(kChar, "IDENT-RES-3", "resource-multibyte", "24 symbols and É: 25 characters, 26 octets", "UICFO4FJCPQU5CLZ3SLHA73UÉ", fl("OctetLength"))
	resBad(kChar, "IDENT-RES-3", "resource-non-utf8", "25 symbols and the octet ff", "UICFO4FJCPQU5CLZ3SLHA73UU\xff", fl("NonUTF8"), "IDENT-LIM-2")
	resBad(kChar, "IDENT-RES-3", "resource-space", "a space in place of the first symbol", " ICFO4FJCPQU5CLZ3SLHA73UUY", nil)
	resBad(kLength, "IDENT-LIM-1", "resource-trailing-newline", "the example and a line feed (27 octets)", "UICFO4FJCPQU5CLZ3SLHA73UUY\n", fl("LengthFirst"))

	// ticket-id/parse.
	tkt := func(id, comment, in string, flags []string, req ...string) {
		b, err := hex.DecodeString(in[1:])
		if err != nil {
			panic(err)
		}
		cs = append(cs, valid(bytesExpected{in, hex.EncodeToString(b)}).with(opTicket, id, comment, in, flags,
			append([]string{"IDENT-TKT-1", "IDENT-TKT-3", "IDENT-LIM-4"}, req...)...))
	}
	tktBad := func(kind, errReq, id, comment, in string, flags []string, req ...string) {
		cs = append(cs, refused(kind, errReq).with(opTicket, id, comment, in, flags, append([]string{errReq}, req...)...))
	}
	const ex = "_00112233445566778899aabbccddeeff"
	tkt("ticket-spec-example", "§6: the example", ex, nil)
	tkt("ticket-zero", "128 zero bits", "_"+rep("0", 32), fl("ExtremeValue"))
	tkt("ticket-ones", "128 one bits", "_"+rep("f", 32), fl("ExtremeValue"))
	tktBad(kChar, "IDENT-TKT-3", "ticket-upper-case", "upper-case hex digits", "_00112233445566778899AABBCCDDEEFF", fl("CaseVariant"))
	tktBad(kChar, "IDENT-TKT-3", "ticket-one-upper-case", "one upper-case hex digit", "_00112233445566778899aabbccddeefF", fl("CaseVariant"))
	tktBad(kChar, "IDENT-TKT-3", "ticket-non-hex", "g at the end", "_00112233445566778899aabbccddeefg", nil)
	tktBad(kChar, "IDENT-TKT-3", "ticket-0x-prefix", "_0x and 31 hex digits", "_0x112233445566778899aabbccddeeff", nil)
	tktBad(kSyntax, "IDENT-TKT-3", "ticket-no-underscore", "33 hex digits, no _", "000112233445566778899aabbccddeeff", nil)
	tktBad(kSyntax, "IDENT-TKT-3", "ticket-hyphen-first", "- instead of _", "-00112233445566778899aabbccddeeff", nil)
	tktBad(kSyntax, "IDENT-TKT-3", "ticket-underscore-last", "the 32 digits followed by _", "00112233445566778899aabbccddeeff_", nil)
	tktBad(kSyntax, "IDENT-TKT-3", "ticket-underscore-before-hex", "no _ and upper-case digits: the _ is checked first",
		"A00112233445566778899AABBCCDDEEFF", fl("CheckOrder"), "IDENT-LIM-3")
	tktBad(kLength, "IDENT-TKT-3", "ticket-32-octets", "32 hex digits without _", "00112233445566778899aabbccddeeff", nil)
	tktBad(kLength, "IDENT-TKT-3", "ticket-short", "_ and 31 hex digits", ex[:32], nil)
	tktBad(kLength, "IDENT-TKT-3", "ticket-empty", "the empty string", "", fl("EmptyInput"), "IDENT-LIM-2")
	tktBad(kLength, "IDENT-TKT-3", "ticket-underscore-only", "_ alone", "_", nil)
	tktBad(kLength, "IDENT-TKT-3", "ticket-short-and-upper-case", "31 octets with upper-case digits: the length is checked first",
		"_00112233445566778899AABBCCDDEE", fl("CheckOrder"), "IDENT-LIM-3")
	tktBad(kLength, "IDENT-LIM-1", "ticket-34-octets", "_ and 33 hex digits", ex+"0", nil)
	tktBad(kLength, "IDENT-LIM-1", "ticket-uuid-form", "_ and a UUID with dashes", "_00112233-4455-6677-8899-aabbccddeeff", nil)
	tktBad(kLength, "IDENT-LIM-1", "ticket-trailing-newline", "the example and a line feed", ex+"\n", fl("LengthFirst"))
	tktBad(kChar, "IDENT-TKT-3", "ticket-multibyte", "_, 30 hex digits and é: 32 characters, 33 octets", ex[:31]+"é", fl("OctetLength"))
	tktBad(kChar, "IDENT-TKT-3", "ticket-non-utf8", "_, 31 hex digits and the octet ff", ex[:32]+"\xff", fl("NonUTF8"), "IDENT-LIM-2")
	return cs
}
