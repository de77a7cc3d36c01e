package conformance

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"golang.org/x/text/unicode/norm"
	"pgregory.net/rapid"
)

// codecIdentUnshowable lists the MUSTs of spec/identifiers.md that no case checks, and why a
// shim cannot show them.
var codecIdentUnshowable = map[string]string{
	"IDENT-RES-2": "it is about how a new resource ID is made (128 bits from a cryptographically secure random source); the shim has no operation that makes one, and no finite sample of outputs shows whether their source was secure",
	"IDENT-TKT-2": "it is about how a new ticket ID is made (128 bits from a cryptographically secure random source); the shim has no operation that makes one, and no finite sample of outputs shows whether their source was secure",
}

// codecIdentCases returns the codec tier's identifier cases (spec/identifiers.md).
func codecIdentCases() []Case {
	return []Case{
		{
			ID: "codec/ident/device-id/from-spki-random-keys", Level: Must,
			Req:         []string{"IDENT-DEV-1", "IDENT-DEV-2", "IDENT-DEV-3", "IDENT-DEV-4", "IDENT-DEV-5"},
			Flags:       []string{"fingerprint", "der-canonical"},
			Description: "The device ID of a random Ed25519, X25519 or P-256 key, or of a published RSA key, is the SHA-256 of its SubjectPublicKeyInfo printed as the reference prints it, and a structurally damaged SubjectPublicKeyInfo is refused by IDENT-DEV-2.",
			Ops:         []string{"ident.device-id/from-spki"},
			Run:         identFromSPKIRandomKeys,
		},
		{
			ID: "codec/ident/device-id/parse-any-case-and-layout", Level: Must,
			Req:         []string{"IDENT-DEV-5", "IDENT-DEV-6", "IDENT-DEV-7", "IDENT-DEV-12", "IDENT-LIM-4"},
			Flags:       []string{"case-sensitivity", "layout", "round-trip"},
			Description: "A random device ID in random letter case, with or without dashes, parses to its fingerprint and its upper-case dashed printed form, and that printed form parses to the same value.",
			Ops:         []string{"ident.device-id/parse"},
			Run:         identDeviceParseRoundTrip,
		},
		{
			ID: "codec/ident/device-id/single-substitution", Level: Must,
			Req:         []string{"IDENT-DEV-4", "IDENT-DEV-9"},
			Flags:       []string{"check-not-checked"},
			Description: "A random device ID with one character replaced by another base32 symbol is refused by IDENT-DEV-9 naming the chunk of the changed character.",
			Ops:         []string{"ident.device-id/parse"},
			Run:         identDeviceSubstitution,
		},
		{
			ID: "codec/ident/device-id/adjacent-transposition", Level: Must,
			Req:         []string{"IDENT-DEV-4", "IDENT-DEV-9"},
			Flags:       []string{"check-not-checked", "check-weights"},
			Description: "A random device ID with two adjacent different symbols of one chunk swapped (other than A and 7) is refused by IDENT-DEV-9 naming that chunk.",
			Ops:         []string{"ident.device-id/parse"},
			Run:         identDeviceTransposition,
		},
		{
			ID: "codec/ident/device-id/first-failing-chunk", Level: Must,
			Req:         []string{"IDENT-DEV-9", "IDENT-DEV-11", "IDENT-LIM-3"},
			Flags:       []string{"check-order"},
			Description: "A random device ID with wrong check symbols in several chunks is refused naming the first of them, since chunks are checked in order 1 to 4.",
			Ops:         []string{"ident.device-id/parse"},
			Run:         identDeviceFirstChunk,
		},
		{
			ID: "codec/ident/device-id/mutations-agree", Level: Must,
			Req:         []string{"IDENT-DEV-7", "IDENT-DEV-8", "IDENT-DEV-9", "IDENT-DEV-11", "IDENT-LIM-1", "IDENT-LIM-3"},
			Flags:       []string{"check-order", "layout", "lookalike-mapping"},
			Description: "A random device ID damaged by one to three edits (characters replaced, inserted, deleted or swapped, dashes moved, look-alike or non-ASCII characters) gets the reference's answer: the same value, or a refusal naming the same rule and chunk.",
			Ops:         []string{"ident.device-id/parse"},
			Run:         identDeviceMutations,
		},
		{
			ID: "codec/ident/device-id/key-binding-all-octets", Level: Must,
			Req:         []string{"IDENT-DEV-13", "IDENT-DEV-1", "IDENT-DEV-12"},
			Flags:       []string{"fingerprint-truncated"},
			Description: "The device ID computed from a key parses back to all 32 octets of the key's SHA-256 fingerprint, and the device IDs of the 32 fingerprints that differ from it in one octet each parse to exactly those other fingerprints.",
			Ops:         []string{"ident.device-id/from-spki", "ident.device-id/parse"},
			Run:         identDeviceKeyBinding,
		},
		{
			ID: "codec/ident/device-id/spare-bits-every-value", Level: Must,
			Req:         []string{"IDENT-DEV-3", "IDENT-DEV-10", "IDENT-DEV-11"},
			Flags:       []string{"non-canonical", "spare-bits"},
			Description: "Of the 32 symbols that can end the worked example's data (each with a correct check symbol), only A and Q are accepted; the 30 others are refused by IDENT-DEV-10.",
			Ops:         []string{"ident.device-id/parse"},
			Run:         identDeviceSpareBits,
		},
		{
			ID: "codec/ident/user-name/parse-agrees", Level: Must,
			Req:         []string{"IDENT-USER-3", "IDENT-USER-5", "IDENT-USER-9", "IDENT-USER-13", "IDENT-USER-14", "IDENT-LIM-4"},
			Flags:       []string{"unicode-normalization", "case-folding", "compatibility-forms"},
			Description: "A random user name of mixed case, precomposed and decomposed letters, combining marks, compatibility forms and several scripts gets the reference's stored form and comparison key (or its refusal), and its stored form, which is NFC, parses to the same stored form and key.",
			Ops:         []string{"ident.user-name/parse"},
			Run:         identUserParse,
		},
		{
			ID: "codec/ident/user-name/compare-agrees", Level: Must,
			Req:         []string{"IDENT-USER-13", "IDENT-USER-14", "IDENT-USER-3"},
			Flags:       []string{"case-folding", "unicode-normalization", "compatibility-forms", "locale"},
			Description: "A random user name and a variant of it (letter case changed, decomposed, full-width, ß for ss, ligatures, final sigma, dotted and dotless i) compare equal exactly when the reference says so, in both orders, and exactly when the implementation's own comparison keys are equal.",
			Ops:         []string{"ident.user-name/parse", "ident.user-name/compare"},
			Run:         identUserCompare,
		},
		{
			ID: "codec/ident/user-name/refusal-order", Level: Must,
			Req:         []string{"IDENT-LIM-3", "IDENT-USER-1", "IDENT-USER-2", "IDENT-USER-4", "IDENT-USER-5", "IDENT-USER-6", "IDENT-USER-7", "IDENT-USER-8", "IDENT-USER-9", "IDENT-USER-10", "IDENT-USER-11"},
			Flags:       []string{"check-order"},
			Description: "A random valid user name broken by one to three faults (bad characters, dots, marks, labels, lengths, digits, @ signs, invalid UTF-8) is refused naming the rule the reference names, the first in the check order of §2.3.",
			Ops:         []string{"ident.user-name/parse"},
			Run:         identUserRefusals,
		},
		{
			ID: "codec/ident/endpoint-id/parse-agrees", Level: Must,
			Req:         []string{"IDENT-EP-1", "IDENT-EP-2", "IDENT-EP-3", "IDENT-EP-4", "IDENT-LIM-1"},
			Flags:       []string{"percent-normalization", "case-sensitivity"},
			Description: "A random NSS string (unreserved characters, escapes in both letter cases, sometimes a bad octet, %00 or a length near the limit) is accepted unchanged or refused by the rule the reference names.",
			Ops:         []string{"ident.endpoint-id/parse"},
			Run:         func(t *T) { identNSS(t, "endpoint-id/parse") },
		},
		{
			ID: "codec/ident/sync-id/parse-agrees", Level: Must,
			Req:         []string{"IDENT-EP-5", "IDENT-EP-1", "IDENT-EP-3", "IDENT-EP-4", "IDENT-LIM-1"},
			Flags:       []string{"percent-normalization", "case-sensitivity"},
			Description: "A random sx:sync id is accepted unchanged, octet for octet (no escape or letter case normalized), or refused by the rule the reference names, as an endpoint ID would be.",
			Ops:         []string{"ident.sync-id/parse"},
			Run:         func(t *T) { identNSS(t, "sync-id/parse") },
		},
		{
			ID: "codec/ident/resource-id/parse-agrees", Level: Must,
			Req:         []string{"IDENT-RES-1", "IDENT-RES-3", "IDENT-RES-4", "IDENT-RES-5", "IDENT-RES-6", "IDENT-LIM-1", "IDENT-LIM-4"},
			Flags:       []string{"case-sensitivity", "length-limit"},
			Description: "A random resource ID parses to itself, octet for octet, and to its 128 bits; damaged (a letter lowered, a symbol replaced, spare bits set, an octet removed or added) it is refused by the rule the reference names.",
			Ops:         []string{"ident.resource-id/parse"},
			Run:         identResource,
		},
		{
			ID: "codec/ident/resource-id/one-spelling", Level: Must,
			Req:         []string{"IDENT-RES-6", "IDENT-RES-1", "IDENT-RES-3", "IDENT-RES-5"},
			Flags:       []string{"case-sensitivity", "spare-bits"},
			Description: "Each resource ID value has one spelling, so comparing octets compares values: every letter of a resource ID lowered is refused by IDENT-RES-3, and of the 32 last symbols only A E I M Q U Y 4 are accepted, each giving a different value.",
			Ops:         []string{"ident.resource-id/parse"},
			Run:         identResourceOneSpelling,
		},
		{
			ID: "codec/ident/ticket-id/parse-agrees", Level: Must,
			Req:         []string{"IDENT-TKT-1", "IDENT-TKT-3", "IDENT-LIM-1", "IDENT-LIM-4"},
			Flags:       []string{"case-sensitivity"},
			Description: "A random ticket ID parses to itself and its 128 bits; damaged (a hex letter raised, the _ replaced, a non-hex character, an octet removed or added) it is refused by the rule the reference names.",
			Ops:         []string{"ident.ticket-id/parse"},
			Run:         identTicket,
		},
		{
			ID: "codec/ident/limits/checked-first", Level: Must,
			Req:         []string{"IDENT-LIM-1", "IDENT-LIM-2", "IDENT-LIM-3"},
			Flags:       []string{"length-limit", "check-order"},
			Description: "Random octets up to 64 beyond an identifier's input limit, which also break every later rule, are refused by IDENT-LIM-1, by every parser.",
			Ops:         identPrefixed(identLimitOps),
			Run:         identLimitsFirst,
		},
		{
			ID: "codec/ident/parsers/arbitrary-octets", Level: Must,
			Req:         []string{"IDENT-LIM-2", "IDENT-LIM-3"},
			Flags:       []string{"robustness", "check-order"},
			Description: "Every parser answers random short octet strings (invalid UTF-8, empty, near-valid) as the reference does: the same value or a refusal naming the same rule.",
			Ops:         identPrefixed(identParseOps),
			Run:         identArbitraryOctets,
		},
	}
}

// ---- asking and comparing ----

// identAnswer is one answer to an identifier operation.
type identAnswer struct {
	out map[string]any
	ref *Refusal // the input was refused
	err error    // the operation failed otherwise (not an answer of the protocol)
}

// identMembers are the members of each operation's answer that the cases compare.
var identMembers = map[string][]string{
	"device-id/from-spki": {"deviceId", "fingerprint"},
	"device-id/parse":     {"deviceId", "fingerprint"},
	"user-name/parse":     {"stored", "key"},
	"user-name/compare":   {"equal"},
	"endpoint-id/parse":   {"value"},
	"sync-id/parse":       {"value"},
	"resource-id/parse":   {"value", "bytes"},
	"ticket-id/parse":     {"value", "bytes"},
}

func identAsk(impl IdentImpl, op, in, other string) (a identAnswer) {
	defer func() {
		if r := recover(); r != nil { // a crazy implementation must not end the run
			a = identAnswer{err: fmt.Errorf("operation panicked: %v", r)}
		}
	}()
	out, err := impl.Ident(op, in, other)
	if err != nil {
		var r *Refusal
		if errors.As(err, &r) && r != nil {
			return identAnswer{ref: r}
		}
		return identAnswer{err: err}
	}
	if out == nil {
		return identAnswer{err: errors.New("an answer without members")}
	}
	return identAnswer{out: out}
}

func (a identAnswer) String() string {
	switch {
	case a.err != nil:
		return "failure: " + a.err.Error()
	case a.ref != nil:
		s := fmt.Sprintf("refused %s [%s]", a.ref.Class, a.ref.Req)
		if a.ref.Chunk != 0 {
			s += fmt.Sprintf(" chunk %d", a.ref.Chunk)
		}
		return s
	}
	// Members in name order; strings quoted in ASCII, so that composed and decomposed letters
	// look different.
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a.out)) {
		v := a.out[k]
		if s, ok := v.(string); ok {
			parts = append(parts, fmt.Sprintf("%s %+q", k, s))
		} else {
			parts = append(parts, fmt.Sprintf("%s %v", k, v))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// identErrors reports the failures of a fixed case's loop: the first few in full, then how
// many more there were.
type identErrors struct {
	t *T
	n int
}

const identMaxErrors = 3

func (e *identErrors) Errorf(format string, a ...any) {
	e.n++
	if e.n <= identMaxErrors {
		e.t.Errorf(format, a...)
	}
}

// Done logs how many failures were not shown.
func (e *identErrors) Done() {
	if e.n > identMaxErrors {
		e.t.Errorf("… and %d more failures of this case, not shown", e.n-identMaxErrors)
	}
}

// str returns a string member of an accepted answer.
func (a identAnswer) str(member string) (string, bool) {
	if a.out == nil {
		return "", false
	}
	s, ok := a.out[member].(string)
	return s, ok
}

// refusedBy reports whether a is a refusal naming req (and, when chunk > 0, that chunk).
func (a identAnswer) refusedBy(req string, chunk int) bool {
	return a.ref != nil && a.ref.Req == req && (chunk == 0 || a.ref.Chunk == chunk)
}

// identSame reports whether two answers to op agree: the same members, or refusals naming
// the same requirement and chunk. The class of a refusal is informative only.
func identSame(op string, got, want identAnswer) bool {
	switch {
	case got.err != nil || want.err != nil:
		return false
	case got.ref != nil || want.ref != nil:
		return got.ref != nil && want.ref != nil && got.ref.Req == want.ref.Req && got.ref.Chunk == want.ref.Chunk
	}
	for _, m := range identMembers[op] {
		g, ok := got.out[m]
		if !ok || !reflect.DeepEqual(g, want.out[m]) {
			return false
		}
	}
	return true
}

// identQuote shows an input unambiguously (ASCII only, so that composed and decomposed
// letters look different), cut when long.
func identQuote(s string) string {
	if len(s) > 96 {
		cut := s[:64]
		return fmt.Sprintf("%+q…(%d octets)", cut, len(s))
	}
	return fmt.Sprintf("%+q", s)
}

// identHex shows octets in hexadecimal, cut when long.
func identHex(b []byte) string {
	if len(b) > 48 {
		return fmt.Sprintf("%x…(%d octets)", b[:40], len(b))
	}
	return fmt.Sprintf("%x", b)
}

func identCall(op, in, other string) string {
	if op == "user-name/compare" {
		return fmt.Sprintf("%s(%s, %s)", op, identQuote(in), identQuote(other))
	}
	return fmt.Sprintf("%s(%s)", op, identQuote(in))
}

// identProp asks the implementation and the reference one operation in a property check and
// logs the step. An operation that failed otherwise than by refusing ends the check.
func identProp(p *P, ii IdentImpl, op, in, other string) (got, want identAnswer) {
	got = identAsk(ii, op, in, other)
	want = identAsk(Reference{}, op, in, other)
	p.Stepf("%s → %s: %s; reference: %s", identCall(op, in, other), p.Impl().Name(), got, want)
	if got.err != nil {
		p.Check(got.err)
		p.Fatalf("asked %s\ngot: %s\nexpected: an answer or a refusal", identCall(op, in, other), got)
	}
	if want.err != nil {
		p.Fatalf("the reference cannot answer %s: %v", identCall(op, in, other), want.err)
	}
	return got, want
}

// identAgree asks both and fails the check when the implementation's answer differs from
// the reference's; it returns the implementation's answer.
func identAgree(p *P, ii IdentImpl, op, in, other string) identAnswer {
	got, want := identProp(p, ii, op, in, other)
	if !identSame(op, got, want) {
		p.Fatalf("asked %s\ngot: %s\nexpected (reference): %s", identCall(op, in, other), got, want)
	}
	return got
}

// identFixed asks the implementation one operation in a fixed case. A missing operation ends
// the case unimplemented and a failure other than a refusal ends it failed.
func identFixed(t *T, ii IdentImpl, op, in, other string) identAnswer {
	a := identAsk(ii, op, in, other)
	if a.err != nil {
		if isUnimplemented(a.err) {
			t.Unimplementedf("%s: %v", op, a.err)
		}
		t.Fatalf("asked %s\ngot: %s\nexpected: an answer or a refusal", identCall(op, in, other), a)
	}
	return a
}

// ---- device IDs ----

const identB32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// identLuhn32 is the check value of IDENT-DEV-4, written again from the spec's text.
func identLuhn32(vals []int) int {
	sum := 0
	for i := len(vals) - 1; i >= 0; i-- {
		v := vals[i]
		if (len(vals)-1-i)%2 == 0 {
			v *= 2
			if v >= 32 {
				v -= 31
			}
		}
		sum += v
	}
	return (32 - sum%32) % 32
}

// identSymbols returns the 56 symbols of a printed device ID (no dashes).
func identSymbols(printed string) []byte { return []byte(strings.ReplaceAll(printed, "-", "")) }

// identDashed prints 56 symbols as 8 groups of 7 joined by "-".
func identDashed(syms []byte) string {
	var b strings.Builder
	for i, c := range syms {
		if i > 0 && i%7 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// identFixChecks recomputes the four check symbols of 56 upper-case symbols.
func identFixChecks(syms []byte) {
	for k := range 4 {
		vals := make([]int, 13)
		for i := range vals {
			vals[i] = strings.IndexByte(identB32, syms[k*14+i])
		}
		syms[k*14+13] = identB32[identLuhn32(vals)]
	}
}

func identDrawFingerprint(t *rapid.T) [32]byte {
	var fp [32]byte
	copy(fp[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "fingerprint"))
	return fp
}

func identPrinted(fp [32]byte) string { return ident.DeviceIDFromFingerprint(fp).String() }

// identLayout writes 56 symbols dashed or not, each letter lowered when its bit in lower is set.
func identLayout(syms []byte, dashed bool, lower uint64) string {
	s := make([]byte, len(syms))
	for i, c := range syms {
		if lower&(1<<(i%64)) != 0 && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		s[i] = c
	}
	if dashed {
		return identDashed(s)
	}
	return string(s)
}

func identDrawLayout(t *rapid.T, syms []byte) string {
	dashed := rapid.Bool().Draw(t, "dashed")
	lower := uint64(0)
	switch rapid.IntRange(0, 2).Draw(t, "case") {
	case 1:
		lower = ^uint64(0)
	case 2:
		lower = rapid.Uint64().Draw(t, "lower")
	}
	return identLayout(syms, dashed, lower)
}

// identSPKIKinds are the key types whose SubjectPublicKeyInfo the vectors require every
// implementation to accept (spec/vectors/ident/device-id.json).
var identSPKIKinds = []string{"ed25519", "x25519", "p256", "published-rsa"}

// identDrawSPKI draws a SubjectPublicKeyInfo of a random key.
func identDrawSPKI(t *rapid.T) []byte {
	kind := drawFrom(t, identSPKIKinds, "key type")
	var pub any
	switch kind {
	case "published-rsa":
		k, err := vectors.Key(drawFrom(t, vectors.KeyNames(), "published key"))
		if err != nil {
			t.Fatalf("published key: %v", err)
		}
		return k.SPKI
	case "ed25519":
		seed := rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "seed")
		pub = ed25519.NewKeyFromSeed(seed).Public()
	case "x25519", "p256":
		b := rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "private scalar")
		curve := ecdh.X25519()
		if kind == "p256" {
			curve = ecdh.P256()
			b[0] &= 0x7f // below the group order
			b[31] |= 1   // not zero
		}
		priv, err := curve.NewPrivateKey(b)
		if err != nil {
			t.Fatalf("%s key: %v", kind, err)
		}
		pub = priv.PublicKey()
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatalf("%s SubjectPublicKeyInfo: %v", kind, err)
	}
	return der
}

// identLongerLength rewrites the outer length of a DER SEQUENCE with one more length octet
// than it needs (not minimal, so not DER).
func identLongerLength(der []byte) []byte {
	if len(der) < 2 {
		return nil
	}
	if der[1] < 0x80 {
		return append([]byte{der[0], 0x81, der[1]}, der[2:]...)
	}
	n := int(der[1] & 0x7f)
	return append([]byte{der[0], 0x80 | byte(n+1), 0}, der[2:]...)
}

func identFromSPKIRandomKeys(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		spki := identDrawSPKI(p.T)
		damage := drawFrom(p.T, []string{"none", "none", "none", "trailing octets", "truncated", "set tag", "long-form length"}, "damage")
		in := spki
		switch damage {
		case "trailing octets":
			in = append(append([]byte{}, spki...), rapid.SliceOfN(rapid.Byte(), 1, 3).Draw(p.T, "trailing")...)
		case "truncated":
			in = spki[:len(spki)-rapid.IntRange(1, len(spki)).Draw(p.T, "cut")]
		case "set tag":
			in = append([]byte{0x31}, spki[1:]...)
		case "long-form length":
			in = identLongerLength(spki)
		}
		got, want := identProp(p, ii, "device-id/from-spki", string(in), "")
		asked := fmt.Sprintf("device-id/from-spki(%s), %s", identHex(in), damage)
		if damage != "none" {
			if !got.refusedBy("IDENT-DEV-2", 0) {
				p.Fatalf("asked %s\ngot: %s\nexpected: refused [IDENT-DEV-2] (not a canonical SubjectPublicKeyInfo)", asked, got)
			}
			return
		}
		fp := sha256.Sum256(spki)
		wantID := identPrinted(fp)
		gotID, _ := got.str("deviceId")
		gotFP, _ := got.str("fingerprint")
		if gotID != wantID || gotFP != hex.EncodeToString(fp[:]) || !identSame("device-id/from-spki", got, want) {
			p.Fatalf("asked %s\ngot: %s\nexpected: deviceId %s, fingerprint %x (SHA-256 of the octets)", asked, got, wantID, fp)
		}
	})
}

func identDeviceParseRoundTrip(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		fp := identDrawFingerprint(p.T)
		printed := identPrinted(fp)
		in := identDrawLayout(p.T, identSymbols(printed))
		got := identAgree(p, ii, "device-id/parse", in, "")
		id, _ := got.str("deviceId")
		f, _ := got.str("fingerprint")
		if id != printed || f != hex.EncodeToString(fp[:]) {
			p.Fatalf("asked device-id/parse(%q)\ngot: %s\nexpected: deviceId %s, fingerprint %x", in, got, printed, fp)
		}
		again := identAgree(p, ii, "device-id/parse", id, "")
		if !identSame("device-id/parse", again, got) {
			p.Fatalf("asked device-id/parse(%q), its own printed form\ngot: %s\nexpected: %s, the same value", id, again, got)
		}
	})
}

// identDrawSubstitution changes the symbol at pos to another symbol of the alphabet.
func identSubstitute(t *rapid.T, syms []byte, pos int) {
	old := strings.IndexByte(identB32, syms[pos])
	delta := rapid.IntRange(1, 31).Draw(t, "delta")
	syms[pos] = identB32[(old+delta)%32]
}

func identDeviceSubstitution(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		syms := identSymbols(identPrinted(identDrawFingerprint(p.T)))
		pos := rapid.IntRange(0, 55).Draw(p.T, "position")
		identSubstitute(p.T, syms, pos)
		in := identDrawLayout(p.T, syms)
		got, _ := identProp(p, ii, "device-id/parse", in, "")
		if chunk := pos/14 + 1; !got.refusedBy("IDENT-DEV-9", chunk) {
			p.Fatalf("asked device-id/parse(%q), symbol %d changed\ngot: %s\nexpected: refused check [IDENT-DEV-9] chunk %d", in, pos+1, got, chunk)
		}
	})
}

func identDeviceTransposition(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		syms := identSymbols(identPrinted(identDrawFingerprint(p.T)))
		chunk := rapid.IntRange(0, 3).Draw(p.T, "chunk")
		start := rapid.IntRange(0, 12).Draw(p.T, "pair")
		// The first pair from start on (cyclically) that the check must detect.
		pos := -1
		for j := range 13 {
			i := chunk*14 + (start+j)%13
			a, b := syms[i], syms[i+1]
			if a != b && !(a == 'A' && b == '7' || a == '7' && b == 'A') {
				pos = i
				break
			}
		}
		if pos < 0 {
			return // a chunk of one repeated symbol: nothing to swap
		}
		syms[pos], syms[pos+1] = syms[pos+1], syms[pos]
		in := identDrawLayout(p.T, syms)
		got, _ := identProp(p, ii, "device-id/parse", in, "")
		if !got.refusedBy("IDENT-DEV-9", chunk+1) {
			p.Fatalf("asked device-id/parse(%q), symbols %d and %d swapped\ngot: %s\nexpected: refused check [IDENT-DEV-9] chunk %d", in, pos+1, pos+2, got, chunk+1)
		}
	})
}

func identDeviceFirstChunk(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		syms := identSymbols(identPrinted(identDrawFingerprint(p.T)))
		mask := rapid.IntRange(1, 15).Draw(p.T, "chunks (bits)")
		first := 0
		for k := 3; k >= 0; k-- {
			if mask&(1<<k) != 0 {
				identSubstitute(p.T, syms, k*14+rapid.IntRange(0, 13).Draw(p.T, "position in chunk"))
				first = k + 1
			}
		}
		in := identDrawLayout(p.T, syms)
		got, _ := identProp(p, ii, "device-id/parse", in, "")
		if !got.refusedBy("IDENT-DEV-9", first) {
			p.Fatalf("asked device-id/parse(%q), chunks %04b (chunk 1 lowest bit) damaged\ngot: %s\nexpected: refused check [IDENT-DEV-9] chunk %d, the first damaged chunk", in, mask, got, first)
		}
	})
}

// identDeviceNoise are characters a damaged device ID may contain: symbols, look-alikes,
// separators and octets outside ASCII.
var identDeviceNoise = []string{"A", "Q", "7", "2", "z", "0", "1", "8", "9", "O", "I", "L", "-", "_", " ", ".", "é", "\xff", "\x00"}

func identDeviceMutations(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		syms := identSymbols(identPrinted(identDrawFingerprint(p.T)))
		s := identDrawLayout(p.T, syms)
		n := rapid.IntRange(1, 3).Draw(p.T, "edits")
		for range n {
			if s == "" {
				break
			}
			i := rapid.IntRange(0, len(s)-1).Draw(p.T, "at")
			switch drawFrom(p.T, []string{"replace", "insert", "delete", "swap", "dash"}, "edit") {
			case "replace":
				s = s[:i] + rapid.SampledFrom(identDeviceNoise).Draw(p.T, "by") + s[i+1:]
			case "insert":
				s = s[:i] + rapid.SampledFrom(identDeviceNoise).Draw(p.T, "insert") + s[i:]
			case "delete":
				s = s[:i] + s[i+1:]
			case "swap":
				if i+1 < len(s) {
					s = s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
				}
			case "dash":
				s = strings.Replace(s, "-", rapid.SampledFrom([]string{" ", "", "--", "_"}).Draw(p.T, "dash by"), 1)
			}
		}
		identAgree(p, ii, "device-id/parse", s, "")
	})
}

// identWorkedSPKI is the SubjectPublicKeyInfo of spec/identifiers.md §4.4.
const identWorkedSPKI = "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"

func identDeviceKeyBinding(t *T) {
	ii := areaOf[IdentImpl](t)
	errs := &identErrors{t: t}
	defer errs.Done()
	type key struct {
		name string
		spki []byte
	}
	worked, _ := hex.DecodeString(identWorkedSPKI)
	keys := []key{{"the worked example's Ed25519 key", worked}}
	k, err := vectors.Key(vectors.KeyDeviceA)
	if err != nil {
		t.Fatalf("published key %s: %v", vectors.KeyDeviceA, err)
	}
	keys = append(keys, key{"published key " + vectors.KeyDeviceA, k.SPKI})
	for _, k := range keys {
		fp := sha256.Sum256(k.spki)
		got := identFixed(t, ii, "device-id/from-spki", string(k.spki), "")
		id, _ := got.str("deviceId")
		if f, _ := got.str("fingerprint"); f != hex.EncodeToString(fp[:]) || id != identPrinted(fp) {
			t.Fatalf("asked device-id/from-spki(%s)\ngot: %s\nexpected: fingerprint %x, deviceId %s", k.name, got, fp, identPrinted(fp))
		}
		back := identFixed(t, ii, "device-id/parse", id, "")
		if f, _ := back.str("fingerprint"); f != hex.EncodeToString(fp[:]) {
			errs.Errorf("asked device-id/parse(%s), the device ID of %s\ngot: %s\nexpected: fingerprint %x, all 32 octets of the key's", id, k.name, back, fp)
		}
		for i := range 32 {
			other := fp
			other[i] ^= 1 << (i % 8)
			oid := identPrinted(other)
			a := identFixed(t, ii, "device-id/parse", oid, "")
			gid, _ := a.str("deviceId")
			gf, _ := a.str("fingerprint")
			if gf != hex.EncodeToString(other[:]) || gid != oid {
				errs.Errorf("asked device-id/parse(%s), the fingerprint of %s with octet %d changed\ngot: %s\nexpected: fingerprint %x, a device ID other than the key's", oid, k.name, i+1, a, other)
			}
		}
	}
}

func identDeviceSpareBits(t *T) {
	ii := areaOf[IdentImpl](t)
	errs := &identErrors{t: t}
	defer errs.Done()
	worked, _ := hex.DecodeString(identWorkedSPKI)
	fp := sha256.Sum256(worked)
	syms := identSymbols(identPrinted(fp))
	for v := range 32 {
		s := append([]byte{}, syms...)
		s[4*14-2] = identB32[v] // the 52nd data symbol, before chunk 4's check symbol
		identFixChecks(s)
		in := identDashed(s)
		got := identFixed(t, ii, "device-id/parse", in, "")
		if v != 0 && v != 16 {
			if !got.refusedBy("IDENT-DEV-10", 0) {
				errs.Errorf("asked device-id/parse(%s), last data symbol %c (spare bits %04b)\ngot: %s\nexpected: refused non-canonical [IDENT-DEV-10]", in, identB32[v], v&15, got)
			}
			continue
		}
		want := fp
		want[31] = want[31]&^1 | byte(v>>4)
		f, _ := got.str("fingerprint")
		id, _ := got.str("deviceId")
		if f != hex.EncodeToString(want[:]) || id != in {
			errs.Errorf("asked device-id/parse(%s), last data symbol %c\ngot: %s\nexpected: deviceId %s, fingerprint %x", in, identB32[v], got, in, want)
		}
	}
}

// ---- user names ----

// identLocalPieces build local parts: ASCII in both cases, atext specials, precomposed and
// decomposed letters, letters that fold to several (ß, ligatures), compatibility forms,
// Greek sigmas, dotted and dotless i, Cherokee, the Kelvin and Ångström signs (canonical
// singletons), scripts with marks, Hangul jamo that NFC composes, non-ASCII digits.
var identLocalPieces = []string{
	"a", "B", "john", "Smith", "ss", "SS", "fi", "i", "I", "k", "7", "+", "_", "-", "'", "!",
	"é", "É", "e\u0301", "E\u0301", "ü", "u\u0308", "ß", "ẞ", "ﬁ", "ﬀ", "ǅ",
	"Ｊ", "ｏ", "１", "σ", "Σ", "ς", "İ", "ı", "Ꭰ", "ꭰ", "\u212a", "\u212b",
	"用户", "δοκιμή", "कि", "\u1100\u1161", "٣", "ǰ", "J\u030c",
}

var identLabelPieces = []string{
	"example", "Mail", "b", "x", "1", "-", "bücher", "bu\u0308cher", "ＥＸＡ", "ｍｐｌｅ", "ﬁle",
	"例子", "παράδειγμα", "XN--BCHER-KVA", "xn--bcher-kva", "Straße", "ΣΑΣ", "İ",
}

var identTLDPieces = []string{"com", "ORG", "es", "c", "中国", "δοκιμή", "ｃｏｍ", "Example", "a1", "example"}

func identDrawJoin(t *rapid.T, pieces []string, lo, hi int, label string) string {
	return strings.Join(rapid.SliceOfN(rapid.SampledFrom(pieces), lo, hi).Draw(t, label), "")
}

// identDrawUserName draws a user name that is usually valid.
func identDrawUserName(t *rapid.T) string {
	atoms := rapid.IntRange(1, 3).Draw(t, "atoms")
	var local []string
	for range atoms {
		local = append(local, identDrawJoin(t, identLocalPieces, 1, 4, "atom"))
	}
	labels := []string{}
	for range rapid.IntRange(1, 2).Draw(t, "labels") {
		labels = append(labels, identDrawJoin(t, identLabelPieces, 1, 3, "label"))
	}
	labels = append(labels, rapid.SampledFrom(identTLDPieces).Draw(t, "tld"))
	return strings.Join(local, ".") + "@" + strings.Join(labels, ".")
}

func identUserParse(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		name := identDrawUserName(p.T)
		got := identAgree(p, ii, "user-name/parse", name, "")
		if got.ref != nil {
			return
		}
		stored, _ := got.str("stored")
		if !norm.NFC.IsNormalString(stored) {
			p.Fatalf("asked user-name/parse(%s)\ngot: stored %s\nexpected: a stored form in NFC", identQuote(name), identQuote(stored))
		}
		again := identAgree(p, ii, "user-name/parse", stored, "")
		if !identSame("user-name/parse", again, got) {
			p.Fatalf("asked user-name/parse(%s), the stored form of %s\ngot: %s\nexpected: %s, the same stored form and key", identQuote(stored), identQuote(name), again, got)
		}
	})
}

// identUserSwaps are replacements that keep or change a user name's identity.
var identUserSwaps = [][2]string{
	{"ss", "ß"}, {"SS", "ẞ"}, {"fi", "ﬁ"}, {"ff", "ﬀ"}, {"i", "İ"}, {"i", "ı"}, {"I", "ı"}, {"σ", "ς"},
	{"Σ", "ς"}, {"k", "\u212a"}, {"é", "e\u0301"}, {"É", "e\u0301"}, {"ü", "u\u0308"}, {"ǰ", "J\u030c"},
	{"Ꭰ", "ꭰ"}, {"DŽ", "ǅ"}, {".", ".."},
}

// identVariant changes a user name the way another person might type it.
func identVariant(t *rapid.T, s string) string {
	for range rapid.IntRange(1, 4).Draw(t, "changes") {
		switch drawFrom(t, []string{"case", "case", "swap", "full-width", "nfd", "nfkc"}, "change") {
		case "case":
			rs := []rune(s)
			i := rapid.IntRange(0, len(rs)-1).Draw(t, "at")
			j := rapid.IntRange(i, len(rs)).Draw(t, "to")
			part := string(rs[i:j])
			if rapid.Bool().Draw(t, "to upper") {
				part = strings.ToUpper(part)
			} else {
				part = strings.ToLower(part)
			}
			s = string(rs[:i]) + part + string(rs[j:])
		case "swap":
			sw := rapid.SampledFrom(identUserSwaps).Draw(t, "swap")
			if rapid.Bool().Draw(t, "back") {
				sw[0], sw[1] = sw[1], sw[0]
			}
			if n := strings.Count(s, sw[0]); n > 0 {
				k := rapid.IntRange(0, n-1).Draw(t, "which")
				at := 0
				for range k {
					at += strings.Index(s[at:], sw[0]) + len(sw[0])
				}
				at += strings.Index(s[at:], sw[0])
				s = s[:at] + sw[1] + s[at+len(sw[0]):]
			}
		case "full-width":
			rs := []rune(s)
			i := rapid.IntRange(0, len(rs)-1).Draw(t, "at")
			if r := rs[i]; r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				rs[i] = r - '!' + '！'
			}
			s = string(rs)
		case "nfd":
			s = norm.NFD.String(s)
		case "nfkc":
			s = norm.NFKC.String(s)
		}
	}
	return s
}

func identUserCompare(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		a := identDrawUserName(p.T)
		b := identVariant(p.T, a)
		pa := identAgree(p, ii, "user-name/parse", a, "")
		pb := identAgree(p, ii, "user-name/parse", b, "")
		ab := identAgree(p, ii, "user-name/compare", a, b)
		ba := identAgree(p, ii, "user-name/compare", b, a)
		if ab.ref != nil || pa.ref != nil || pb.ref != nil {
			return
		}
		if !reflect.DeepEqual(ab.out["equal"], ba.out["equal"]) {
			p.Fatalf("asked user-name/compare both ways\ngot: %s one way, %s the other\nexpected: the same answer", ab, ba)
		}
		ka, _ := pa.str("key")
		kb, _ := pb.str("key")
		if eq, ok := ab.out["equal"].(bool); !ok || eq != (ka == kb) {
			p.Fatalf("asked %s\ngot: %s, with keys %s and %s\nexpected: equal exactly when the comparison keys are equal", identCall("user-name/compare", a, b), ab, identQuote(ka), identQuote(kb))
		}
	})
}

// identUserBreak is one fault put into a user name made of local atoms and domain labels.
func identUserBreak(t *rapid.T, local, labels []string) ([]string, []string, string) {
	pick := func(xs []string) int { return rapid.IntRange(0, len(xs)-1).Draw(t, "which") }
	insert := func(s, x string) string {
		rs := []rune(s)
		i := rapid.IntRange(0, len(rs)).Draw(t, "at")
		return string(rs[:i]) + x + string(rs[i:])
	}
	fault := drawFrom(t, []string{
		"local char", "dot", "atom mark", "label mark", "at sign", "no at", "one label", "empty label",
		"label char", "hyphen", "long label", "digit tld", "long local", "long name", "bad utf-8", "over limit",
		"two labels", "two labels", "two labels", // three times: drawn more often than the others
	}, "fault")
	switch fault {
	case "two labels":
		// A later rule broken in an earlier label, an earlier rule in a later label: the
		// rules of §2.3 step 7 run over every label, one rule after the other.
		if len(labels) < 2 {
			labels = append([]string{"x"}, labels...)
		}
		i := rapid.IntRange(0, len(labels)-2).Draw(t, "earlier label")
		j := rapid.IntRange(i+1, len(labels)-1).Draw(t, "later label")
		labels[i] = drawFrom(t, []string{"\u0301" + labels[i], strings.Repeat("ab", 40)}, "earlier fault")
		labels[j] = drawFrom(t, []string{labels[j] + "_", labels[j] + "-", "-" + labels[j]}, "later fault")
	case "local char":
		i := pick(local)
		local[i] = insert(local[i], drawFrom(t, []string{" ", "\"", "\\", "(", ",", ":", "<", "[", "\u200d", "\u00a0", "\u0085", "\u00a9", "\u2019"}, "char"))
	case "dot":
		i := pick(local)
		local[i] = drawFrom(t, []string{"", "." + local[i], local[i] + "."}, "dots")
	case "atom mark":
		i := pick(local)
		local[i] = drawFrom(t, []string{"\u0301", "\u0308", "\u093f"}, "mark") + local[i]
	case "label mark":
		i := pick(labels)
		labels[i] = "\u0327" + labels[i]
	case "at sign":
		i := pick(local)
		local[i] = insert(local[i], "@")
	case "no at":
		return local, labels, "no at"
	case "one label":
		labels = labels[len(labels)-1:]
	case "empty label":
		i := pick(labels)
		labels[i] = ""
	case "label char":
		i := pick(labels)
		labels[i] = insert(labels[i], drawFrom(t, []string{"_", "!", " ", "\u200d", "[", "%"}, "char"))
	case "hyphen":
		i := pick(labels)
		labels[i] = drawFrom(t, []string{"-" + labels[i], labels[i] + "-"}, "hyphen")
	case "long label":
		i := pick(labels)
		labels[i] = strings.Repeat(rapid.SampledFrom([]string{"a", "ü", "u\u0308"}).Draw(t, "fill"), rapid.IntRange(32, 70).Draw(t, "length"))
	case "digit tld":
		labels[len(labels)-1] = drawFrom(t, []string{"1", "123", "１２３", "٣"}, "digits")
	case "long local":
		i := pick(local)
		local[i] += strings.Repeat(rapid.SampledFrom([]string{"x", "é", "e\u0301"}).Draw(t, "fill"), rapid.IntRange(30, 70).Draw(t, "length"))
	case "long name":
		for range rapid.IntRange(3, 6).Draw(t, "labels") {
			labels = append([]string{strings.Repeat("d", 50)}, labels...)
		}
	case "bad utf-8":
		i := pick(local)
		local[i] = insert(local[i], drawFrom(t, []string{"\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf"}, "octets"))
	case "over limit":
		labels = append([]string{strings.Repeat("ab", rapid.IntRange(490, 530).Draw(t, "pairs"))}, labels...)
	}
	return local, labels, ""
}

func identUserRefusals(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		var local, labels []string
		for range rapid.IntRange(1, 3).Draw(p.T, "atoms") {
			local = append(local, identDrawJoin(p.T, identLocalPieces, 1, 3, "atom"))
		}
		for range rapid.IntRange(1, 2).Draw(p.T, "labels") {
			labels = append(labels, identDrawJoin(p.T, identLabelPieces, 1, 2, "label"))
		}
		labels = append(labels, rapid.SampledFrom(identTLDPieces).Draw(p.T, "tld"))
		sep := "@"
		for range rapid.IntRange(1, 3).Draw(p.T, "faults") {
			var noAt string
			local, labels, noAt = identUserBreak(p.T, local, labels)
			if noAt != "" {
				sep = ""
			}
		}
		identAgree(p, ii, "user-name/parse", strings.Join(local, ".")+sep+strings.Join(labels, "."), "")
	})
}

// ---- NSS strings, resource IDs, ticket IDs ----

var identNSSPieces = []string{
	"a", "Z", "urn", ":", "uuid", "0", "9", "-", ".", "(", ")", "+", ",", "=", "@", ";", "$", "_", "!", "*", "'", "/", "?", "#",
	"%2F", "%2f", "%41", "%e9", "%C3%A9", "%c3%a9", "%7e", "%7E", "%3a", "%20", "%ff", "abc", "ABC",
}

var identNSSBad = []string{" ", "%", "%2", "%zz", "%g1", "%00", "\x00", "\"", "<", "\\", "é", "\xff", "[", "`", "%0"}

func identNSS(t *T, op string) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		s := identDrawJoin(p.T, identNSSPieces, 0, 12, "pieces")
		if rapid.IntRange(0, 3).Draw(p.T, "bad?") == 0 {
			rs := s
			i := rapid.IntRange(0, len(rs)).Draw(p.T, "at")
			s = rs[:i] + drawFrom(p.T, identNSSBad, "bad") + rs[i:]
		}
		if rapid.IntRange(0, 7).Draw(p.T, "long?") == 0 {
			s = strings.Repeat("x", rapid.IntRange(1000, 1030).Draw(p.T, "fill")) + s
		}
		got := identAgree(p, ii, op, s, "")
		if got.ref == nil {
			if v, _ := got.str("value"); v != s {
				p.Fatalf("asked %s\ngot: %s\nexpected: value %s, the input unchanged", identCall(op, s, ""), got, identQuote(s))
			}
		}
	})
}

func identResource(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		b := rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(p.T, "bits")
		r := ident.ResourceIDFromBytes([16]byte(b)).String()
		s := r
		i := rapid.IntRange(0, len(r)-1).Draw(p.T, "at")
		switch drawFrom(p.T, []string{"none", "none", "lower", "replace", "last symbol", "delete", "append"}, "damage") {
		case "lower":
			s = r[:i] + strings.ToLower(r[i:i+1]) + r[i+1:]
		case "replace":
			s = r[:i] + rapid.SampledFrom([]string{"0", "1", "8", "9", "a", "z", "=", " ", "-", "\xff", "Q", "4"}).Draw(p.T, "by") + r[i+1:]
		case "last symbol":
			s = r[:25] + string(identB32[rapid.IntRange(0, 31).Draw(p.T, "symbol")])
		case "delete":
			s = r[:i] + r[i+1:]
		case "append":
			s = r + rapid.SampledFrom([]string{"A", "=", "a", "\n", "Q"}).Draw(p.T, "appended")
		}
		got := identAgree(p, ii, "resource-id/parse", s, "")
		if s == r {
			v, _ := got.str("value")
			h, _ := got.str("bytes")
			if v != r || h != hex.EncodeToString(b) {
				p.Fatalf("asked resource-id/parse(%q)\ngot: %s\nexpected: value %s (the input), bytes %x", s, got, r, b)
			}
		}
	})
}

func identResourceOneSpelling(t *T) {
	ii := areaOf[IdentImpl](t)
	errs := &identErrors{t: t}
	defer errs.Done()
	const r = "UICFO4FJCPQU5CLZ3SLHA73UUY" // spec/identifiers.md §5
	got := identFixed(t, ii, "resource-id/parse", r, "")
	if v, _ := got.str("value"); v != r {
		t.Fatalf("asked resource-id/parse(%s)\ngot: %s\nexpected: value %s", r, got, r)
	}
	for i := range len(r) {
		if r[i] < 'A' || r[i] > 'Z' {
			continue
		}
		s := r[:i] + strings.ToLower(r[i:i+1]) + r[i+1:]
		if a := identFixed(t, ii, "resource-id/parse", s, ""); !a.refusedBy("IDENT-RES-3", 0) {
			errs.Errorf("asked resource-id/parse(%s), letter %d lowered\ngot: %s\nexpected: refused character [IDENT-RES-3]", s, i+1, a)
		}
	}
	values := map[string]string{}
	for v := range 32 {
		s := r[:25] + string(identB32[v])
		a := identFixed(t, ii, "resource-id/parse", s, "")
		if v%4 != 0 {
			if !a.refusedBy("IDENT-RES-5", 0) {
				errs.Errorf("asked resource-id/parse(%s), spare bits %02b\ngot: %s\nexpected: refused non-canonical [IDENT-RES-5]", s, v&3, a)
			}
			continue
		}
		val, _ := a.str("value")
		h, _ := a.str("bytes")
		if val != s || len(h) != 32 || values[h] != "" {
			errs.Errorf("asked resource-id/parse(%s)\ngot: %s\nexpected: value %s and 16 bytes no other last symbol gives (%s gave %q)", s, a, s, values[h], h)
		}
		values[h] = s
	}
}

func identTicket(t *T) {
	ii := areaOf[IdentImpl](t)
	t.Property(func(p *P) {
		b := rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(p.T, "bits")
		tid := "_" + hex.EncodeToString(b)
		s := tid
		i := rapid.IntRange(1, len(tid)-1).Draw(p.T, "at")
		switch drawFrom(p.T, []string{"none", "none", "upper", "underscore", "replace", "delete", "append"}, "damage") {
		case "upper":
			s = strings.ToUpper(tid[:i+1]) + tid[i+1:]
			s = "_" + s[1:]
		case "underscore":
			s = rapid.SampledFrom([]string{"-", "a", "0", "", "__", "x"}).Draw(p.T, "by") + tid[1:]
		case "replace":
			s = tid[:i] + rapid.SampledFrom([]string{"g", "G", "A", "F", " ", "-", "\xff", "_"}).Draw(p.T, "by") + tid[i+1:]
		case "delete":
			s = tid[:i] + tid[i+1:]
		case "append":
			s = tid + rapid.SampledFrom([]string{"0", "a", "=", "\n"}).Draw(p.T, "appended")
		}
		got := identAgree(p, ii, "ticket-id/parse", s, "")
		if s == tid {
			v, _ := got.str("value")
			h, _ := got.str("bytes")
			if v != tid || h != hex.EncodeToString(b) {
				p.Fatalf("asked ticket-id/parse(%q)\ngot: %s\nexpected: value %s (the input), bytes %x", s, got, tid, b)
			}
		}
	})
}

// ---- every parser ----

// identLimits are the input limits of IDENT-LIM-1, by operation.
var identLimits = map[string]int{
	"device-id/from-spki": 16384,
	"device-id/parse":     63,
	"user-name/parse":     1024,
	"endpoint-id/parse":   1024,
	"sync-id/parse":       1024,
	"resource-id/parse":   26,
	"ticket-id/parse":     33,
}

var identLimitOps = []string{"device-id/from-spki", "device-id/parse", "user-name/parse", "endpoint-id/parse", "sync-id/parse", "resource-id/parse", "ticket-id/parse"}

// identParseOps are the parsers of text identifiers.
var identParseOps = []string{"device-id/parse", "user-name/parse", "endpoint-id/parse", "sync-id/parse", "resource-id/parse", "ticket-id/parse"}

// identPrefixed names identifier operations as the shim does.
func identPrefixed(ops []string) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = "ident." + op
	}
	return out
}

// identOctets returns n octets from a seeded generator: cheaper to draw than n bytes.
func identOctets(seed uint64, n int, pool string) string {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	b := make([]byte, n)
	for i := range b {
		if pool == "" {
			b[i] = byte(r.Uint32())
		} else {
			b[i] = pool[r.IntN(len(pool))]
		}
	}
	return string(b)
}

func identLimitsFirst(t *T) {
	ii := areaOf[IdentImpl](t)
	ops := identLimitOps
	t.Property(func(p *P) {
		op := drawFrom(p.T, ops, "op")
		n := identLimits[op] + rapid.IntRange(1, 64).Draw(p.T, "octets beyond the limit")
		// Octets that break a later rule too: arbitrary ones, or the characters of another
		// identifier, or spaces.
		pool := drawFrom(p.T, []string{"", "a-", "@. ", "%0", "Zz0"}, "octets from")
		in := identOctets(rapid.Uint64().Draw(p.T, "seed"), n, pool)
		got, _ := identProp(p, ii, op, in, "")
		if !got.refusedBy("IDENT-LIM-1", 0) {
			p.Fatalf("asked %s, %d octets (limit %d)\ngot: %s\nexpected: refused length [IDENT-LIM-1]", identCall(op, in, ""), n, identLimits[op], got)
		}
	})
}

// identSeeds are near-valid inputs of each parser, for arbitrary-octets to damage.
var identSeeds = map[string][]string{
	"device-id/parse":   {"A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ", "A3R73D62FG5WBPK2ZKV66MHW3BLRWNWIYRGS7DBZ273IVPY4G3ZF6UQJ"},
	"user-name/parse":   {"a@b.c", "José@bücher.example", "x@1.a"},
	"endpoint-id/parse": {"urn:uuid:1f0e;id=7", "a%2Fb"},
	"sync-id/parse":     {"urn:uuid:1f0e;id=7", "a%2fb"},
	"resource-id/parse": {"UICFO4FJCPQU5CLZ3SLHA73UUY"},
	"ticket-id/parse":   {"_00112233445566778899aabbccddeeff"},
}

func identArbitraryOctets(t *T) {
	ii := areaOf[IdentImpl](t)
	ops := identParseOps
	t.Property(func(p *P) {
		op := drawFrom(p.T, ops, "op")
		var in string
		if rapid.Bool().Draw(p.T, "from a valid input") {
			b := []byte(rapid.SampledFrom(identSeeds[op]).Draw(p.T, "valid"))
			for range rapid.IntRange(1, 3).Draw(p.T, "edits") {
				i := rapid.IntRange(0, len(b)).Draw(p.T, "at")
				c := rapid.Byte().Draw(p.T, "octet")
				switch drawUniform(p.T, 3, "edit") {
				case 0:
					if i < len(b) {
						b[i] = c
					}
				case 1:
					b = append(b[:i], append([]byte{c}, b[i:]...)...)
				case 2:
					if i < len(b) {
						b = append(b[:i], b[i+1:]...)
					}
				}
			}
			in = string(b)
		} else {
			in = string(rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(p.T, "octets"))
		}
		identAgree(p, ii, op, in, "")
	})
}
