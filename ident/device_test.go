package ident

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base32"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// refAlphabet and refLuhnValid are an independent statement of the check
// (Luhn mod N as usually written: from the right, every second code point
// doubled, the digits of the product in base N summed).
const refAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

func refLuhnValid(chunk string) bool {
	const n = 32
	sum := 0
	double := false
	for i := len(chunk) - 1; i >= 0; i-- {
		cp := strings.IndexByte(refAlphabet, chunk[i])
		if cp < 0 {
			return false
		}
		if double {
			cp *= 2
			cp = cp/n + cp%n
		}
		sum += cp
		double = !double
	}
	return sum%n == 0
}

// refCheck returns the check symbol that makes data+check valid.
func refCheck(data string) byte {
	for i := 0; i < len(refAlphabet); i++ {
		if refLuhnValid(data + string(refAlphabet[i])) {
			return refAlphabet[i]
		}
	}
	panic("no check symbol")
}

// refDeviceID computes a printed device ID from a fingerprint with the
// standard library's base32 and the reference check.
func refDeviceID(fp [32]byte) string {
	data := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(fp[:])
	var syms strings.Builder
	for k := 0; k < 4; k++ {
		c := data[13*k : 13*k+13]
		syms.WriteString(c)
		syms.WriteByte(refCheck(c))
	}
	return dashed(syms.String())
}

func dashed(s56 string) string {
	var groups []string
	for i := 0; i < 56; i += 7 {
		groups = append(groups, s56[i:i+7])
	}
	return strings.Join(groups, "-")
}

func undashed(s string) string { return strings.ReplaceAll(s, "-", "") }

// fingerprintGen draws a fingerprint.
var fingerprintGen = rapid.Custom(func(t *rapid.T) [32]byte {
	var fp [32]byte
	copy(fp[:], rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "fp"))
	return fp
})

var printedRE = regexp.MustCompile(`^([2-7A-Z]{7}-){7}[2-7A-Z]{7}$`)

var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
)

func testRSAKey(t *testing.T) *rsa.PrivateKey {
	rsaOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		rsaKey = k
	})
	return rsaKey
}

func testKeys(t *testing.T) map[string]any {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{
		"rsa-2048":   &testRSAKey(t).PublicKey,
		"ecdsa-p256": &ec.PublicKey,
		"ed25519":    edPub,
		"x25519":     x.PublicKey(),
	}
}

func TestDeviceIDFingerprint(t *testing.T) {
	t.Run("[IDENT-DEV-1] fingerprint is SHA-256 of the DER SubjectPublicKeyInfo", func(t *testing.T) {
		for name, pub := range testKeys(t) {
			der, err := x509.MarshalPKIXPublicKey(pub)
			if err != nil {
				t.Fatal(err)
			}
			d, err := DeviceIDFromPublicKey(pub)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got, want := d.Fingerprint(), sha256.Sum256(der); got != want {
				t.Errorf("%s: fingerprint %x, want %x", name, got, want)
			}
			d2, err := DeviceIDFromSPKI(der)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if d2 != d {
				t.Errorf("%s: from SPKI %v, from key %v", name, d2, d)
			}
			if d.String() != refDeviceID(sha256.Sum256(der)) {
				t.Errorf("%s: %s, reference %s", name, d, refDeviceID(sha256.Sum256(der)))
			}
		}
	})
	t.Run("[IDENT-DEV-1] unsupported key type refused", func(t *testing.T) {
		for _, pub := range []any{nil, "not a key", struct{}{}} {
			_, err := DeviceIDFromPublicKey(pub)
			e := wantReq(t, err, "IDENT-DEV-1")
			if e.Kind != KindKey {
				t.Errorf("kind %v, want key", e.Kind)
			}
		}
	})
	t.Run("[IDENT-DEV-2] malformed or non-canonical SPKI refused", func(t *testing.T) {
		pk := "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
		cases := map[string]string{
			"empty":                      "",
			"garbage":                    "0102030405",
			"non-minimal length":         "30812a300506032b6570032100" + pk,
			"NULL parameters on Ed25519": "302c300706032b65700500032100" + pk,
			"padding bits in BIT STRING": "302a300506032b6570032107" + pk,
			"trailing data":              "302a300506032b6570032100" + pk + "00",
			"truncated":                  "302a300506032b6570032100" + pk[:60],
			"unknown algorithm":          "302a300506032b6571032100" + pk,
		}
		for name, h := range cases {
			der := mustHex(t, h)
			_, err := DeviceIDFromSPKI(der)
			wantReq(t, err, "IDENT-DEV-2")
			var d DeviceID
			if err := d.VerifySPKI(der); err == nil {
				t.Errorf("%s: VerifySPKI accepted", name)
			}
		}
		// RSA without the NULL parameters RFC 3279 requires.
		der, _ := x509.MarshalPKIXPublicKey(&testRSAKey(t).PublicKey)
		noNull := strings.Replace(string(der), "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", "\x30\x0b\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", 1)
		noNull = "\x30\x82" + string([]byte{byte((len(noNull) - 6) >> 8), byte(len(noNull) - 6)}) + noNull[4:]
		_, err := DeviceIDFromSPKI([]byte(noNull))
		wantReq(t, err, "IDENT-DEV-2")
	})
	t.Run("[IDENT-LIM-1] oversized SPKI refused before parsing", func(t *testing.T) {
		_, err := DeviceIDFromSPKI(make([]byte, MaxSPKILen+1))
		wantReq(t, err, "IDENT-LIM-1")
	})
}

func TestDeviceIDEncoding(t *testing.T) {
	t.Run("[IDENT-DEV-3] base32 of the fingerprint, spare bits zero", rapid.MakeCheck(func(t *rapid.T) {
		fp := fingerprintGen.Draw(t, "fp")
		s := undashed(DeviceIDFromFingerprint(fp).String())
		data := s[0:13] + s[14:27] + s[28:41] + s[42:55]
		if want := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(fp[:]); data != want {
			t.Fatalf("data symbols %s, want %s", data, want)
		}
		if c := data[51]; c != 'A' && c != 'Q' {
			t.Fatalf("52nd symbol %c, want A or Q", c)
		}
	}))
	t.Run("[IDENT-DEV-4] check symbols are Luhn mod 32 per chunk", rapid.MakeCheck(func(t *rapid.T) {
		s := undashed(DeviceIDFromFingerprint(fingerprintGen.Draw(t, "fp")).String())
		for k := 0; k < 4; k++ {
			if !refLuhnValid(s[14*k : 14*k+14]) {
				t.Fatalf("chunk %d %s fails the reference Luhn mod 32", k+1, s[14*k:14*k+14])
			}
		}
	}))
	t.Run("[IDENT-DEV-5] printed form is 8 upper-case groups of 7", rapid.MakeCheck(func(t *rapid.T) {
		fp := fingerprintGen.Draw(t, "fp")
		s := DeviceIDFromFingerprint(fp).String()
		if !printedRE.MatchString(s) || len(s) != DeviceIDLen {
			t.Fatalf("printed form %q", s)
		}
		if s != refDeviceID(fp) {
			t.Fatalf("%s, reference %s", s, refDeviceID(fp))
		}
	}))
	t.Run("[IDENT-DEV-5] zero DeviceID prints empty", func(t *testing.T) {
		var d DeviceID
		if d.String() != "" || !d.IsZero() {
			t.Errorf("zero DeviceID: %q", d.String())
		}
	})
}

func TestParseDeviceID(t *testing.T) {
	id := DeviceIDFromFingerprint(sha256.Sum256([]byte("table")))
	s := id.String()
	compact := undashed(s)
	// withCheck replaces chunk k's data with data and recomputes its check.
	tests := []struct {
		name string
		in   string
		want outcome
	}{
		{"[IDENT-DEV-5] canonical accepted", s, outcome{Printed: s}},
		{"[IDENT-DEV-6] lower case accepted", strings.ToLower(s), outcome{Printed: s}},
		{"[IDENT-DEV-6] mixed case accepted", s[:20] + strings.ToLower(s[20:]), outcome{Printed: s}},
		{"[IDENT-DEV-7] compact accepted", compact, outcome{Printed: s}},
		{"[IDENT-DEV-7] compact lower case accepted", strings.ToLower(compact), outcome{Printed: s}},
		{"[IDENT-DEV-7] empty refused", "", outcome{Req: "IDENT-DEV-7", Kind: KindLength}},
		{"[IDENT-DEV-7] one dash missing refused", strings.Replace(s, "-", "", 1), outcome{Req: "IDENT-DEV-7", Kind: KindLength}},
		{"[IDENT-DEV-7] spaces instead of dashes refused", strings.ReplaceAll(s, "-", " "), outcome{Req: "IDENT-DEV-7", Kind: KindSyntax}},
		{"[IDENT-DEV-7] misplaced dash refused", s[:6] + "-" + s[6:7] + s[8:], outcome{Req: "IDENT-DEV-7", Kind: KindSyntax}},
		{"[IDENT-DEV-7] dash in compact layout refused", compact[:10] + "-" + compact[11:], outcome{Req: "IDENT-DEV-7", Kind: KindSyntax}},
		{"[IDENT-LIM-1] groups of 4 refused by length", regroup(compact, 4), outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
		{"[IDENT-DEV-7] groups of 8 refused", regroup(compact, 8), outcome{Req: "IDENT-DEV-7", Kind: KindLength}},
		{"[IDENT-DEV-7] one symbol short refused", compact[:55], outcome{Req: "IDENT-DEV-7", Kind: KindLength}},
		{"[IDENT-DEV-7] leading space refused", " " + compact, outcome{Req: "IDENT-DEV-7", Kind: KindLength}},
		{"[IDENT-DEV-8] digit 0 refused", "0" + s[1:], outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-DEV-8] digit 1 refused", "1" + s[1:], outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-DEV-8] digit 8 refused", s[:62] + "8", outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-DEV-8] digit 9 refused", s[:30] + "9" + s[31:], outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-DEV-8] padding = refused", compact[:55] + "=", outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-DEV-8] non-ASCII refused", "\xc3\x89" + compact[2:], outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-LIM-1] 64 octets refused first", s + "-", outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
		{"[IDENT-LIM-1] long garbage refused first", strings.Repeat("\xff", 100), outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
		{"[IDENT-DEV-11] layout before alphabet", "0" + strings.ReplaceAll(s[1:], "-", "+"), outcome{Req: "IDENT-DEV-7", Kind: KindSyntax}},
		{"[IDENT-DEV-11] alphabet before check", flip(s, 0)[:62] + "1", outcome{Req: "IDENT-DEV-8", Kind: KindChar}},
		{"[IDENT-DEV-11] check before spare bits", flip(spareBitsSet(s), 0), outcome{Req: "IDENT-DEV-9", Kind: KindCheck}},
		{"[IDENT-DEV-10] spare bits refused", spareBitsSet(s), outcome{Req: "IDENT-DEV-10", Kind: KindNonCanonical}},
		{"[IDENT-DEV-9] mistyped symbol refused", flip(s, 3), outcome{Req: "IDENT-DEV-9", Kind: KindCheck}},
		{"[IDENT-DEV-9] mistyped check symbol refused", flip(s, 62), outcome{Req: "IDENT-DEV-9", Kind: KindCheck}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDeviceID(tc.in)
			checkOutcome(t, outcomeOf(d.String(), err), tc.want)
			if err == nil && d != id {
				t.Errorf("parsed %v, want %v", d, id)
			}
		})
	}
	t.Run("[IDENT-DEV-9] error names the first failing chunk", func(t *testing.T) {
		for _, c := range []struct {
			positions []int
			chunk     int
		}{{[]int{0}, 1}, {[]int{16}, 2}, {[]int{16, 40}, 2}, {[]int{32, 62}, 3}, {[]int{50}, 4}, {[]int{62}, 4}} {
			in := s
			for _, p := range c.positions {
				in = flip(in, p)
			}
			_, err := ParseDeviceID(in)
			e := wantReq(t, err, "IDENT-DEV-9")
			if e.Chunk != c.chunk {
				t.Errorf("positions %v: chunk %d, want %d", c.positions, e.Chunk, c.chunk)
			}
			if !strings.Contains(e.Error(), "chunk ") {
				t.Errorf("message %q does not name the chunk", e.Error())
			}
		}
	})
}

// regroup writes the 56 symbols in groups of n.
func regroup(s56 string, n int) string {
	var g []string
	for i := 0; i < len(s56); i += n {
		g = append(g, s56[i:min(i+n, len(s56))])
	}
	return strings.Join(g, "-")
}

// flip replaces the symbol at byte position p of a printed ID by the next
// symbol of the alphabet.
func flip(s string, p int) string {
	i := strings.IndexByte(refAlphabet, s[p])
	return s[:p] + string(refAlphabet[(i+1)%32]) + s[p+1:]
}

// spareBitsSet returns s with the 52nd data symbol made "B" (a spare bit
// set) and chunk 4's check symbol recomputed.
func spareBitsSet(s string) string {
	c := undashed(s)
	data := c[42:54] + "B"
	return dashed(c[:42] + data + string(refCheck(data)))
}

func TestDeviceIDMistakes(t *testing.T) {
	t.Run("[IDENT-DEV-9] every single substitution at every position is caught", rapid.MakeCheck(func(t *rapid.T) {
		fp := fingerprintGen.Draw(t, "fp")
		s := DeviceIDFromFingerprint(fp).String()
		for _, form := range []string{s, undashed(s)} {
			for p := 0; p < len(form); p++ {
				if form[p] == '-' {
					continue
				}
				sym := p
				if len(form) == DeviceIDLen {
					sym = p - p/8
				}
				for _, r := range refAlphabet + strings.ToLower(refAlphabet) {
					if strings.EqualFold(string(r), form[p:p+1]) {
						continue
					}
					in := form[:p] + string(r) + form[p+1:]
					_, err := ParseDeviceID(in)
					if err == nil {
						t.Fatalf("substitution %q at %d accepted: %s", r, p, in)
					}
					e := wantReqRapid(t, err, "IDENT-DEV-9")
					if e.Chunk != sym/14+1 {
						t.Fatalf("substitution at symbol %d: chunk %d", sym, e.Chunk)
					}
				}
			}
		}
	}))
	t.Run("[IDENT-DEV-4] adjacent transpositions caught except A7/7A", func(t *testing.T) {
		base := undashed(DeviceIDFromFingerprint(sha256.Sum256([]byte("base"))).String())
		for p := 0; p < 13; p++ {
			for a := 0; a < 32; a++ {
				for b := 0; b < 32; b++ {
					if a == b {
						continue
					}
					chunk := chunkWith(base[:13], map[int]byte{p: refAlphabet[a], p + 1: refAlphabet[b]})
					orig := chunk + base[14:]
					if _, err := ParseDeviceID(orig); err != nil {
						t.Fatalf("constructed ID %s refused: %v", orig, err)
					}
					sw := []byte(orig)
					sw[p], sw[p+1] = sw[p+1], sw[p]
					_, err := ParseDeviceID(string(sw))
					undetectable := a+b == 31 && (a == 0 || b == 0)
					if undetectable != (err == nil) {
						t.Fatalf("swap %c%c at %d: err=%v", refAlphabet[a], refAlphabet[b], p, err)
					}
				}
			}
		}
	})
	t.Run("[IDENT-DEV-4] transpositions two apart are not caught (documented limit)", func(t *testing.T) {
		base := undashed(DeviceIDFromFingerprint(sha256.Sum256([]byte("base"))).String())
		for p := 0; p+2 < 14; p++ {
			chunk := chunkWith(base[:13], map[int]byte{p: 'C', p + 2: 'X'})
			sw := []byte(chunk + base[14:])
			sw[p], sw[p+2] = sw[p+2], sw[p]
			if _, err := ParseDeviceID(string(sw)); err != nil {
				t.Errorf("jump transposition at %d detected (spec says it is not): %v", p, err)
			}
		}
	})
}

// chunkWith returns a valid 14-symbol chunk with the symbols of set at the
// given positions (13 = the check symbol), adjusting one free data symbol.
func chunkWith(data string, set map[int]byte) string {
	d := []byte(data)
	for p, c := range set {
		if p < 13 {
			d[p] = c
		}
	}
	free := 0
	for _, ok := set[free]; ok; _, ok = set[free] {
		free++
	}
	want, fixed := set[13]
	for i := 0; i < 32; i++ {
		d[free] = refAlphabet[i]
		c := refCheck(string(d))
		if !fixed || c == want {
			return string(d) + string(c)
		}
	}
	panic("no chunk")
}

func wantReqRapid(t *rapid.T, err error, req string) *Error {
	e, ok := err.(*Error)
	if !ok || e.Req != req {
		t.Fatalf("got %v, want %s", err, req)
	}
	return e
}

func TestDeviceIDCompare(t *testing.T) {
	t.Run("[IDENT-DEV-12] equal by fingerprint whatever the spelling", rapid.MakeCheck(func(t *rapid.T) {
		fp := fingerprintGen.Draw(t, "fp")
		s := DeviceIDFromFingerprint(fp).String()
		spellings := []string{s, strings.ToLower(s), undashed(s), strings.ToLower(undashed(s))}
		for _, sp := range spellings {
			d, err := ParseDeviceID(sp)
			if err != nil {
				t.Fatal(err)
			}
			if d != DeviceIDFromFingerprint(fp) || d.Fingerprint() != fp {
				t.Fatalf("%s parsed to %v", sp, d)
			}
		}
		fp2 := fingerprintGen.Draw(t, "fp2")
		if (fp == fp2) != (DeviceIDFromFingerprint(fp) == DeviceIDFromFingerprint(fp2)) {
			t.Fatal("== disagrees with fingerprint equality")
		}
	}))
	t.Run("[IDENT-LIM-4] device ID round trip", rapid.MakeCheck(func(t *rapid.T) {
		d := DeviceIDFromFingerprint(fingerprintGen.Draw(t, "fp"))
		got, err := ParseDeviceID(d.String())
		if err != nil || got != d || got.String() != d.String() {
			t.Fatalf("round trip of %v: %v, %v", d, got, err)
		}
		var u DeviceID
		b, _ := d.MarshalText()
		if err := u.UnmarshalText(b); err != nil || u != d {
			t.Fatalf("text round trip: %v %v", u, err)
		}
	}))
}

func TestDeviceIDVerify(t *testing.T) {
	keys := testKeys(t)
	t.Run("[IDENT-DEV-13] key matches its own device ID only", func(t *testing.T) {
		for name, pub := range keys {
			d, err := DeviceIDFromPublicKey(pub)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.VerifyPublicKey(pub); err != nil {
				t.Errorf("%s: own key refused: %v", name, err)
			}
			der, _ := x509.MarshalPKIXPublicKey(pub)
			if err := d.VerifySPKI(der); err != nil {
				t.Errorf("%s: own SPKI refused: %v", name, err)
			}
			for other, pub2 := range keys {
				if other == name {
					continue
				}
				err := d.VerifyPublicKey(pub2)
				if e := wantReq(t, err, "IDENT-DEV-13"); e.Kind != KindMismatch {
					t.Errorf("kind %v", e.Kind)
				}
				der2, _ := x509.MarshalPKIXPublicKey(pub2)
				wantReq(t, d.VerifySPKI(der2), "IDENT-DEV-13")
			}
			// One flipped fingerprint bit is a different ID.
			fp := d.Fingerprint()
			fp[31] ^= 1
			wantReq(t, DeviceIDFromFingerprint(fp).VerifyPublicKey(pub), "IDENT-DEV-13")
			wantReq(t, DeviceID{}.VerifyPublicKey(pub), "IDENT-DEV-13")
		}
	})
	t.Run("[IDENT-DEV-14] printed device ID is a valid endpoint ID", rapid.MakeCheck(func(t *rapid.T) {
		d := DeviceIDFromFingerprint(fingerprintGen.Draw(t, "fp"))
		if !ValidNSS(d.String()) {
			t.Fatalf("%s is not a valid NSS", d)
		}
		ep, err := ParseEndpointID(d.String())
		if err != nil || ep != d.EndpointID() {
			t.Fatalf("endpoint ID %v, %v; EndpointID() %v", ep, err, d.EndpointID())
		}
	}))
	t.Run("[IDENT-DEV-12] DeviceID usable as map key", func(t *testing.T) {
		m := map[DeviceID]int{}
		a, _ := DeviceIDFromPublicKey(keys["ed25519"])
		b, _ := ParseDeviceID(strings.ToLower(a.String()))
		m[a] = 1
		m[b]++
		if diff := cmp.Diff(map[string]int{a.String(): 2}, stringKeys(m)); diff != "" {
			t.Error(diff)
		}
	})
}

func stringKeys(m map[DeviceID]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k.String()] = v
	}
	return out
}
