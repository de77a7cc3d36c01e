package feedsync

import (
	"time"

	"github.com/livemesh-spec/livemesh/ident"
)

// The lexical types of spec/feedsync.md §1.2 and typed accessors for FeedSync attributes.
// The accessors read the values of documents that pass Validate; on other documents they
// report an attribute that breaks its lexical rule as absent (ok false), never a guess.

// DateTimeLayout is the only form of a FeedSync date-time ([FS-LEX-5]): whole seconds, UTC.
const DateTimeLayout = "2006-01-02T15:04:05Z"

// FormatDateTime returns t in the form of [FS-LEX-5]: converted to UTC and truncated to
// whole seconds. Years outside 0000–9999 cannot be written and give "".
func FormatDateTime(t time.Time) string {
	t = t.UTC().Truncate(time.Second)
	if y := t.Year(); y < 0 || y > 9999 {
		return ""
	}
	return t.Format(DateTimeLayout)
}

// lexInt31 parses an integer of [FS-LEX-3]: ASCII digits without sign or leading zeros,
// 1 to 2147483647.
func lexInt31(s string) (int, bool) {
	if len(s) == 0 || len(s) > 10 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n > 1<<31-1 {
		return 0, false
	}
	return n, true
}

// lexBool parses a boolean of [FS-LEX-4]: exactly "true" or "false".
func lexBool(s string) (bool, bool) {
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// lexDateTime parses a date-time of [FS-LEX-5]: exactly YYYY-MM-DDThh:mm:ssZ with a valid
// calendar date, hours 00–23, minutes and seconds 00–59. (time.Parse alone is not enough: it
// accepts a fractional second the layout does not have.)
func lexDateTime(s string) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false
	}
	if month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // 31 April, 29 February of a common year, …
		return time.Time{}, false
	}
	return t, true
}

// ID returns the item's sx:sync id ([FS-SYNC-3]) and whether it is present and a valid NSS.
// IDs are compared octet by octet ([IDENT-EP-4]).
func (s *Sync) ID() (string, bool) {
	v, ok := s.Attr("id")
	if !ok || !ident.ValidNSS(v) {
		return "", false
	}
	return v, true
}

// Updates returns updates ([FS-SYNC-5]) and whether it is present and valid.
func (s *Sync) Updates() (int, bool) {
	v, ok := s.Attr("updates")
	if !ok {
		return 0, false
	}
	return lexInt31(v)
}

// Deleted reports whether the item is a tombstone: deleted="true". An absent or invalid
// value reads as false ([FS-SYNC-6]).
func (s *Sync) Deleted() bool { v, _ := s.Attr("deleted"); return v == "true" }

// NoConflicts reports whether noconflicts="true". An absent or invalid value reads as false
// ([FS-SYNC-6]), and the misspelt attribute noconflict is not read at all ([FS-SYNC-9]).
func (s *Sync) NoConflicts() bool { v, _ := s.Attr("noconflicts"); return v == "true" }

// Topmost returns the topmost (newest) history, or nil when there is none.
func (s *Sync) Topmost() *History {
	if len(s.Histories) == 0 {
		return nil
	}
	return s.Histories[0]
}

// Sequence returns sequence ([FS-HIST-2]) and whether it is present and valid.
func (h *History) Sequence() (int, bool) {
	v, ok := h.Attr("sequence")
	if !ok {
		return 0, false
	}
	return lexInt31(v)
}

// When returns when ([FS-LEX-5]) in UTC and whether it is present and valid.
func (h *History) When() (time.Time, bool) {
	v, ok := h.Attr("when")
	if !ok {
		return time.Time{}, false
	}
	return lexDateTime(v)
}

// By returns by, the endpoint ID of the change ([FS-LEX-2]), and whether it is present and
// valid. Endpoint IDs are compared octet by octet.
func (h *History) By() (string, bool) {
	v, ok := h.Attr("by")
	if !ok || !ident.ValidNSS(v) {
		return "", false
	}
	return v, true
}

// Since returns since ([FS-SHARE-3]) and whether it is present and not blank. since and until
// are opaque strings compared octet by octet ([FS-SHARE-4]).
func (s *Sharing) Since() (string, bool) { return nonBlank(s.Attr("since")) }

// Until returns until ([FS-SHARE-3]) and whether it is present and not blank.
func (s *Sharing) Until() (string, bool) { return nonBlank(s.Attr("until")) }

// Expires returns expires ([FS-LEX-5]) and whether it is present and valid.
func (s *Sharing) Expires() (time.Time, bool) {
	v, ok := s.Attr("expires")
	if !ok {
		return time.Time{}, false
	}
	return lexDateTime(v)
}

// Link returns link ([FS-REL-2]) and whether it is present and an absolute IRI.
func (r *Related) Link() (string, bool) {
	v, ok := r.Attr("link")
	if !ok || !absoluteIRI(v) {
		return "", false
	}
	return v, true
}

// Type returns type, "complete" or "aggregated" ([FS-REL-3]), or "" when absent or invalid.
func (r *Related) Type() string {
	switch v, _ := r.Attr("type"); v {
	case "complete", "aggregated":
		return v
	}
	return ""
}

// Title returns title and whether it is present and not blank.
func (r *Related) Title() (string, bool) { return nonBlank(r.Attr("title")) }

func nonBlank(v string, ok bool) (string, bool) {
	if !ok || blank(v) {
		return "", false
	}
	return v, true
}
