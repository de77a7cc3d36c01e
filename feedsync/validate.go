package feedsync

import (
	"cmp"
	"encoding/xml"
	"slices"
	"strconv"
	"strings"

	"github.com/livemesh-spec/livemesh/ident"
)

// Violation is one breach of a format rule of spec/feedsync.md §1–§4, as Validate and
// Warnings report it (spec/feedsync.md §7).
type Violation struct {
	Req  string // the requirement ID, such as "FS-SYNC-5"
	Line int    // 1-based line of the start tag of the element concerned; 0 for a model built in code
	Msg  string // a human-readable explanation
}

// String returns the violation as "LINE: [REQ] msg".
func (v Violation) String() string {
	return strconv.Itoa(v.Line) + ": [" + v.Req + "] " + v.Msg
}

// Validate reports every violation of a MUST-level format rule (spec/feedsync.md §1–§4) that f
// contains, sorted by line, then requirement ID, then message. A feed that conforms gives an
// empty (nil) result. Validate accepts any model, including one built in code with nil
// pointers, and never panics.
func Validate(f *Feed) []Violation {
	v := &validator{}
	v.feed(f)
	return sortViolations(v.errs)
}

// Warnings reports the SHOULD-level findings of spec/feedsync.md §1–§4 in f (a feed that
// passes Validate may still have some), in the same form and order as Validate. It does not
// repeat Validate's violations.
func Warnings(f *Feed) []Violation {
	v := &validator{}
	v.feed(f)
	return sortViolations(v.warns)
}

func sortViolations(vs []Violation) []Violation {
	slices.SortFunc(vs, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Req, b.Req), strings.Compare(a.Msg, b.Msg))
	})
	return vs
}

// parent says what kind of element holds a node of generic content; it decides whether a
// FeedSync element found there is in its place (spec/feedsync.md §7, generic content).
type parent uint8

const (
	inOther     parent = iota // host or foreign markup
	inContainer               // atom:feed, or the RSS channel: where sx:sharing belongs
	inItem                    // an item's element: where sx:sync belongs
	inSharing                 // sx:sharing: where sx:related belongs
	inSync                    // sx:sync: where sx:history and sx:conflicts belong
	inConflicts               // sx:conflicts: where items belong
	inHistory                 // sx:history or sx:related: nothing FeedSync belongs here
)

// scope is the parent of generic content with counters of the FeedSync elements already
// present there, for the "at most one" rules.
type scope struct {
	kind      parent
	sharing   int // sx:sharing elements in the container
	sync      int // sx:sync elements in the item
	conflicts int // sx:conflicts elements in the sync
}

type validator struct {
	format    Format
	container *Element
	// sharingHeld is 1 when the model holds the feed's sx:sharing apart from the container.
	sharingHeld int
	errs        []Violation
	warns       []Violation
}

func (v *validator) fail(req string, line int, msg string) {
	v.errs = append(v.errs, Violation{Req: req, Line: line, Msg: msg})
}

func (v *validator) warn(req string, line int, msg string) {
	v.warns = append(v.warns, Violation{Req: req, Line: line, Msg: msg})
}

func (v *validator) feed(f *Feed) {
	if f == nil {
		v.fail("FS-HOST-1", 0, "no feed")
		return
	}
	v.format = f.Format
	root := f.Root
	rootLine := 0
	if root != nil {
		rootLine = root.Line
	}
	switch f.Format {
	case Atom:
		v.container = root
		if root == nil || root.Name != (xml.Name{Space: AtomNamespace, Local: "feed"}) {
			v.fail("FS-HOST-1", rootLine, "the document element of an Atom feed is not atom:feed")
		} else {
			v.requireAtom(root, "FS-HOST-1", "atom:feed")
		}
	case RSS:
		if root == nil || root.Name != (xml.Name{Local: "rss"}) {
			v.fail("FS-HOST-3", rootLine, "the document element of an RSS feed is not rss")
			break
		}
		var channels []*Element
		for _, c := range root.Children {
			if el, ok := c.(*Element); ok && el != nil && el.Name == (xml.Name{Local: "channel"}) {
				channels = append(channels, el)
			}
		}
		if len(channels) != 1 {
			v.fail("FS-HOST-3", rootLine, "rss has "+strconv.Itoa(len(channels))+" channel elements, not exactly one")
		}
		if len(channels) > 0 {
			v.container = channels[0]
			for _, name := range []string{"title", "link", "description"} {
				if n := countChildren(channels[0], xml.Name{Local: name}); n != 1 {
					v.fail("FS-HOST-3", channels[0].Line, "channel has "+strconv.Itoa(n)+" "+name+" elements, not exactly one")
				}
			}
		}
	default:
		v.fail("FS-HOST-1", rootLine, "the feed's format is "+f.Format.String()+", neither Atom nor RSS")
	}
	// Generic content of the whole document (items and sx:sharing are held apart by the model).
	if root != nil {
		if f.Sharing != nil {
			v.sharingHeld = 1
		}
		v.element(root, &scope{kind: inOther}, true)
	}
	if f.Sharing != nil {
		v.sharing(f.Sharing)
	}
	ids := map[string]bool{}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		v.item(it, "", false)
		if it.Sync == nil {
			continue
		}
		if id, ok := it.Sync.Attr("id"); ok && ident.ValidNSS(id) {
			if ids[id] {
				v.fail("FS-SYNC-4", it.Sync.Line, "sx:sync id "+strconv.Quote(id)+" is used by an earlier item of the feed")
			}
			ids[id] = true
		}
	}
}

// requireAtom checks that el has exactly one atom:id, atom:title and atom:updated child. It
// counts the three in one pass: it runs for every entry of every feed a merge validates.
func (v *validator) requireAtom(el *Element, req, what string) {
	var n [3]int // id, title, updated
	for _, c := range el.Children {
		e, ok := c.(*Element)
		if !ok || e == nil || e.Name.Space != AtomNamespace {
			continue
		}
		switch e.Name.Local {
		case "id":
			n[0]++
		case "title":
			n[1]++
		case "updated":
			n[2]++
		}
	}
	for i, name := range [3]string{"id", "title", "updated"} {
		if n[i] != 1 {
			v.fail(req, el.Line, what+" has "+strconv.Itoa(n[i])+" atom:"+name+" elements, not exactly one")
		}
	}
}

func countChildren(el *Element, name xml.Name) int {
	n := 0
	for _, c := range el.Children {
		if e, ok := c.(*Element); ok && e != nil && e.Name == name {
			n++
		}
	}
	return n
}

// element checks one element of generic content and, unless it is reported as out of place,
// its attributes and content. self is true for the document element, which has no parent.
func (v *validator) element(el *Element, sc *scope, self bool) {
	if el == nil {
		return
	}
	child := &scope{kind: inOther}
	if el == v.container {
		child = &scope{kind: inContainer, sharing: v.sharingHeld}
	}
	if !self && el.Name.Space == Namespace {
		switch el.Name.Local {
		case "sharing":
			if sc.kind != inContainer {
				v.fail("FS-SHARE-1", el.Line, "sx:sharing is not a child of the feed ("+v.containerName()+")")
				return
			}
			sc.sharing++
			if sc.sharing > 1 {
				v.fail("FS-SHARE-2", el.Line, "a second sx:sharing in the feed")
				return
			}
			child = &scope{kind: inSharing}
		case "related":
			if sc.kind != inSharing {
				v.fail("FS-REL-1", el.Line, "sx:related is not a child of sx:sharing")
				return
			}
			child = &scope{kind: inHistory}
		case "sync":
			if sc.kind != inItem {
				v.fail("FS-SYNC-1", el.Line, "sx:sync is not a child of an item")
				return
			}
			sc.sync++
			if sc.sync > 1 {
				v.fail("FS-SYNC-2", el.Line, "a second sx:sync in one item")
				return
			}
			child = &scope{kind: inSync}
		case "history":
			if sc.kind != inSync {
				v.fail("FS-HIST-1", el.Line, "sx:history is not a child of sx:sync")
				return
			}
			child = &scope{kind: inHistory}
		case "conflicts":
			if sc.kind != inSync {
				v.fail("FS-CONF-1", el.Line, "sx:conflicts is not a child of sx:sync")
				return
			}
			sc.conflicts++
			if sc.conflicts > 1 {
				v.fail("FS-SYNC-8", el.Line, "a second sx:conflicts in one sx:sync")
				return
			}
			child = &scope{kind: inConflicts}
		default:
			v.fail("FS-NS-3", el.Line, "sx:"+el.Name.Local+" is not a FeedSync 1.0.1 element")
			return
		}
	}
	if sc.kind == inConflicts && !self && v.isOtherItem(el) {
		v.fail("FS-CONF-2", el.Line, "a "+el.Name.Local+" of the other host format in sx:conflicts of an "+v.format.String()+" feed")
		return
	}
	v.sxAttrs(el.Attrs, el.Line)
	for _, c := range el.Children {
		if e, ok := c.(*Element); ok {
			v.element(e, child, false)
		}
	}
}

func (v *validator) containerName() string {
	if v.format == RSS {
		return "channel"
	}
	return "atom:feed"
}

// isOtherItem reports whether el is an item element of the host format that f is not.
func (v *validator) isOtherItem(el *Element) bool {
	switch v.format {
	case Atom:
		return el.Name == xml.Name{Local: "item"}
	case RSS:
		return el.Name == xml.Name{Space: AtomNamespace, Local: "entry"}
	}
	return false
}

// sxAttrs reports attributes in the FeedSync namespace, which defines none.
func (v *validator) sxAttrs(attrs []Attr, line int) {
	for _, a := range attrs {
		if a.Name.Space == Namespace {
			v.fail("FS-NS-3", line, "attribute sx:"+a.Name.Local+": FeedSync attributes are unqualified and the namespace defines none")
		}
	}
}

// extra checks the foreign children of a FeedSync element: text is reported, elements are
// generic content in scope sc.
func (v *validator) extra(nodes []Node, line int, what string, sc *scope) {
	text := false
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			if strings.Trim(string(n), " \t\r\n") != "" {
				text = true
			}
		case *Element:
			v.element(n, sc, false)
		}
	}
	if text {
		v.fail("FS-NS-4", line, what+" contains character data")
	}
}

func (v *validator) sharing(s *Sharing) {
	v.sxAttrs(s.Attrs, s.Line)
	since, sinceOK := v.textAttr(s.Attrs, "since", s.Line, "sx:sharing")
	until, untilOK := v.textAttr(s.Attrs, "until", s.Line, "sx:sharing")
	_, hasSince := s.Attr("since")
	_, hasUntil := s.Attr("until")
	switch {
	case hasSince && !hasUntil:
		v.fail("FS-SHARE-3", s.Line, "sx:sharing has since but no until")
	case hasUntil && !hasSince:
		v.fail("FS-SHARE-3", s.Line, "sx:sharing has until but no since")
	case sinceOK && untilOK && since > until:
		v.fail("FS-SHARE-4", s.Line, "since "+strconv.Quote(since)+" is greater than until "+strconv.Quote(until))
	}
	for _, name := range []string{"since", "until"} {
		if val, ok := s.Attr(name); ok && !blank(val) {
			if _, ok := lexDateTime(val); !ok {
				v.warn("FS-SHARE-5", s.Line, name+" "+strconv.Quote(val)+" is not a date-time of the form YYYY-MM-DDThh:mm:ssZ")
			}
		}
	}
	if val, ok := v.textAttr(s.Attrs, "expires", s.Line, "sx:sharing"); ok {
		v.dateTime(val, s.Line, "expires")
	}
	for _, r := range s.Related {
		if r != nil {
			v.related(r)
		}
	}
	v.extra(s.Extra, s.Line, "sx:sharing", &scope{kind: inSharing})
}

func (v *validator) related(r *Related) {
	v.sxAttrs(r.Attrs, r.Line)
	if _, ok := r.Attr("link"); !ok {
		v.fail("FS-REL-2", r.Line, "sx:related has no link")
	} else if link, ok := v.textAttr(r.Attrs, "link", r.Line, "sx:related"); ok && !absoluteIRI(link) {
		v.fail("FS-REL-2", r.Line, "link "+strconv.Quote(link)+" is not an absolute IRI")
	}
	if _, ok := r.Attr("type"); !ok {
		v.fail("FS-REL-3", r.Line, "sx:related has no type")
	} else if typ, ok := v.textAttr(r.Attrs, "type", r.Line, "sx:related"); ok && typ != "complete" && typ != "aggregated" {
		v.fail("FS-REL-3", r.Line, "type "+strconv.Quote(typ)+" is neither \"complete\" nor \"aggregated\"")
	}
	v.textAttr(r.Attrs, "title", r.Line, "sx:related")
	v.extra(r.Extra, r.Line, "sx:related", &scope{kind: inHistory})
}

// item checks an item of the feed (conflict false) or a conflict item of the sx:sync whose id
// is parentID (conflict true; parentID is "" when that id is not valid).
func (v *validator) item(it *Item, parentID string, conflict bool) {
	el := it.Element
	line := 0
	if el != nil {
		line = el.Line
		switch v.format {
		case Atom:
			v.requireAtom(el, "FS-HOST-2", "atom:entry")
		case RSS:
			if countChildren(el, xml.Name{Local: "title"})+countChildren(el, xml.Name{Local: "description"}) == 0 {
				v.fail("FS-HOST-4", el.Line, "item has neither title nor description")
			}
		}
		sc := &scope{kind: inItem}
		if it.Sync != nil {
			sc.sync = 1
		}
		v.sxAttrs(el.Attrs, el.Line)
		for _, c := range el.Children {
			if e, ok := c.(*Element); ok {
				v.element(e, sc, false)
			}
		}
	} else if v.format == Atom {
		v.fail("FS-HOST-2", 0, "item without an element")
	} else if v.format == RSS {
		v.fail("FS-HOST-4", 0, "item without an element")
	}
	s := it.Sync
	if s == nil {
		if conflict {
			v.fail("FS-CONF-3", line, "conflict item without sx:sync")
		}
		return
	}
	v.sync(s, conflict)
	if conflict && parentID != "" {
		if id, ok := s.Attr("id"); ok && ident.ValidNSS(id) && id != parentID {
			v.fail("FS-CONF-4", s.Line, "conflict item has id "+strconv.Quote(id)+", its item "+strconv.Quote(parentID))
		}
	}
}

func (v *validator) sync(s *Sync, conflict bool) {
	v.sxAttrs(s.Attrs, s.Line)
	id := ""
	if _, ok := s.Attr("id"); !ok {
		v.fail("FS-SYNC-3", s.Line, "sx:sync has no id")
	} else if val, ok := v.textAttr(s.Attrs, "id", s.Line, "sx:sync"); ok && v.nss(val, s.Line, "id") {
		id = val
	}
	updates, updatesOK := 0, false
	if _, ok := s.Attr("updates"); !ok {
		v.fail("FS-SYNC-5", s.Line, "sx:sync has no updates")
	} else if val, ok := v.textAttr(s.Attrs, "updates", s.Line, "sx:sync"); ok {
		updates, updatesOK = v.int31(val, s.Line, "updates")
	}
	for _, name := range []string{"deleted", "noconflicts"} {
		if val, ok := v.textAttr(s.Attrs, name, s.Line, "sx:sync"); ok {
			if _, ok := lexBool(val); !ok {
				v.fail("FS-LEX-4", s.Line, name+" "+strconv.Quote(val)+" is neither \"true\" nor \"false\"")
			}
		}
	}
	if _, ok := s.Attr("noconflict"); ok {
		v.warn("FS-SYNC-10", s.Line, "attribute noconflict (without s) has no meaning; noconflicts is meant")
	}
	if len(s.Histories) == 0 {
		v.fail("FS-SYNC-7", s.Line, "sx:sync has no sx:history")
	}
	for i, h := range s.Histories {
		if h == nil {
			continue
		}
		seq, seqOK := v.history(h)
		if i == 0 && seqOK && updatesOK && seq != updates {
			v.warn("FS-HIST-5", h.Line, "the topmost sequence "+strconv.Itoa(seq)+" is not the item's updates "+strconv.Itoa(updates))
		}
	}
	sc := &scope{kind: inSync}
	if c := s.Conflicts; c != nil {
		sc.conflicts = 1
		if conflict {
			v.fail("FS-CONF-5", c.Line, "a conflict item has sx:conflicts of its own")
		}
		v.conflicts(c, id)
		if noc, _ := s.Attr("noconflicts"); noc == "true" {
			v.warn("FS-CONF-8", c.Line, "an item with noconflicts=\"true\" keeps sx:conflicts")
		}
	}
	v.extra(s.Extra, s.Line, "sx:sync", sc)
}

func (v *validator) history(h *History) (seq int, seqOK bool) {
	v.sxAttrs(h.Attrs, h.Line)
	if _, ok := h.Attr("sequence"); !ok {
		v.fail("FS-HIST-2", h.Line, "sx:history has no sequence")
	} else if val, ok := v.textAttr(h.Attrs, "sequence", h.Line, "sx:history"); ok {
		seq, seqOK = v.int31(val, h.Line, "sequence")
	}
	_, hasWhen := h.Attr("when")
	_, hasBy := h.Attr("by")
	if val, ok := v.textAttr(h.Attrs, "when", h.Line, "sx:history"); ok {
		v.dateTime(val, h.Line, "when")
	}
	if val, ok := v.textAttr(h.Attrs, "by", h.Line, "sx:history"); ok {
		v.nss(val, h.Line, "by")
	}
	switch {
	case !hasWhen && !hasBy:
		v.fail("FS-HIST-3", h.Line, "sx:history has neither when nor by")
	case !hasWhen:
		v.warn("FS-HIST-4", h.Line, "sx:history has by but no when")
	case !hasBy:
		v.warn("FS-HIST-4", h.Line, "sx:history has when but no by")
	}
	v.extra(h.Extra, h.Line, "sx:history", &scope{kind: inHistory})
	return seq, seqOK
}

func (v *validator) conflicts(c *Conflicts, parentID string) {
	v.sxAttrs(c.Attrs, c.Line)
	n := 0
	var seen []*Item
	for _, it := range c.Items {
		if it == nil {
			continue
		}
		n++
		v.item(it, parentID, true)
		for _, prev := range seen {
			if sameItem(prev, it) {
				line := 0
				if it.Element != nil {
					line = it.Element.Line
				}
				v.warn("FS-CONF-7", line, "a conflict item identical to an earlier one")
				break
			}
		}
		seen = append(seen, it)
	}
	if n == 0 {
		v.fail("FS-CONF-6", c.Line, "sx:conflicts holds no conflict item")
	}
	v.extra(c.Extra, c.Line, "sx:conflicts", &scope{kind: inConflicts})
}

// textAttr returns the value of the attribute local of a FeedSync element when it is present
// and not blank; a blank value is reported under FS-LEX-1.
func (v *validator) textAttr(attrs []Attr, local string, line int, what string) (string, bool) {
	val, ok := attr(attrs, local)
	if !ok {
		return "", false
	}
	if blank(val) {
		v.fail("FS-LEX-1", line, what+" attribute "+local+" is empty")
		return "", false
	}
	return val, true
}

func blank(s string) bool { return strings.Trim(s, " \t\r\n") == "" }

func (v *validator) nss(val string, line int, name string) bool {
	if _, err := ident.ParseEndpointID(val); err != nil {
		v.fail("FS-LEX-2", line, name+" is not an NSS: "+err.Error())
		return false
	}
	return true
}

func (v *validator) int31(val string, line int, name string) (int, bool) {
	n, ok := lexInt31(val)
	if !ok {
		v.fail("FS-LEX-3", line, name+" "+strconv.Quote(val)+" is not an integer from 1 to 2147483647 in canonical decimal form")
	}
	return n, ok
}

func (v *validator) dateTime(val string, line int, name string) {
	if _, ok := lexDateTime(val); !ok {
		v.fail("FS-LEX-5", line, name+" "+strconv.Quote(val)+" is not a date-time of the form YYYY-MM-DDThh:mm:ssZ")
	}
}

// absoluteIRI reports whether s is an absolute IRI as spec/feedsync.md [FS-REL-2] defines it:
// a scheme, ":", and at least one more character, with no whitespace, controls or characters
// that IRIs never contain, and every "%" followed by two hex digits.
func absoluteIRI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || colon == len(s)-1 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !(letter || i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	for _, r := range s[colon+1:] {
		switch {
		case r <= 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f, r == 0xfffd:
			return false
		case strings.ContainsRune("<>\"{}|\\^`", r):
			return false
		}
	}
	rest := s[colon+1:]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '%' && (i+2 >= len(rest) || !isHexDigit(rest[i+1]) || !isHexDigit(rest[i+2])) {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// sameItem reports whether two items are the same version for [FS-CONF-7]: equal element
// trees and equal sx:sync, ignoring lines and whitespace-only text.
func sameItem(a, b *Item) bool {
	return sameElement(a.Element, b.Element) && sameSync(a.Sync, b.Sync)
}

func sameSync(a, b *Sync) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !sameAttrs(a.Attrs, b.Attrs) || len(a.Histories) != len(b.Histories) || !sameNodes(a.Extra, b.Extra) {
		return false
	}
	for i := range a.Histories {
		ha, hb := a.Histories[i], b.Histories[i]
		if ha == nil || hb == nil {
			if ha != hb {
				return false
			}
			continue
		}
		if !sameAttrs(ha.Attrs, hb.Attrs) || !sameNodes(ha.Extra, hb.Extra) {
			return false
		}
	}
	ca, cb := a.Conflicts, b.Conflicts
	if ca == nil || cb == nil {
		return ca == cb
	}
	if !sameAttrs(ca.Attrs, cb.Attrs) || len(ca.Items) != len(cb.Items) || !sameNodes(ca.Extra, cb.Extra) {
		return false
	}
	for i := range ca.Items {
		if ca.Items[i] == nil || cb.Items[i] == nil {
			if ca.Items[i] != cb.Items[i] {
				return false
			}
			continue
		}
		if !sameItem(ca.Items[i], cb.Items[i]) {
			return false
		}
	}
	return true
}

// sameAttrs compares two attribute lists as sets: XML gives attribute order no meaning.
func sameAttrs(a, b []Attr) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func sameElement(a, b *Element) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && sameAttrs(a.Attrs, b.Attrs) && sameNodes(a.Children, b.Children)
}

func sameNodes(a, b []Node) bool {
	a, b = significant(a), significant(b)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch x := a[i].(type) {
		case Text:
			if y, ok := b[i].(Text); !ok || x != y {
				return false
			}
		case *Element:
			if y, ok := b[i].(*Element); !ok || !sameElement(x, y) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func significant(ns []Node) []Node {
	out := make([]Node, 0, len(ns))
	for _, n := range ns {
		if t, ok := n.(Text); ok && blank(string(t)) {
			continue
		}
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}
