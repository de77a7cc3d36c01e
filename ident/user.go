package ident

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Limits on user names, in UTF-8 octets.
const (
	MaxUserNameInput = 1024 // raw input, checked before anything else
	MaxUserNameLen   = 254  // whole address, after NFC
	MaxLocalPartLen  = 64   // local part, after NFC
	MaxLabelLen      = 63   // one domain label, after NFC
)

const whatUserName = "user name"

// UserName is a user's sign-in name: an internationalized e-mail address
// (spec/identifiers.md §2). String returns the stored form (NFC, letter case
// as given); two user names are the same user when their Keys are equal.
// == compares stored forms: use Equal. The zero value is no user name.
type UserName struct {
	s   string // NFC
	at  int    // index of "@" in s
	key string
}

// ParseUserName checks s against the user name rules, in the order the
// specification gives, and returns it in NFC.
func ParseUserName(s string) (UserName, error) {
	fail := func(kind ErrorKind, req, detail string) (UserName, error) {
		return UserName{}, newError(kind, req, whatUserName, s, detail)
	}
	if len(s) > MaxUserNameInput {
		return fail(KindLength, "IDENT-LIM-1", "longer than "+strconv.Itoa(MaxUserNameInput)+" bytes")
	}
	if !utf8.ValidString(s) {
		return fail(KindEncoding, "IDENT-USER-2", "not valid UTF-8")
	}
	n := norm.NFC.String(s)
	at := strings.IndexByte(n, '@')
	if at < 0 || strings.Count(n, "@") != 1 {
		return fail(KindSyntax, "IDENT-USER-1", "not exactly one \"@\"")
	}
	local, domain := n[:at], n[at+1:]
	if local == "" || domain == "" {
		return fail(KindSyntax, "IDENT-USER-1", "empty local part or domain")
	}
	if len(n) > MaxUserNameLen {
		return fail(KindLength, "IDENT-USER-4", "address is "+strconv.Itoa(len(n))+" octets, more than "+strconv.Itoa(MaxUserNameLen))
	}
	if len(local) > MaxLocalPartLen {
		return fail(KindLength, "IDENT-USER-4", "local part is "+strconv.Itoa(len(local))+" octets, more than "+strconv.Itoa(MaxLocalPartLen))
	}
	// Local part.
	for _, r := range local {
		if !localRune(r) {
			return fail(KindChar, "IDENT-USER-5", "character "+strconv.QuoteRune(r)+" is not allowed in a local part")
		}
	}
	atoms := strings.Split(local, ".")
	for _, a := range atoms {
		if a == "" {
			return fail(KindSyntax, "IDENT-USER-6", "local part has a leading, trailing or doubled \".\"")
		}
	}
	for _, a := range atoms {
		if startsWithMark(a) {
			return fail(KindChar, "IDENT-USER-7", "atom "+strconv.Quote(a)+" begins with a combining mark")
		}
	}
	// Domain.
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fail(KindSyntax, "IDENT-USER-8", "domain has fewer than two labels")
	}
	for _, l := range labels {
		if l == "" {
			return fail(KindSyntax, "IDENT-USER-8", "domain has an empty label")
		}
	}
	for _, l := range labels {
		for _, r := range l {
			if !labelRune(r) {
				return fail(KindChar, "IDENT-USER-9", "character "+strconv.QuoteRune(r)+" is not allowed in a domain label")
			}
		}
	}
	for _, l := range labels {
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fail(KindSyntax, "IDENT-USER-9", "label "+strconv.Quote(l)+" begins or ends with \"-\"")
		}
	}
	for _, l := range labels {
		if startsWithMark(l) {
			return fail(KindChar, "IDENT-USER-7", "label "+strconv.Quote(l)+" begins with a combining mark")
		}
	}
	for _, l := range labels {
		if len(l) > MaxLabelLen {
			return fail(KindLength, "IDENT-USER-10", "label is "+strconv.Itoa(len(l))+" octets, more than "+strconv.Itoa(MaxLabelLen))
		}
	}
	// The rule is judged on the comparison key's domain, so that compatibility digits
	// (U+FF11 FULLWIDTH DIGIT ONE …) cannot spell a dotted number that the key then equals.
	key := userKey(local, domain)
	if allASCIIDigits(key[strings.LastIndexByte(key, '.')+1:]) {
		return fail(KindSyntax, "IDENT-USER-11", "last label is all digits")
	}
	return UserName{s: n, at: at, key: key}, nil
}

// userKey computes the comparison key of spec/identifiers.md [IDENT-USER-13].
func userKey(local, domain string) string {
	l := norm.NFC.String(fold(norm.NFC.String(local)))
	d := norm.NFKC.String(fold(norm.NFKC.String(domain)))
	return l + "@" + d
}

// fold is Unicode default full case folding. golang.org/x/text/cases.Fold
// maps the Cherokee capitals U+13A0–U+13F5 to the small letters, although
// CaseFolding.txt folds Cherokee to the capitals (the small letters came
// later, and case folding is stable); see golang/go#46101. Every other code
// point of Unicode 14 folds as CaseFolding.txt says (checked against
// CPython's str.casefold). x/text emits a Cherokee small letter only for a
// capital in the input, so mapping every small letter back to its capital
// afterwards gives the folding CaseFolding.txt defines.
func fold(s string) string {
	f := cases.Fold().String(s)
	if !strings.ContainsFunc(f, cherokeeSmall) {
		return f
	}
	return strings.Map(func(r rune) rune {
		switch {
		case 0xAB70 <= r && r <= 0xABBF:
			return r - 0xAB70 + 0x13A0
		case 0x13F8 <= r && r <= 0x13FD:
			return r - 0x13F8 + 0x13F0
		}
		return r
	}, f)
}

func cherokeeSmall(r rune) bool {
	return 0xAB70 <= r && r <= 0xABBF || 0x13F8 <= r && r <= 0x13FD
}

// localRune reports whether r may appear in a local part: RFC 5322 atext,
// "." (structure is checked apart), or a non-ASCII letter, mark or decimal
// digit.
func localRune(r rune) bool {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return true
		}
		return strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.", r)
	}
	return unicodeWordRune(r)
}

// labelRune reports whether r may appear in a domain label: an ASCII
// letter, digit or "-", or a non-ASCII letter, mark or decimal digit.
func labelRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-'
	}
	return unicodeWordRune(r)
}

func unicodeWordRune(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.Nd)
}

func startsWithMark(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.M, r)
}

func allASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String returns the stored form: NFC, letter case as given.
func (u UserName) String() string { return u.s }

// Local returns the local part (before "@") of the stored form.
func (u UserName) Local() string { return u.s[:u.at] }

// Domain returns the domain (after "@") of the stored form.
func (u UserName) Domain() string {
	if u.s == "" {
		return ""
	}
	return u.s[u.at+1:]
}

// Key returns the comparison key: two user names name the same user
// exactly when their keys are equal. Keys are for comparison, indexing and
// storage lookups; they are not user names and are never displayed.
func (u UserName) Key() string { return u.key }

// Equal reports whether u and v name the same user.
func (u UserName) Equal(v UserName) bool { return u.key == v.key }

// IsZero reports whether u is the zero UserName.
func (u UserName) IsZero() bool { return u.s == "" }

// MarshalText implements encoding.TextMarshaler with the stored form.
func (u UserName) MarshalText() ([]byte, error) { return []byte(u.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseUserName.
func (u *UserName) UnmarshalText(b []byte) error {
	v, err := ParseUserName(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}
