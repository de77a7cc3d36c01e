package conformance

import (
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/livemesh-spec/livemesh/ident"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Faulty identifier implementations: the reference, with one operation replaced by a small
// local re-implementation that has one bug.

func init() {
	faultyShims = append(faultyShims,
		faultyShim{
			impl:     identNoCheckImpl{},
			bug:      "device IDs are decoded from their data symbols without looking at the check symbols",
			caughtBy: []string{"codec/ident/device-id/single-substitution", "codec/ident/device-id/adjacent-transposition", "codec/ident/device-id/first-failing-chunk", "codec/ident/device-id/mutations-agree"},
		},
		faultyShim{
			impl:     identLastChunkImpl{},
			bug:      "a device ID with several wrong check symbols is refused naming the last failing chunk, not the first",
			caughtBy: []string{"codec/ident/device-id/first-failing-chunk"},
		},
		faultyShim{
			impl:     identSpareBitsImpl{},
			bug:      "a device ID's four spare bits are dropped, not checked, so one fingerprint has sixteen printed forms",
			caughtBy: []string{"codec/ident/device-id/spare-bits-every-value"},
		},
		faultyShim{
			impl:     identToLowerImpl{},
			bug:      "user-name keys are strings.ToLower of the NFC form (simple lower-casing, not full case folding: ß is not ss, ς is not σ, İ becomes i)",
			caughtBy: []string{"codec/ident/user-name/parse-agrees", "codec/ident/user-name/compare-agrees"},
		},
		faultyShim{
			impl:     identNFKCLocalImpl{},
			bug:      "the local part's comparison key uses NFKC like the domain's, so full-width and other compatibility forms of a local part name the same user",
			caughtBy: []string{"codec/ident/user-name/compare-agrees"},
		},
		faultyShim{
			impl:     identNoNFCImpl{},
			bug:      "user names are stored as given, not in NFC (the key is right)",
			caughtBy: []string{"codec/ident/user-name/parse-agrees"},
		},
		faultyShim{
			impl:     identSyncEscapesImpl{},
			bug:      "sx:sync ids have the hex digits of their escapes upper-cased (RFC 3986 normalization), so %2f and %2F become one id",
			caughtBy: []string{"codec/ident/sync-id/parse-agrees"},
		},
		faultyShim{
			impl:     identResourceLowerImpl{},
			bug:      "resource IDs are accepted in lower case and printed upper case, as lenient base32 decoders do",
			caughtBy: []string{"codec/ident/resource-id/parse-agrees", "codec/ident/resource-id/one-spelling"},
		},
		faultyShim{
			impl:     identResourcePrefixImpl{},
			bug:      "resource IDs are read into a 26-octet buffer: the length limit is not checked and octets after the 26th are ignored",
			caughtBy: []string{"codec/ident/resource-id/parse-agrees", "codec/ident/limits/checked-first"},
		},
		faultyShim{
			impl:     identPerLabelImpl{},
			bug:      "the domain is checked label by label (characters, hyphens, marks, length of one label, then the next), not rule by rule over all labels as §2.3 orders",
			caughtBy: []string{"codec/ident/user-name/refusal-order"},
		},
	)
}

// identRefuse makes the reference's refusal for a rule.
func identRefuse(class, req string) error { return &Refusal{Class: class, Req: req} }

// identNoCheckDecode decodes a device ID without its check symbols: layout, alphabet, then
// the 52 data symbols (refusing non-zero spare bits as the reference does).
func identNoCheckDecode(in string, checkSpare bool) (map[string]any, error) {
	s := strings.ToUpper(in)
	switch {
	case len(s) > 63:
		return nil, identRefuse("length", "IDENT-LIM-1")
	case len(s) == 63:
		for i := range len(s) {
			if (i%8 == 7) != (s[i] == '-') {
				return nil, identRefuse("syntax", "IDENT-DEV-7")
			}
		}
		s = strings.ReplaceAll(s, "-", "")
	case len(s) == 56:
		if strings.Contains(s, "-") {
			return nil, identRefuse("syntax", "IDENT-DEV-7")
		}
	default:
		return nil, identRefuse("length", "IDENT-DEV-7")
	}
	for i := range len(s) {
		if !strings.Contains(identB32, s[i:i+1]) {
			return nil, identRefuse("character", "IDENT-DEV-8")
		}
	}
	var data string
	for k := range 4 {
		data += s[k*14 : k*14+13]
	}
	fp, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(data)
	if err != nil || len(fp) != 32 {
		return nil, identRefuse("syntax", "IDENT-DEV-7")
	}
	id := ident.DeviceIDFromFingerprint([32]byte(fp)).String()
	if checkSpare && id[len(id)-2] != data[51] {
		return nil, identRefuse("non-canonical", "IDENT-DEV-10")
	}
	return map[string]any{"deviceId": id, "fingerprint": hex.EncodeToString(fp)}, nil
}

type identNoCheckImpl struct{ Reference }

func (identNoCheckImpl) Name() string { return "faulty-ident-device-check-ignored" }
func (i identNoCheckImpl) Ident(op, in, other string) (map[string]any, error) {
	if op == "device-id/parse" {
		return identNoCheckDecode(in, true)
	}
	return i.Reference.Ident(op, in, other)
}

type identSpareBitsImpl struct{ Reference }

func (identSpareBitsImpl) Name() string { return "faulty-ident-device-spare-bits-ignored" }
func (i identSpareBitsImpl) Ident(op, in, other string) (map[string]any, error) {
	out, err := i.Reference.Ident(op, in, other)
	var r *Refusal
	if op == "device-id/parse" && errors.As(err, &r) && r.Req == "IDENT-DEV-10" {
		return identNoCheckDecode(in, false)
	}
	return out, err
}

type identLastChunkImpl struct{ Reference }

func (identLastChunkImpl) Name() string { return "faulty-ident-device-last-chunk" }
func (i identLastChunkImpl) Ident(op, in, other string) (map[string]any, error) {
	out, err := i.Reference.Ident(op, in, other)
	var r *Refusal
	if op != "device-id/parse" || !errors.As(err, &r) || r.Req != "IDENT-DEV-9" {
		return out, err
	}
	syms := []byte(strings.ToUpper(strings.ReplaceAll(in, "-", "")))
	last := r.Chunk
	for k := range 4 {
		vals := make([]int, 13)
		for j := range vals {
			vals[j] = strings.IndexByte(identB32, syms[k*14+j])
		}
		if identB32[identLuhn32(vals)] != syms[k*14+13] {
			last = k + 1
		}
	}
	return nil, &Refusal{Class: r.Class, Req: r.Req, Chunk: last, Msg: r.Msg}
}

// identUserWithKey parses a user name with the reference and replaces its key with key(NFC
// local part, NFC domain).
func identUserWithKey(ref Reference, op, in, other string, key func(local, domain string) string) (map[string]any, error) {
	parse := func(s string) (map[string]any, error) {
		out, err := ref.Ident("user-name/parse", s, "")
		if err != nil {
			return nil, err
		}
		stored := out["stored"].(string)
		at := strings.IndexByte(stored, '@')
		out["key"] = key(stored[:at], stored[at+1:])
		return out, nil
	}
	switch op {
	case "user-name/parse":
		return parse(in)
	case "user-name/compare":
		a, err := parse(in)
		if err != nil {
			return nil, err
		}
		b, err := parse(other)
		if err != nil {
			return nil, err
		}
		return map[string]any{"equal": a["key"] == b["key"]}, nil
	}
	return ref.Ident(op, in, other)
}

type identToLowerImpl struct{ Reference }

func (identToLowerImpl) Name() string { return "faulty-ident-user-simple-lowercase" }
func (i identToLowerImpl) Ident(op, in, other string) (map[string]any, error) {
	return identUserWithKey(i.Reference, op, in, other, func(l, d string) string {
		return strings.ToLower(l) + "@" + norm.NFKC.String(strings.ToLower(norm.NFKC.String(d)))
	})
}

type identNFKCLocalImpl struct{ Reference }

func (identNFKCLocalImpl) Name() string { return "faulty-ident-user-nfkc-local-part" }
func (i identNFKCLocalImpl) Ident(op, in, other string) (map[string]any, error) {
	return identUserWithKey(i.Reference, op, in, other, func(l, d string) string {
		f := cases.Fold()
		return norm.NFKC.String(f.String(norm.NFKC.String(l))) + "@" + norm.NFKC.String(f.String(norm.NFKC.String(d)))
	})
}

type identNoNFCImpl struct{ Reference }

func (identNoNFCImpl) Name() string { return "faulty-ident-user-not-nfc" }
func (i identNoNFCImpl) Ident(op, in, other string) (map[string]any, error) {
	out, err := i.Reference.Ident(op, in, other)
	if op == "user-name/parse" && err == nil {
		out["stored"] = in
	}
	return out, err
}

type identSyncEscapesImpl struct{ Reference }

func (identSyncEscapesImpl) Name() string { return "faulty-ident-sync-id-escapes-upper-cased" }
func (i identSyncEscapesImpl) Ident(op, in, other string) (map[string]any, error) {
	out, err := i.Reference.Ident(op, in, other)
	if op == "sync-id/parse" && err == nil {
		b := []byte(in)
		for j := 0; j+2 < len(b); j++ {
			if b[j] == '%' {
				b[j+1] = strings.ToUpper(string(b[j+1]))[0]
				b[j+2] = strings.ToUpper(string(b[j+2]))[0]
			}
		}
		out["value"] = string(b)
	}
	return out, err
}

type identResourceLowerImpl struct{ Reference }

func (identResourceLowerImpl) Name() string { return "faulty-ident-resource-id-lower-case" }
func (i identResourceLowerImpl) Ident(op, in, other string) (map[string]any, error) {
	if op == "resource-id/parse" {
		in = strings.ToUpper(in)
	}
	return i.Reference.Ident(op, in, other)
}

type identResourcePrefixImpl struct{ Reference }

func (identResourcePrefixImpl) Name() string { return "faulty-ident-resource-id-no-limit" }
func (i identResourcePrefixImpl) Ident(op, in, other string) (map[string]any, error) {
	if op == "resource-id/parse" && len(in) > 26 {
		in = in[:26]
	}
	return i.Reference.Ident(op, in, other)
}

type identPerLabelImpl struct{ Reference }

func (identPerLabelImpl) Name() string { return "faulty-ident-user-domain-checked-label-by-label" }

// Ident checks each domain label completely (characters, hyphens, marks, length) before the
// next label, instead of each rule over every label before the next rule (§2.3 step 7).
func (i identPerLabelImpl) Ident(op, in, other string) (map[string]any, error) {
	out, err := i.Reference.Ident(op, in, other)
	var r *Refusal
	if op != "user-name/parse" || !errors.As(err, &r) {
		return out, err
	}
	switch r.Req {
	case "IDENT-USER-7", "IDENT-USER-9", "IDENT-USER-10":
	default:
		return out, err
	}
	n := norm.NFC.String(in)
	domain := n[strings.IndexByte(n, '@')+1:]
	if r.Req == "IDENT-USER-7" && !strings.Contains(domain, ".") {
		return out, err
	}
	for _, l := range strings.Split(domain, ".") {
		for _, c := range l {
			if !(c < 0x80 && (c == '-' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z') || c >= 0x80 && unicode.In(c, unicode.L, unicode.M, unicode.Nd)) {
				return nil, identRefuse("character", "IDENT-USER-9")
			}
		}
		if l != "" && (l[0] == '-' || l[len(l)-1] == '-') {
			return nil, identRefuse("syntax", "IDENT-USER-9")
		}
		if first, _ := utf8.DecodeRuneInString(l); unicode.Is(unicode.M, first) {
			return nil, identRefuse("character", "IDENT-USER-7")
		}
		if len(l) > 63 {
			return nil, identRefuse("length", "IDENT-USER-10")
		}
	}
	return out, err
}
