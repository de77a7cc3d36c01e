package ident

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"pgregory.net/rapid"
)

func TestParseUserName(t *testing.T) {
	local64 := strings.Repeat("a", 64)
	dom189 := strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)
	decomposed := strings.Repeat("e\u0301", 21) // 63 octets, 42 after NFC
	ok := func(s string) outcome { return outcome{Printed: s} }
	tests := []struct {
		name string
		in   string
		want outcome
	}{
		{"[IDENT-USER-1] simple address accepted", "someone@example.com", ok("someone@example.com")},
		{"[IDENT-USER-1] no @ refused", "example.com", outcome{Req: "IDENT-USER-1", Kind: KindSyntax}},
		{"[IDENT-USER-1] two @ refused", "a@b@c.d", outcome{Req: "IDENT-USER-1", Kind: KindSyntax}},
		{"[IDENT-USER-1] empty domain refused", "a@", outcome{Req: "IDENT-USER-1", Kind: KindSyntax}},
		{"[IDENT-USER-1] empty local part refused", "@a.b", outcome{Req: "IDENT-USER-1", Kind: KindSyntax}},
		{"[IDENT-USER-2] invalid octet refused", "a\xff@example.com", outcome{Req: "IDENT-USER-2", Kind: KindEncoding}},
		{"[IDENT-USER-2] encoded surrogate refused", "a\xed\xa0\x80@example.com", outcome{Req: "IDENT-USER-2", Kind: KindEncoding}},
		{"[IDENT-USER-2] overlong encoding refused", "a\xc0\xae@example.com", outcome{Req: "IDENT-USER-2", Kind: KindEncoding}},
		{"[IDENT-USER-2] UTF-8 checked before structure", "\xff", outcome{Req: "IDENT-USER-2", Kind: KindEncoding}},
		{"[IDENT-USER-3] decomposed input stored as NFC", "jose\u0301@b\u0075\u0308cher.example", ok("jos\u00e9@b\u00fccher.example")},
		{"[IDENT-USER-3] letter case kept", "MiXeD@ExAmPlE.Com", ok("MiXeD@ExAmPlE.Com")},
		{"[IDENT-USER-4] local part of 64 octets accepted", local64 + "@example.com", ok(local64 + "@example.com")},
		{"[IDENT-USER-4] local part of 65 octets refused", local64 + "a@example.com", outcome{Req: "IDENT-USER-4", Kind: KindLength}},
		{"[IDENT-USER-4] address of 254 octets accepted", local64 + "@" + dom189, ok(local64 + "@" + dom189)},
		{"[IDENT-USER-4] address of 255 octets refused", local64 + "@" + dom189 + "d", outcome{Req: "IDENT-USER-4", Kind: KindLength}},
		{"[IDENT-USER-4] lengths counted after NFC", decomposed + "@example.com", ok(norm.NFC.String(decomposed) + "@example.com")},
		{"[IDENT-USER-4] non-ASCII local part counted in octets", strings.Repeat("\u00e9", 33) + "@example.com", outcome{Req: "IDENT-USER-4", Kind: KindLength}},
		{"[IDENT-LIM-1] 1025 octets refused first", strings.Repeat("\xff", 1025), outcome{Req: "IDENT-LIM-1", Kind: KindLength}},
		{"[IDENT-LIM-1] 1024 octets reach the next rules", strings.Repeat("a", 1000) + "@" + strings.Repeat("b", 23), outcome{Req: "IDENT-USER-4", Kind: KindLength}},
		{"[IDENT-USER-5] all ASCII atext accepted", "!#$%&'*+-/=?^_`{|}~09azAZ@example.com", ok("!#$%&'*+-/=?^_`{|}~09azAZ@example.com")},
		{"[IDENT-USER-5] non-ASCII letters, marks and digits accepted", "\u0926\u0947\u0935\u0966\u0967@example.com", ok("\u0926\u0947\u0935\u0966\u0967@example.com")},
		{"[IDENT-USER-5] space refused", "a b@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] no-break space refused", "a\u00a0b@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] ideographic space refused", "a\u3000b@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] tab refused", "a\tb@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] NUL refused", "a\x00b@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] DEL refused", "a\x7fb@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] C1 control refused", "a\u009fb@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] zero width joiner refused", "a\u200db@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] right-to-left mark refused", "a\u200fb@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] non-ASCII punctuation refused", "a\u2024b@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] non-ASCII symbol refused", "a\u2603@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] non-decimal number refused", "a\u00bd@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] private use refused", "a\ue000@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] unassigned refused", "a\U000e0080@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] non-character refused", "a\ufffe@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] quoted local part refused", "\"a\"@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] comment refused", "a(x)@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-5] backslash refused", "a\\b@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-6] trailing dot refused", "a.@example.com", outcome{Req: "IDENT-USER-6", Kind: KindSyntax}},
		{"[IDENT-USER-6] lone dot refused", ".@example.com", outcome{Req: "IDENT-USER-6", Kind: KindSyntax}},
		{"[IDENT-USER-6] dotted atoms accepted", "a.b.c@example.com", ok("a.b.c@example.com")},
		{"[IDENT-USER-6] characters checked before dots", "..\u2603@example.com", outcome{Req: "IDENT-USER-5", Kind: KindChar}},
		{"[IDENT-USER-7] atom beginning with a mark refused", "a.\u0308b@example.com", outcome{Req: "IDENT-USER-7", Kind: KindChar}},
		{"[IDENT-USER-7] spacing mark at start refused", "\u093e@example.com", outcome{Req: "IDENT-USER-7", Kind: KindChar}},
		{"[IDENT-USER-7] label beginning with a mark refused", "a@\u0301b.example", outcome{Req: "IDENT-USER-7", Kind: KindChar}},
		{"[IDENT-USER-7] mark after the first character accepted", "a\u0301\u0302@example.com", ok(norm.NFC.String("a\u0301\u0302") + "@example.com")},
		{"[IDENT-USER-8] one label refused", "a@example", outcome{Req: "IDENT-USER-8", Kind: KindSyntax}},
		{"[IDENT-USER-8] leading dot refused", "a@.example.com", outcome{Req: "IDENT-USER-8", Kind: KindSyntax}},
		{"[IDENT-USER-8] one-character labels accepted", "a@b.c", ok("a@b.c")},
		{"[IDENT-USER-8] IPv6 literal refused", "a@[IPv6:2001:db8::1]", outcome{Req: "IDENT-USER-8", Kind: KindSyntax}},
		{"[IDENT-USER-9] underscore refused", "a@ex_ample.com", outcome{Req: "IDENT-USER-9", Kind: KindChar}},
		{"[IDENT-USER-9] trailing hyphen refused", "a@example-.com", outcome{Req: "IDENT-USER-9", Kind: KindSyntax}},
		{"[IDENT-USER-9] inner hyphens accepted", "a@ex--ample.co-m", ok("a@ex--ample.co-m")},
		{"[IDENT-USER-9] non-ASCII dot refused", "a@example\u3002com", outcome{Req: "IDENT-USER-8", Kind: KindSyntax}},
		{"[IDENT-USER-9] non-ASCII dot in a label refused", "a@b.example\u3002com", outcome{Req: "IDENT-USER-9", Kind: KindChar}},
		{"[IDENT-USER-9] space in domain refused", "a@exa mple.com", outcome{Req: "IDENT-USER-9", Kind: KindChar}},
		{"[IDENT-USER-9] characters before hyphens, all labels", "a@-b.c\u2603", outcome{Req: "IDENT-USER-9", Kind: KindChar}},
		{"[IDENT-USER-10] label of 63 octets accepted", "a@" + strings.Repeat("x", 63) + ".com", ok("a@" + strings.Repeat("x", 63) + ".com")},
		{"[IDENT-USER-10] label of 64 octets refused", "a@" + strings.Repeat("x", 64) + ".com", outcome{Req: "IDENT-USER-10", Kind: KindLength}},
		{"[IDENT-USER-10] non-ASCII label counted in octets", "a@" + strings.Repeat("\u00fc", 32) + ".com", outcome{Req: "IDENT-USER-10", Kind: KindLength}},
		{"[IDENT-USER-11] all-digit last label refused", "a@example.123", outcome{Req: "IDENT-USER-11", Kind: KindSyntax}},
		{"[IDENT-USER-11] digits elsewhere accepted", "a@1.2.3.a4", ok("a@1.2.3.a4")},
		{"[IDENT-USER-11] non-ASCII digits in last label accepted", "a@example.\u0661\u0662", ok("a@example.\u0661\u0662")},
		{"[IDENT-USER-11] full-width digits judged after NFKC", "a@192.0.2.\uff11", outcome{Req: "IDENT-USER-11", Kind: KindSyntax}},
		{"[IDENT-USER-12] A-label accepted as given", "a@xn--bcher-kva.example", ok("a@xn--bcher-kva.example")},
		{"[IDENT-USER-12] malformed A-label accepted (not decoded)", "a@xn--0000h.example", ok("a@xn--0000h.example")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseUserName(tc.in)
			checkOutcome(t, outcomeOf(u.String(), err), tc.want)
		})
	}
}

func mustUser(t interface {
	Helper()
	Fatalf(string, ...any)
}, s string) UserName {
	t.Helper()
	u, err := ParseUserName(s)
	if err != nil {
		t.Fatalf("ParseUserName(%q): %v", s, err)
	}
	return u
}

func TestUserNameCompare(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		equal bool
	}{
		{"[IDENT-USER-13] ASCII case ignored in the whole address", "John.Smith@Example.COM", "john.smith@example.com", true},
		{"[IDENT-USER-13] non-ASCII case ignored", "\u00c9LODIE@\u00c9COLE.fr", "\u00e9lodie@\u00e9cole.fr", true},
		{"[IDENT-USER-13] full folding: sharp s equals ss", "stra\u00dfe@example.com", "STRASSE@example.com", true},
		{"[IDENT-USER-13] Greek final sigma", "\u03bf\u03c2@example.com", "\u039f\u03a3@example.com", true},
		{"[IDENT-USER-13] Kelvin sign equals K", "\u212a@example.com", "k@example.com", true},
		{"[IDENT-USER-13] NFC and NFD spellings equal", "jos\u00e9@example.com", "jose\u0301@example.com", true},
		{"[IDENT-USER-13] full-width domain equals ASCII domain", "a@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "a@example.com", true},
		{"[IDENT-USER-13] ligature in domain equals letters", "a@\ufb00.example", "a@ff.example", true},
		{"[IDENT-USER-13] full-width local part differs (NFC only)", "\uff41@example.com", "a@example.com", false},
		{"[IDENT-USER-13] ligature in local part folds to letters (full folding)", "\ufb00@example.com", "FF@example.com", true},
		{"[IDENT-USER-13] ordinal indicator in local part differs (NFC only)", "\u00aab@example.com", "ab@example.com", false},
		{"[IDENT-USER-13] different local parts differ", "a@example.com", "b@example.com", false},
		{"[IDENT-USER-13] different domains differ", "a@example.com", "a@example.org", false},
		{"[IDENT-USER-12] A-label differs from its U-label", "a@xn--bcher-kva.example", "a@b\u00fccher.example", false},
		{"[IDENT-USER-12] A-labels compared case-insensitively", "a@XN--BCHER-KVA.example", "a@xn--bcher-kva.example", true},
		{"[IDENT-USER-13] Cherokee small and capital letters equal", "\uab70\u13f8@example.com", "\u13a0\u13f0@example.com", true},
		{"[IDENT-USER-14] I equals i", "I@example.com", "i@example.com", true},
		{"[IDENT-USER-14] dotted capital I does not equal i", "\u0130@example.com", "i@example.com", false},
		{"[IDENT-USER-14] dotless i does not equal I", "\u0131@example.com", "I@example.com", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := mustUser(t, tc.a), mustUser(t, tc.b)
			if a.Equal(b) != tc.equal || b.Equal(a) != tc.equal || (a.Key() == b.Key()) != tc.equal {
				t.Errorf("%q vs %q: Equal=%v, keys %q %q; want equal=%v", tc.a, tc.b, a.Equal(b), a.Key(), b.Key(), tc.equal)
			}
		})
	}
	t.Run("[IDENT-USER-13] Cherokee folds to the capitals as CaseFolding.txt says", func(t *testing.T) {
		for _, s := range []string{"\u13a0\u13f5@example.com", "\uab70\u13fd@example.com", "\u13a0\u13fd@example.com"} {
			if got := mustUser(t, s).Key(); got != "\u13a0\u13f5@example.com" {
				t.Errorf("key of %q is %+q", s, got)
			}
		}
	})
	t.Run("[IDENT-USER-14] key of dotted capital I is i + U+0307", func(t *testing.T) {
		if got := mustUser(t, "\u0130@example.com").Key(); got != "i\u0307@example.com" {
			t.Errorf("key %q", got)
		}
	})
}

// Generators of valid user names.
var (
	atextRunes = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
	ldhRunes   = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
	startRune  = rapid.OneOf(rapid.RuneFrom(nil, unicode.L, unicode.Nd), rapid.RuneFrom([]rune("aZ09")))
	innerRune  = rapid.OneOf(rapid.RuneFrom(nil, unicode.L, unicode.Nd), rapid.RuneFrom(nil, unicode.M))
	special    = []rune{'\u00df', '\u0130', '\u0131', '\u01f0', '\u212a', '\u03c2', '\u03a3', '\ufb00', '\u1e9e', '\u0345', '\u0390', '\u1f80', '\uff21'}
)

func wordGen(first *rapid.Generator[rune], rest ...*rapid.Generator[rune]) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		rs := []rune{first.Draw(t, "first")}
		rs = append(rs, rapid.SliceOfN(rapid.OneOf(rest...), 0, 6).Draw(t, "rest")...)
		return string(rs)
	})
}

var userNameGen = rapid.Custom(func(t *rapid.T) string {
	atom := wordGen(startRune, innerRune, rapid.RuneFrom(atextRunes), rapid.SampledFrom(special))
	label := wordGen(startRune, innerRune, rapid.RuneFrom(ldhRunes), rapid.SampledFrom(special))
	atoms := rapid.SliceOfN(atom, 1, 3).Draw(t, "atoms")
	labels := rapid.SliceOfN(label, 1, 3).Draw(t, "labels")
	return strings.Join(atoms, ".") + "@" + strings.Join(labels, ".") + "." + rapid.SampledFrom([]string{"com", "Org", "\u4e2d\u56fd", "b"}).Draw(t, "tld")
})

func TestUserNameProperties(t *testing.T) {
	t.Run("[IDENT-LIM-4] user name round trip", rapid.MakeCheck(func(t *rapid.T) {
		s := userNameGen.Draw(t, "name")
		u := mustUser(t, s)
		v := mustUser(t, u.String())
		if v != u {
			t.Fatalf("round trip %q -> %+v", s, v)
		}
		var w UserName
		b, _ := u.MarshalText()
		if err := w.UnmarshalText(b); err != nil || w != u {
			t.Fatalf("text round trip %v %v", w, err)
		}
		if u.Local()+"@"+u.Domain() != u.String() {
			t.Fatalf("parts %q %q", u.Local(), u.Domain())
		}
	}))
	t.Run("[IDENT-USER-3] stored form is the NFC of the input", rapid.MakeCheck(func(t *rapid.T) {
		s := userNameGen.Draw(t, "name")
		u := mustUser(t, s)
		if u.String() != norm.NFC.String(s) || !norm.NFC.IsNormalString(u.String()) {
			t.Fatalf("stored %q for %q", u, s)
		}
		if d := mustUser(t, norm.NFD.String(s)); d != u {
			t.Fatalf("NFD spelling gave %q", d)
		}
	}))
	t.Run("[IDENT-USER-13] key is idempotent", rapid.MakeCheck(func(t *rapid.T) {
		u := mustUser(t, userNameGen.Draw(t, "name"))
		l, d, _ := strings.Cut(u.Key(), "@")
		if again := userKey(l, d); again != u.Key() {
			t.Fatalf("key %q, key of key %q", u.Key(), again)
		}
	}))
	t.Run("[IDENT-USER-13] ASCII letter-case changes compare equal", rapid.MakeCheck(func(t *rapid.T) {
		s := userNameGen.Draw(t, "name")
		flips := rapid.SliceOfN(rapid.Bool(), len(s), len(s)).Draw(t, "flips")
		b := []byte(s)
		for i, f := range flips {
			if f && ('a' <= b[i] && b[i] <= 'z' || 'A' <= b[i] && b[i] <= 'Z') {
				b[i] ^= 0x20
			}
		}
		u, v := mustUser(t, s), mustUser(t, string(b))
		if !u.Equal(v) {
			t.Fatalf("%q and %q differ: %q %q", s, b, u.Key(), v.Key())
		}
	}))
	t.Run("[IDENT-USER-13] case folding of the stored form compares equal", rapid.MakeCheck(func(t *rapid.T) {
		s := userNameGen.Draw(t, "name")
		u := mustUser(t, s)
		folded := cases.Fold().String(u.String())
		v, err := ParseUserName(folded)
		if err != nil {
			return // folding can lengthen past a limit
		}
		if !u.Equal(v) {
			t.Fatalf("%q and its folding %q differ: %q %q", s, folded, u.Key(), v.Key())
		}
	}))
}
