package feedsync

import (
	"encoding/xml"
	"fmt"
	"strings"

	"pgregory.net/rapid"
)

// Generators of models for property tests, shared by the package's tests.
//
// genFeed makes random "valid-ish" feeds: well-formed and encodable, in the shape Decode
// returns (no adjacent Text nodes, no empty Text, no whitespace-only text outside preserve
// contexts, nil for empty slices, FeedSync elements only in their model places), but with
// arbitrary foreign markup, namespaces, attribute values and text, so Decode(Encode(f)) must
// give f back. FeedSync attribute values are plausible but not guaranteed valid under Validate.
//
// genAtomFeed makes feeds that are also valid RFC 4287 documents (the RELAX NG schema of
// ../shared/schemas/atom.rng), with valid-looking FeedSync metadata.

// Namespaces foreign markup is drawn from: no namespace, the reserved ones, and URIs with
// characters that need escaping in an attribute value.
var genNamespaces = []string{"", AtomNamespace, Namespace, XHTMLNamespace,
	"urn:example:a", "http://example.com/ns?x=1&y=\"2\"", "urn:ünï:çødé", "http://purl.org/dc/elements/1.1/"}

// Local names of generic elements and attributes. None of them is a name the decoder gives a
// meaning to in some place (entry, item, channel, sync, history, conflicts, sharing, related).
var genLocals = []string{"a", "b", "title", "link", "x-y", "z.1", "_u", "ñame", "名前", "lat", "space", "type", "id"}

// genText draws text with XML-special characters, controls XML allows, and non-ASCII; it is
// never empty and never whitespace only.
func genText(t *rapid.T, label string) string {
	parts := rapid.SliceOfN(rapid.SampledFrom([]string{
		"a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", "&", "<", ">", "\"", "'", "]]>", "é", "€", "😀", "\u00a0", "&amp;", "x y",
	}), 1, 6).Draw(t, label)
	s := strings.Join(parts, "")
	if isWSString(s) {
		s += "w"
	}
	return s
}

func genAttrValue(t *rapid.T, label string) string {
	if rapid.Bool().Draw(t, label+"-empty") {
		return ""
	}
	return genText(t, label)
}

func genName(t *rapid.T, label string) xml.Name {
	return xml.Name{
		Space: rapid.SampledFrom(genNamespaces).Draw(t, label+"-ns"),
		Local: rapid.SampledFrom(genLocals).Draw(t, label+"-local"),
	}
}

// genAttrs draws attributes with distinct names; maybe an xml:space or xml:lang.
func genAttrs(t *rapid.T, label string, max int) []Attr {
	n := rapid.IntRange(0, max).Draw(t, label+"-n")
	var attrs []Attr
	for i := 0; i < n; i++ {
		var name xml.Name
		switch rapid.IntRange(0, 9).Draw(t, label+"-kind") {
		case 0:
			name = xml.Name{Space: XMLNamespace, Local: rapid.SampledFrom([]string{"lang", "space", "base"}).Draw(t, label+"-xml")}
		default:
			name = genName(t, label)
		}
		if name.Space == "" && name.Local == "xmlns" {
			continue
		}
		dup := false
		for _, a := range attrs {
			dup = dup || a.Name == name
		}
		if dup {
			continue
		}
		v := genAttrValue(t, label+"-v")
		if name == (xml.Name{Space: XMLNamespace, Local: "space"}) {
			v = rapid.SampledFrom([]string{"preserve", "default", "other"}).Draw(t, label+"-space")
		}
		attrs = append(attrs, Attr{Name: name, Value: v})
	}
	return attrs
}

// genNodes draws a list of generic children: no two Text nodes in a row. When preserve is
// true (the parent is in a preserve context), text may be whitespace only.
func genNodes(t *rapid.T, label string, depth int, preserve, xhtml bool) []Node {
	n := rapid.IntRange(0, 4).Draw(t, label+"-n")
	var out []Node
	for i := 0; i < n; i++ {
		if rapid.IntRange(0, 2).Draw(t, label+"-kind") == 0 || depth <= 0 {
			if len(out) > 0 {
				if _, ok := out[len(out)-1].(Text); ok {
					continue
				}
			}
			s := genText(t, label+"-text")
			if (preserve || xhtml) && rapid.IntRange(0, 3).Draw(t, label+"-ws") == 0 {
				s = rapid.SampledFrom([]string{" ", "\n  ", "\t", "\n"}).Draw(t, label+"-wstext")
			}
			out = append(out, Text(s))
			continue
		}
		out = append(out, genElement(t, label+"-el", depth-1, preserve, xhtml))
	}
	return out
}

func genElement(t *rapid.T, label string, depth int, preserve, xhtml bool) *Element {
	el := &Element{Name: genName(t, label), Attrs: genAttrs(t, label+"-attr", 3)}
	if rapid.IntRange(0, 5).Draw(t, label+"-xhtml") == 0 {
		el.Name = xml.Name{Space: AtomNamespace, Local: rapid.SampledFrom([]string{"title", "summary", "content"}).Draw(t, label+"-tc")}
		el.Attrs = append(delAttr(el.Attrs, "type"), Attr{Name: xml.Name{Local: "type"}, Value: "xhtml"})
	}
	p, x := childContext(el.Name, el.Attrs, preserve, xhtml)
	el.Children = genNodes(t, label, depth, p, x)
	if len(el.Attrs) == 0 {
		el.Attrs = nil
	}
	return el
}

func nonEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// genFeed draws a valid-ish feed in the given host format.
func genFeed(t *rapid.T, format Format) *Feed {
	f := &Feed{Format: format}
	itemName := xml.Name{Space: AtomNamespace, Local: "entry"}
	host := &Element{Name: xml.Name{Space: AtomNamespace, Local: "feed"}}
	f.Root = host
	if format == RSS {
		itemName = xml.Name{Local: "item"}
		f.Root = &Element{Name: xml.Name{Local: "rss"}, Attrs: []Attr{{Name: xml.Name{Local: "version"}, Value: "2.0"}}}
		host = &Element{Name: xml.Name{Local: "channel"}}
		before := genNodes(t, "rss-before", 1, false, false)
		after := genNodes(t, "rss-after", 1, false, false)
		f.Root.Children = nonEmpty(append(append(before, host), after...))
		// Two Texts would become adjacent only if the channel were removed; it is not.
	}
	host.Attrs = nonEmpty(genAttrs(t, "host-attr", 2))
	hp, hx := childContext(host.Name, host.Attrs, false, false)
	host.Children = genNodes(t, "host", 2, hp, hx)
	if rapid.Bool().Draw(t, "sharing") {
		f.Sharing = genSharing(t, hp, hx)
	}
	n := rapid.IntRange(0, 4).Draw(t, "items")
	for i := 0; i < n; i++ {
		f.Items = append(f.Items, genItem(t, itemName, true, false, false)) // items start afresh
	}
	return f
}

func genSharing(t *rapid.T, preserve, xhtml bool) *Sharing {
	sh := &Sharing{Attrs: nonEmpty(genAttrs(t, "sharing-attr", 3))}
	p, x := childContext(nameSharing, sh.Attrs, preserve, xhtml)
	for i := rapid.IntRange(0, 2).Draw(t, "related"); i > 0; i-- {
		r := &Related{Attrs: []Attr{
			{Name: xml.Name{Local: "link"}, Value: "http://example.com/" + fmt.Sprint(i) + "?a&b"},
			{Name: xml.Name{Local: "type"}, Value: rapid.SampledFrom([]string{"complete", "aggregated"}).Draw(t, "rtype")},
		}}
		rp, rx := childContext(nameRelated, r.Attrs, p, x)
		r.Extra = genNodes(t, "related-extra", 1, rp, rx)
		sh.Related = append(sh.Related, r)
	}
	sh.Extra = genNodes(t, "sharing-extra", 1, p, x)
	return sh
}

func genItem(t *rapid.T, name xml.Name, conflicts bool, preserve, xhtml bool) *Item {
	el := &Element{Name: name, Attrs: nonEmpty(genAttrs(t, "item-attr", 2))}
	p, x := childContext(el.Name, el.Attrs, preserve, xhtml)
	el.Children = genNodes(t, "item", 2, p, x)
	it := &Item{Element: el}
	if rapid.IntRange(0, 4).Draw(t, "nosync") == 0 {
		return it
	}
	s := &Sync{}
	s.SetAttr("id", rapid.StringMatching(`[a-z0-9_:.]{1,12}`).Draw(t, "id"))
	s.SetAttr("updates", fmt.Sprint(rapid.IntRange(1, 1<<31-1).Draw(t, "updates")))
	if rapid.Bool().Draw(t, "deleted") {
		s.SetAttr("deleted", rapid.SampledFrom([]string{"true", "false"}).Draw(t, "deleted-v"))
	}
	s.Attrs = append(s.Attrs, genAttrs(t, "sync-foreign", 1)...)
	s.Attrs = dedupAttrs(s.Attrs)
	sp, sx := childContext(nameSync, s.Attrs, p, x)
	for i := rapid.IntRange(0, 3).Draw(t, "histories"); i > 0; i-- {
		h := &History{}
		h.SetAttr("sequence", fmt.Sprint(i))
		h.SetAttr("when", "2008-04-23T13:02:1"+fmt.Sprint(i)+"Z")
		h.SetAttr("by", rapid.SampledFrom([]string{"REO1750", "JEO2000", "ünï"}).Draw(t, "by"))
		hp, hx := childContext(nameHistory, h.Attrs, sp, sx)
		h.Extra = genNodes(t, "history-extra", 1, hp, hx)
		s.Histories = append(s.Histories, h)
	}
	if conflicts && rapid.IntRange(0, 3).Draw(t, "conflicts") == 0 {
		c := &Conflicts{}
		cp, cx := childContext(nameConflicts, c.Attrs, sp, sx)
		for i := rapid.IntRange(0, 2).Draw(t, "conflict-items"); i > 0; i-- {
			c.Items = append(c.Items, genItem(t, name, false, false, false))
		}
		c.Extra = genNodes(t, "conflicts-extra", 1, cp, cx)
		s.Conflicts = c
	}
	s.Extra = genNodes(t, "sync-extra", 1, sp, sx)
	it.Sync = s
	return it
}

func dedupAttrs(attrs []Attr) []Attr {
	var out []Attr
	for _, a := range attrs {
		dup := false
		for _, b := range out {
			dup = dup || a.Name == b.Name
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

// genAtomFeed draws an Atom feed that is valid under RFC 4287's schema: feed and entries carry
// id, title and updated; foreign markup sits only where Atom allows extension elements and
// uses namespaced attributes only.
func genAtomFeed(t *rapid.T) *Feed {
	atom := func(local string, kids ...Node) *Element {
		return &Element{Name: xml.Name{Space: AtomNamespace, Local: local}, Children: nonEmpty(kids)}
	}
	textEl := func(local, label string) *Element {
		el := atom(local, Text(genText(t, label)))
		if rapid.IntRange(0, 3).Draw(t, label+"-xhtml") == 0 {
			el.Attrs = []Attr{{Name: xml.Name{Local: "type"}, Value: "xhtml"}}
			div := &Element{Name: xml.Name{Space: XHTMLNamespace, Local: "div"}, Children: []Node{
				Text(genText(t, label+"-1")),
				&Element{Name: xml.Name{Space: XHTMLNamespace, Local: "b"}, Children: []Node{Text(genText(t, label+"-2"))}},
				Text(" \n"),
			}}
			el.Children = []Node{Text("\n  "), div, Text("\n")}
		}
		return el
	}
	foreign := func(label string) *Element {
		ns := rapid.SampledFrom([]string{"urn:example:a", "http://purl.org/dc/elements/1.1/", "urn:ünï:çødé"}).Draw(t, label+"-ns")
		el := &Element{Name: xml.Name{Space: ns, Local: rapid.SampledFrom(genLocals).Draw(t, label+"-l")}}
		for _, a := range genAttrs(t, label+"-attr", 2) {
			if a.Name.Space != "" && a.Name.Space != AtomNamespace {
				el.Attrs = append(el.Attrs, a)
			}
		}
		el.Children = genNodes(t, label, 1, false, false)
		return el
	}
	stamp := func(label string) Text {
		return Text(fmt.Sprintf("2008-0%d-2%dT13:02:%02dZ", rapid.IntRange(1, 9).Draw(t, label+"m"), rapid.IntRange(0, 8).Draw(t, label+"d"), rapid.IntRange(0, 59).Draw(t, label+"s")))
	}
	root := atom("feed", textEl("title", "ftitle"), atom("id", Text("urn:uuid:feed")), atom("updated", stamp("fu")),
		atom("author", atom("name", Text(genText(t, "fauthor")))))
	for i := rapid.IntRange(0, 2).Draw(t, "ffor"); i > 0; i-- {
		root.Children = append(root.Children, foreign("ff"))
	}
	f := &Feed{Format: Atom, Root: root}
	if rapid.Bool().Draw(t, "sharing") {
		f.Sharing = &Sharing{Attrs: []Attr{{Name: xml.Name{Local: "since"}, Value: "2008-01-01T00:00:00Z"}, {Name: xml.Name{Local: "until"}, Value: "2008-12-31T00:00:00Z"}},
			Related: []*Related{{Attrs: []Attr{{Name: xml.Name{Local: "link"}, Value: "http://example.com/all?a&b"}, {Name: xml.Name{Local: "type"}, Value: "complete"}}}}}
	}
	var entry func(n int, conflicts bool) *Item
	entry = func(n int, conflicts bool) *Item {
		el := atom("entry", textEl("title", "etitle"), atom("id", Text(fmt.Sprintf("urn:uuid:e%d", n))), atom("updated", stamp("eu")))
		if rapid.Bool().Draw(t, "content") {
			el.Children = append(el.Children, textEl("content", "econtent"))
		}
		if rapid.Bool().Draw(t, "eforeign") {
			el.Children = append(el.Children, foreign("ef"))
		}
		s := &Sync{}
		s.SetAttr("id", fmt.Sprintf("item_%d", n))
		s.SetAttr("updates", "2")
		s.Histories = []*History{{Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: "2"}, {Name: xml.Name{Local: "by"}, Value: "REO1750"}}}}
		if conflicts && rapid.IntRange(0, 2).Draw(t, "conflict") == 0 {
			s.Conflicts = &Conflicts{Items: []*Item{entry(n, false)}}
		}
		return &Item{Element: el, Sync: s}
	}
	for i := rapid.IntRange(0, 3).Draw(t, "entries"); i > 0; i-- {
		f.Items = append(f.Items, entry(i, true))
	}
	return f
}
