package conformance

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/livemesh-spec/livemesh/feedsync"
	"pgregory.net/rapid"
)

// This file holds the codec tier's feedsync cases (spec/feedsync.md §1–§7: format, decoding,
// canonical encoding, validation) and their generators: random valid feeds as trees of
// elements (gEl), written out in random lexical variants (prefixes, attribute order, quoting,
// whitespace, character references, CDATA, comments), and random single mutations of them.

// gEl is a generated element: a namespace-resolved name, attributes and children. It is the
// information a decoder must keep ([FS-DEC-10]); everything else is chosen when it is written.
type gEl struct {
	NS, Local string
	Attrs     []gAttr
	Kids      []gNode
}

// gNode is a child: an element or (El nil) text.
type gNode struct {
	El   *gEl
	Text string
}

type gAttr struct{ NS, Local, Value string }

func gE(ns, local string, attrs []gAttr, kids ...gNode) *gEl {
	return &gEl{NS: ns, Local: local, Attrs: attrs, Kids: kids}
}

func gK(e *gEl) gNode   { return gNode{El: e} }
func gT(s string) gNode { return gNode{Text: s} }
func gA(kv ...string) []gAttr {
	var out []gAttr
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, gAttr{Local: kv[i], Value: kv[i+1]})
	}
	return out
}

func (e *gEl) clone() *gEl {
	c := &gEl{NS: e.NS, Local: e.Local, Attrs: slices.Clone(e.Attrs)}
	for _, k := range e.Kids {
		if k.El != nil {
			c.Kids = append(c.Kids, gK(k.El.clone()))
		} else {
			c.Kids = append(c.Kids, k)
		}
	}
	return c
}

func (e *gEl) is(ns, local string) bool { return e.NS == ns && e.Local == local }

// child returns the first child element with the name, or nil.
func (e *gEl) child(ns, local string) *gEl {
	for _, k := range e.Kids {
		if k.El != nil && k.El.is(ns, local) {
			return k.El
		}
	}
	return nil
}

func (e *gEl) children(ns, local string) []*gEl {
	var out []*gEl
	for _, k := range e.Kids {
		if k.El != nil && k.El.is(ns, local) {
			out = append(out, k.El)
		}
	}
	return out
}

// removeKids drops the child elements for which drop is true.
func (e *gEl) removeKids(drop func(*gEl) bool) {
	var keep []gNode
	for _, k := range e.Kids {
		if k.El == nil || !drop(k.El) {
			keep = append(keep, k)
		}
	}
	e.Kids = keep
}

func (e *gEl) attr(local string) (string, bool) {
	for _, a := range e.Attrs {
		if a.NS == "" && a.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func (e *gEl) setAttr(local, v string) {
	for i, a := range e.Attrs {
		if a.NS == "" && a.Local == local {
			e.Attrs[i].Value = v
			return
		}
	}
	e.Attrs = append(e.Attrs, gAttr{Local: local, Value: v})
}

func (e *gEl) delAttr(local string) {
	e.Attrs = slices.DeleteFunc(e.Attrs, func(a gAttr) bool { return a.NS == "" && a.Local == local })
}

const (
	nsAtom = feedsync.AtomNamespace
	nsSX   = feedsync.Namespace
	nsXML  = feedsync.XMLNamespace
)

// gFeed is a generated feed: its document element, its format, and where its parts are.
type gFeed struct {
	RSS  bool
	Root *gEl
}

// host is atom:feed or the channel.
func (f *gFeed) host() *gEl {
	if f.RSS {
		return f.Root.child("", "channel")
	}
	return f.Root
}

func (f *gFeed) itemName() (ns, local string) {
	if f.RSS {
		return "", "item"
	}
	return nsAtom, "entry"
}

// items returns the top-level items.
func (f *gFeed) items() []*gEl { ns, l := f.itemName(); return f.host().children(ns, l) }

// syncedItems returns the top-level items with sx:sync.
func (f *gFeed) syncedItems() []*gEl {
	var out []*gEl
	for _, it := range f.items() {
		if it.child(nsSX, "sync") != nil {
			out = append(out, it)
		}
	}
	return out
}

// allSyncs returns every sx:sync of top-level and conflict items, in document order.
func (f *gFeed) allSyncs() []*gEl {
	var out []*gEl
	for _, it := range f.syncedItems() {
		s := it.child(nsSX, "sync")
		out = append(out, s)
		if c := s.child(nsSX, "conflicts"); c != nil {
			ns, l := f.itemName()
			for _, ci := range c.children(ns, l) {
				if cs := ci.child(nsSX, "sync"); cs != nil {
					out = append(out, cs)
				}
			}
		}
	}
	return out
}

// The value pools of the generator: every one is valid where it is used.
var (
	genSyncIDs   = []string{"item_1", "task-1", "urn:x(1)", "a%20b", "REO1750", "n.1", "Z'!*$@;=,+?/#"}
	genBys       = []string{"REO1750", "JEO2000", "ana", "dev-2", "DBA1c1R-tTmZc8L"}
	genLinks     = []string{"https://mesh.example/feeds/all", "http://e.example/x?y=%20&z=1", "urn:feed:1"}
	genForeignNS = []string{"urn:x:ext", "http://purl.org/dc/elements/1.1/", "http://example.com/ns?x=1&y=\"2\"", "urn:ünï"}
	genTextParts = []string{"a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", "&", "<", ">", "\"", "'", "]]>", "é", "€", "😀", "x y", "&amp;"}
)

// drawText draws text that is neither empty nor whitespace only.
func drawText(t *rapid.T, label string) string {
	parts := rapid.SliceOfN(rapid.SampledFrom(genTextParts), 1, 5).Draw(t, label)
	s := strings.Join(parts, "")
	if strings.Trim(s, " \t\r\n") == "" {
		s += "w"
	}
	return s
}

// drawDateTime draws a date-time of the form of [FS-LEX-5].
func drawDateTime(t *rapid.T, label string) string {
	y := rapid.IntRange(1999, 2030).Draw(t, label+"-year")
	mo := rapid.IntRange(1, 12).Draw(t, label+"-month")
	d := rapid.IntRange(1, 28).Draw(t, label+"-day")
	s := rapid.IntRange(0, 86399).Draw(t, label+"-second")
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, s/3600, s/60%60, s%60)
}

// drawForeign draws a foreign element: an extension namespace, maybe attributes (one of them
// maybe xml:lang), and text, a child element or mixed content.
func drawForeign(t *rapid.T, label string, depth int) *gEl {
	e := gE(rapid.SampledFrom(genForeignNS).Draw(t, label+"-ns"), rapid.SampledFrom([]string{"subject", "ext", "lat", "x-y"}).Draw(t, label+"-local"), nil)
	names := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "ns:a", "xml:lang"}), 0, 2, func(s string) string { return s }).Draw(t, label+"-attrs")
	for _, n := range names {
		a := gAttr{Local: n, Value: drawText(t, label+"-value")}
		switch n {
		case "ns:a":
			a.NS, a.Local = "urn:x:attr", "a"
		case "xml:lang":
			a.NS, a.Local, a.Value = nsXML, "lang", "en"
		}
		e.Attrs = append(e.Attrs, a)
	}
	switch k := rapid.IntRange(0, 2).Draw(t, label+"-content"); {
	case k == 1 && depth < 2:
		e.Kids = []gNode{gK(drawForeign(t, label+"-child", depth+1))}
	case k == 2 && depth < 2:
		e.Kids = []gNode{gT(drawText(t, label+"-t1")), gK(drawForeign(t, label+"-child", depth+1)), gT(drawText(t, label+"-t2"))}
	default:
		e.Kids = []gNode{gT(drawText(t, label+"-text"))}
	}
	return e
}

// drawItem draws a valid item with sx:sync of the given id; a conflict item has no conflicts.
func drawItem(t *rapid.T, rss bool, id string, conflictItem bool, n int) *gEl {
	label := fmt.Sprintf("item%d", n)
	var it *gEl
	if rss {
		it = gE("", "item", nil, gK(gE("", "title", nil, gT(drawText(t, label+"-title")))))
		if rapid.Bool().Draw(t, label+"-description") {
			it.Kids = append(it.Kids, gK(gE("", "description", nil, gT(drawText(t, label+"-description-text")))))
		}
		it.Kids = append(it.Kids, gK(gE("", "guid", gA("isPermaLink", "false"), gT(fmt.Sprintf("urn:guid:%d", n)))))
	} else {
		it = gE(nsAtom, "entry", nil,
			gK(gE(nsAtom, "id", nil, gT(fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", n)))),
			gK(gE(nsAtom, "title", gA("type", "text"), gT(drawText(t, label+"-title")))),
			gK(gE(nsAtom, "updated", nil, gT(drawDateTime(t, label+"-updated")))))
	}
	if rapid.Bool().Draw(t, label+"-foreign") {
		it.Kids = append(it.Kids, gK(drawForeign(t, label+"-foreign", 0)))
	}
	updates := rapid.IntRange(1, 40).Draw(t, label+"-updates")
	sync := gE(nsSX, "sync", gA("id", id, "updates", fmt.Sprint(updates)))
	if rapid.Bool().Draw(t, label+"-has-deleted") {
		sync.setAttr("deleted", rapid.SampledFrom([]string{"true", "false"}).Draw(t, label+"-deleted"))
	}
	noConflicts := false
	if !conflictItem && rapid.IntRange(0, 3).Draw(t, label+"-has-noconflicts") == 0 {
		noConflicts = rapid.Bool().Draw(t, label+"-noconflicts")
		sync.setAttr("noconflicts", fmt.Sprint(noConflicts))
	}
	if rapid.IntRange(0, 5).Draw(t, label+"-has-unknown-attr") == 0 {
		sync.setAttr("x-note", drawText(t, label+"-note")) // foreign markup ([FS-NS-5])
	}
	nh := rapid.IntRange(1, 3).Draw(t, label+"-histories")
	for h := 0; h < nh; h++ {
		seq := updates
		if h > 0 || rapid.IntRange(0, 4).Draw(t, label+"-topmost-below") == 0 {
			// Below the topmost, any earlier update; a topmost sequence below updates is
			// only a warning ([FS-HIST-5]).
			seq = rapid.IntRange(1, updates).Draw(t, label+"-sequence")
		}
		hist := gE(nsSX, "history", gA("sequence", fmt.Sprint(seq)))
		switch rapid.IntRange(0, 5).Draw(t, label+"-when-by") {
		case 0:
			hist.setAttr("by", rapid.SampledFrom(genBys).Draw(t, label+"-by"))
		case 1:
			hist.setAttr("when", drawDateTime(t, label+"-when"))
		default:
			hist.setAttr("when", drawDateTime(t, label+"-when"))
			hist.setAttr("by", rapid.SampledFrom(genBys).Draw(t, label+"-by"))
		}
		sync.Kids = append(sync.Kids, gK(hist))
	}
	if !conflictItem && !noConflicts && rapid.IntRange(0, 2).Draw(t, label+"-has-conflicts") == 0 {
		c := gE(nsSX, "conflicts", nil)
		for k := range rapid.IntRange(1, 2).Draw(t, label+"-conflicts") {
			c.Kids = append(c.Kids, gK(drawItem(t, rss, id, true, n*10+k+1)))
		}
		sync.Kids = append(sync.Kids, gK(c))
	}
	if rapid.IntRange(0, 5).Draw(t, label+"-sync-extra") == 0 {
		sync.Kids = append(sync.Kids, gK(drawForeign(t, label+"-sync-extra", 1)))
	}
	it.Kids = append(it.Kids, gK(sync))
	return it
}

// drawValidFeed draws a feed that validates with no violation: an Atom or RSS feed with the
// host elements it needs, maybe sx:sharing with sx:related, minItems or more items with
// sx:sync (distinct ids, histories, conflicts, tombstones, foreign markup) and maybe an item
// outside synchronization.
func drawValidFeed(t *rapid.T, minItems int) *gFeed {
	f := &gFeed{RSS: rapid.Bool().Draw(t, "rss")}
	var host *gEl
	if f.RSS {
		host = gE("", "channel", nil,
			gK(gE("", "title", nil, gT(drawText(t, "feed-title")))),
			gK(gE("", "link", nil, gT("http://mesh.example/"))),
			gK(gE("", "description", nil, gT(drawText(t, "feed-description")))))
		f.Root = gE("", "rss", gA("version", "2.0"), gK(host))
	} else {
		host = gE(nsAtom, "feed", nil,
			gK(gE(nsAtom, "id", nil, gT("urn:uuid:2b5e8a90-0f0c-4a43-8c43-6c1d6f0e4a11"))),
			gK(gE(nsAtom, "title", nil, gT(drawText(t, "feed-title")))),
			gK(gE(nsAtom, "updated", nil, gT(drawDateTime(t, "feed-updated")))))
		f.Root = host
	}
	if rapid.Bool().Draw(t, "feed-foreign") {
		host.Kids = append(host.Kids, gK(drawForeign(t, "feed-foreign", 0)))
	}
	if rapid.Bool().Draw(t, "sharing") {
		sh := gE(nsSX, "sharing", nil)
		if rapid.Bool().Draw(t, "window") {
			a, b := drawDateTime(t, "since"), drawDateTime(t, "until")
			if a > b {
				a, b = b, a
			}
			sh.Attrs = gA("since", a, "until", b)
		}
		if rapid.Bool().Draw(t, "expires") {
			sh.setAttr("expires", drawDateTime(t, "expires"))
		}
		for range rapid.IntRange(0, 2).Draw(t, "related") {
			r := gE(nsSX, "related", gA("link", rapid.SampledFrom(genLinks).Draw(t, "link"), "type", rapid.SampledFrom([]string{"complete", "aggregated"}).Draw(t, "type")))
			if rapid.Bool().Draw(t, "related-title") {
				r.setAttr("title", drawText(t, "related-title-text"))
			}
			sh.Kids = append(sh.Kids, gK(r))
		}
		// Anywhere among the host's children: the document encoding moves it first.
		at := rapid.IntRange(0, len(host.Kids)).Draw(t, "sharing-at")
		host.Kids = slices.Insert(host.Kids, at, gK(sh))
	}
	ids := rapid.SliceOfNDistinct(rapid.SampledFrom(genSyncIDs), minItems, 3, func(s string) string { return s }).Draw(t, "ids")
	for n, id := range ids {
		host.Kids = append(host.Kids, gK(drawItem(t, f.RSS, id, false, n+1)))
	}
	if rapid.IntRange(0, 3).Draw(t, "unsynced") == 0 {
		var it *gEl
		if f.RSS {
			it = gE("", "item", nil, gK(gE("", "description", nil, gT(drawText(t, "unsynced-text")))))
		} else {
			it = gE(nsAtom, "entry", nil, gK(gE(nsAtom, "id", nil, gT("urn:x:unsynced"))),
				gK(gE(nsAtom, "title", nil, gT(drawText(t, "unsynced-text")))), gK(gE(nsAtom, "updated", nil, gT("2008-01-01T00:00:00Z"))))
		}
		at := rapid.IntRange(0, len(ids)).Draw(t, "unsynced-at")
		host.Kids = slices.Insert(host.Kids, len(host.Kids)-len(ids)+at, gK(it))
	}
	return f
}

// lexWriter writes a generated tree as XML in a random lexical variant: the choices come from
// a seeded source, so that one drawn seed names the variant. The model the variant decodes to
// is the same for every seed ([FS-DEC-10]–[FS-DEC-13]): prefixes and namespace declarations
// (including a FeedSync namespace bound to a prefix other than sx, the default namespace, or
// redeclared below the root), the order of attributes and declarations, quotes, whitespace in
// tags, character and entity references, CDATA sections, comments and processing
// instructions, whitespace between elements where decoding drops it, empty-element tags, an
// XML declaration and a byte order mark, and the place of sx:sync in its item and of
// sx:conflicts among the histories.
type lexWriter struct {
	r *rand.Rand
	b strings.Builder
	n int // counter for fresh prefixes
}

type lexScope struct {
	def      string            // the default namespace in scope
	prefixes map[string]string // prefix → namespace, without xml
}

// writeFeedVariant writes f in the variant that seed names; seed 0 is a plain variant (prefix
// sx, no references beyond the needed ones, no extra whitespace, no comments).
func writeFeedVariant(f *gFeed, seed uint64) string {
	w := &lexWriter{}
	if seed != 0 {
		w.r = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	}
	if w.chance(4) {
		w.b.WriteString("\uFEFF")
	}
	switch w.pick(4) {
	case 0:
		w.b.WriteString(`<?xml version="1.0" encoding="utf-8"?>`)
	case 1:
		w.b.WriteString(`<?xml version='1.0' encoding='UTF-8' standalone='yes'?>`)
	case 2:
		w.b.WriteString(`<?xml version="1.0"?>`)
	}
	w.space(true)
	if w.chance(4) {
		w.b.WriteString("<!-- before -->\n<?pi data?>")
	}
	w.element(f.Root, lexScope{prefixes: map[string]string{}}, f)
	w.space(true)
	return w.b.String()
}

// pick returns a number below n, 0 in the plain variant.
func (w *lexWriter) pick(n int) int {
	if w.r == nil {
		return 0
	}
	return w.r.IntN(n)
}

// chance is true once in n, never in the plain variant.
func (w *lexWriter) chance(n int) bool { return w.r != nil && w.r.IntN(n) == 0 }

// space writes whitespace that decoding drops (maybe none), or a comment.
func (w *lexWriter) space(commentOK bool) {
	switch w.pick(6) {
	case 1:
		w.b.WriteString("\n  ")
	case 2:
		w.b.WriteString(" \t\r\n ")
	case 3:
		w.b.WriteString([]string{"\r\n", "\r", "\n\r\n"}[w.pick(3)])
	case 4:
		if commentOK {
			w.b.WriteString([]string{"<!--c-->", "<!-- two\r\nlines -->", "<!--\r-->"}[w.pick(3)])
		}
	case 5:
		if commentOK {
			w.b.WriteString(" <?p?>\n")
		}
	}
}

func (w *lexWriter) freshPrefix(sc lexScope) string {
	cands := []string{"sx", "fs", "s", "atom", "a", "p"}
	p := cands[w.pick(len(cands))]
	for {
		if _, used := sc.prefixes[p]; !used {
			return p
		}
		w.n++
		p = fmt.Sprintf("n%d", w.n)
	}
}

func (w *lexWriter) prefixOf(sc lexScope, ns string) (string, bool) {
	for _, p := range slices.Sorted(maps.Keys(sc.prefixes)) {
		if sc.prefixes[p] == ns {
			return p, true
		}
	}
	return "", false
}

// element writes e in scope sc.
func (w *lexWriter) element(e *gEl, sc lexScope, f *gFeed) {
	ns := lexScope{def: sc.def, prefixes: maps.Clone(sc.prefixes)}
	type decl struct{ name, value string }
	var decls []decl
	declare := func(p, uri string) {
		if p == "" {
			ns.def = uri
			decls = append(decls, decl{"xmlns", uri})
			return
		}
		ns.prefixes[p] = uri
		decls = append(decls, decl{"xmlns:" + p, uri})
	}
	qn := e.Local
	declareName := func() {
		switch {
		case w.r == nil && e.NS == nsSX:
			declare("sx", e.NS)
			qn = "sx:" + e.Local
		case w.r == nil || w.chance(2):
			declare("", e.NS)
		default:
			p := w.freshPrefix(ns)
			declare(p, e.NS)
			qn = p + ":" + e.Local
		}
	}
	if p, ok := w.prefixOf(sc, e.NS); e.NS != "" && w.chance(5) {
		declareName() // a redundant or new declaration here
	} else if e.NS == sc.def {
		// unprefixed
	} else if ok && e.NS != "" {
		qn = p + ":" + e.Local
	} else if e.NS == "" {
		declare("", "")
	} else {
		declareName()
	}
	var attrs []decl
	for _, a := range e.Attrs {
		switch {
		case a.NS == "":
			attrs = append(attrs, decl{a.Local, a.Value})
		case a.NS == nsXML:
			attrs = append(attrs, decl{"xml:" + a.Local, a.Value})
		default:
			p, ok := w.prefixOf(ns, a.NS)
			if !ok {
				p = w.freshPrefix(ns)
				declare(p, a.NS)
			}
			attrs = append(attrs, decl{p + ":" + a.Local, a.Value})
		}
	}
	attrs = append(decls, attrs...)
	if w.r != nil {
		w.r.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
	}
	w.b.WriteString("<" + qn)
	for _, a := range attrs {
		w.b.WriteString([]string{" ", "\n    ", "\t", " "}[w.pick(4)])
		q := []byte{'"', '\''}[w.pick(2)]
		w.b.WriteString(a.name + []string{"=", " = ", "=\n"}[w.pick(3)] + string(q))
		w.escAttr(a.value, q)
		w.b.WriteByte(q)
	}
	if w.chance(4) {
		w.b.WriteString(" ")
	}
	kids := w.reorder(e, f)
	if len(kids) == 0 {
		switch w.pick(4) {
		case 1:
			w.b.WriteString("></" + qn + ">")
		case 2:
			w.b.WriteString("> \n </" + qn + ">")
		case 3:
			w.b.WriteString("><!-- empty --></" + qn + ">")
		default:
			w.b.WriteString("/>")
		}
		return
	}
	w.b.WriteString(">")
	mixed := slices.ContainsFunc(kids, func(k gNode) bool { return k.El == nil })
	for _, k := range kids {
		if !mixed {
			w.space(true)
		}
		if k.El != nil {
			w.element(k.El, ns, f)
		} else {
			w.text(k.Text)
		}
	}
	if !mixed {
		w.space(true)
	}
	w.b.WriteString("</" + qn + []string{">", " >", "\n>"}[w.pick(3)])
}

// reorder returns e's children, with sx:sync moved within its item and sx:conflicts among its
// histories in some variants: their places carry no meaning ([FS-CANON-10]).
func (w *lexWriter) reorder(e *gEl, f *gFeed) []gNode {
	kids := slices.Clone(e.Kids)
	itemNS, itemLocal := f.itemName()
	var moving string
	switch {
	case e.is(itemNS, itemLocal):
		moving = "sync"
	case e.is(nsSX, "sync"):
		moving = "conflicts"
	default:
		return kids
	}
	if w.r == nil || !w.chance(2) || slices.ContainsFunc(kids, func(k gNode) bool { return k.El == nil }) {
		return kids
	}
	at := -1
	for i, k := range kids {
		if k.El.is(nsSX, moving) {
			if at >= 0 {
				return kids // more than one: the first is the one that counts
			}
			at = i
		}
	}
	if at < 0 {
		return kids
	}
	k := kids[at]
	kids = slices.Delete(kids, at, at+1)
	return slices.Insert(kids, w.r.IntN(len(kids)+1), k)
}

func (w *lexWriter) ref(r rune) string {
	if w.chance(2) {
		return fmt.Sprintf("&#%d;", r)
	}
	return fmt.Sprintf("&#x%X;", r)
}

// text writes character data in one to three pieces, each escaped or a CDATA section, maybe
// with a comment or processing instruction between them ([FS-DEC-12]).
func (w *lexWriter) text(s string) {
	rs := []rune(s)
	cuts := []int{0, len(rs)}
	if w.r != nil {
		for range w.r.IntN(3) {
			cuts = append(cuts, w.r.IntN(len(rs)+1))
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	for i := 0; i+1 < len(cuts); i++ {
		piece := string(rs[cuts[i]:cuts[i+1]])
		if i > 0 {
			w.b.WriteString([]string{"", "<!--between-->", "<?p between?>"}[w.pick(3)])
		}
		if w.chance(4) && !strings.Contains(piece, "]]>") && !strings.Contains(piece, "\r") {
			w.b.WriteString("<![CDATA[" + piece + "]]>")
			continue
		}
		for j, r := range rs[cuts[i]:cuts[i+1]] {
			at := cuts[i] + j
			switch {
			case r == '<':
				w.b.WriteString([]string{"&lt;", "&#60;", "&#x3c;"}[w.pick(3)])
			case r == '&':
				w.b.WriteString([]string{"&amp;", "&#38;", "&#x26;"}[w.pick(3)])
			case r == '>' && at > 0 && rs[at-1] == ']':
				w.b.WriteString([]string{"&gt;", "&#62;"}[w.pick(2)])
			case r == '>':
				w.b.WriteString([]string{">", "&gt;"}[w.pick(2)])
			case r == '\r':
				w.b.WriteString([]string{"&#13;", "&#xD;"}[w.pick(2)])
			case r == '"' && w.chance(3):
				w.b.WriteString("&quot;")
			case r == '\'' && w.chance(3):
				w.b.WriteString("&apos;")
			case w.chance(10):
				w.b.WriteString(w.ref(r))
			default:
				w.b.WriteRune(r)
			}
		}
	}
}

// escAttr writes an attribute value delimited by q; tab, line feed and carriage return are
// written as references, since a literal one would be normalized to a space.
func (w *lexWriter) escAttr(s string, q byte) {
	for _, r := range s {
		switch {
		case r == '<':
			w.b.WriteString([]string{"&lt;", "&#60;"}[w.pick(2)])
		case r == '&':
			w.b.WriteString([]string{"&amp;", "&#38;", "&#x26;"}[w.pick(3)])
		case r == '"' && (q == '"' || w.chance(3)):
			w.b.WriteString([]string{"&quot;", "&#34;"}[w.pick(2)])
		case r == '\'' && (q == '\'' || w.chance(3)):
			w.b.WriteString([]string{"&apos;", "&#39;"}[w.pick(2)])
		case r == '\t' || r == '\n' || r == '\r':
			w.b.WriteString(w.ref(r))
		case r == '>' && w.chance(2):
			w.b.WriteString("&gt;")
		case w.chance(10):
			w.b.WriteString(w.ref(r))
		default:
			w.b.WriteRune(r)
		}
	}
}

// decodeOK asks the implementation to decode doc, which must decode; what names the document
// in messages.
func decodeOK(t *T, fi FeedsImpl, what string, doc []byte) *DecodedFeed {
	f, err := fi.DecodeFeed(doc)
	switch {
	case isUnimplemented(err):
		t.Unimplementedf("feedsync.decode(%s): %v", what, err)
	case err != nil:
		t.Fatalf("feedsync.decode(%s) → refused: %v; expected the document to decode", what, err)
	case f == nil:
		t.Fatalf("feedsync.decode(%s) → no answer; expected a decoded document", what)
	}
	return f
}

// pDecode asks the implementation of a property check to decode doc.
func pDecode(p *P, doc string) (*DecodedFeed, error) {
	fi := propAreaOf[FeedsImpl](p)
	f, err := fi.DecodeFeed([]byte(doc))
	if err = p.Check(err); err == nil && f == nil {
		err = fmt.Errorf("no answer and no error")
	}
	return f, err
}

// refDecode decodes doc with the reference.
func refDecode(doc string) (*DecodedFeed, error) { return Reference{}.DecodeFeed([]byte(doc)) }

// refDecodeLarge decodes doc with the reference, its limits other than the byte limit raised
// far beyond the defaults: what an implementation with larger limits reads ([FS-DEC-6]).
func refDecodeLarge(doc string) (*DecodedFeed, error) {
	feed, err := feedsync.DecodeOptions{MaxDepth: 1 << 12, MaxAttrLen: 1 << 22, MaxAttrs: 1 << 12, MaxNameLen: 1 << 16}.Decode(strings.NewReader(doc))
	if err != nil {
		return nil, err
	}
	out := &DecodedFeed{Format: map[feedsync.Format]string{feedsync.Atom: "atom", feedsync.RSS: "rss"}[feed.Format]}
	for _, v := range feedsync.Validate(feed) {
		out.Violations = append(out.Violations, Violation{Req: v.Req, Line: v.Line})
	}
	for _, it := range feed.Items {
		if it.Sync != nil {
			id, _ := it.Sync.Attr("id")
			out.Items = append(out.Items, FeedItem{SyncID: id, Canonical: it.Canonical()})
		}
	}
	return out, nil
}

// beyondLimit adds to a random item of f one foreign element just beyond one of the default
// decoding limits other than the byte limit ([FS-DEC-6]) and says which.
func beyondLimit(t *rapid.T, f *gFeed) string {
	it := pickEl(t, "item", f.syncedItems())
	over := rapid.IntRange(1, 64).Draw(t, "over")
	var e *gEl
	var what string
	switch rapid.IntRange(0, 3).Draw(t, "limit") {
	case 0:
		depth := 3 // the item's children: feed > entry > child, rss > channel > item is one more
		if f.RSS {
			depth = 4
		}
		n := feedsync.DefaultMaxDepth - depth + 2 + over%8 // the deepest at depth + n - 1 > 128
		e = gE("urn:x:deep", "d", nil, gT("bottom"))
		for range n - 1 {
			e = gE("urn:x:deep", "d", nil, gK(e))
		}
		what = fmt.Sprintf("elements nested %d deep", depth+n-1)
	case 1:
		e = gE("urn:x:many", "m", nil)
		for i := range feedsync.DefaultMaxAttrs + over {
			e.Attrs = append(e.Attrs, gAttr{Local: fmt.Sprintf("a%d", i), Value: "v"})
		}
		what = fmt.Sprintf("%d attributes on one element", len(e.Attrs))
	case 2:
		e = gE("urn:x:long", strings.Repeat("l", feedsync.DefaultMaxNameLen+over), nil, gT("t"))
		what = fmt.Sprintf("a local name of %d bytes", len(e.Local))
	default:
		e = gE("urn:x:big", "v", []gAttr{{Local: "a", Value: strings.Repeat("é", feedsync.DefaultMaxAttrLen/2) + strings.Repeat("x", over)}})
		what = fmt.Sprintf("an attribute value of %d bytes", feedsync.DefaultMaxAttrLen+over)
	}
	it.Kids = slices.Insert(it.Kids, 0, gK(e))
	return what
}

// answer summarizes a decode answer for messages.
func answer(f *DecodedFeed, err error) string {
	if err != nil {
		if r, ok := err.(*Refusal); ok {
			return fmt.Sprintf("refused %s [%s]", r.Class, r.Req)
		}
		return "error: " + err.Error()
	}
	if f == nil {
		return "nothing"
	}
	var ids []string
	for _, it := range f.Items {
		ids = append(ids, fmt.Sprintf("%q (%d bytes)", it.SyncID, len(it.Canonical)))
	}
	return fmt.Sprintf("%s, violations %s, items %s", f.Format, violationList(f.Violations), strings.Join(ids, " "))
}

// itemsDiff describes the first difference between two lists of items, "" when equal.
func itemsDiff(got, want []FeedItem) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d items with sx:sync, expected %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.SyncID != w.SyncID {
			return fmt.Sprintf("item %d: sx:sync id %q, expected %q", i, g.SyncID, w.SyncID)
		}
		if string(g.Canonical) != string(w.Canonical) {
			return fmt.Sprintf("item %d (%s): canonical bytes differ at byte %d: %q, expected %q", i, g.SyncID,
				firstDiff(string(g.Canonical), string(w.Canonical)), excerpt(string(g.Canonical), string(w.Canonical)), excerpt(string(w.Canonical), string(g.Canonical)))
		}
	}
	return ""
}

// reqSet returns the requirement IDs of a report.
func reqSet(vs []Violation) map[string]bool {
	out := map[string]bool{}
	for _, v := range vs {
		out[v.Req] = true
	}
	return out
}

// reportOrdered reports whether a report is in the order of [FS-VAL-5]: line, then ID.
func reportOrdered(vs []Violation) bool {
	return slices.IsSortedFunc(vs, func(a, b Violation) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Req, b.Req)
	})
}

// feedMutation is one way to break a valid feed: it changes f in place (drawing what it needs
// from t) and says what it did. Every mutation applies to a feed with at least one item with
// sx:sync, and gives a feed that decodes but breaks at least one MUST of §1–§4.
type feedMutation struct {
	name string
	do   func(t *rapid.T, f *gFeed) string
}

func pickEl(t *rapid.T, label string, els []*gEl) *gEl {
	return els[rapid.IntRange(0, len(els)-1).Draw(t, label)]
}

func (f *gFeed) histories() []*gEl {
	var out []*gEl
	for _, s := range f.allSyncs() {
		out = append(out, s.children(nsSX, "history")...)
	}
	return out
}

// newItem returns a minimal item of the feed's format with the host elements it needs.
func (f *gFeed) newItem(kids ...gNode) *gEl {
	if f.RSS {
		return gE("", "item", nil, append([]gNode{gK(gE("", "title", nil, gT("t")))}, kids...)...)
	}
	return gE(nsAtom, "entry", nil, append([]gNode{gK(gE(nsAtom, "id", nil, gT("urn:x:new"))), gK(gE(nsAtom, "title", nil, gT("t"))),
		gK(gE(nsAtom, "updated", nil, gT("2008-01-01T00:00:00Z")))}, kids...)...)
}

func newSync(id string) *gEl {
	return gE(nsSX, "sync", gA("id", id, "updates", "1"), gK(gE(nsSX, "history", gA("sequence", "1", "by", "ana"))))
}

// sharing returns the feed's sx:sharing, adding one when there is none.
func (f *gFeed) sharing() *gEl {
	h := f.host()
	if s := h.child(nsSX, "sharing"); s != nil {
		return s
	}
	s := gE(nsSX, "sharing", nil)
	h.Kids = slices.Insert(h.Kids, 0, gK(s))
	return s
}

func setAttrMut(name, elem string, attrs, values []string) feedMutation {
	return feedMutation{name, func(t *rapid.T, f *gFeed) string {
		var els []*gEl
		switch elem {
		case "sync":
			els = f.allSyncs()
		case "history":
			els = f.histories()
		case "sharing":
			els = []*gEl{f.sharing()}
		case "related":
			s := f.sharing()
			if len(s.children(nsSX, "related")) == 0 {
				s.Kids = append(s.Kids, gK(gE(nsSX, "related", gA("link", "urn:x", "type", "complete"))))
			}
			els = s.children(nsSX, "related")
		}
		e := pickEl(t, "element", els)
		a := rapid.SampledFrom(attrs).Draw(t, "attribute")
		v := rapid.SampledFrom(values).Draw(t, "value")
		e.setAttr(a, v)
		if elem == "sharing" && (a == "since" || a == "until") {
			other := map[string]string{"since": "until", "until": "since"}[a]
			if _, ok := e.attr(other); !ok {
				e.setAttr(other, v) // keep the pair ([FS-SHARE-3]) so that only the value is wrong
			}
		}
		return fmt.Sprintf("sx:%s %s=%q", elem, a, v)
	}}
}

// feedMutations are the single mutations of the mutation property case.
var feedMutations = []feedMutation{
	{"no-sync-id", func(t *rapid.T, f *gFeed) string {
		pickEl(t, "sync", f.allSyncs()).delAttr("id")
		return "sx:sync without id"
	}},
	{"no-updates", func(t *rapid.T, f *gFeed) string {
		pickEl(t, "sync", f.allSyncs()).delAttr("updates")
		return "sx:sync without updates"
	}},
	{"no-sequence", func(t *rapid.T, f *gFeed) string {
		pickEl(t, "history", f.histories()).delAttr("sequence")
		return "sx:history without sequence"
	}},
	{"no-when-by", func(t *rapid.T, f *gFeed) string {
		h := pickEl(t, "history", f.histories())
		h.delAttr("when")
		h.delAttr("by")
		return "sx:history without when and by"
	}},
	setAttrMut("bad-boolean", "sync", []string{"deleted", "noconflicts"}, []string{"True", "FALSE", "TRUE", "False", "1", "0", "yes", "true ", "tRUE"}),
	setAttrMut("bad-updates", "sync", []string{"updates"}, []string{"0", "01", "+1", "-1", "2147483648", " 1", "1 ", "1.0", "abc", "１"}),
	setAttrMut("bad-sequence", "history", []string{"sequence"}, []string{"0", "007", "+2", "99999999999", "2 ", "x"}),
	setAttrMut("bad-when", "history", []string{"when"}, []string{"2008-02-30T00:00:00Z", "2007-02-29T12:00:00Z", "2008-04-23t13:02:11Z", "2008-04-23T13:02:11z",
		"2008-04-23T13:02:11.5Z", "2008-04-23T24:00:00Z", "2008-04-23T13:02:60Z", "2008-04-23T13:02:11+00:00", "2008-4-23T13:02:11Z", "2008-13-01T00:00:00Z"}),
	setAttrMut("bad-expires", "sharing", []string{"expires"}, []string{"2008-02-30T00:00:00Z", "tomorrow", "2008-04-23 13:02:11Z"}),
	setAttrMut("bad-nss", "sync", []string{"id"}, []string{"a b", "ü", "%zz", "%00", "a%0", "x<y", "é1", "[1]"}),
	setAttrMut("bad-by", "history", []string{"by"}, []string{"a b", "ü", "%zz", "%00", "{x}"}),
	setAttrMut("blank-sync", "sync", []string{"id", "updates", "deleted", "noconflicts"}, []string{"", " ", "\t"}),
	setAttrMut("blank-history", "history", []string{"sequence", "when", "by"}, []string{"", "  "}),
	setAttrMut("bad-related-type", "related", []string{"type"}, []string{"Complete", "AGGREGATED", "full", "complete "}),
	setAttrMut("bad-related-link", "related", []string{"link"}, []string{"complete.xml", "/feeds/1", "//host/feed", "http://a b", "1http://x", "http://x/%zz", "http://x/<y>"}),
	{"window-reversed", func(t *rapid.T, f *gFeed) string {
		s := f.sharing()
		s.setAttr("since", "2009-01-01T00:00:00Z")
		s.setAttr("until", rapid.SampledFrom([]string{"2008-01-01T00:00:00Z", "2009", "1"}).Draw(t, "until"))
		return "sx:sharing since > until"
	}},
	{"window-half", func(t *rapid.T, f *gFeed) string {
		s := f.sharing()
		s.delAttr("since")
		s.delAttr("until")
		a := rapid.SampledFrom([]string{"since", "until"}).Draw(t, "attribute")
		s.setAttr(a, "2008-01-01T00:00:00Z")
		return "sx:sharing with " + a + " alone"
	}},
	{"duplicate-id", func(t *rapid.T, f *gFeed) string {
		it := pickEl(t, "item", f.syncedItems())
		h := f.host()
		h.Kids = append(h.Kids, gK(it.clone()))
		return "a copy of an item appended"
	}},
	{"no-histories", func(t *rapid.T, f *gFeed) string {
		pickEl(t, "sync", f.allSyncs()).removeKids(func(e *gEl) bool { return e.is(nsSX, "history") })
		return "sx:sync without sx:history"
	}},
	{"second-sync", func(t *rapid.T, f *gFeed) string {
		it := pickEl(t, "item", f.syncedItems())
		id, _ := it.child(nsSX, "sync").attr("id")
		at := rapid.IntRange(0, len(it.Kids)).Draw(t, "at")
		it.Kids = slices.Insert(it.Kids, at, gK(newSync(id)))
		return fmt.Sprintf("an item with another sx:sync as child %d", at)
	}},
	{"conflicts-shape", func(t *rapid.T, f *gFeed) string {
		s := pickEl(t, "sync", f.allSyncs())
		switch rapid.IntRange(0, 1).Draw(t, "how") {
		case 0:
			s.Kids = append(s.Kids, gK(gE(nsSX, "conflicts", nil)))
			return "an empty sx:conflicts added"
		default:
			id, _ := s.attr("id")
			s.Kids = append(s.Kids, gK(gE(nsSX, "conflicts", nil, gK(f.newItem(gK(newSync(id)))))), gK(gE(nsSX, "conflicts", nil, gK(f.newItem(gK(newSync(id)))))))
			return "two sx:conflicts added"
		}
	}},
	{"conflict-item", func(t *rapid.T, f *gFeed) string {
		s := pickEl(t, "sync", f.syncedItems()).child(nsSX, "sync")
		id, _ := s.attr("id")
		s.removeKids(func(e *gEl) bool { return e.is(nsSX, "conflicts") })
		s.delAttr("noconflicts")
		var ci *gEl
		what := rapid.IntRange(0, 3).Draw(t, "how")
		switch what {
		case 0:
			ci = f.newItem(gK(newSync(id + "-other")))
		case 1:
			ci = f.newItem()
		case 2:
			inner := newSync(id)
			inner.Kids = append(inner.Kids, gK(gE(nsSX, "conflicts", nil, gK(f.newItem(gK(newSync(id)))))))
			ci = f.newItem(gK(inner))
		default:
			other := &gFeed{RSS: !f.RSS}
			ci = other.newItem(gK(newSync(id)))
		}
		s.Kids = append(s.Kids, gK(gE(nsSX, "conflicts", nil, gK(ci))))
		return []string{"a conflict item with another id", "a conflict item without sx:sync", "a conflict item with its own sx:conflicts", "a conflict item of the other format"}[what]
	}},
	{"misplaced", func(t *rapid.T, f *gFeed) string {
		it := pickEl(t, "item", f.syncedItems())
		s := it.child(nsSX, "sync")
		switch k := rapid.IntRange(0, 6).Draw(t, "what"); k {
		case 0:
			it.Kids = append(it.Kids, gK(gE(nsSX, "history", gA("sequence", "1", "by", "ana"))))
			return "sx:history in an item"
		case 1:
			f.host().Kids = append(f.host().Kids, gK(newSync("loose")))
			return "sx:sync in the feed"
		case 2:
			it.Kids = append(it.Kids, gK(gE(nsSX, "conflicts", nil, gK(f.newItem(gK(newSync("x")))))))
			return "sx:conflicts in an item"
		case 3:
			it.Kids = append(it.Kids, gK(gE(nsSX, "sharing", nil)))
			return "sx:sharing in an item"
		case 4:
			f.host().Kids = append(f.host().Kids, gK(gE(nsSX, "related", gA("link", "urn:x", "type", "complete"))))
			return "sx:related in the feed"
		case 5:
			f.sharing()
			f.host().Kids = append(f.host().Kids, gK(gE(nsSX, "sharing", nil)))
			return "a second sx:sharing"
		default:
			s.Kids = append(s.Kids, gK(gE(nsSX, rapid.SampledFrom([]string{"unpublished", "update", "conflict", "histories", "Sync"}).Draw(t, "local"), nil)))
			return "an unknown FeedSync element in sx:sync"
		}
	}},
	{"sx-attribute", func(t *rapid.T, f *gFeed) string {
		it := pickEl(t, "item", f.syncedItems())
		e := it
		if rapid.Bool().Draw(t, "on-sync") {
			e = it.child(nsSX, "sync")
		}
		e.Attrs = append(e.Attrs, gAttr{NS: nsSX, Local: rapid.SampledFrom([]string{"id", "updates", "x"}).Draw(t, "local"), Value: "1"})
		return "an attribute in the FeedSync namespace"
	}},
	{"character-data", func(t *rapid.T, f *gFeed) string {
		els := append(f.allSyncs(), f.histories()...)
		e := pickEl(t, "element", els)
		e.Kids = append(e.Kids, gT(rapid.SampledFrom([]string{"x", " text ", "\u00a0"}).Draw(t, "text")))
		return "character data in a FeedSync element"
	}},
	{"host", func(t *rapid.T, f *gFeed) string {
		it := pickEl(t, "item", f.syncedItems())
		if f.RSS {
			if rapid.Bool().Draw(t, "channel") {
				what := rapid.SampledFrom([]string{"title", "link", "description"}).Draw(t, "what")
				f.host().removeKids(func(e *gEl) bool { return e.is("", what) })
				return "channel without " + what
			}
			it.removeKids(func(e *gEl) bool { return e.NS == "" && (e.Local == "title" || e.Local == "description") })
			return "item without title and description"
		}
		local := rapid.SampledFrom([]string{"id", "title", "updated"}).Draw(t, "what")
		if rapid.Bool().Draw(t, "feed") {
			f.Root.removeKids(func(e *gEl) bool { return e.is(nsAtom, local) })
			return "atom:feed without atom:" + local
		}
		if rapid.Bool().Draw(t, "twice") {
			it.Kids = slices.Insert(it.Kids, 0, gK(it.child(nsAtom, local).clone()))
			return "entry with two atom:" + local
		}
		it.removeKids(func(e *gEl) bool { return e.is(nsAtom, local) })
		return "entry without atom:" + local
	}},
}

// encodeOf asks impl for the encoding of doc (feedsync.encode).
func encodeOf(impl Impl, doc string) (string, error) {
	ei, ok := impl.(EncodeImpl)
	if !ok {
		return "", fmt.Errorf("%w: %s offers no feedsync.encode", ErrUnimplemented, impl.Name())
	}
	out, err := ei.EncodeFeed([]byte(doc))
	return string(out), err
}

// junkSnippets are inserted into valid documents by the junk property case.
var junkSnippets = []string{"<", ">", "&", "&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "<!DOCTYPE feed>", "<!ENTITY x 'y'>", "\xff", "\xc3", "\x00", "\x01",
	"</x>", "<x>", "<p:x/>", "<?xml version='1.0'?>", "]]>", " xmlns:q=''", " a='1' a='2'", "<![CDATA[", "-->", "<!--", "x", " ", "\"", "'", "=",
	"<sx:sync/>", "<?", "<rss/>", "<x xmlns:p='http://www.microsoft.com/schemas/sse'/>", "\uFEFF", "\r", "<x xmlns:xmlns='urn:x'/>", "<a:b xmlns:a=''/>"}

// corrupt applies one random corruption to doc.
func corrupt(t *rapid.T, doc string) (string, string) {
	pos := drawUniform(t, len(doc)+1, "position")
	switch drawUniform(t, 4, "corruption") {
	case 0:
		return doc[:pos], fmt.Sprintf("truncated to %d bytes", pos)
	case 1:
		n := rapid.IntRange(1, 16).Draw(t, "length")
		end := min(len(doc), pos+n)
		return doc[:pos] + doc[end:], fmt.Sprintf("bytes %d–%d deleted", pos, end)
	case 2:
		b := byte(rapid.IntRange(0, 255).Draw(t, "byte"))
		if pos == len(doc) {
			return doc + string([]byte{b}), fmt.Sprintf("byte %#x appended", b)
		}
		return doc[:pos] + string([]byte{b}) + doc[pos+1:], fmt.Sprintf("byte %d replaced by %#x", pos, b)
	default:
		s := junkSnippets[drawUniform(t, len(junkSnippets), "snippet")]
		return doc[:pos] + s + doc[pos:], fmt.Sprintf("%q inserted at byte %d", s, pos)
	}
}

// decodeMutatedFeed draws a random valid feed with one random feedMutations, written as the
// variant drawn from variant, and decodes it with the implementation and the reference. It
// logs the step, ends the check when the reference does not decode the document with
// violations, and returns what the mutation did and both answers.
func decodeMutatedFeed(p *P, variant *rapid.Generator[uint64]) (what string, got, ref *DecodedFeed, err error) {
	f := drawValidFeed(p.T, 1)
	m := feedMutations[drawUniform(p.T, len(feedMutations), "mutation")]
	what = m.do(p.T, f)
	doc := writeFeedVariant(f, variant.Draw(p.T, "variant"))
	ref, rerr := refDecode(doc)
	got, err = pDecode(p, doc)
	p.Stepf("feedsync.decode(%s: %s: %q) → impl: %s; reference: %s", m.name, what, doc, answer(got, err), answer(ref, rerr))
	if rerr != nil || len(ref.Violations) == 0 {
		p.Fatalf("harness: mutation %s does not give a decodable invalid document with the reference", m.name)
	}
	return what, got, ref, err
}

// expectDecodedAs ends the check unless got, the decoding of the document what describes,
// reads as want's format, with want's items and every violation ID of want. itemsMsg words an
// items difference (what, then the difference); of names want in the violations message.
func expectDecodedAs(p *P, what string, got, want *DecodedFeed, itemsMsg, of string) {
	if got.Format != want.Format {
		p.Fatalf("%s: read as %q; expected %q", what, got.Format, want.Format)
	}
	if d := itemsDiff(got.Items, want.Items); d != "" {
		p.Fatalf(itemsMsg, what, d)
	}
	gotIDs := reqSet(got.Violations)
	for _, v := range want.Violations {
		if !gotIDs[v.Req] {
			p.Fatalf("%s: report %s; expected every ID of %s%s", what, violationList(got.Violations), of, violationList(want.Violations))
		}
	}
}

// codecFeedsyncUnshowable lists the MUSTs of spec/feedsync.md §1–§7 that no feedsync case or
// vector shows, and why a shim cannot show them.
var codecFeedsyncUnshowable = map[string]string{
	"FS-ENC-3": "an encoder's refusal of a model it cannot write as namespace-well-formed XML needs such a model, which only an API builds: every document a shim " +
		"receives decodes to a writable model (decoding refuses bad names, characters and duplicate attributes, and keeps no namespace declarations as attributes)",
}

// codecFeedsyncCases returns the codec tier's feedsync cases.
func codecFeedsyncCases() []Case {
	return append(feedsyncFixedCases(), feedsyncPropertyCases()...)
}

func feedsyncPropertyCases() []Case {
	return []Case{
		{
			ID:    "codec/feedsync/canon/lexical-variants",
			Level: Must,
			Req: []string{"FS-NS-1", "FS-DEC-8", "FS-DEC-10", "FS-DEC-11", "FS-DEC-12", "FS-DEC-13", "FS-DEC-14", "FS-CANON-1", "FS-CANON-3",
				"FS-CANON-6", "FS-CANON-7", "FS-CANON-8", "FS-CANON-10", "FS-CANON-13", "FS-VAL-6"},
			Flags: []string{"prefix-matching", "attribute-order", "whitespace", "character-references", "cdata", "comments"},
			Description: "Random valid Atom and RSS feeds, each written in three lexical variants (prefixes, declarations, attribute order, quotes, " +
				"whitespace, references, CDATA, comments, the place of sx:sync and sx:conflicts), decode with no violation to the reference's items and canonical bytes.",
			Ops: []string{"feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					f := drawValidFeed(p.T, 0)
					plain := writeFeedVariant(f, 0)
					want, err := refDecode(plain)
					if err != nil || len(want.Violations) > 0 {
						p.Fatalf("harness: the generated feed does not decode clean with the reference: %s\n%s", answer(want, err), plain)
					}
					seeds := []uint64{0, rapid.Uint64Min(1).Draw(p.T, "variant-1"), rapid.Uint64Min(1).Draw(p.T, "variant-2")}
					for _, seed := range seeds {
						doc := writeFeedVariant(f, seed)
						ref, rerr := refDecode(doc)
						got, err := pDecode(p, doc)
						p.Stepf("feedsync.decode(variant %d: %q) → impl: %s; reference: %s", seed, doc, answer(got, err), answer(ref, rerr))
						if rerr != nil || itemsDiff(ref.Items, want.Items) != "" {
							p.Fatalf("harness: the reference reads variant %d differently from the plain one", seed)
						}
						switch {
						case err != nil:
							p.Fatalf("variant %d of a valid feed is refused (%v); expected it to decode", seed, err)
						case got.Format != want.Format:
							p.Fatalf("variant %d read as %q; expected %q", seed, got.Format, want.Format)
						case len(got.Violations) > 0:
							p.Fatalf("variant %d of a valid feed draws violations %s; expected none", seed, violationList(got.Violations))
						}
						if d := itemsDiff(got.Items, want.Items); d != "" {
							p.Fatalf("variant %d: %s (expected the reference's items, the same for every variant)", seed, d)
						}
					}
				})
			},
		},
		{
			ID:    "codec/feedsync/validate/mutations",
			Level: Must,
			Req: []string{"FS-VAL-1", "FS-VAL-3", "FS-VAL-4", "FS-VAL-5", "FS-DEC-8", "FS-NS-3", "FS-NS-4", "FS-LEX-1", "FS-LEX-2", "FS-LEX-3",
				"FS-LEX-4", "FS-LEX-5", "FS-SHARE-1", "FS-SHARE-2", "FS-SHARE-3", "FS-SHARE-4", "FS-REL-1", "FS-REL-2", "FS-REL-3", "FS-SYNC-1",
				"FS-SYNC-2", "FS-SYNC-3", "FS-SYNC-4", "FS-SYNC-5", "FS-SYNC-7", "FS-SYNC-8", "FS-HIST-1", "FS-HIST-2", "FS-HIST-3", "FS-CONF-1",
				"FS-CONF-2", "FS-CONF-3", "FS-CONF-4", "FS-CONF-5", "FS-CONF-6", "FS-HOST-1", "FS-HOST-2", "FS-HOST-3", "FS-HOST-4", "FS-CANON-10", "FS-CANON-13"},
			Flags: []string{"missed-violation", "case-folding", "lenient-integers", "lenient-dates", "report-order"},
			Description: "A random single mutation of a random valid feed (a missing, blank or malformed attribute, a duplicate id, a misplaced, " +
				"surplus or unknown element, a broken host element) decodes to the reference's items, and the implementation reports every violation ID the reference reports, in report order.",
			Ops: []string{"feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					what, got, ref, err := decodeMutatedFeed(p, rapid.Uint64())
					if err != nil {
						p.Fatalf("refused (%v) a well-formed document the reference decodes; expected it to decode and draw %s", err, violationList(ref.Violations))
					}
					gotIDs := reqSet(got.Violations)
					var missing []string
					for _, v := range ref.Violations {
						if !gotIDs[v.Req] && !slices.Contains(missing, v.Req) {
							missing = append(missing, v.Req)
						}
					}
					if len(missing) > 0 {
						p.Fatalf("%s: violations %s reported; expected every ID of the reference's %s, missing %s", what,
							violationList(got.Violations), violationList(ref.Violations), strings.Join(missing, " "))
					}
					if !reportOrdered(got.Violations) {
						p.Fatalf("report %s is not in order of line, then requirement ID (FS-VAL-5)", violationList(got.Violations))
					}
					// An invalid document's items have canonical bytes too ([FS-CANON-10] places a
					// second sx:sync; [FS-CANON-13]).
					if d := itemsDiff(got.Items, ref.Items); d != "" {
						p.Fatalf("%s: %s (expected the reference's items)", what, d)
					}
				})
			},
		},
		{
			ID:    "codec/feedsync/validate/mutation-lines",
			Level: Must,
			Req:   []string{"FS-VAL-2"},
			Flags: []string{"line-counting", "crlf"},
			Description: "For a random single mutation of a random valid feed, written with start tags over several lines, CR LF and lone CR line ends and " +
				"line feeds in comments and CDATA sections, the implementation reports each violation of the reference on the reference's line.",
			Ops: []string{"feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					what, got, ref, err := decodeMutatedFeed(p, rapid.Uint64Min(1))
					if err != nil {
						p.Fatalf("refused (%v) a well-formed document the reference decodes", err)
					}
					reported := map[Violation]bool{}
					for _, v := range got.Violations {
						reported[v] = true
					}
					for _, v := range ref.Violations {
						if !reported[v] {
							p.Fatalf("%s: report %s has no %s on line %d; expected the reference's %s", what, violationList(got.Violations), v.Req, v.Line, violationList(ref.Violations))
						}
					}
				})
			},
		},
		{
			ID:          "codec/feedsync/decode/junk",
			Level:       Must,
			Req:         []string{"FS-DEC-1", "FS-DEC-2", "FS-DEC-3", "FS-DEC-4", "FS-DEC-5", "FS-DEC-7", "FS-DEC-8"},
			Flags:       []string{"lenient-parser", "refusal-order", "crash-on-junk"},
			Description: "A random valid feed with one random corruption (truncation, deleted bytes, a changed byte, an inserted markup fragment) is refused with the reference's class and rule, or, when the reference decodes it, decodes to the reference's items and violation IDs.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					f := drawValidFeed(p.T, 0)
					doc, what := corrupt(p.T, writeFeedVariant(f, rapid.Uint64().Draw(p.T, "variant")))
					ref, rerr := refDecode(doc)
					got, err := pDecode(p, doc)
					p.Stepf("feedsync.decode(%s: %q) → impl: %s; reference: %s", what, doc, answer(got, err), answer(ref, rerr))
					if rerr != nil {
						rr, ok := rerr.(*Refusal)
						if !ok {
							p.Fatalf("harness: the reference fails: %v", rerr)
						}
						var r *Refusal
						switch {
						case err == nil:
							p.Fatalf("%s: decoded; expected refused %s [%s] (%s)", what, rr.Class, rr.Req, rr.Msg)
						case !errors.As(err, &r):
							p.Fatalf("%s: failed without a refusal (%v); expected refused %s [%s]", what, err, rr.Class, rr.Req)
						case r.Class != rr.Class || r.Req != rr.Req:
							p.Fatalf("%s: refused %s [%s]; expected %s [%s] (%s)", what, r.Class, r.Req, rr.Class, rr.Req, rr.Msg)
						}
						return
					}
					if err != nil {
						p.Fatalf("%s: refused (%v); the reference decodes it (%s)", what, err, answer(ref, nil))
					}
					expectDecodedAs(p, what, got, ref, "%s: %s", "the reference's ")
				})
			},
		},
		{
			ID:    "codec/feedsync/decode/beyond-limits",
			Level: Must,
			Req:   []string{"FS-DEC-6", "FS-DEC-7"},
			Flags: []string{"limit-class", "silent-truncation"},
			Description: "A random valid feed with one element just beyond a default decoding limit (depth, attributes, name or attribute length) " +
				"is refused as a limit error [FS-DEC-6] or decoded to the items and violation IDs the reference gives with its limits raised.",
			Ops: []string{"feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					f := drawValidFeed(p.T, 1)
					what := beyondLimit(p.T, f)
					doc := writeFeedVariant(f, rapid.Uint64().Draw(p.T, "variant"))
					want, werr := refDecodeLarge(doc)
					got, err := pDecode(p, doc)
					p.Stepf("feedsync.decode(a valid feed with %s, %d bytes) → impl: %s; reference with raised limits: %s", what, len(doc), answer(got, err), answer(want, werr))
					if werr != nil {
						p.Fatalf("harness: the reference with raised limits refuses the document: %v", werr)
					}
					if err != nil {
						var r *Refusal
						if !errors.As(err, &r) || r.Class != "limit" || r.Req != "FS-DEC-6" {
							p.Fatalf("%s: %s; expected limit [FS-DEC-6] or the document decoded", what, answer(nil, err))
						}
						return
					}
					expectDecodedAs(p, what, got, want, "%s: decoded, but %s (expected the items of a decoder with larger limits)", "")
				})
			},
		},
		{
			ID:          "codec/feedsync/canon/reembed",
			Level:       Must,
			Req:         []string{"FS-CANON-13", "FS-DEC-11", "FS-CANON-3", "FS-CANON-4", "FS-CANON-5"},
			Flags:       []string{"context-dependent-canonical", "prefix-matching"},
			Description: "The canonical bytes of each item of a random valid feed, put alone into another feed of the format (other prefixes, xml:space=\"preserve\" on the feed), decode to the same canonical bytes.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					f := drawValidFeed(p.T, 1)
					doc := writeFeedVariant(f, rapid.Uint64().Draw(p.T, "variant"))
					got, err := pDecode(p, doc)
					p.Stepf("feedsync.decode(%q) → impl: %s", doc, answer(got, err))
					if err != nil {
						p.Fatalf("a valid feed is refused: %v", err)
					}
					want, _ := refDecode(doc)
					if d := itemsDiff(got.Items, want.Items); d != "" {
						p.Fatalf("%s (expected the reference's items)", d)
					}
					for i, it := range got.Items {
						wrapper := rapid.IntRange(0, 2).Draw(p.T, "wrapper")
						inner := reembed(f.RSS, wrapper, string(it.Canonical))
						again, err := pDecode(p, inner)
						p.Stepf("feedsync.decode(item %d alone: %q) → impl: %s", i, inner, answer(again, err))
						if err != nil {
							p.Fatalf("item %d's canonical bytes in another feed are refused: %v", i, err)
						}
						if d := itemsDiff(again.Items, got.Items[i:i+1]); d != "" {
							p.Fatalf("item %d decoded from its own canonical bytes: %s", i, d)
						}
					}
				})
			},
		},
		{
			ID:    "codec/feedsync/encode/round-trip",
			Level: Must,
			Req:   []string{"FS-ENC-1", "FS-ENC-2", "FS-CANON-11", "FS-CANON-13"},
			Flags: []string{"layout", "not-idempotent", "model-loss"},
			Description: "The encoding of a random valid feed is the reference's byte for byte, " +
				"encodes again to the same bytes, and decodes to the same items as the feed.",
			Ops: []string{"feedsync.encode", "feedsync.decode"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					f := drawValidFeed(p.T, 0)
					doc := writeFeedVariant(f, rapid.Uint64().Draw(p.T, "variant"))
					want, rerr := encodeOf(Reference{}, doc)
					got, err := encodeOf(p.Impl(), doc)
					p.Stepf("feedsync.encode(%q) → impl: %q %v; reference: %q", doc, got, err, want)
					if rerr != nil {
						p.Fatalf("harness: the reference does not encode the feed: %v", rerr)
					}
					if err = p.Check(err); err != nil {
						p.Fatalf("encoding a valid feed refused: %v", err)
					}
					if got != want {
						p.Fatalf("document differs at byte %d: %q, expected %q", firstDiff(got, want), excerpt(got, want), excerpt(want, got))
					}
					again, err := encodeOf(p.Impl(), got)
					p.Stepf("feedsync.encode(the document above) → impl: %q %v", again, err)
					if err = p.Check(err); err != nil {
						p.Fatalf("the encoded document is refused: %v", err)
					}
					if again != got {
						p.Fatalf("encoding is not idempotent: differs at byte %d: %q, first encoding %q", firstDiff(again, got), excerpt(again, got), excerpt(got, again))
					}
					before, err1 := pDecode(p, doc)
					after, err2 := pDecode(p, got)
					p.Stepf("feedsync.decode(feed) → impl: %s; feedsync.decode(its encoding) → impl: %s", answer(before, err1), answer(after, err2))
					if err1 != nil || err2 != nil {
						p.Fatalf("decoding refused: %v %v", err1, err2)
					}
					if d := itemsDiff(after.Items, before.Items); d != "" {
						p.Fatalf("the encoding decodes to other items than the feed: %s", d)
					}
				})
			},
		},
	}
}

// reembed puts an item's canonical bytes alone into a feed of the format, in one of three
// wrappers: a plain feed, one whose feed element binds other prefixes and has
// xml:space="preserve" (which must not reach into the item, [FS-DEC-11]), one with indentation.
func reembed(rss bool, wrapper int, item string) string {
	if rss {
		switch wrapper {
		case 1:
			return `<rss version="2.0" xml:space="preserve" xmlns:sx="urn:not-feedsync"><channel><title>t</title><link>http://x.example/</link><description>d</description>` + "\n  " + item + "\n</channel></rss>"
		case 2:
			return "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n <channel>\n  <title>t</title>\n  <link>http://x.example/</link>\n  <description>d</description>\n  " + item + "\n </channel>\n</rss>\n"
		}
		return `<rss version="2.0"><channel><title>t</title><link>http://x.example/</link><description>d</description>` + item + `</channel></rss>`
	}
	switch wrapper {
	case 1:
		return `<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:sx="urn:not-feedsync" xmlns="urn:other" xml:space="preserve"><a:id>urn:x</a:id><a:title>t</a:title><a:updated>2008-01-01T00:00:00Z</a:updated>` + "\n  " + item + "\n</a:feed>"
	case 2:
		return "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>urn:x</id>\n  <title>t</title>\n  <updated>2008-01-01T00:00:00Z</updated>\n  " + item + "\n</feed>\n"
	}
	return `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` + item + `</feed>`
}

// Documents of the fixed cases. Each line of a document is one line of its text, so that the
// lines the cases expect can be read off.

const (
	fsNS       = `xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"`
	fsAtomHead = `<feed ` + fsNS + `><id>urn:x:f</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>` + "\n"
	fsHostEls  = `<title>t</title><updated>2008-01-01T00:00:00Z</updated>`
)

// fsEntry is an Atom entry on one line with an sx:sync whose attributes are id, updates="1"
// and attrs, and one history.
func fsEntry(id, attrs string) string {
	return `<entry><id>urn:x:` + id + `</id>` + fsHostEls + `<sx:sync id="` + id + `" updates="1"` + attrs + `><sx:history sequence="1" by="ana"/></sx:sync></entry>` + "\n"
}

var (
	// Booleans in other letter cases: FS-LEX-4 on lines 2–5, none on line 6.
	fsDocBooleans = fsAtomHead + fsEntry("b1", ` deleted="True"`) + fsEntry("b2", ` noconflicts="FALSE"`) + fsEntry("b3", ` deleted="TRUE"`) +
		fsEntry("b4", ` noconflicts="False"`) + fsEntry("b5", ` deleted="true" noconflicts="false"`) + "</feed>\n"

	// Lines: CRLF line ends, start tags over several lines, line feeds in a comment, a CDATA
	// section and an attribute value, and a character reference to a line feed.
	fsDocLines = strings.ReplaceAll(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:sx="http://feedsync.org/2007/feedsync">
  <id>urn:x:f</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>
  <!-- a comment
       over two lines -->
  <entry><id>urn:x:1</id><title><![CDATA[two
lines]]></title><updated>2008-01-01T00:00:00Z</updated>
    <x:note xmlns:x="urn:x" x:a="an attribute
over two lines"/>
    <sx:sync id="a"
             updates="one">
      <sx:history
        sequence="1"/>
    </sx:sync>
  </entry>
  <entry><id>urn:x:2</id><title>x&#10;y</title><updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="a" updates="1"><sx:history sequence="1" by="ana"/></sx:sync>
    <sx:bogus/>
  </entry>
</feed>
`, "\n", "\r\n")

	// Report order: several violations on line 3, one each on lines 2 and 4.
	fsDocOrder = fsAtomHead + `<sx:sharing since="2008-01-01T00:00:00Z"/>` + "\n" +
		`<entry><id>urn:x:1</id>` + fsHostEls + `<sx:sync id="b" deleted="yes"><sx:history by="ana"/><sx:conflicts/><sx:bogus/></sx:sync></entry>` + "\n" +
		`<entry><title>t</title><updated>2008-01-01T00:00:00Z</updated><sx:sync id="c" updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry>` + "\n" +
		"</feed>\n"

	// Violations inside conflict items.
	fsDocConflictItems = fsAtomHead +
		`<entry><id>urn:x:c</id>` + fsHostEls + `<sx:sync id="c" updates="3"><sx:history sequence="3" by="ana"/><sx:conflicts>` + "\n" +
		`<entry><id>urn:x:c1</id>` + fsHostEls + `<sx:sync id="c" updates="2" deleted="yes"><sx:history sequence="2" by="bob"/></sx:sync></entry>` + "\n" +
		`<entry><id>urn:x:c2</id><updated>2008-01-01T00:00:00Z</updated><sx:sync id="c" updates="2"><sx:history by="eve"/></sx:sync></entry>` + "\n" +
		`<entry><id>urn:x:c3</id>` + fsHostEls + `<sx:sync id="d" updates="1"><sx:history sequence="1" when="2008-02-30T00:00:00Z"/></sx:sync></entry>` + "\n" +
		`</sx:conflicts></sx:sync></entry>` + "\n</feed>\n"

	// Duplicate ids: "a" on lines 2, 4 and 7 (and in a conflict item, line 8); "A", "x%41" and
	// "xA" are other ids.
	fsDocDuplicates = fsAtomHead + fsEntry("a", "") + fsEntry("A", "") + fsEntry("a", "") + fsEntry("x%41", "") + fsEntry("xA", "") +
		`<entry><id>urn:x:a2</id>` + fsHostEls + `<sx:sync id="a" updates="2"><sx:history sequence="2" by="bob"/><sx:conflicts>` + "\n" +
		`<entry><id>urn:x:a3</id>` + fsHostEls + `<sx:sync id="a" updates="2"><sx:history sequence="2" by="eve"/></sx:sync></entry>` + "\n" +
		`</sx:conflicts></sx:sync></entry>` + "\n</feed>\n"

	// SHOULD-level findings only: since and until not date-times, updates above the topmost
	// sequence, a history without by and one without when, noconflict, noconflicts with
	// conflicts, two equal conflict items.
	fsDocShouldOnly = `<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync"><channel><title>t</title><link>http://x.example/</link><description>d</description>` + "\n" +
		`<sx:sharing since="b" until="c"/>` + "\n" +
		`<item><title>t</title><sx:sync id="1" updates="3" noconflict="true"><sx:history sequence="2" by="ana"/><sx:history sequence="1" when="2008-01-01T00:00:00Z"/></sx:sync></item>` + "\n" +
		`<item><title>u</title><sx:sync id="2" updates="2" noconflicts="true"><sx:history sequence="2" when="2008-01-01T00:00:00Z" by="ana"/><sx:conflicts>` +
		`<item><title>v</title><sx:sync id="2" updates="1"><sx:history sequence="1" by="bob"/></sx:sync></item>` +
		`<item><title>v</title><sx:sync id="2" updates="1"><sx:history sequence="1" by="bob"/></sx:sync></item></sx:conflicts></sx:sync></item>` + "\n" +
		"</channel></rss>\n"

	// Blank attributes: one FS-LEX-1 per attribute and nothing that needs the value.
	fsDocBlanks = fsAtomHead + `<sx:sharing since="zz" until="  "/>` + "\n" +
		`<entry><id>urn:x:1</id>` + fsHostEls + `<sx:sync id="  " updates=" ">` + "\n" +
		`<sx:history sequence="" when=""/></sx:sync></entry>` + "\n" +
		`<entry><id>urn:x:2</id>` + fsHostEls + `<sx:sync id="  " updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry>` + "\n" +
		"</feed>\n"

	// One item, the FeedSync namespace under four spellings.
	fsItemAnyPrefix = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:x:1</id><title>T</title><updated>2008-01-01T00:00:00Z</updated>` +
		`<sx:sync id="p" updates="2"><sx:history by="ana" sequence="2"/><sx:history by="bob" sequence="1"/></sx:sync></entry>`
	fsDocsAnyPrefix = []string{
		fsAtomHead + `<entry><id>urn:x:1</id><title>T</title><updated>2008-01-01T00:00:00Z</updated><sx:sync id="p" updates="2"><sx:history sequence="2" by="ana"/><sx:history sequence="1" by="bob"/></sx:sync></entry></feed>`,
		`<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:atom="http://feedsync.org/2007/feedsync"><a:id>urn:x:f</a:id><a:title>f</a:title><a:updated>2008-01-01T00:00:00Z</a:updated>` +
			`<a:entry><a:id>urn:x:1</a:id><a:title>T</a:title><a:updated>2008-01-01T00:00:00Z</a:updated><atom:sync id="p" updates="2"><atom:history sequence="2" by="ana"/><atom:history sequence="1" by="bob"/></atom:sync></a:entry></a:feed>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:f</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>` +
			`<entry><id>urn:x:1</id><title>T</title><updated>2008-01-01T00:00:00Z</updated><sync xmlns="http://feedsync.org/2007/feedsync" updates="2" id="p"><history sequence="2" by="ana"/><history sequence="1" by="bob"/></sync></entry></feed>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="urn:not-feedsync"><id>urn:x:f</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>` +
			`<entry xmlns:f="http://feedsync.org/2007/feedsync"><id>urn:x:1</id><title>T</title><updated>2008-01-01T00:00:00Z</updated><f:sync id="p" updates="2"><g:history xmlns:g="http://feedsync.org/2007/feedsync" sequence="2" by="ana"/><f:history sequence="1" by="bob"/></f:sync></entry></feed>`,
	}

	// Histories out of sequence order, attributes in reverse order.
	fsDocHistoryOrder = fsAtomHead + `<entry><id>urn:x:1</id>` + fsHostEls +
		`<sx:sync updates="5" id="h"><sx:history by="ana" when="2008-01-05T00:00:00Z" sequence="5"/><sx:history by="bob" sequence="2"/>` +
		`<sx:history when="2008-01-04T00:00:00Z" sequence="4" by="ana"/><sx:history sequence="1" by="eve"/></sx:sync></entry></feed>`
	fsItemHistoryOrder = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:x:1</id>` + fsHostEls +
		`<sx:sync id="h" updates="5"><sx:history by="ana" sequence="5" when="2008-01-05T00:00:00Z"/><sx:history by="bob" sequence="2"/>` +
		`<sx:history by="ana" sequence="4" when="2008-01-04T00:00:00Z"/><sx:history by="eve" sequence="1"/></sx:sync></entry>`

	// Whitespace: indentation dropped, text and preserve contexts kept.
	fsDocWhitespace = `<feed ` + fsNS + `>
  <id>urn:x:f</id>
  <title>f</title>
  <updated>2008-01-01T00:00:00Z</updated>
  <entry>
    <id>urn:x:1</id>
    <title type="text">  Fish  </title>
    <summary>a <b xmlns="urn:x">bold</b> c</summary>
    <x:pre xmlns:x="urn:x" xml:space="preserve">
      <x:a/>
    </x:pre>
    <x:blank xmlns:x="urn:x">   </x:blank>
    <updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="w" updates="1">
      <sx:history sequence="1" by="ana">
      </sx:history>
    </sx:sync>
  </entry>
</feed>
`
	fsItemWhitespace = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:n1="urn:x"><id>urn:x:1</id>` +
		`<title type="text">  Fish  </title><summary>a <n1:b>bold</n1:b> c</summary><n1:pre xml:space="preserve">` + "\n      <n1:a/>\n    " +
		`</n1:pre><n1:blank/><updated>2008-01-01T00:00:00Z</updated><sx:sync id="w" updates="1"><sx:history by="ana" sequence="1"/></sx:sync></entry>`

	// Item context: xml:space="preserve" on the feed does not reach into its entries; an
	// entry's own xml:space does.
	fsDocItemContext = `<feed ` + fsNS + ` xml:space="preserve">
  <id>urn:x:f</id>
  <title>f</title>
  <updated>2008-01-01T00:00:00Z</updated>
  <entry>
    <id>urn:x:1</id>
    <title>t</title>
    <updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="i" updates="1">
      <sx:history sequence="1" by="ana"/>
    </sx:sync>
  </entry>
  <entry xml:space="preserve">
    <id>urn:x:2</id>
    <title>t</title>
    <updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="j" updates="1"><sx:history sequence="1" by="ana"/></sx:sync>
  </entry>
</feed>
`
	fsItemContextI = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:x:1</id>` + fsHostEls +
		`<sx:sync id="i" updates="1"><sx:history by="ana" sequence="1"/></sx:sync></entry>`

	// Attribute-value normalization and line ends: literal tab, line feed and CR LF in
	// attribute values are spaces, references to them are the characters; in text a literal
	// CR LF is a line feed and a reference to CR is CR.
	fsDocNormalization = fsAtomHead + `<entry><id>urn:x:1</id>` + fsHostEls +
		"<x:n xmlns:x=\"urn:x\" a=\"tab\there\" b=\"line\nbreak\" c=\"&#9;&#10;&#13;\" d=\"crlf\r\nend\" e='&lt;&amp;&gt;\"'>text&#13;\r\nmore\tend&gt;</x:n>" +
		`<sx:sync id="n" updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry></feed>`
	fsItemNormalization = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:n1="urn:x"><id>urn:x:1</id>` + fsHostEls +
		`<n1:n a="tab here" b="line break" c="&#x9;&#xA;&#xD;" d="crlf end" e="&lt;&amp;>&quot;">text&#xD;` + "\nmore\tend&gt;</n1:n>" +
		`<sx:sync id="n" updates="1"><sx:history by="ana" sequence="1"/></sx:sync></entry>`
)

// Text merged across a comment, a CDATA section, a reference, a processing instruction and
// the item's sx:sync, which moves last ([FS-DEC-12], [FS-CANON-10]).
var (
	fsDocTextMerge = fsAtomHead + `<entry><id>urn:x:1</id>` + fsHostEls + `a<sx:sync id="m" updates="1"><sx:history sequence="1" by="ana"/></sx:sync>` +
		`b<!--c-->c<![CDATA[d]]>&#101;<?pi?>f</entry></feed>`
	fsItemTextMerge = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:x:1</id>` + fsHostEls +
		`abcdef<sx:sync id="m" updates="1"><sx:history by="ana" sequence="1"/></sx:sync></entry>`

	// An item with two sx:sync: the first is its sync element, the second stays in place as
	// markup, and the sync element is written just before it (FS-CANON-10).
	fsDocSecondSync = fsAtomHead + `<entry xmlns:x="urn:x"><id>urn:x:1</id>` + fsHostEls +
		`<sx:sync id="s1" updates="1"><sx:history sequence="1" by="ana"/></sx:sync><x:a/>` + "\n" +
		`<sx:sync id="s2" updates="1"><sx:history sequence="1" by="bob"/></sx:sync><x:b/></entry></feed>`
	fsItemSecondSync = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:n1="urn:x"><id>urn:x:1</id>` + fsHostEls +
		`<n1:a/><sx:sync id="s1" updates="1"><sx:history by="ana" sequence="1"/></sx:sync><sx:sync id="s2" updates="1"><sx:history by="bob" sequence="1"/></sx:sync><n1:b/></entry>`
)

// Documents of the encoding cases (through feedsync.encode).
var (
	fsDocLayout = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:x:f</id>` +
		`<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a</p> <p>b</p></div></title><updated>2008-01-01T00:00:00Z</updated>` +
		`<author><name>Ana</name></author><entry><id>urn:x:1</id><title>T</title><summary>mixed <b xmlns="urn:x">c</b></summary>` +
		`<updated>2008-01-01T00:00:00Z</updated><sx:sync id="e" updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry></feed>`
	fsEncLayout = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:n1="urn:x">
  <id>urn:x:f</id>
  <title type="xhtml"><xhtml:div><xhtml:p>a</xhtml:p> <xhtml:p>b</xhtml:p></xhtml:div></title>
  <updated>2008-01-01T00:00:00Z</updated>
  <author>
    <name>Ana</name>
  </author>
  <entry>
    <id>urn:x:1</id>
    <title>T</title>
    <summary>mixed <n1:b>c</n1:b></summary>
    <updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="e" updates="1">
      <sx:history by="ana" sequence="1"/>
    </sx:sync>
  </entry>
</feed>
`

	fsDocSharingFirst = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:x:f</id>` +
		`<entry><id>urn:x:1</id><title>T</title><updated>2008-01-01T00:00:00Z</updated><sx:sync id="e1" updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry>` +
		`<title>f</title><sx:sharing until="2008-02-01T00:00:00Z" since="2008-01-01T00:00:00Z"><x:ext xmlns:x="urn:x">e</x:ext><sx:related type="complete" link="http://x.example/all"/></sx:sharing>` +
		`<updated>2008-01-01T00:00:00Z</updated><x:f xmlns:x="urn:x">g</x:f>` +
		`<entry><id>urn:x:2</id><title>U</title><updated>2008-01-01T00:00:00Z</updated><sx:sync id="e2" updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry></feed>`
	fsEncSharingFirst = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:n1="urn:x">
  <sx:sharing since="2008-01-01T00:00:00Z" until="2008-02-01T00:00:00Z">
    <sx:related link="http://x.example/all" type="complete"/>
    <n1:ext>e</n1:ext>
  </sx:sharing>
  <id>urn:x:f</id>
  <title>f</title>
  <updated>2008-01-01T00:00:00Z</updated>
  <n1:f>g</n1:f>
  <entry>
    <id>urn:x:1</id>
    <title>T</title>
    <updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="e1" updates="1">
      <sx:history by="ana" sequence="1"/>
    </sx:sync>
  </entry>
  <entry>
    <id>urn:x:2</id>
    <title>U</title>
    <updated>2008-01-01T00:00:00Z</updated>
    <sx:sync id="e2" updates="1">
      <sx:history by="ana" sequence="1"/>
    </sx:sync>
  </entry>
</feed>
`
)

// parseReport reads "LINE:REQ LINE:REQ …".
func parseReport(s string) []Violation {
	var out []Violation
	for _, f := range strings.Fields(s) {
		var v Violation
		line, req, _ := strings.Cut(f, ":")
		fmt.Sscan(line, &v.Line)
		v.Req = req
		out = append(out, v)
	}
	return out
}

// expectReport checks a report against the expected violations: each expected one is reported
// (as often as expected); for the IDs in exact, nothing else is reported; the IDs in forbid
// are not reported at all.
func expectReport(t *T, what string, got []Violation, want string, exact, forbid []string) {
	count := func(vs []Violation) map[Violation]int {
		m := map[Violation]int{}
		for _, v := range vs {
			m[v]++
		}
		return m
	}
	wantV := parseReport(want)
	g, w := count(got), count(wantV)
	for _, v := range wantV {
		if g[v] < w[v] {
			t.Errorf("%s: report %s; expected it to include %d:%s (%d times)", what, violationList(got), v.Line, v.Req, w[v])
			g[v] = w[v] // report once
		}
	}
	for _, v := range got {
		switch {
		case slices.Contains(forbid, v.Req):
			t.Errorf("%s: report %s includes %d:%s; expected no %s here", what, violationList(got), v.Line, v.Req, v.Req)
		case slices.Contains(exact, v.Req) && g[v] > w[v]:
			t.Errorf("%s: report %s includes %d:%s %d times; expected %d", what, violationList(got), v.Line, v.Req, g[v], w[v])
			g[v] = w[v]
		}
	}
}

// expectItems checks decoded items against the expected sx:sync ids and canonical bytes.
func expectItems(t *T, what string, got []FeedItem, want ...string) {
	var items []FeedItem
	for i := 0; i+1 < len(want); i += 2 {
		items = append(items, FeedItem{SyncID: want[i], Canonical: []byte(want[i+1])})
	}
	if d := itemsDiff(got, items); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

// reportCase is a fixed case that decodes one document and checks its report.
func reportCase(id string, level Level, req, flags []string, desc, doc, want string, exact, forbid []string) Case {
	return Case{ID: id, Level: level, Req: req, Flags: flags, Description: desc, Ops: []string{"feedsync.decode"},
		Run: func(t *T) {
			f := decodeOK(t, areaOf[FeedsImpl](t), id, []byte(doc))
			expectReport(t, "feedsync.decode", f.Violations, want, exact, forbid)
		}}
}

// itemCase is a fixed case that decodes documents, each with no violation, and checks their
// items.
func itemCase(id string, req, flags []string, desc string, docs []string, items ...string) Case {
	return Case{ID: id, Level: Must, Req: req, Flags: flags, Description: desc, Ops: []string{"feedsync.decode"},
		Run: func(t *T) {
			fi := areaOf[FeedsImpl](t)
			for i, doc := range docs {
				what := fmt.Sprintf("document %d", i+1)
				f := decodeOK(t, fi, what, []byte(doc))
				if len(f.Violations) > 0 {
					t.Errorf("%s: report %s; expected no violation", what, violationList(f.Violations))
				}
				expectItems(t, what, f.Items, items...)
			}
		}}
}

// limitDocs are documents at the limits every implementation accepts ([FS-DEC-6]), by name.
func limitDocs() [][2]string {
	entry := func(inner string) string {
		return fsAtomHead + `<entry xmlns:x="urn:x"><id>urn:x:1</id>` + fsHostEls + inner +
			`<sx:sync id="l" updates="1"><sx:history sequence="1" by="ana"/></sx:sync></entry></feed>`
	}
	var attrs strings.Builder
	for i := range 256 {
		fmt.Fprintf(&attrs, ` a%d="%d"`, i, i)
	}
	p, l := strings.Repeat("p", 1024), strings.Repeat("l", 1024)
	return [][2]string{
		{"depth 128", entry(strings.Repeat("<x:d>", 126) + "deep" + strings.Repeat("</x:d>", 126))},
		{"256 attributes on one start tag", entry("<x:m" + attrs.String() + "/>")},
		{"a prefix and a local name of 1024 bytes", entry("<" + p + ":" + l + " xmlns:" + p + `="urn:y">t</` + p + ":" + l + ">")},
		{"an attribute value of 65536 bytes (32768 × é)", entry(`<x:v a="` + strings.Repeat("é", 32768) + `"/>`)},
	}
}

func feedsyncFixedCases() []Case {
	return []Case{
		reportCase("codec/feedsync/lex/boolean-case", Must, []string{"FS-LEX-4", "FS-VAL-1"}, []string{"case-folding"},
			"deleted and noconflicts written True, FALSE, TRUE and False are each reported as FS-LEX-4 on their sx:sync's line; true and false are not.",
			fsDocBooleans, "2:FS-LEX-4 3:FS-LEX-4 4:FS-LEX-4 5:FS-LEX-4", []string{"FS-LEX-4"}, nil),
		reportCase("codec/feedsync/validate/lines", Must, []string{"FS-VAL-2"}, []string{"line-counting", "crlf"},
			"In a document with CR LF line ends, start tags over several lines and line feeds inside a comment, a CDATA section and an attribute value, each violation names the line of its element's '<'.",
			fsDocLines, "11:FS-LEX-3 13:FS-HIST-3 18:FS-SYNC-4 19:FS-NS-3", []string{"FS-LEX-3", "FS-HIST-3", "FS-SYNC-4", "FS-NS-3"}, nil),
		{
			ID: "codec/feedsync/validate/report-order", Level: Must, Req: []string{"FS-VAL-5", "FS-VAL-1"}, Flags: []string{"report-order"},
			Description: "Five violations on one line and one each on the lines before and after are reported in order of line, then requirement ID.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				f := decodeOK(t, areaOf[FeedsImpl](t), "report-order", []byte(fsDocOrder))
				expectReport(t, "feedsync.decode", f.Violations, "2:FS-SHARE-3 3:FS-CONF-6 3:FS-HIST-2 3:FS-LEX-4 3:FS-NS-3 3:FS-SYNC-5 4:FS-HOST-2", nil, nil)
				if !reportOrdered(f.Violations) {
					t.Errorf("feedsync.decode: report %s; expected the order of line, then ID: 2:FS-SHARE-3 3:FS-CONF-6 3:FS-HIST-2 3:FS-LEX-4 3:FS-NS-3 3:FS-SYNC-5 4:FS-HOST-2", violationList(f.Violations))
				}
			},
		},
		reportCase("codec/feedsync/validate/conflict-items", Must, []string{"FS-VAL-1", "FS-CONF-4", "FS-HOST-2", "FS-LEX-4", "FS-LEX-5", "FS-HIST-2"}, []string{"conflicts-not-validated"},
			"Violations inside conflict items (a bad boolean, a missing sequence and atom:title, another id, an impossible date) are reported like those of top-level items.",
			fsDocConflictItems, "3:FS-LEX-4 4:FS-HIST-2 4:FS-HOST-2 5:FS-CONF-4 5:FS-LEX-5", nil, nil),
		reportCase("codec/feedsync/validate/duplicate-ids", Must, []string{"FS-SYNC-4", "FS-VAL-2"}, []string{"duplicate-not-reported", "case-folding", "escape-normalization"},
			"Three top-level items with the id a give FS-SYNC-4 on the second and third sx:sync; A, x%41 and xA are other ids, and a conflict item's id is no duplicate.",
			fsDocDuplicates, "4:FS-SYNC-4 7:FS-SYNC-4", []string{"FS-SYNC-4"}, nil),
		{
			ID: "codec/feedsync/validate/should-not-violation", Level: Must, Req: []string{"FS-VAL-6", "FS-SYNC-9"}, Flags: []string{"should-as-must", "updates-vs-history"},
			Description: "An RSS feed with only SHOULD-level findings (updates above the topmost sequence, a history without by or when, noconflict, conflicts under noconflicts, equal conflict items, a window not in date-times) draws no violation.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				f := decodeOK(t, areaOf[FeedsImpl](t), "should-only", []byte(fsDocShouldOnly))
				if len(f.Violations) > 0 {
					t.Errorf("feedsync.decode: report %s; expected no violation (SHOULD-level findings only)", violationList(f.Violations))
				}
				if f.Format != "rss" || len(f.Items) != 2 {
					t.Errorf("feedsync.decode: %s; expected rss with the items 1 and 2", answer(f, nil))
				}
			},
		},
		reportCase("codec/feedsync/validate/one-per-attribute", Must, []string{"FS-VAL-3", "FS-LEX-1", "FS-HIST-3", "FS-SHARE-4", "FS-SYNC-4"}, []string{"cascading-violations", "blank-as-absent"},
			"Blank attributes are reported once each as FS-LEX-1 and not as absent, malformed, out of order or duplicate.",
			fsDocBlanks, "2:FS-LEX-1 3:FS-LEX-1 3:FS-LEX-1 4:FS-LEX-1 4:FS-LEX-1 5:FS-LEX-1", []string{"FS-LEX-1"},
			[]string{"FS-SHARE-4", "FS-LEX-2", "FS-LEX-3", "FS-LEX-5", "FS-SYNC-3", "FS-SYNC-4", "FS-SYNC-5", "FS-HIST-2", "FS-HIST-3"}),
		itemCase("codec/feedsync/ns/any-prefix", []string{"FS-NS-1", "FS-CANON-3"}, []string{"prefix-matching"},
			"The FeedSync namespace bound to sx, to atom (with Atom under a), as the default namespace of sx:sync, and to two prefixes declared on the entry and the history gives one item with the same canonical bytes.",
			fsDocsAnyPrefix, "p", fsItemAnyPrefix),
		itemCase("codec/feedsync/canon/history-order", []string{"FS-CANON-10", "FS-CANON-6", "FS-CANON-12"}, []string{"history-order", "attribute-order"},
			"Histories with sequences 5, 2, 4, 1 keep that order in the canonical bytes, with every element's attributes sorted by name.",
			[]string{fsDocHistoryOrder}, "h", fsItemHistoryOrder),
		itemCase("codec/feedsync/canon/whitespace", []string{"FS-DEC-11", "FS-CANON-1"}, []string{"whitespace"},
			"Indentation between elements is dropped, whitespace in text, mixed content and xml:space=\"preserve\" is kept, and an element holding only whitespace becomes empty.",
			[]string{fsDocWhitespace}, "w", fsItemWhitespace),
		{
			ID: "codec/feedsync/canon/item-context", Level: Must, Req: []string{"FS-DEC-11", "FS-CANON-13"}, Flags: []string{"context-dependent-canonical", "whitespace"},
			Description: "xml:space=\"preserve\" on the feed does not reach into its entries, whose indentation is dropped, while an entry's own xml:space=\"preserve\" keeps it.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				f := decodeOK(t, areaOf[FeedsImpl](t), "item-context", []byte(fsDocItemContext))
				if len(f.Items) != 2 {
					t.Fatalf("feedsync.decode: %s; expected the items i and j", answer(f, nil))
				}
				expectItems(t, "feedsync.decode", f.Items[:1], "i", fsItemContextI)
				if j := string(f.Items[1].Canonical); !strings.Contains(j, "\n    <id>urn:x:2</id>\n    <title>t</title>") {
					t.Errorf("feedsync.decode: item j %q; expected its own xml:space=\"preserve\" to keep its whitespace", j)
				}
			},
		},
		itemCase("codec/feedsync/canon/attribute-normalization", []string{"FS-DEC-10", "FS-CANON-7", "FS-CANON-8"}, []string{"attribute-normalization", "character-references", "line-ends"},
			"Literal tab, line feed and CR LF in attribute values read as spaces and references to them as the characters, escaped in the canonical bytes; in text CR LF is a line feed and &#13; a carriage return.",
			[]string{fsDocNormalization}, "n", fsItemNormalization),
		itemCase("codec/feedsync/canon/text-merge", []string{"FS-DEC-12", "FS-DEC-13", "FS-CANON-2", "FS-CANON-10"}, []string{"text-not-merged", "comments"},
			"Text around an entry's sx:sync and split by a comment, a CDATA section, a character reference and a processing instruction is one text node, abcdef, before sx:sync.",
			[]string{fsDocTextMerge}, "m", fsItemTextMerge),
		{
			ID: "codec/feedsync/canon/second-sync", Level: Must, Req: []string{"FS-DEC-14", "FS-CANON-10", "FS-SYNC-2", "FS-CANON-13"}, Flags: []string{"last-sync-wins", "sync-placement"},
			Description: "An entry with two sx:sync has the first as its sync element (id s1), draws FS-SYNC-2 on the second, and its canonical bytes put the sync element just before the second, which stays in place.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				f := decodeOK(t, areaOf[FeedsImpl](t), "second-sync", []byte(fsDocSecondSync))
				expectReport(t, "feedsync.decode", f.Violations, "3:FS-SYNC-2", []string{"FS-SYNC-2"}, nil)
				expectItems(t, "feedsync.decode", f.Items, "s1", fsItemSecondSync)
			},
		},
		{
			ID: "codec/feedsync/decode/encoding-declaration", Level: Must, Req: []string{"FS-DEC-1"}, Flags: []string{"encoding-aliases", "bom"},
			Description: "utf-8 in any letter case, a UTF-8 byte order mark with or without a declaration, and no declaration are accepted; utf8, US-ASCII, " +
				"UTF-16 and latin1 declarations and UTF-16 byte order marks of either order are refused as encoding [FS-DEC-1].",
			Ops: []string{"feedsync.decode"},
			Run: func(t *T) {
				fi := areaOf[FeedsImpl](t)
				body := `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated></feed>`
				for _, prefix := range []string{`<?xml version="1.0" encoding="utf-8"?>`, `<?xml version="1.0" encoding="Utf-8"?>`, "\uFEFF" + `<?xml version="1.0" encoding="UTF-8"?>`,
					"\uFEFF", "", `<?xml version="1.0" standalone="no" ?>`} {
					f := decodeOK(t, fi, fmt.Sprintf("%q + feed", prefix), []byte(prefix+body))
					if f.Format != "atom" {
						t.Errorf("feedsync.decode(%q + feed) → %s; expected atom", prefix, answer(f, nil))
					}
				}
				for _, prefix := range []string{`<?xml version="1.0" encoding="utf8"?>`, `<?xml version="1.0" encoding="US-ASCII"?>`, `<?xml version="1.0" encoding="UTF-16"?>`,
					`<?xml version='1.0' encoding='latin1'?>`, "\xfe\xff", "\xff\xfe"} {
					f, err := fi.DecodeFeed([]byte(prefix + body))
					var r *Refusal
					switch {
					case isUnimplemented(err):
						t.Unimplementedf("feedsync.decode: %v", err)
					case !errors.As(err, &r) || r.Class != "encoding" || r.Req != "FS-DEC-1":
						t.Errorf("feedsync.decode(%q + feed) → %s; expected refused encoding [FS-DEC-1]", prefix, answer(f, err))
					}
				}
			},
		},
		{
			ID: "codec/feedsync/decode/limits-minima", Level: Must, Req: []string{"FS-DEC-6"}, Flags: []string{"limit-too-low", "chars-not-bytes"},
			Description: "Documents exactly at the interoperability minima (depth 128, 256 attributes, names of 1024 bytes, an attribute value of 65536 bytes) decode to the reference's item.",
			Ops:         []string{"feedsync.decode"},
			Run: func(t *T) {
				fi := areaOf[FeedsImpl](t)
				for _, d := range limitDocs() {
					want, err := refDecode(d[1])
					if err != nil {
						t.Fatalf("harness: the reference refuses %s: %v", d[0], err)
					}
					got, err := fi.DecodeFeed([]byte(d[1]))
					if isUnimplemented(err) {
						t.Unimplementedf("feedsync.decode: %v", err)
					}
					if err != nil || got == nil {
						t.Errorf("feedsync.decode(%s) → %s; expected it to decode: the limit is a minimum", d[0], answer(got, err))
						continue
					}
					if diff := itemsDiff(got.Items, want.Items); diff != "" {
						t.Errorf("feedsync.decode(%s): %s", d[0], diff)
					}
				}
			},
		},
		encodeCase("codec/feedsync/encode/document-layout", []string{"FS-ENC-1", "FS-CANON-1", "FS-CANON-4"}, []string{"layout", "indent-mixed-content"},
			"A feed with an XHTML title, nested foreign markup and mixed content is written with the XML declaration, two-space indentation only where decoding drops whitespace, and a final line feed.",
			fsDocLayout, fsEncLayout),
		encodeCase("codec/feedsync/encode/sharing-first", []string{"FS-CANON-11"}, []string{"sharing-placement"},
			"A feed whose sx:sharing stands between its items, with sx:related after foreign markup, is written with sx:sharing first (sx:related before the foreign markup), the host's other children next and the items last.",
			fsDocSharingFirst, fsEncSharingFirst),
	}
}

// encodeCase is a fixed case that asks for the encoding of a document (feedsync.encode) and
// checks the bytes.
func encodeCase(id string, req, flags []string, desc, doc, want string) Case {
	return Case{ID: id, Level: Must, Req: req, Flags: flags, Description: desc, Ops: []string{"feedsync.encode"},
		Run: func(t *T) {
			got, err := encodeOf(t.Impl(), doc)
			switch {
			case isUnimplemented(err):
				t.Unimplementedf("feedsync.encode: %v", err)
			case err != nil:
				t.Fatalf("feedsync.encode(the document) → %v; expected its encoding", err)
			case got != want:
				t.Errorf("feedsync.encode(the document): differs at byte %d: %q; expected %q",
					firstDiff(got, want), excerpt(got, want), excerpt(want, got))
			}
		}}
}
