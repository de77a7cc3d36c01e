package feedsync

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The mutation catalogue: targeted breaches of one rule each, applied to random valid feeds.
// genValidFeed draws feeds that Validate accepts (unlike genFeed of gen_test.go, whose
// FeedSync values and foreign names are only plausible); every mutation then makes the feed
// break the rule it names, and Validate must report that rule on a line of the encoded
// document whose text shows the element concerned.

var (
	mutForeignNS    = []string{"urn:example:a", "http://purl.org/dc/elements/1.1/", "urn:ünï:çødé"}
	mutForeignLocal = []string{"a", "note", "title", "sync", "history", "x-y", "名前"}
	mutEndpoints    = []string{"laptop.ana", "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ", "urn:uuid:1f0e;id=7", "a%2Fb", "mesh/cloud?x#y", "REO1750"}
)

func atomEl(local string, kids ...Node) *Element {
	return &Element{Name: xml.Name{Space: AtomNamespace, Local: local}, Children: nonEmpty(kids)}
}

func rssEl(local string, kids ...Node) *Element {
	return &Element{Name: xml.Name{Local: local}, Children: nonEmpty(kids)}
}

func sxEl(local string, attrs ...string) *Element {
	el := &Element{Name: xml.Name{Space: Namespace, Local: local}}
	for i := 0; i+1 < len(attrs); i += 2 {
		el.Attrs = append(el.Attrs, Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return el
}

// genForeign draws a foreign element: never in the FeedSync namespace, with element children
// and text that never touch FeedSync names.
func genForeign(t *rapid.T, label string, depth int) *Element {
	el := &Element{Name: xml.Name{
		Space: rapid.SampledFrom(mutForeignNS).Draw(t, label+"-ns"),
		Local: rapid.SampledFrom(mutForeignLocal).Draw(t, label+"-local"),
	}}
	if rapid.Bool().Draw(t, label+"-attr") {
		el.Attrs = []Attr{{Name: xml.Name{Local: "k"}, Value: genText(t, label+"-v")}}
	}
	if depth > 0 && rapid.Bool().Draw(t, label+"-child") {
		el.Children = []Node{genForeign(t, label+"-c", depth-1)}
	} else if rapid.Bool().Draw(t, label+"-text") {
		el.Children = []Node{Text(genText(t, label+"-t"))}
	}
	return el
}

func genForeignList(t *rapid.T, label string, max int) []Node {
	var out []Node
	for i := rapid.IntRange(0, max).Draw(t, label+"-n"); i > 0; i-- {
		out = append(out, genForeign(t, label, 1))
	}
	return out
}

func genDateTime(t *rapid.T, label string) string {
	year := rapid.IntRange(1, 9999).Draw(t, label+"-y")
	month := rapid.IntRange(1, 12).Draw(t, label+"-m")
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, rapid.IntRange(1, days).Draw(t, label+"-d"),
		rapid.IntRange(0, 23).Draw(t, label+"-h"), rapid.IntRange(0, 59).Draw(t, label+"-min"), rapid.IntRange(0, 59).Draw(t, label+"-s"))
}

func genInt31(t *rapid.T, label string, max int) int {
	if rapid.IntRange(0, 4).Draw(t, label+"-big") == 0 {
		return rapid.IntRange(1, max).Draw(t, label)
	}
	return rapid.IntRange(1, min(max, 9)).Draw(t, label+"-small")
}

// genValidItem draws an item of the format whose sx:sync (if any) has the given id;
// conflicts says whether it may have sx:conflicts.
func genValidItem(t *rapid.T, format Format, id string, synced, conflicts bool) *Item {
	var el *Element
	if format == Atom {
		el = atomEl("entry", atomEl("id", Text("urn:uuid:"+id)), atomEl("title", Text(genText(t, "title"))), atomEl("updated", Text(genDateTime(t, "updated"))))
	} else {
		switch rapid.IntRange(0, 2).Draw(t, "rss-item-kind") {
		case 0:
			el = rssEl("item", rssEl("title", Text(genText(t, "title"))))
		case 1:
			el = rssEl("item", rssEl("description", Text(genText(t, "description"))))
		default:
			el = rssEl("item", rssEl("title", Text(genText(t, "title"))), rssEl("guid", Text(id)), rssEl("description", Text(genText(t, "description"))))
		}
	}
	el.Children = append(el.Children, genForeignList(t, "item-foreign", 1)...)
	it := &Item{Element: el}
	if !synced {
		return it
	}
	s := &Sync{}
	updates := genInt31(t, "updates", 1<<31-1)
	s.SetAttr("id", id)
	s.SetAttr("updates", strconv.Itoa(updates))
	for _, b := range []string{"deleted", "noconflicts"} {
		if rapid.Bool().Draw(t, b) {
			s.SetAttr(b, rapid.SampledFrom([]string{"true", "false"}).Draw(t, b+"-v"))
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "sync-foreign-attr") == 0 {
		s.Attrs = append(s.Attrs, Attr{Name: xml.Name{Space: "urn:example:a", Local: "x"}, Value: "1"}, Attr{Name: xml.Name{Local: "unknown"}, Value: "y"})
	}
	n := rapid.IntRange(1, 3).Draw(t, "histories")
	for i := 0; i < n; i++ {
		h := &History{}
		seq := updates
		if i > 0 {
			seq = genInt31(t, "sequence", updates)
		}
		h.SetAttr("sequence", strconv.Itoa(seq))
		switch rapid.IntRange(0, 2).Draw(t, "when-by") {
		case 0:
			h.SetAttr("when", genDateTime(t, "when"))
		case 1:
			h.SetAttr("by", rapid.SampledFrom(mutEndpoints).Draw(t, "by"))
		default:
			h.SetAttr("when", genDateTime(t, "when"))
			h.SetAttr("by", rapid.SampledFrom(mutEndpoints).Draw(t, "by"))
		}
		h.Extra = genForeignList(t, "history-extra", 1)
		s.Histories = append(s.Histories, h)
	}
	if conflicts && rapid.IntRange(0, 2).Draw(t, "has-conflicts") == 0 {
		c := &Conflicts{}
		for i := rapid.IntRange(1, 2).Draw(t, "conflict-items"); i > 0; i-- {
			c.Items = append(c.Items, genValidItem(t, format, id, true, false))
		}
		c.Extra = genForeignList(t, "conflicts-extra", 1)
		s.Conflicts = c
	}
	s.Extra = genForeignList(t, "sync-extra", 1)
	it.Sync = s
	return it
}

// genValidFeed draws a feed that passes Validate. Its first item always has sx:sync.
func genValidFeed(t *rapid.T) *Feed {
	format := rapid.SampledFrom([]Format{Atom, RSS}).Draw(t, "format")
	f := &Feed{Format: format}
	var container *Element
	if format == Atom {
		container = atomEl("feed", atomEl("id", Text("urn:uuid:feed")), atomEl("title", Text(genText(t, "feed-title"))), atomEl("updated", Text(genDateTime(t, "feed-updated"))))
		f.Root = container
	} else {
		container = rssEl("channel", rssEl("title", Text(genText(t, "ch-title"))), rssEl("link", Text("http://example.com/")), rssEl("description", Text(genText(t, "ch-desc"))))
		f.Root = &Element{Name: xml.Name{Local: "rss"}, Attrs: []Attr{{Name: xml.Name{Local: "version"}, Value: "2.0"}}, Children: []Node{container}}
	}
	container.Children = append(container.Children, genForeignList(t, "feed-foreign", 2)...)
	if rapid.Bool().Draw(t, "sharing") {
		sh := &Sharing{}
		if rapid.Bool().Draw(t, "window") {
			a, b := genDateTime(t, "since"), genDateTime(t, "until")
			if a > b {
				a, b = b, a
			}
			sh.Attrs = append(sh.Attrs, Attr{Name: xml.Name{Local: "since"}, Value: a}, Attr{Name: xml.Name{Local: "until"}, Value: b})
		}
		if rapid.Bool().Draw(t, "expires") {
			sh.Attrs = append(sh.Attrs, Attr{Name: xml.Name{Local: "expires"}, Value: genDateTime(t, "expires")})
		}
		for i := rapid.IntRange(0, 2).Draw(t, "related"); i > 0; i-- {
			r := &Related{Attrs: []Attr{
				{Name: xml.Name{Local: "link"}, Value: rapid.SampledFrom([]string{"http://example.com/all?a&b", "https://mesh.example/feeds/bob", "urn:uuid:00000000-0000-0000-0000-000000000000", "http://例子.中国/é"}).Draw(t, "link")},
				{Name: xml.Name{Local: "type"}, Value: rapid.SampledFrom([]string{"complete", "aggregated"}).Draw(t, "type")},
			}}
			if rapid.Bool().Draw(t, "title") {
				r.Attrs = append(r.Attrs, Attr{Name: xml.Name{Local: "title"}, Value: genText(t, "rtitle")})
			}
			r.Extra = genForeignList(t, "related-extra", 1)
			sh.Related = append(sh.Related, r)
		}
		sh.Extra = genForeignList(t, "sharing-extra", 1)
		f.Sharing = sh
	}
	n := rapid.IntRange(1, 4).Draw(t, "items")
	for i := 0; i < n; i++ {
		id := rapid.StringMatching(`[A-Za-z0-9()+,.:=@;$_!*'/?#-]{1,8}(%[0-9A-Fa-f][1-9A-Fa-f])?`).Draw(t, "id") + "-" + strconv.Itoa(i)
		f.Items = append(f.Items, genValidItem(t, format, id, i == 0 || rapid.IntRange(0, 4).Draw(t, "synced") > 0, true))
	}
	return f
}

func encodeForValidate(t *rapid.T, f *Feed) string {
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b.String()
}

func mutSynced(f *Feed) []*Item {
	var out []*Item
	for _, it := range f.Items {
		if it.Sync != nil {
			out = append(out, it)
		}
	}
	return out
}

// mutation is one catalogue entry: apply breaks the rule req in f and returns the start of
// the start tag ("<sx:sync", "<entry", …) that the violation's line must show.
type mutation struct {
	req, name string
	apply     func(t *rapid.T, f *Feed) string
}

func pickItem(t *rapid.T, f *Feed) *Item {
	return rapid.SampledFrom(mutSynced(f)).Draw(t, "target")
}

func pickHistory(t *rapid.T, f *Feed) *History {
	s := pickItem(t, f).Sync
	return rapid.SampledFrom(s.Histories).Draw(t, "history")
}

func setSync(local, value string) func(*rapid.T, *Feed) string {
	return func(t *rapid.T, f *Feed) string { pickItem(t, f).Sync.SetAttr(local, value); return "<sx:sync" }
}

func setHistory(local, value string) func(*rapid.T, *Feed) string {
	return func(t *rapid.T, f *Feed) string { pickHistory(t, f).SetAttr(local, value); return "<sx:history" }
}

// withConflicts returns a synced item that has sx:conflicts, adding one if needed.
func withConflicts(t *rapid.T, f *Feed) *Item {
	it := pickItem(t, f)
	if it.Sync.Conflicts == nil {
		id, _ := it.Sync.Attr("id")
		it.Sync.Conflicts = &Conflicts{Items: []*Item{genValidItem(t, f.Format, id, true, false)}}
	}
	return it
}

func mutSharing(f *Feed) *Sharing {
	if f.Sharing == nil {
		f.Sharing = &Sharing{}
	}
	return f.Sharing
}

func mutRelated(t *rapid.T, f *Feed) *Related {
	sh := mutSharing(f)
	if len(sh.Related) == 0 {
		sh.Related = []*Related{{Attrs: []Attr{{Name: xml.Name{Local: "link"}, Value: "http://example.com/"}, {Name: xml.Name{Local: "type"}, Value: "complete"}}}}
	}
	return rapid.SampledFrom(sh.Related).Draw(t, "related")
}

func mutContainer(f *Feed) *Element {
	if f.Format == Atom {
		return f.Root
	}
	return f.Root.Children[0].(*Element)
}

func itemTag(f *Feed) string {
	if f.Format == Atom {
		return "<entry"
	}
	return "<item"
}

var mutations = []mutation{
	{"FS-SYNC-5", "remove updates", func(t *rapid.T, f *Feed) string { pickItem(t, f).Sync.DelAttr("updates"); return "<sx:sync" }},
	{"FS-LEX-3", "updates 0", setSync("updates", "0")},
	{"FS-LEX-3", "updates 2147483648", setSync("updates", "2147483648")},
	{"FS-LEX-3", "updates with a space", setSync("updates", " 1")},
	{"FS-LEX-3", "updates with a leading zero", setSync("updates", "07")},
	{"FS-LEX-3", "updates with a sign", setSync("updates", "+7")},
	{"FS-LEX-1", "empty updates", setSync("updates", "")},
	{"FS-LEX-4", "deleted True", setSync("deleted", "True")},
	{"FS-LEX-4", "noconflicts 1", setSync("noconflicts", "1")},
	{"FS-SYNC-3", "remove id", func(t *rapid.T, f *Feed) string { pickItem(t, f).Sync.DelAttr("id"); return "<sx:sync" }},
	{"FS-LEX-2", "id with a space", setSync("id", "item 1")},
	{"FS-LEX-2", "id with %00", setSync("id", "a%00")},
	{"FS-LEX-1", "blank id", setSync("id", " ")},
	{"FS-SYNC-4", "duplicate sync id", func(t *rapid.T, f *Feed) string {
		id, _ := pickItem(t, f).Sync.Attr("id")
		f.Items = append(f.Items, genValidItem(t, f.Format, id, true, true))
		return "<sx:sync"
	}},
	{"FS-SYNC-7", "remove every history", func(t *rapid.T, f *Feed) string { pickItem(t, f).Sync.Histories = nil; return "<sx:sync" }},
	{"FS-HIST-2", "remove sequence", func(t *rapid.T, f *Feed) string { pickHistory(t, f).DelAttr("sequence"); return "<sx:history" }},
	{"FS-LEX-3", "sequence 0", setHistory("sequence", "0")},
	{"FS-LEX-3", "sequence 99999999999", setHistory("sequence", "99999999999")},
	{"FS-HIST-3", "history without when and by", func(t *rapid.T, f *Feed) string {
		h := pickHistory(t, f)
		h.DelAttr("when")
		h.DelAttr("by")
		return "<sx:history"
	}},
	{"FS-LEX-5", "when with a fraction", setHistory("when", "2008-04-23T10:00:00.5Z")},
	{"FS-LEX-5", "when with an offset", setHistory("when", "2008-04-23T10:00:00+01:00")},
	{"FS-LEX-5", "when on 30 February", setHistory("when", "2008-02-30T10:00:00Z")},
	{"FS-LEX-2", "by with a space", setHistory("by", "laptop ana")},
	{"FS-LEX-2", "by not ASCII", setHistory("by", "ünï")},
	{"FS-CONF-5", "conflict with nested conflicts", func(t *rapid.T, f *Feed) string {
		it := withConflicts(t, f)
		c := rapid.SampledFrom(it.Sync.Conflicts.Items).Draw(t, "conflict")
		id, _ := it.Sync.Attr("id")
		c.Sync.Conflicts = &Conflicts{Items: []*Item{genValidItem(t, f.Format, id, true, false)}}
		return "<sx:conflicts"
	}},
	{"FS-CONF-4", "conflict with another id", func(t *rapid.T, f *Feed) string {
		it := withConflicts(t, f)
		rapid.SampledFrom(it.Sync.Conflicts.Items).Draw(t, "conflict").Sync.SetAttr("id", "another-id")
		return "<sx:sync"
	}},
	{"FS-CONF-3", "conflict item without sx:sync", func(t *rapid.T, f *Feed) string {
		it := withConflicts(t, f)
		rapid.SampledFrom(it.Sync.Conflicts.Items).Draw(t, "conflict").Sync = nil
		return itemTag(f)
	}},
	{"FS-CONF-6", "empty sx:conflicts", func(t *rapid.T, f *Feed) string {
		it := pickItem(t, f)
		it.Sync.Conflicts = &Conflicts{Extra: genForeignList(t, "foreign", 1)}
		return "<sx:conflicts"
	}},
	{"FS-CONF-2", "conflict item of the other format", func(t *rapid.T, f *Feed) string {
		it := withConflicts(t, f)
		other := Atom
		if f.Format == Atom {
			other = RSS
		}
		id, _ := it.Sync.Attr("id")
		x := genValidItem(t, other, id, true, false)
		it.Sync.Conflicts.Extra = append(it.Sync.Conflicts.Extra, encodeItemAsElement(x))
		if other == Atom {
			return "<atom:entry"
		}
		return "<item"
	}},
	{"FS-SYNC-8", "second sx:conflicts", func(t *rapid.T, f *Feed) string {
		it := withConflicts(t, f)
		it.Sync.Extra = append(it.Sync.Extra, sxEl("conflicts"))
		return "<sx:conflicts"
	}},
	{"FS-SYNC-2", "second sx:sync", func(t *rapid.T, f *Feed) string {
		it := pickItem(t, f)
		it.Element.Children = append(it.Element.Children, sxEl("sync", "id", "x", "updates", "1"))
		return "<sx:sync"
	}},
	{"FS-SYNC-1", "sx:sync in the feed", func(t *rapid.T, f *Feed) string {
		c := mutContainer(f)
		c.Children = append(c.Children, sxEl("sync", "id", "x", "updates", "1"))
		return "<sx:sync"
	}},
	{"FS-HIST-1", "sx:history in an item", func(t *rapid.T, f *Feed) string {
		it := rapid.SampledFrom(f.Items).Draw(t, "item")
		it.Element.Children = append(it.Element.Children, sxEl("history", "sequence", "1", "by", "x"))
		return "<sx:history"
	}},
	{"FS-CONF-1", "sx:conflicts in foreign markup", func(t *rapid.T, f *Feed) string {
		c := mutContainer(f)
		c.Children = append(c.Children, &Element{Name: xml.Name{Space: "urn:example:a", Local: "wrap"}, Children: []Node{sxEl("conflicts")}})
		return "<sx:conflicts"
	}},
	{"FS-SHARE-3", "sx:sharing with only since", func(t *rapid.T, f *Feed) string {
		sh := mutSharing(f)
		sh.Attrs = delAttr(delAttr(sh.Attrs, "since"), "until")
		sh.Attrs = append(sh.Attrs, Attr{Name: xml.Name{Local: "since"}, Value: "2008-01-01T00:00:00Z"})
		return "<sx:sharing"
	}},
	{"FS-SHARE-4", "since after until", func(t *rapid.T, f *Feed) string {
		sh := mutSharing(f)
		sh.Attrs = setAttr(setAttr(sh.Attrs, "since", "2008-01-02T00:00:00Z"), "until", "2008-01-01T23:59:59Z")
		return "<sx:sharing"
	}},
	{"FS-LEX-5", "expires with lower-case z", func(t *rapid.T, f *Feed) string {
		sh := mutSharing(f)
		sh.Attrs = setAttr(sh.Attrs, "expires", "2008-01-02T00:00:00z")
		return "<sx:sharing"
	}},
	{"FS-SHARE-2", "second sx:sharing", func(t *rapid.T, f *Feed) string {
		mutSharing(f)
		c := mutContainer(f)
		c.Children = append(c.Children, sxEl("sharing"))
		return "<sx:sharing"
	}},
	{"FS-SHARE-1", "sx:sharing in an item", func(t *rapid.T, f *Feed) string {
		it := rapid.SampledFrom(f.Items).Draw(t, "item")
		it.Element.Children = append(it.Element.Children, sxEl("sharing"))
		return "<sx:sharing"
	}},
	{"FS-REL-3", "related type Complete", func(t *rapid.T, f *Feed) string {
		r := mutRelated(t, f)
		r.Attrs = setAttr(r.Attrs, "type", "Complete")
		return "<sx:related"
	}},
	{"FS-REL-2", "related relative link", func(t *rapid.T, f *Feed) string {
		r := mutRelated(t, f)
		r.Attrs = setAttr(r.Attrs, "link", "feeds/all.xml")
		return "<sx:related"
	}},
	{"FS-REL-2", "related without link", func(t *rapid.T, f *Feed) string {
		r := mutRelated(t, f)
		r.Attrs = delAttr(r.Attrs, "link")
		return "<sx:related"
	}},
	{"FS-LEX-1", "blank related title", func(t *rapid.T, f *Feed) string {
		r := mutRelated(t, f)
		r.Attrs = setAttr(r.Attrs, "title", "  ")
		return "<sx:related"
	}},
	{"FS-REL-1", "sx:related in the feed", func(t *rapid.T, f *Feed) string {
		c := mutContainer(f)
		c.Children = append(c.Children, sxEl("related", "link", "http://example.com/", "type", "complete"))
		return "<sx:related"
	}},
	{"FS-NS-3", "sx:unpublished in sx:sync", func(t *rapid.T, f *Feed) string {
		it := pickItem(t, f)
		it.Sync.Extra = append(it.Sync.Extra, sxEl("unpublished"))
		return "<sx:unpublished"
	}},
	{"FS-NS-3", "unknown sx element in foreign markup", func(t *rapid.T, f *Feed) string {
		it := rapid.SampledFrom(f.Items).Draw(t, "item")
		it.Element.Children = append(it.Element.Children, &Element{Name: xml.Name{Space: "urn:example:a", Local: "wrap"}, Children: []Node{sxEl("conflict")}})
		return "<sx:conflict"
	}},
	{"FS-NS-3", "attribute in the FeedSync namespace", func(t *rapid.T, f *Feed) string {
		h := pickHistory(t, f)
		h.Attrs = append(h.Attrs, Attr{Name: xml.Name{Space: Namespace, Local: "by"}, Value: "x"})
		return "<sx:history"
	}},
	{"FS-NS-4", "text in sx:sync", func(t *rapid.T, f *Feed) string {
		it := pickItem(t, f)
		it.Sync.Extra = append(it.Sync.Extra, Text(genText(t, "text")))
		return "<sx:sync"
	}},
	{"FS-HOST-2 FS-HOST-4", "item without title", func(t *rapid.T, f *Feed) string {
		it := rapid.SampledFrom(f.Items).Draw(t, "item")
		var kids []Node
		for _, c := range it.Element.Children {
			if el, ok := c.(*Element); ok && (el.Name.Local == "title" || el.Name.Local == "description") && el.Name.Space != "urn:example:a" && el.Name.Space != "http://purl.org/dc/elements/1.1/" && el.Name.Space != "urn:ünï:çødé" {
				continue
			}
			kids = append(kids, c)
		}
		it.Element.Children = kids
		return itemTag(f)
	}},
	{"FS-HOST-1 FS-HOST-3", "feed without title", func(t *rapid.T, f *Feed) string {
		c := mutContainer(f)
		var kids []Node
		for _, n := range c.Children {
			if el, ok := n.(*Element); ok && el.Name.Local == "title" && (el.Name.Space == AtomNamespace || el.Name.Space == "") {
				continue
			}
			kids = append(kids, n)
		}
		c.Children = kids
		if f.Format == Atom {
			return "<feed"
		}
		return "<channel"
	}},
}

// encodeItemAsElement turns an item into a generic element (its sx:sync as a child), for
// placing it where the model has no item: an item of the other format in sx:conflicts.
func encodeItemAsElement(it *Item) *Element {
	el := &Element{Name: it.Element.Name, Attrs: it.Element.Attrs, Children: append([]Node{}, it.Element.Children...)}
	s := it.Sync
	se := &Element{Name: nameSync, Attrs: s.Attrs}
	for _, h := range s.Histories {
		se.Children = append(se.Children, &Element{Name: nameHistory, Attrs: h.Attrs, Children: h.Extra})
	}
	se.Children = append(se.Children, s.Extra...)
	el.Children = append(el.Children, se)
	return el
}

func TestPropertyValidFeedsValidate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := encodeForValidate(t, genValidFeed(t))
		f, err := Decode(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("Decode: %v\n%s", err, numbered(doc))
		}
		if vs := Validate(f); len(vs) != 0 {
			t.Fatalf("Validate of a valid feed: %v\n%s", vs, numbered(doc))
		}
	})
}

func TestMutationCatalogue(t *testing.T) {
	for _, m := range mutations {
		ids := strings.Fields(m.req)
		name := ""
		for _, id := range ids {
			name += "[" + id + "] "
		}
		t.Run(name+m.name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				f := genValidFeed(t)
				tag := m.apply(t, f)
				doc := encodeForValidate(t, f)
				g, err := Decode(strings.NewReader(doc))
				if err != nil {
					t.Fatalf("Decode: %v\n%s", err, numbered(doc))
				}
				lines := strings.Split(strings.TrimSuffix(doc, "\n"), "\n")
				vs := Validate(g)
				want := ids[0]
				if len(ids) == 2 && f.Format == RSS {
					want = ids[1]
				}
				found := false
				for _, v := range vs {
					if v.Line < 1 || v.Line > len(lines) {
						t.Fatalf("violation %v: line outside the document of %d lines", v, len(lines))
					}
					if v.Req == want && strings.Contains(lines[v.Line-1], tag) {
						found = true
					}
				}
				if !found {
					t.Fatalf("no %s on a line with %s: %v\n%s", want, tag, vs, numbered(doc))
				}
			})
		})
	}
}

// checkReport checks the shape of a report on a document of n lines (n = 0: a model built in
// code, whose lines are all 0): FeedSync IDs, lines in range, sorted by line then ID.
func checkReport(t interface{ Fatalf(string, ...any) }, vs []Violation, n int) {
	for i, v := range vs {
		if !strings.HasPrefix(v.Req, "FS-") || v.Msg == "" {
			t.Fatalf("violation %v: not an FS requirement or no message", v)
		}
		if n == 0 && v.Line != 0 || n > 0 && (v.Line < 1 || v.Line > n) {
			t.Fatalf("violation %v: line outside 1..%d", v, n)
		}
		if i > 0 && (vs[i-1].Line > v.Line || vs[i-1].Line == v.Line && vs[i-1].Req > v.Req) {
			t.Fatalf("report not sorted: %v before %v", vs[i-1], v)
		}
	}
}

// TestPropertyValidateAnyFeed: on feeds with arbitrary foreign markup and FeedSync values
// (genFeed), Validate never panics, on the model built in code and on its decoded encoding,
// and its reports have the shape of §7.
func TestPropertyValidateAnyFeed(t *testing.T) {
	for _, format := range []Format{Atom, RSS} {
		t.Run("[FS-VAL-2] [FS-VAL-5] "+format.String(), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				f := genFeed(t, format)
				checkReport(t, Validate(f), 0)
				checkReport(t, Warnings(f), 0)
				doc := encodeForValidate(t, f)
				g, err := Decode(strings.NewReader(doc))
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				n := strings.Count(doc, "\n")
				checkReport(t, Validate(g), n)
				checkReport(t, Warnings(g), n)
			})
		})
	}
}

// FuzzValidate: whatever Decode accepts, Validate and Warnings report on lines of the input.
func FuzzValidate(f *testing.F) {
	f.Add(atomFeed(entry(okSync("a"))))
	f.Add(rssFeed(item(okSync("a b")) + "<sx:sharing since=\"b\" until=\"a\"><sx:related/></sx:sharing>\n"))
	f.Add(conflictsDoc(entry(okSync("b")) + entry("")))
	f.Fuzz(func(t *testing.T, doc string) {
		g, err := Decode(strings.NewReader(doc))
		if err != nil {
			return
		}
		n := strings.Count(doc, "\n") + 1
		checkReport(t, Validate(g), n)
		checkReport(t, Warnings(g), n)
	})
}
